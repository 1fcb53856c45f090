/**
 * Validation of a permission model (DESIGN.md, "Permissions: the decision procedure", rule 1).
 *
 * The model is untrusted data: every field is read once, as own properties only, into a
 * normalized copy; nothing is ever looked up through the prototype chain. Each problem becomes a
 * finding `{ code, path }` and is scoped to what it poisons:
 * - `model`: the tree or the account as a whole (cycle, duplicate id, unknown parent, several or
 *   no roots, two primary contacts, a malformed section). Every query fails closed.
 * - `contact`: one contact's entry or own cells (unknown resource or action in a grant, a value on
 *   a `-` cell, an invalid value, an unknown role). That contact's queries fail closed.
 * - `role`: one role's cells. Queries of every contact holding that role fail closed.
 * - `none`: reported only (cells for a contact that is not on the account).
 * Every walk here is iterative and bounded by the number of resources: cycles never loop.
 * @module
 */
import type { PermissionModelFinding } from '../errors.js';
import {
  CELL_VALUES,
  type CellValue,
  isRecord,
  isValidContactId,
  isValidId,
  MAX_TREE_DEPTH,
  ownEntries,
  pathKey,
} from './model.js';

/** Every finding code `validate` can report. */
export type PermissionFindingCode =
  | 'INVALID_MODEL'
  | 'INVALID_TREE'
  | 'INVALID_ACTIONS'
  | 'INVALID_ACTION_NAME'
  | 'DUPLICATE_ACTION'
  | 'INVALID_RESOURCES'
  | 'INVALID_RESOURCE'
  | 'INVALID_RESOURCE_ID'
  | 'INVALID_LABEL'
  | 'INVALID_PARENT'
  | 'INVALID_RESOURCE_ACTIONS'
  | 'UNKNOWN_ACTION_IN_TREE'
  | 'DUPLICATE_RESOURCE_ID'
  | 'NO_ROOT'
  | 'MULTIPLE_ROOTS'
  | 'UNKNOWN_PARENT'
  | 'TREE_CYCLE'
  | 'TREE_TOO_DEEP'
  | 'INVALID_CONTACTS'
  | 'INVALID_CONTACT'
  | 'DUPLICATE_CONTACT_ID'
  | 'INVALID_PRIMARY_FLAG'
  | 'MULTIPLE_PRIMARY_CONTACTS'
  | 'INVALID_CONTACT_ROLES'
  | 'INVALID_ROLE_ID'
  | 'UNKNOWN_ROLE'
  | 'INVALID_ROLES'
  | 'INVALID_GRANTS'
  | 'INVALID_CELLS'
  | 'GRANT_FOR_UNKNOWN_CONTACT'
  | 'UNKNOWN_RESOURCE_IN_GRANT'
  | 'UNKNOWN_ACTION_IN_GRANT'
  | 'INVALID_GRANT_VALUE'
  | 'GRANT_ON_NOT_APPLICABLE_CELL';

/** What a finding poisons (see the module comment). */
export type FindingScope =
  | { readonly kind: 'model' }
  | { readonly kind: 'contact'; readonly id: string }
  | { readonly kind: 'role'; readonly id: string }
  | { readonly kind: 'none' };

/** A finding with its scope; internal to the permissions module. */
export interface ScopedFinding extends PermissionModelFinding {
  readonly code: PermissionFindingCode;
  readonly scope: FindingScope;
}

/** A well-formed resource entry as read from the model. */
export interface NormalizedResource {
  readonly id: string;
  readonly label: string;
  readonly parent: string | null;
  readonly actions: readonly string[];
}

/** A well-formed contact entry as read from the model. */
export interface NormalizedContact {
  readonly id: string;
  readonly primary: boolean;
  /** Role ids, duplicates removed, in the contact's order. */
  readonly roles: readonly string[];
}

/** One stored `allow`/`deny` cell (`inherit` cells are dropped: they equal a missing cell). */
export interface NormalizedCell {
  readonly resource: string;
  readonly action: string;
  readonly value: 'allow' | 'deny';
}

/** The model as read once: only well-formed parts, plus every finding in model order. */
export interface InspectedModel {
  readonly findings: readonly ScopedFinding[];
  readonly actions: readonly string[];
  /** Well-formed resources in model order; the first of duplicate ids only. */
  readonly resources: readonly NormalizedResource[];
  readonly contacts: readonly NormalizedContact[];
  /** Valid cells per role id. */
  readonly roles: ReadonlyMap<string, readonly NormalizedCell[]>;
  /** Valid cells per contact id. */
  readonly grants: ReadonlyMap<string, readonly NormalizedCell[]>;
}

