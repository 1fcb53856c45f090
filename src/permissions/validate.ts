/**
 * Validation of a permission model (docs/design.md, "Permissions: the decision procedure", rule 1).
 *
 * The model is untrusted data: every field is read once, through `read.ts`, as an own data
 * property only, into a normalized copy; nothing is ever looked up through the prototype chain
 * (array holes included), no getter runs, and a proxy trap that throws, a revoked proxy or an
 * accessor property ends the reading with an `unreadable` finding at that path. Every list and
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

/**
 * Every finding code of a permission model: those `validate` reports, and four that only import,
 * export and the editing helpers raise (never `validate`): `invalid-json` (the text is not
 * JSON), `unknown-contact`, `unknown-resource` (an edit or export names something not in the
 * model), `resource-has-children` (removing a resource with children).
 */
export type PermissionFindingCode =
  | 'invalid-json'
  | 'unknown-contact'
  | 'unknown-resource'
  | 'resource-has-children'
  | 'invalid-model'
  | 'invalid-tree'
  | 'invalid-actions'
  | 'invalid-action-name'
  | 'duplicate-action'
  | 'invalid-resources'
  | 'invalid-resource'
  | 'invalid-resource-id'
  | 'invalid-label'
  | 'invalid-parent'
  | 'invalid-resource-actions'
  | 'unknown-action-in-tree'
  | 'duplicate-resource-id'
  | 'no-root'
  | 'multiple-roots'
  | 'unknown-parent'
  | 'tree-cycle'
  | 'tree-too-deep'
  | 'invalid-contacts'
  | 'invalid-contact'
  | 'duplicate-contact-id'
  | 'invalid-primary-flag'
  | 'multiple-primary-contacts'
  | 'invalid-contact-roles'
  | 'invalid-role-id'
  | 'unknown-role'
  | 'invalid-roles'
  | 'invalid-grants'
  | 'invalid-cells'
  | 'grant-for-unknown-contact'
  | 'unknown-resource-in-grant'
  | 'unknown-action-in-grant'
  | 'invalid-grant-value'
  | 'grant-on-not-applicable-cell'
  | 'unreadable'
  | 'too-many-actions'
  | 'too-many-resources'
  | 'too-many-contacts'
  | 'too-many-roles'
  | 'too-many-cells';

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
 * Never throws on any input value: an unreadable part ends the reading with `unreadable`.
 * @internal
 */
export function inspectModel(model: unknown): InspectedModel {
  const reader = new ModelReader();
  try {
    reader.readModel(model);
  } catch (error) {
    // Model-wide: what was read before is poisoned too. Anything else thrown while reading can
    // only come from the input as well (reading never throws on plain data).
    reader.add('unreadable', error instanceof Unreadable ? error.path : '');
  }
  const { findings, actions, resources, contacts, roles, grants } = reader;
  return { findings, actions, resources, contacts, roles, grants };
}

/** {@link ModelReader.listLength} of a list over its cap. */
const TOO_MANY = -2;

/** How a list or record is checked: the finding when it is malformed, its cap, the finding over the cap. */
interface Limit {
  readonly invalid: PermissionFindingCode;
  readonly cap: number;
  readonly tooMany: PermissionFindingCode;
}

const ACTIONS: Limit = { invalid: 'invalid-actions', cap: MAX_ACTIONS, tooMany: 'too-many-actions' };
const RESOURCES: Limit = { invalid: 'invalid-resources', cap: MAX_RESOURCES, tooMany: 'too-many-resources' };
const RESOURCE_ACTIONS: Limit = { invalid: 'invalid-resource-actions', cap: MAX_ACTIONS, tooMany: 'too-many-actions' };
const CONTACTS: Limit = { invalid: 'invalid-contacts', cap: MAX_CONTACTS, tooMany: 'too-many-contacts' };
const CONTACT_ROLES: Limit = { invalid: 'invalid-contact-roles', cap: MAX_CONTACT_ROLES, tooMany: 'too-many-roles' };
const ROLES: Limit = { invalid: 'invalid-roles', cap: MAX_ROLES, tooMany: 'too-many-roles' };
const GRANTS: Limit = { invalid: 'invalid-grants', cap: MAX_CONTACTS, tooMany: 'too-many-contacts' };

