/**
 * Validation of a permission model (docs/design.md, "Permissions: the decision procedure", rule 1).
 *
 * The model is untrusted data: every field is read once, through `read.ts`, as an own data
 * property only, into a normalized copy; nothing is ever looked up through the prototype chain
 * (array holes included), no getter runs, and a proxy trap that throws, a revoked proxy or an
 * accessor property ends the reading with an `UNREADABLE` finding at that path. Every list and
 * record is checked against its size cap (`MAX_*` in `model.ts`) from its length or key count
 * before its elements are read. Each problem becomes a finding `{ code, path }` and is scoped to
 * what it poisons:
 * - `model`: the tree or the account as a whole (cycle, duplicate id, unknown parent, several or
 *   no roots, two primary contacts, a malformed or unreadable section, a size cap). Every query
 *   fails closed.
 * - `contact`: one contact's entry or own cells (unknown resource or action in a grant, a value on
 *   a `-` cell, an invalid value, an unknown role). That contact's queries fail closed.
 * - `role`: one role's cells. Queries of every contact holding that role fail closed.
 * - `none`: reported only (cells for a contact that is not on the account).
 * Every walk here is iterative and bounded by the number of resources: cycles never loop. Each
 * step is O(1) with Sets and Maps, so reading is linear in the size of the model.
 * @module
 */
import type { PermissionModelFinding } from '../core/errors.js';
import {
  CELL_VALUES,
  type CellValue,
  isValidContactId,
  isValidId,
  MAX_ACTIONS,
  MAX_CELLS,
  MAX_CONTACT_ROLES,
  MAX_CONTACTS,
  MAX_RESOURCES,
  MAX_ROLES,
  MAX_TREE_DEPTH,
  pathKey,
} from './model.js';
import { element, keysOf, kindOf, lengthOf, own, Unreadable } from './read.js';

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
  | 'GRANT_ON_NOT_APPLICABLE_CELL'
  | 'UNREADABLE'
  | 'TOO_MANY_ACTIONS'
  | 'TOO_MANY_RESOURCES'
  | 'TOO_MANY_CONTACTS'
  | 'TOO_MANY_ROLES'
  | 'TOO_MANY_CELLS';

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
  /** Position in the model's `contacts` array (for finding paths). */
  readonly index: number;
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
 * Never throws on any input value: an unreadable part ends the reading with `UNREADABLE`.
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
  try {
    readModel(model, add, actions, resources, contacts, roles, grants);
  } catch (error) {
    // Model-wide: what was read before is poisoned too. Anything else thrown while reading can
    // only come from the input as well (reading never throws on plain data).
    add('UNREADABLE', error instanceof Unreadable ? error.path : '');
  }
  return { findings, actions, resources, contacts, roles, grants };
}

type Add = (code: PermissionFindingCode, path: string, scope?: FindingScope) => void;

/** Entries still allowed under `roles` and `grants` (see `MAX_CELLS`). */
interface CellBudget {
  left: number;
  exceeded: boolean;
}

function readModel(
  model: unknown,
  add: Add,
  actions: string[],
  resources: NormalizedResource[],
  contacts: NormalizedContact[],
  roles: Map<string, NormalizedCell[]>,
  grants: Map<string, NormalizedCell[]>,
): void {
  if (kindOf(model, '') !== 'record') {
    add('INVALID_MODEL', '');
    return;
  }
  const root = model as object;
  const actionSet = readTree(own(root, 'tree', 'tree'), add, actions, resources);
  const resourceActions = new Map<string, ReadonlySet<string>>();
  for (const resource of resources) resourceActions.set(resource.id, new Set(resource.actions));
  const budget: CellBudget = { left: MAX_CELLS, exceeded: false };

  // Role ids are read before contacts so a contact can be checked against the defined roles.
  const roleEntries = readRecord(root, 'roles', 'INVALID_ROLES', MAX_ROLES, 'TOO_MANY_ROLES', add);
  const knownRoles = new Set(roleEntries.map(([id]) => id));

  readContacts(own(root, 'contacts', 'contacts'), add, contacts, knownRoles);
  const contactIds = new Set(contacts.map((contact) => contact.id));

  for (const [roleId, cells] of roleEntries) {
    const path = `roles${pathKey(roleId)}`;
    const scope: FindingScope = { kind: 'role', id: roleId };
    if (!isValidId(roleId)) add('INVALID_ROLE_ID', path, scope);
    roles.set(roleId, readCells(cells, path, scope, add, actionSet, resourceActions, budget));
  }

  // Each distinct role list is merged into its own layer at compilation: bound that work too.
  if (!budget.exceeded) {
    let merged = 0;
    const lists = new Set<string>();
    for (const contact of contacts) {
      const list = contact.roles.join(',');
      if (contact.roles.length === 0 || lists.has(list)) continue;
      lists.add(list);
      for (const role of contact.roles) merged += roles.get(role)?.length ?? 0;
      if (merged > MAX_CELLS) {
        add('TOO_MANY_CELLS', `contacts[${contact.index}].roles`);
        budget.exceeded = true;
        break;
      }
    }
  }

  const grantEntries = readRecord(root, 'grants', 'INVALID_GRANTS', MAX_CONTACTS, 'TOO_MANY_CONTACTS', add);
  for (const [contactId, cells] of grantEntries) {
    const path = `grants${pathKey(contactId)}`;
    const known = contactIds.has(contactId);
    if (!known) add('GRANT_FOR_UNKNOWN_CONTACT', path, NONE);
    const scope: FindingScope = known ? { kind: 'contact', id: contactId } : NONE;
    const read = readCells(cells, path, scope, add, actionSet, resourceActions, budget);
    if (known) grants.set(contactId, read);
  }
}