const MODEL: FindingScope = Object.freeze({ kind: 'model' });
const NONE: FindingScope = Object.freeze({ kind: 'none' });

/**
 * Reads `model` into a normalized copy and lists every finding, each with its scope.
 * Never throws on any input value.
 * @internal
 */
export function inspectModel(model: unknown): InspectedModel {
  const findings: ScopedFinding[] = [];
  const add = (code: PermissionFindingCode, path: string, scope: FindingScope = MODEL): void => {
    findings.push(Object.freeze({ code, path, scope }));
  };
  const actions: string[] = [];
  const resources: NormalizedResource[] = [];
  const contacts: NormalizedContact[] = [];
  const roles = new Map<string, NormalizedCell[]>();
  const grants = new Map<string, NormalizedCell[]>();
  const result: InspectedModel = { findings, actions, resources, contacts, roles, grants };

  if (!isRecord(model)) {
    add('INVALID_MODEL', '');
    return result;
  }
  const actionSet = readTree(model['tree'], add, actions, resources);
  const resourceActions = new Map<string, ReadonlySet<string>>();
  for (const resource of resources) resourceActions.set(resource.id, new Set(resource.actions));

  // Roles are read before contacts so a contact can be checked against the defined role ids.
  const rawRoles = model['roles'];
  if (rawRoles !== undefined && !isRecord(rawRoles)) add('INVALID_ROLES', 'roles');
  const roleEntries = isRecord(rawRoles) ? ownEntries(rawRoles) : [];
  const knownRoles = new Set(roleEntries.map(([id]) => id));

  readContacts(model['contacts'], add, contacts, knownRoles);
  const contactIds = new Set(contacts.map((contact) => contact.id));

  for (const [roleId, cells] of roleEntries) {
    const path = `roles${pathKey(roleId)}`;
    const scope: FindingScope = { kind: 'role', id: roleId };
    if (!isValidId(roleId)) add('INVALID_ROLE_ID', path, scope);
    roles.set(roleId, readCells(cells, path, scope, add, actionSet, resourceActions));
  }

  const rawGrants = model['grants'];
  if (rawGrants !== undefined && !isRecord(rawGrants)) add('INVALID_GRANTS', 'grants');
  for (const [contactId, cells] of isRecord(rawGrants) ? ownEntries(rawGrants) : []) {
    const path = `grants${pathKey(contactId)}`;
    const known = contactIds.has(contactId);
    if (!known) add('GRANT_FOR_UNKNOWN_CONTACT', path, NONE);
    const scope: FindingScope = known ? { kind: 'contact', id: contactId } : NONE;
    const read = readCells(cells, path, scope, add, actionSet, resourceActions);
    if (known) grants.set(contactId, read);
  }
  return result;
}

type Add = (code: PermissionFindingCode, path: string, scope?: FindingScope) => void;