/**
 * One reading of a permission model. The reader owns what it collects (findings, the normalized
 * parts, the cell budget); each method reads one part of the model, in model order. A method may
 * throw {@link Unreadable}; {@link inspectModel} turns that into the `unreadable` finding.
 */
class ModelReader {
  readonly findings: ScopedFinding[] = [];
  readonly actions: string[] = [];
  readonly resources: NormalizedResource[] = [];
  readonly contacts: NormalizedContact[] = [];
  readonly roles = new Map<string, NormalizedCell[]>();
  readonly grants = new Map<string, NormalizedCell[]>();
  /** The tree's action vocabulary. */
  private readonly actionSet = new Set<string>();
  /** Resource id → the actions it has. */
  private readonly resourceActions = new Map<string, ReadonlySet<string>>();
  /** Resource id → position in `resources`. */
  private readonly indexOf = new Map<string, number>();
  /** Position in `resources` → index in the model's `tree.resources`. */
  private readonly at: number[] = [];
  /** Entries still allowed under `roles` and `grants` (see `MAX_CELLS`). */
  private cellsLeft = MAX_CELLS;
  private cellsExceeded = false;
  /** Primary contacts seen so far. */
  private primaries = 0;

  add(code: PermissionFindingCode, path: string, scope: FindingScope = MODEL): void {
    this.findings.push(Object.freeze({ code, path, scope }));
  }

  readModel(model: unknown): void {
    if (kindOf(model, '') !== 'record') {
      this.add('invalid-model', '');
      return;
    }
    const root = model as object;
    this.readTree(own(root, 'tree', 'tree'));
    for (const resource of this.resources) this.resourceActions.set(resource.id, new Set(resource.actions));
    // Role ids are read before contacts so a contact can be checked against the defined roles.
    const roleEntries = this.readRecord(root, 'roles', ROLES);
    this.readContacts(own(root, 'contacts', 'contacts'), new Set(roleEntries.map(([id]) => id)));
    this.readRoles(roleEntries);
    this.checkMergedRoles();
    this.readGrants(this.readRecord(root, 'grants', GRANTS));
  }

  /**
   * The own entries of the optional record `root[key]` (`roles` or `grants`), or none when it is
   * absent, malformed or over its cap.
   */
  private readRecord(root: object, key: string, limit: Limit): [string, unknown][] {
    const raw = own(root, key, key);
    if (raw === undefined) return [];
    if (kindOf(raw, key) !== 'record') {
      this.add(limit.invalid, key);
      return [];
    }
    const keys = keysOf(raw as object, key);
    if (keys.length > limit.cap) {
      this.add(limit.tooMany, key);
      return [];
    }
    return keys.map((id) => [id, own(raw as object, id, key + pathKey(id))]);
  }

  /**
   * The length of the list `raw` at `path`, or -1 after adding `limit.invalid` (not an array),
   * or {@link TOO_MANY} after adding `limit.tooMany` (over the cap; no element is read).
   */
  private listLength(raw: unknown, path: string, limit: Limit, scope?: FindingScope): number {
    if (kindOf(raw, path) !== 'array') {
      this.add(limit.invalid, path, scope);
      return -1;
    }
    const length = lengthOf(raw as object, path);
    if (length > limit.cap) {
      this.add(limit.tooMany, path);
      return TOO_MANY;
    }
    return length;
  }

  /** Reads `tree`: the action vocabulary, the resources, then the shape checks. */
  private readTree(tree: unknown): void {
    if (kindOf(tree, 'tree') !== 'record') {
      this.add('invalid-tree', 'tree');
      return;
    }
    // Over the cap, every resource's actions would be unknown: stop there.
    if (!this.readActions(own(tree as object, 'actions', 'tree.actions'))) return;
    const raw = own(tree as object, 'resources', 'tree.resources');
    const count = this.listLength(raw, 'tree.resources', RESOURCES);
    if (count < 0) return;
    for (let i = 0; i < count; i++) this.readResource(element(raw as object, i, 'tree.resources'), i);
    const roots = this.checkRoots();
    const cycles = this.checkCycles();
    if (roots === 0) this.add('no-root', 'tree.resources');
    if (cycles === 0) this.checkDepth();
  }

