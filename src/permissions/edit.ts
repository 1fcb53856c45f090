/**
 * Editing helpers for a permission model: each returns a new canonical model and refuses any
 * write whose result would not validate (the input must be valid too). Models are never mutated.
 *
 * A refused write throws `InvalidPermissionModelError` with the findings of the would-be model,
 * e.g. `grant-on-not-applicable-cell` for a value on a `-` cell, `unknown-resource-in-grant`,
 * `invalid-grant-value`, `grant-for-unknown-contact`, `tree-cycle`, `duplicate-resource-id`.
 * @module
 */
import { assertString, describe } from '../internal/assert.js';
import { canonicalModel, inspectValid, refusal } from './json.js';
import type { CellValue, PermissionCells, PermissionModel, PermissionResource } from './model.js';

type MutableCells = Record<string, Record<string, unknown>>;

/** `section[key]` if it is an own property, else `undefined` (never an inherited member). */
function ownValue<T>(section: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return section !== undefined && Object.hasOwn(section, key) ? section[key] : undefined;
}

/** A fresh, writable copy of `cells` (own entries only; `__proto__` stays a key). */
function copyCells(cells: PermissionCells | undefined): MutableCells {
  const copy: MutableCells = Object.create(null) as MutableCells;
  for (const [resource, row] of Object.entries(cells ?? {})) {
    copy[resource] = Object.assign(Object.create(null) as Record<string, unknown>, row);
  }
  return copy;
}

/** Writes `value` into `cells`; `'inherit'` removes the cell (a missing cell means inherit). */
function writeCell(cells: MutableCells, resource: string, action: string, value: unknown): void {
  const row = cells[resource] ?? (Object.create(null) as Record<string, unknown>);
  if (value === 'inherit') delete row[action];
  else row[action] = value;
  if (Object.keys(row).length === 0) delete cells[resource];
  else cells[resource] = row;
}

/** Replaces one entry of a record section, returning a fresh null-prototype record. */
function withEntry<T>(section: Readonly<Record<string, T>> | undefined, key: string, value: T): Record<string, T> {
  const copy = Object.assign(Object.create(null) as Record<string, T>, section ?? {});
  copy[key] = value;
  return copy;
}

/** Validates the would-be model; returns it in canonical form or throws every finding. */
function commit(next: unknown): PermissionModel {
  return canonicalModel(inspectValid(next));
}

/**
 * Sets one of a contact's own cells (the portal's Allow / Deny / Inherit radio).
 * @param model - a valid model.
 * @param contact - a contact id on the account.
 * @param resource - a resource id in the tree.
 * @param action - an action the resource has.
 * @param value - `'allow'`, `'deny'` or `'inherit'` (removes the stored cell).
 * @returns the new model, canonical.
 * @throws TypeError if `contact`, `resource` or `action` is not a string.
 * @throws InvalidPermissionModelError if the model is invalid or the write would make it so
 *   (unknown contact, resource or action, a `-` cell, a value outside allow/deny/inherit).
 */
export function setCell(model: PermissionModel, contact: string, resource: string, action: string, value: CellValue): PermissionModel {
  assertString('contact', contact);
  return setLayerCell(model, 'grants', contact, resource, action, value);
}

/**
 * Sets one cell of a role template; creates the role if it does not exist yet.
 * @param model - a valid model.
 * @param role - a role id (a letter or `_`, then up to 63 letters, digits, `_` or `-`).
 * @param resource - a resource id in the tree.
 * @param action - an action the resource has.
 * @param value - `'allow'`, `'deny'` or `'inherit'` (removes the stored cell).
 * @returns the new model, canonical.
 * @throws TypeError if `role`, `resource` or `action` is not a string.
 * @throws InvalidPermissionModelError if the model is invalid or the write would make it so.
 */
export function setRoleCell(model: PermissionModel, role: string, resource: string, action: string, value: CellValue): PermissionModel {
  assertString('role', role);
  return setLayerCell(model, 'roles', role, resource, action, value);
}