/** Reads `tree`: the action vocabulary, the resources, then the shape checks. Returns the vocabulary. */
function readTree(tree: unknown, add: Add, actions: string[], resources: NormalizedResource[]): ReadonlySet<string> {
  const actionSet = new Set<string>();
  if (!isRecord(tree)) {
    add('INVALID_TREE', 'tree');
    return actionSet;
  }
  const rawActions = tree['actions'];
  if (!Array.isArray(rawActions)) {
    add('INVALID_ACTIONS', 'tree.actions');
  } else {
    rawActions.forEach((action: unknown, i) => {
      if (!isValidId(action)) add('INVALID_ACTION_NAME', `tree.actions[${i}]`);
      else if (actionSet.has(action)) add('DUPLICATE_ACTION', `tree.actions[${i}]`);
      else {
        actionSet.add(action);
        actions.push(action);
      }
    });
  }

  const rawResources = tree['resources'];
  if (!Array.isArray(rawResources)) {
    add('INVALID_RESOURCES', 'tree.resources');
    return actionSet;
  }
  const indexOf = new Map<string, number>(); // id → position in `resources`
  const at: number[] = []; // position in `resources` → index in the model's array
  rawResources.forEach((raw: unknown, i) => {
    const path = `tree.resources[${i}]`;
    if (!isRecord(raw)) {
      add('INVALID_RESOURCE', path);
      return;
    }
    const id = raw['id'];
    const label = raw['label'];
    const parent = raw['parent'];
    const rawList = raw['actions'];
    let ok = true;
    if (!isValidId(id)) {
      add('INVALID_RESOURCE_ID', `${path}.id`);
      ok = false;
    } else if (indexOf.has(id)) {
      add('DUPLICATE_RESOURCE_ID', `${path}.id`);
      ok = false;
    }
    if (label !== undefined && typeof label !== 'string') add('INVALID_LABEL', `${path}.label`);
    if (parent !== null && !isValidId(parent)) {
      add('INVALID_PARENT', `${path}.parent`);
      ok = false;
    }
    const list: string[] = [];
    if (!Array.isArray(rawList)) {
      add('INVALID_RESOURCE_ACTIONS', `${path}.actions`);
    } else {
      rawList.forEach((action: unknown, j) => {
        if (typeof action !== 'string' || !actionSet.has(action)) add('UNKNOWN_ACTION_IN_TREE', `${path}.actions[${j}]`);
        else if (list.includes(action)) add('DUPLICATE_ACTION', `${path}.actions[${j}]`);
        else list.push(action);
      });
    }
    if (!ok || typeof id !== 'string') return;
    indexOf.set(id, resources.length);
    at.push(i);
    resources.push({
      id,
      label: typeof label === 'string' ? label : id,
      parent: parent as string | null,
      // Column order, whatever order the resource listed them in.
      actions: actions.filter((action) => list.includes(action)),
    });
  });

  let roots = 0;
  resources.forEach((resource, k) => {
    if (resource.parent === null) {
      roots += 1;
      if (roots > 1) add('MULTIPLE_ROOTS', `tree.resources[${at[k]}].parent`);
    } else if (!indexOf.has(resource.parent)) {
      add('UNKNOWN_PARENT', `tree.resources[${at[k]}].parent`);
    }
  });

  // Cycles: follow parent pointers with three colours; each cycle is reported once, at its
  // member that comes first in the model.
  const colour = new Uint8Array(resources.length); // 0 new, 1 on the current chain, 2 done
  const cycleStarts: number[] = [];
  for (let start = 0; start < resources.length; start++) {
    const chain: number[] = [];
    let k: number | undefined = start;
    while (k !== undefined && colour[k] === 0) {
      colour[k] = 1;
      chain.push(k);
      const parent: string | null | undefined = resources[k]?.parent;
      k = parent === null || parent === undefined ? undefined : indexOf.get(parent);
    }
    if (k !== undefined && colour[k] === 1) {
      // The chain is in walk order; the cycle is its tail from `k`. Report its earliest member.
      cycleStarts.push(chain.slice(chain.indexOf(k)).reduce((min, member) => Math.min(min, member)));
    }
    for (const member of chain) colour[member] = 2;
  }
  for (const k of cycleStarts.sort((a, b) => a - b)) add('TREE_CYCLE', `tree.resources[${at[k]}].parent`);
  if (roots === 0) add('NO_ROOT', 'tree.resources');
  if (cycleStarts.length === 0) {
    const tooDeep = firstTooDeep(resources, indexOf);
    if (tooDeep >= 0) add('TREE_TOO_DEEP', `tree.resources[${at[tooDeep]}].parent`);
  }
  return actionSet;
}

/**
 * The first resource (in model order) deeper than {@link MAX_TREE_DEPTH}, or -1. Each depth is
 * computed once, walking up only to the nearest resource already measured; the parents must be
 * acyclic. A resource with an unknown parent counts as depth 0.
 */
function firstTooDeep(resources: readonly NormalizedResource[], indexOf: ReadonlyMap<string, number>): number {
  const depth = new Int32Array(resources.length).fill(-1);
  for (let start = 0; start < resources.length; start++) {
    const chain: number[] = [];
    let k: number | undefined = start;
    while (k !== undefined && depth[k] === -1) {
      chain.push(k);
      const parent: string | null | undefined = resources[k]?.parent;
      k = parent === null || parent === undefined ? undefined : indexOf.get(parent);
    }
    let d = k === undefined ? -1 : (depth[k] as number);
    for (let i = chain.length - 1; i >= 0; i--) depth[chain[i] as number] = ++d;
  }
  return depth.findIndex((d) => d > MAX_TREE_DEPTH);
}