  /** Reads `tree.actions` into the vocabulary; `false` when the list is over its cap. */
  private readActions(raw: unknown): boolean {
    const count = this.listLength(raw, 'tree.actions', ACTIONS);
    if (count === TOO_MANY) return false;
    for (let i = 0; i < count; i++) {
      const action = element(raw as object, i, 'tree.actions');
      if (!isValidId(action)) this.add('invalid-action-name', `tree.actions[${i}]`);
      else if (this.actionSet.has(action)) this.add('duplicate-action', `tree.actions[${i}]`);
      else {
        this.actionSet.add(action);
        this.actions.push(action);
      }
    }
    return true;
  }

  /** Reads `tree.resources[i]`; keeps it when its id and parent are well formed. */
  private readResource(raw: unknown, i: number): void {
    const path = `tree.resources[${i}]`;
    if (kindOf(raw, path) !== 'record') {
      this.add('invalid-resource', path);
      return;
    }
    const entry = raw as object;
    const id = own(entry, 'id', `${path}.id`);
    const label = own(entry, 'label', `${path}.label`);
    const parent = own(entry, 'parent', `${path}.parent`);
    const rawList = own(entry, 'actions', `${path}.actions`);
    let ok = true;
    if (!isValidId(id)) {
      this.add('invalid-resource-id', `${path}.id`);
      ok = false;
    } else if (this.indexOf.has(id)) {
      this.add('duplicate-resource-id', `${path}.id`);
      ok = false;
    }
    if (label !== undefined && typeof label !== 'string') this.add('invalid-label', `${path}.label`);
    if (parent !== null && !isValidId(parent)) {
      this.add('invalid-parent', `${path}.parent`);
      ok = false;
    }
    const listed = this.readResourceActions(rawList, `${path}.actions`);
    if (!ok || typeof id !== 'string') return;
    this.indexOf.set(id, this.resources.length);
    this.at.push(i);
    this.resources.push({
      id,
      label: typeof label === 'string' ? label : id,
      parent: parent as string | null,
      // Column order, whatever order the resource listed them in.
      actions: this.actions.filter((action) => listed.has(action)),
    });
  }

  /** Reads one resource's `actions`: each must be in the vocabulary, once. */
  private readResourceActions(raw: unknown, path: string): Set<string> {
    const listed = new Set<string>();
    const count = this.listLength(raw, path, RESOURCE_ACTIONS);
    for (let j = 0; j < count; j++) {
      const action = element(raw as object, j, path);
      if (typeof action !== 'string' || !this.actionSet.has(action)) this.add('unknown-action-in-tree', `${path}[${j}]`);
      else if (listed.has(action)) this.add('duplicate-action', `${path}[${j}]`);
      else listed.add(action);
    }
    return listed;
  }

  /** The model path of the parent of the `k`th kept resource. */
  private parentPath(k: number): string {
    return `tree.resources[${this.at[k]}].parent`;
  }

  /** At most one root, and every other parent known. Returns the number of roots. */
  private checkRoots(): number {
    let roots = 0;
    this.resources.forEach((resource, k) => {
      if (resource.parent === null) {
        roots += 1;
        if (roots > 1) this.add('multiple-roots', this.parentPath(k));
      } else if (!this.indexOf.has(resource.parent)) {
        this.add('unknown-parent', this.parentPath(k));
      }
    });
    return roots;
  }

  /**
   * Follows parent pointers with three colours; each cycle is reported once, at its member that
   * comes first in the model. Returns the number of cycles.
   */
  private checkCycles(): number {
    const { resources, indexOf } = this;
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
    for (const k of cycleStarts.sort((a, b) => a - b)) this.add('tree-cycle', this.parentPath(k));
    return cycleStarts.length;
  }

  /**
   * Adds `tree-too-deep` at the first resource (in model order) deeper than
   * {@link MAX_TREE_DEPTH}. Each depth is computed once, walking up only to the nearest resource
   * already measured; the parents must be acyclic. A resource with an unknown parent counts as
   * depth 0.
   */
  private checkDepth(): void {
    const { resources, indexOf } = this;
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
    const tooDeep = depth.findIndex((d) => d > MAX_TREE_DEPTH);
    if (tooDeep >= 0) this.add('tree-too-deep', this.parentPath(tooDeep));
  }