/**
 * The own entries of the optional record `root[key]` (`roles` or `grants`), or none when it is
 * absent, malformed (`invalid`) or has more than `cap` keys (`tooMany`).
 */
function readRecord(
  root: object,
  key: string,
  invalid: PermissionFindingCode,
  cap: number,
  tooMany: PermissionFindingCode,
  add: Add,
): [string, unknown][] {
  const raw = own(root, key, key);
  if (raw === undefined) return [];
  if (kindOf(raw, key) !== 'record') {
    add(invalid, key);
    return [];
  }
  const keys = keysOf(raw as object, key);
  if (keys.length > cap) {
    add(tooMany, key);
    return [];
  }
  return keys.map((id) => [id, own(raw as object, id, key + pathKey(id))]);
}

/** {@link listLength} of a list over its cap. */
const TOO_MANY = -2;

/**
 * The length of the list `raw` at `path`, or -1 after adding `invalid` (not an array), or
 * {@link TOO_MANY} after adding `tooMany` (more than `cap` elements; no element is read).
 */
function listLength(
  raw: unknown,
  path: string,
  invalid: PermissionFindingCode,
  cap: number,
  tooMany: PermissionFindingCode,
  add: Add,
  scope?: FindingScope,
): number {
  if (kindOf(raw, path) !== 'array') {
    add(invalid, path, scope);
    return -1;
  }
  const length = lengthOf(raw as object, path);
  if (length > cap) {
    add(tooMany, path);
    return TOO_MANY;
  }
  return length;
}

/** Reads `tree`: the action vocabulary, the resources, then the shape checks. Returns the vocabulary. */
function readTree(tree: unknown, add: Add, actions: string[], resources: NormalizedResource[]): ReadonlySet<string> {
  const actionSet = new Set<string>();
  if (kindOf(tree, 'tree') !== 'record') {
    add('INVALID_TREE', 'tree');
    return actionSet;
  }
  const rawActions = own(tree as object, 'actions', 'tree.actions');
  const actionCount = listLength(rawActions, 'tree.actions', 'INVALID_ACTIONS', MAX_ACTIONS, 'TOO_MANY_ACTIONS', add);
  if (actionCount === TOO_MANY) return actionSet; // every resource's actions would be unknown
  for (let i = 0; i < actionCount; i++) {
    const action = element(rawActions as object, i, 'tree.actions');
    if (!isValidId(action)) add('INVALID_ACTION_NAME', `tree.actions[${i}]`);
    else if (actionSet.has(action)) add('DUPLICATE_ACTION', `tree.actions[${i}]`);
    else {
      actionSet.add(action);
      actions.push(action);
    }
  }

  const rawResources = own(tree as object, 'resources', 'tree.resources');
  const resourceCount = listLength(rawResources, 'tree.resources', 'INVALID_RESOURCES', MAX_RESOURCES, 'TOO_MANY_RESOURCES', add);
  if (resourceCount < 0) return actionSet;
  const indexOf = new Map<string, number>(); // id → position in `resources`
  const at: number[] = []; // position in `resources` → index in the model's array
  for (let i = 0; i < resourceCount; i++) {
    const path = `tree.resources[${i}]`;
    const raw = element(rawResources as object, i, 'tree.resources');
    if (kindOf(raw, path) !== 'record') {
      add('INVALID_RESOURCE', path);
      continue;
    }
    const entry = raw as object;
    const id = own(entry, 'id', `${path}.id`);
    const label = own(entry, 'label', `${path}.label`);
    const parent = own(entry, 'parent', `${path}.parent`);
    const rawList = own(entry, 'actions', `${path}.actions`);
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
    const listed = new Set<string>();
    const count = listLength(rawList, `${path}.actions`, 'INVALID_RESOURCE_ACTIONS', MAX_ACTIONS, 'TOO_MANY_ACTIONS', add);
    for (let j = 0; j < count; j++) {
      const action = element(rawList as object, j, `${path}.actions`);
      if (typeof action !== 'string' || !actionSet.has(action)) add('UNKNOWN_ACTION_IN_TREE', `${path}.actions[${j}]`);
      else if (listed.has(action)) add('DUPLICATE_ACTION', `${path}.actions[${j}]`);
      else listed.add(action);
    }
    if (!ok || typeof id !== 'string') continue;
    indexOf.set(id, resources.length);
    at.push(i);
    resources.push({
      id,
      label: typeof label === 'string' ? label : id,
      parent: parent as string | null,
      // Column order, whatever order the resource listed them in.
      actions: actions.filter((action) => listed.has(action)),
    });
  }

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
  const count = listLength(raw, 'contacts', 'INVALID_CONTACTS', MAX_CONTACTS, 'TOO_MANY_CONTACTS', add);
  const seen = new Set<string>();
  let primaries = 0;
  for (let i = 0; i < count; i++) {
    const path = `contacts[${i}]`;
    const entry = element(raw as object, i, 'contacts');
    if (kindOf(entry, path) !== 'record') {
      add('INVALID_CONTACT', path);
      continue;
    }
    const id = own(entry as object, 'id', `${path}.id`);
    if (!isValidContactId(id)) {
      add('INVALID_CONTACT', `${path}.id`);
      continue;
    }
    const scope: FindingScope = { kind: 'contact', id };
    if (seen.has(id)) {
      add('DUPLICATE_CONTACT_ID', `${path}.id`, scope);
      continue;
    }
    seen.add(id);
    const primaryFlag = own(entry as object, 'primary', `${path}.primary`);
    if (primaryFlag !== undefined && typeof primaryFlag !== 'boolean') add('INVALID_PRIMARY_FLAG', `${path}.primary`, scope);
    const primary = primaryFlag === true;
    if (primary) {
      primaries += 1;
      if (primaries > 1) add('MULTIPLE_PRIMARY_CONTACTS', `${path}.primary`);
    }
    const roleList = own(entry as object, 'roles', `${path}.roles`);
    const roles = new Set<string>();
    const roleCount =
      roleList === undefined
        ? 0
        : listLength(roleList, `${path}.roles`, 'INVALID_CONTACT_ROLES', MAX_CONTACT_ROLES, 'TOO_MANY_ROLES', add, scope);
    for (let j = 0; j < roleCount; j++) {
      const role = element(roleList as object, j, `${path}.roles`);
      if (!isValidId(role)) add('INVALID_ROLE_ID', `${path}.roles[${j}]`, scope);
      else if (!knownRoles.has(role)) add('UNKNOWN_ROLE', `${path}.roles[${j}]`, scope);
      else roles.add(role);
    }
    contacts.push({ id, index: i, primary, roles: [...roles] });
  }
}