/** Reads `contacts`: ids, primary flags and role references. */
function readContacts(raw: unknown, add: Add, contacts: NormalizedContact[], knownRoles: ReadonlySet<string>): void {
  if (!Array.isArray(raw)) {
    add('INVALID_CONTACTS', 'contacts');
    return;
  }
  const seen = new Set<string>();
  let primaries = 0;
  raw.forEach((entry: unknown, i) => {
    const path = `contacts[${i}]`;
    if (!isRecord(entry)) {
      add('INVALID_CONTACT', path);
      return;
    }
    const id = entry['id'];
    if (!isValidContactId(id)) {
      add('INVALID_CONTACT', `${path}.id`);
      return;
    }
    const scope: FindingScope = { kind: 'contact', id };
    if (seen.has(id)) {
      add('DUPLICATE_CONTACT_ID', `${path}.id`, scope);
      return;
    }
    seen.add(id);
    const primaryFlag = entry['primary'];
    if (primaryFlag !== undefined && typeof primaryFlag !== 'boolean') add('INVALID_PRIMARY_FLAG', `${path}.primary`, scope);
    const primary = primaryFlag === true;
    if (primary) {
      primaries += 1;
      if (primaries > 1) add('MULTIPLE_PRIMARY_CONTACTS', `${path}.primary`);
    }
    const roleList = entry['roles'];
    const roles: string[] = [];
    if (roleList !== undefined && !Array.isArray(roleList)) {
      add('INVALID_CONTACT_ROLES', `${path}.roles`, scope);
    } else if (Array.isArray(roleList)) {
      roleList.forEach((role: unknown, j) => {
        if (!isValidId(role)) add('INVALID_ROLE_ID', `${path}.roles[${j}]`, scope);
        else if (!knownRoles.has(role)) add('UNKNOWN_ROLE', `${path}.roles[${j}]`, scope);
        else if (!roles.includes(role)) roles.push(role);
      });
    }
    contacts.push({ id, primary, roles });
  });
}

/** Reads one contact's or role's cells, keeping the valid `allow`/`deny` ones. */
function readCells(
  raw: unknown,
  path: string,
  scope: FindingScope,
  add: Add,
  actionSet: ReadonlySet<string>,
  resourceActions: ReadonlyMap<string, ReadonlySet<string>>,
): NormalizedCell[] {
  const cells: NormalizedCell[] = [];
  if (!isRecord(raw)) {
    add('INVALID_CELLS', path, scope);
    return cells;
  }
  for (const [resource, row] of ownEntries(raw)) {
    const rowPath = path + pathKey(resource);
    const has = resourceActions.get(resource);
    if (has === undefined) {
      add('UNKNOWN_RESOURCE_IN_GRANT', rowPath, scope);
      continue;
    }
    if (!isRecord(row)) {
      add('INVALID_CELLS', rowPath, scope);
      continue;
    }
    for (const [action, value] of ownEntries(row)) {
      const cellPath = rowPath + pathKey(action);
      if (!actionSet.has(action)) add('UNKNOWN_ACTION_IN_GRANT', cellPath, scope);
      else if (typeof value !== 'string' || !(CELL_VALUES as readonly string[]).includes(value)) {
        add('INVALID_GRANT_VALUE', cellPath, scope);
      } else if (!has.has(action)) add('GRANT_ON_NOT_APPLICABLE_CELL', cellPath, scope);
      else if (value !== 'inherit') cells.push({ resource, action, value: value as Exclude<CellValue, 'inherit'> });
    }
  }
  return cells;
}

/**
 * Lists every problem in a permission model (DESIGN.md, "Permissions: the decision procedure",
 * rule 1), in model order. An empty list means the model is valid.
 *
 * Tree findings (`TREE_CYCLE`, `DUPLICATE_RESOURCE_ID`, `UNKNOWN_PARENT`, `MULTIPLE_ROOTS`,
 * `NO_ROOT`, malformed entries) make a resolver fail closed for every query; grant findings
 * (`UNKNOWN_RESOURCE_IN_GRANT`, `UNKNOWN_ACTION_IN_GRANT`, `GRANT_ON_NOT_APPLICABLE_CELL`,
 * `INVALID_GRANT_VALUE`, `UNKNOWN_ROLE`, …) for the contact concerned; role findings for every
 * contact holding the role. See docs/permissions.md for the full list of codes.
 * @param model - any value; read as untrusted data, own properties only.
 * @returns frozen findings `{ code, path }`, e.g. `{ code: 'TREE_CYCLE', path:
 *   'tree.resources[10].parent' }` or `{ code: 'GRANT_ON_NOT_APPLICABLE_CELL', path:
 *   'grants.sec.reports.create' }`.
 * @example
 * const findings = validate(model);
 * if (findings.length > 0) throw new InvalidPermissionModelError(findings);
 */
export function validate(model: unknown): readonly PermissionModelFinding[] {
  return Object.freeze(inspectModel(model).findings.map(({ code, path }) => Object.freeze({ code, path })));
}