  /** Reads `contacts`: ids, primary flags and role references. */
  private readContacts(raw: unknown, knownRoles: ReadonlySet<string>): void {
    const count = this.listLength(raw, 'contacts', CONTACTS);
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      const contact = this.readContact(element(raw as object, i, 'contacts'), i, seen, knownRoles);
      if (contact !== null) this.contacts.push(contact);
    }
  }

  /** Reads `contacts[i]`, or `null` when its entry or id is malformed or its id seen before. */
  private readContact(entry: unknown, i: number, seen: Set<string>, knownRoles: ReadonlySet<string>): NormalizedContact | null {
    const path = `contacts[${i}]`;
    if (kindOf(entry, path) !== 'record') {
      this.add('invalid-contact', path);
      return null;
    }
    const id = own(entry as object, 'id', `${path}.id`);
    if (!isValidContactId(id)) {
      this.add('invalid-contact', `${path}.id`);
      return null;
    }
    const scope: FindingScope = { kind: 'contact', id };
    if (seen.has(id)) {
      this.add('duplicate-contact-id', `${path}.id`, scope);
      return null;
    }
    seen.add(id);
    const primaryFlag = own(entry as object, 'primary', `${path}.primary`);
    if (primaryFlag !== undefined && typeof primaryFlag !== 'boolean') this.add('invalid-primary-flag', `${path}.primary`, scope);
    if (primaryFlag === true && ++this.primaries > 1) this.add('multiple-primary-contacts', `${path}.primary`);
    const roleList = own(entry as object, 'roles', `${path}.roles`);
    const roles = new Set<string>();
    const roleCount = roleList === undefined ? 0 : this.listLength(roleList, `${path}.roles`, CONTACT_ROLES, scope);
    for (let j = 0; j < roleCount; j++) {
      const role = element(roleList as object, j, `${path}.roles`);
      if (!isValidId(role)) this.add('invalid-role-id', `${path}.roles[${j}]`, scope);
      else if (!knownRoles.has(role)) this.add('unknown-role', `${path}.roles[${j}]`, scope);
      else roles.add(role);
    }
    return { id, index: i, primary: primaryFlag === true, roles: [...roles] };
  }

  /** Reads every role template's cells. */
  private readRoles(entries: readonly [string, unknown][]): void {
    for (const [roleId, cells] of entries) {
      const path = `roles${pathKey(roleId)}`;
      const scope: FindingScope = { kind: 'role', id: roleId };
      if (!isValidId(roleId)) this.add('invalid-role-id', path, scope);
      this.roles.set(roleId, this.readCells(cells, path, scope));
    }
  }

  /** Each distinct role list is merged into its own layer at compilation: bound that work too. */
  private checkMergedRoles(): void {
    if (this.cellsExceeded) return;
    let merged = 0;
    const lists = new Set<string>();
    for (const contact of this.contacts) {
      const list = contact.roles.join(',');
      if (contact.roles.length === 0 || lists.has(list)) continue;
      lists.add(list);
      for (const role of contact.roles) merged += this.roles.get(role)?.length ?? 0;
      if (merged > MAX_CELLS) {
        this.add('too-many-cells', `contacts[${contact.index}].roles`);
        this.cellsExceeded = true;
        return;
      }
    }
  }

  /** Reads every contact's own cells; cells for a contact not on the account are reported only. */
  private readGrants(entries: readonly [string, unknown][]): void {
    const contactIds = new Set(this.contacts.map((contact) => contact.id));
    for (const [contactId, cells] of entries) {
      const path = `grants${pathKey(contactId)}`;
      const known = contactIds.has(contactId);
      if (!known) this.add('grant-for-unknown-contact', path, NONE);
      const read = this.readCells(cells, path, known ? { kind: 'contact', id: contactId } : NONE);
      if (known) this.grants.set(contactId, read);
    }
  }

  /** Takes `count` entries from the cell budget; `false` (after `too-many-cells` at `path`) when it runs out. */
  private spendCells(count: number, path: string): boolean {
    this.cellsLeft -= count;
    if (this.cellsLeft >= 0) return true;
    this.add('too-many-cells', path);
    this.cellsExceeded = true;
    return false;
  }

  /** Reads one contact's or role's cells, keeping the valid `allow`/`deny` ones. */
  private readCells(raw: unknown, path: string, scope: FindingScope): NormalizedCell[] {
    const cells: NormalizedCell[] = [];
    if (this.cellsExceeded) return cells;
    if (kindOf(raw, path) !== 'record') {
      this.add('invalid-cells', path, scope);
      return cells;
    }
    const resourceIds = keysOf(raw as object, path);
    if (!this.spendCells(resourceIds.length, path)) return cells;
    for (const resource of resourceIds) {
      const row = this.readRow(raw as object, resource, path, scope);
      if (row === null) break;
      cells.push(...row);
    }
    return cells;
  }

  /**
   * Reads the row `raw[resource]` of the cells at `path`: its valid `allow`/`deny` cells, or
   * `null` when the cell budget ran out.
   */
  private readRow(raw: object, resource: string, path: string, scope: FindingScope): NormalizedCell[] | null {
    const rowPath = path + pathKey(resource);
    const has = this.resourceActions.get(resource);
    if (has === undefined) {
      this.add('unknown-resource-in-grant', rowPath, scope);
      return [];
    }
    const row = own(raw, resource, rowPath);
    if (kindOf(row, rowPath) !== 'record') {
      this.add('invalid-cells', rowPath, scope);
      return [];
    }
    const actionNames = keysOf(row as object, rowPath);
    if (!this.spendCells(actionNames.length, path)) return null;
    const cells: NormalizedCell[] = [];
    for (const action of actionNames) {
      const cellPath = rowPath + pathKey(action);
      const value = own(row as object, action, cellPath);
      if (!this.actionSet.has(action)) this.add('unknown-action-in-grant', cellPath, scope);
      else if (typeof value !== 'string' || !(CELL_VALUES as readonly string[]).includes(value)) {
        this.add('invalid-grant-value', cellPath, scope);
      } else if (!has.has(action)) this.add('grant-on-not-applicable-cell', cellPath, scope);
      else if (value !== 'inherit') cells.push({ resource, action, value: value as Exclude<CellValue, 'inherit'> });
    }
    return cells;
  }
}