/** Reads one contact's or role's cells, keeping the valid `allow`/`deny` ones. */
function readCells(
  raw: unknown,
  path: string,
  scope: FindingScope,
  add: Add,
  actionSet: ReadonlySet<string>,
  resourceActions: ReadonlyMap<string, ReadonlySet<string>>,
  budget: CellBudget,
): NormalizedCell[] {
  const cells: NormalizedCell[] = [];
  if (budget.exceeded) return cells;
  if (kindOf(raw, path) !== 'record') {
    add('INVALID_CELLS', path, scope);
    return cells;
  }
  const overBudget = (count: number): boolean => {
    budget.left -= count;
    if (budget.left >= 0) return false;
    add('TOO_MANY_CELLS', path);
    budget.exceeded = true;
    return true;
  };
  const resourceIds = keysOf(raw as object, path);
  if (overBudget(resourceIds.length)) return cells;
  for (const resource of resourceIds) {
    const rowPath = path + pathKey(resource);
    const has = resourceActions.get(resource);
    if (has === undefined) {
      add('UNKNOWN_RESOURCE_IN_GRANT', rowPath, scope);
      continue;
    }
    const row = own(raw as object, resource, rowPath);
    if (kindOf(row, rowPath) !== 'record') {
      add('INVALID_CELLS', rowPath, scope);
      continue;
    }
    const actionNames = keysOf(row as object, rowPath);
    if (overBudget(actionNames.length)) return cells;
    for (const action of actionNames) {
      const cellPath = rowPath + pathKey(action);
      const value = own(row as object, action, cellPath);
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
 * Lists every problem in a permission model (docs/design.md, "Permissions: the decision procedure",
 * rule 1), in model order. An empty list means the model is valid.
 *
 * Tree findings (`TREE_CYCLE`, `DUPLICATE_RESOURCE_ID`, `UNKNOWN_PARENT`, `MULTIPLE_ROOTS`,
 * `NO_ROOT`, malformed entries) make a resolver fail closed for every query; grant findings
 * (`UNKNOWN_RESOURCE_IN_GRANT`, `UNKNOWN_ACTION_IN_GRANT`, `GRANT_ON_NOT_APPLICABLE_CELL`,
 * `INVALID_GRANT_VALUE`, `UNKNOWN_ROLE`, …) for the contact concerned; role findings for every
 * contact holding the role. See docs/permissions.md for the full list of codes.
 * An input that cannot be read as plain data (a getter or other accessor, a proxy trap that
 * throws, a revoked proxy) is the finding `UNREADABLE` at its path; a list or record over its
 * size cap is `TOO_MANY_ACTIONS`, `TOO_MANY_RESOURCES`, `TOO_MANY_CONTACTS`, `TOO_MANY_ROLES` or
 * `TOO_MANY_CELLS` (see `MAX_ACTIONS` … `MAX_CELLS`); both fail every query closed.
 * @param model - any value; read as untrusted data, own data properties only (never a
 *   prototype, never a getter). Never throws.
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