/** One cell write in a contact's grants or a role template: the shared body of setCell and setRoleCell. */
function setLayerCell(
  model: PermissionModel,
  layer: 'grants' | 'roles',
  owner: string,
  resource: string,
  action: string,
  value: CellValue,
): PermissionModel {
  assertString('resource', resource);
  assertString('action', action);
  const current = canonicalModel(inspectValid(model));
  const cells = copyCells(ownValue(current[layer], owner));
  writeCell(cells, resource, action, value);
  return commit({ ...current, [layer]: withEntry(current[layer], owner, cells as PermissionCells) });
}

/**
 * Replaces a contact's roles.
 * @param model - a valid model.
 * @param contact - a contact id on the account.
 * @param roles - role ids, each defined in `model.roles`.
 * @returns the new model, canonical.
 * @throws TypeError if `contact` is not a string or `roles` is not an array.
 * @throws InvalidPermissionModelError with `unknown-contact` if the contact is not on the
 *   account, or `unknown-role` / `invalid-role-id` for a bad role id.
 */
export function setContactRoles(model: PermissionModel, contact: string, roles: readonly string[]): PermissionModel {
  assertString('contact', contact);
  if (!Array.isArray(roles)) throw new TypeError(`"roles" expected an array, got ${describe(roles)}`);
  const current = canonicalModel(inspectValid(model));
  if (!current.contacts.some(({ id }) => id === contact)) throw refusal([{ code: 'unknown-contact', path: 'contacts' }]);
  // `roles` goes in as given: validation reads it as own data (never a hole's prototype value).
  const contacts = current.contacts.map((entry) => (entry.id === contact ? { ...entry, roles } : entry));
  return commit({ ...current, contacts });
}

/**
 * Adds a resource to the tree.
 * @param model - a valid model.
 * @param resource - `{ id, label?, parent, actions }` (own data properties only); `parent` must
 *   be an existing id.
 * @returns the new model, canonical.
 * @throws TypeError if `resource` is not an object.
 * @throws InvalidPermissionModelError if the resource is malformed or unreadable, its id is taken
 *   (`duplicate-resource-id`), its parent is unknown (`unknown-parent`), it would be a second root
 *   (`multiple-roots`) or lists an unknown action (`unknown-action-in-tree`).
 */
export function addResource(model: PermissionModel, resource: PermissionResource): PermissionModel {
  if (typeof resource !== 'object' || resource === null) {
    throw new TypeError(`"resource" expected an object, got ${describe(resource)}`);
  }
  const current = canonicalModel(inspectValid(model));
  // `resource` goes in as given: validation reads its own data fields once (inherited fields
  // are absent, an accessor is `unreadable`) and the canonical result keeps only those.
  return commit({ ...current, tree: { ...current.tree, resources: [...current.tree.resources, resource] } });
}

/**
 * Removes a leaf resource from the tree, and every contact and role cell stored on it.
 * @param model - a valid model.
 * @param resource - the id of a resource without children.
 * @returns the new model, canonical.
 * @throws TypeError if `resource` is not a string.
 * @throws InvalidPermissionModelError with `unknown-resource` if there is no such resource,
 *   `resource-has-children` if it has children, or `no-root` when removing the only resource.
 */
export function removeResource(model: PermissionModel, resource: string): PermissionModel {
  assertString('resource', resource);
  const current = canonicalModel(inspectValid(model));
  const index = current.tree.resources.findIndex(({ id }) => id === resource);
  if (index < 0) throw refusal([{ code: 'unknown-resource', path: 'tree.resources' }]);
  const child = current.tree.resources.findIndex(({ parent }) => parent === resource);
  if (child >= 0) throw refusal([{ code: 'resource-has-children', path: `tree.resources[${child}].parent` }]);
  const without = (section: Readonly<Record<string, PermissionCells>> | undefined): Record<string, PermissionCells> =>
    Object.fromEntries(
      Object.entries(section ?? {}).map(([owner, cells]) => {
        const copy = copyCells(cells);
        delete copy[resource];
        return [owner, copy as PermissionCells];
      }),
    );
  return commit({
    ...current,
    tree: { ...current.tree, resources: current.tree.resources.filter((_, i) => i !== index) },
    roles: without(current.roles),
    grants: without(current.grants),
  });
}