/**
 * Lists every problem in a permission model (docs/design.md, "Permissions: the decision procedure",
 * rule 1), in model order. An empty list means the model is valid.
 *
 * Tree findings (`tree-cycle`, `duplicate-resource-id`, `unknown-parent`, `multiple-roots`,
 * `no-root`, malformed entries) make a resolver fail closed for every query; grant findings
 * (`unknown-resource-in-grant`, `unknown-action-in-grant`, `grant-on-not-applicable-cell`,
 * `invalid-grant-value`, `unknown-role`, …) for the contact concerned; role findings for every
 * contact holding the role. See docs/permissions.md for the full list of codes.
 * An input that cannot be read as plain data (a getter or other accessor, a proxy trap that
 * throws, a revoked proxy) is the finding `unreadable` at its path; a list or record over its
 * size cap is `too-many-actions`, `too-many-resources`, `too-many-contacts`, `too-many-roles` or
 * `too-many-cells` (see `MAX_ACTIONS` … `MAX_CELLS`); both fail every query closed.
 * @param model - any value; read as untrusted data, own data properties only (never a
 *   prototype, never a getter). Never throws.
 * @returns frozen findings `{ code, path }`, e.g. `{ code: 'tree-cycle', path:
 *   'tree.resources[10].parent' }` or `{ code: 'grant-on-not-applicable-cell', path:
 *   'grants.sec.reports.create' }`.
 * @example
 * const findings = validate(model);
 * if (findings.length > 0) throw new InvalidPermissionModelError(findings);
 */
export function validate(model: unknown): readonly PermissionModelFinding[] {
  return Object.freeze(inspectModel(model).findings.map(({ code, path }) => Object.freeze({ code, path })));
}
