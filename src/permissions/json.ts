/**
 * JSON import and export of a permission model, and the flat `resource.action = value` export.
 *
 * Import is strict: the text is parsed, validated, and returned in canonical form, or refused
 * with every finding. Export writes the canonical form: fixed key order, resources and contacts in
 * model order, `inherit` cells dropped (a missing cell means `inherit`). Objects are built with
 * `Object.fromEntries`, so ids such as `__proto__` stay ordinary keys.
 * @module
 */
import { InvalidPermissionModelError, type PermissionModelFinding } from '../core/errors.js';
import { assertString } from '../internal/assert.js';
import type { CellValue, PermissionCells, PermissionModel } from './model.js';
import { type InspectedModel, inspectModel, type NormalizedCell } from './validate.js';

/**
 * Inspects `model` and returns the inspection, or throws with every finding.
 * @internal
 */
export function inspectValid(model: unknown): InspectedModel {
  const inspected = inspectModel(model);
  if (inspected.findings.length > 0) throw refusal(inspected.findings);
  return inspected;
}

/** An `InvalidPermissionModelError` carrying plain `{ code, path }` findings. */
export function refusal(findings: readonly PermissionModelFinding[]): InvalidPermissionModelError {
  return new InvalidPermissionModelError(findings.map(({ code, path }) => Object.freeze({ code, path })));
}

function cellsObject(cells: readonly NormalizedCell[]): PermissionCells {
  const rows = new Map<string, [string, CellValue][]>();
  for (const { resource, action, value } of cells) {
    const row = rows.get(resource);
    if (row === undefined) rows.set(resource, [[action, value]]);
    else row.push([action, value]);
  }
  return Object.fromEntries([...rows].map(([resource, row]) => [resource, Object.fromEntries(row)]));
}

/**
 * The canonical model of a valid inspection (fresh objects, nothing shared with the input).
 * @internal
 */
export function canonicalModel(inspected: InspectedModel): PermissionModel {
  return {
    tree: {
      actions: [...inspected.actions],
      resources: inspected.resources.map(({ id, label, parent, actions }) => ({ id, label, parent, actions: [...actions] })),
    },
    contacts: inspected.contacts.map(({ id, primary, roles }) => ({ id, primary, roles: [...roles] })),
    roles: Object.fromEntries([...inspected.roles].map(([id, cells]) => [id, cellsObject(cells)])),
    grants: Object.fromEntries([...inspected.grants].map(([id, cells]) => [id, cellsObject(cells)])),
  };
}

/**
 * Parses a permission model from JSON text, strictly.
 * @param text - JSON of a {@link PermissionModel}.
 * @returns the model in canonical form (fresh objects; `inherit` cells dropped).
 * @throws TypeError if `text` is not a string.
 * @throws InvalidPermissionModelError (`ERR_INVALID_PERMISSION_MODEL`) with finding
 *   `invalid-json` if the text is not JSON, or every `validate` finding if the model is invalid.
 * @example
 * const model = parsePermissionModel(await readFile('permissions.json', 'utf8'));
 * const permissions = createPermissionResolver(model);
 */
export function parsePermissionModel(text: string): PermissionModel {
  assertString('text', text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refusal([{ code: 'invalid-json', path: '' }]);
  }
  return canonicalModel(inspectValid(parsed));
}

/**
 * Serializes a valid model to canonical JSON (2-space indented): `{ tree, contacts, roles,
 * grants }`, model order kept, `inherit` cells dropped.
 * @param model - a {@link PermissionModel}.
 * @returns JSON text that {@link parsePermissionModel} reads back to an equal model.
 * @throws InvalidPermissionModelError with every finding if the model is invalid.
 */
export function serializePermissionModel(model: PermissionModel): string {
  return JSON.stringify(canonicalModel(inspectValid(model)), null, 2);
}

/**
 * Exports one contact's own stored cells as flat lines `resource.action = value`, one per cell the
 * resource has (`-` cells are omitted), in model order of resources and column order of actions;
 * a cell with nothing stored is written `inherit`. Ids never contain `.`, so each line splits at
 * its first `.` and ` = ` unambiguously.
 * @param model - a valid {@link PermissionModel}.
 * @param contact - a contact id on the account.
 * @returns the lines joined by `\n`, with a final `\n` (e.g. `client-profile.view = allow\n`).
 * @throws TypeError if `contact` is not a string.
 * @throws InvalidPermissionModelError with every finding if the model is invalid, or with
 *   `unknown-contact` if the contact is not on the account.
 */
export function exportFlatGrants(model: PermissionModel, contact: string): string {
  assertString('contact', contact);
  const inspected = inspectValid(model);
  if (!inspected.contacts.some(({ id }) => id === contact)) {
    throw refusal([{ code: 'unknown-contact', path: 'contacts' }]);
  }
  const stored = new Map<string, CellValue>();
  for (const cell of inspected.grants.get(contact) ?? []) stored.set(`${cell.resource}.${cell.action}`, cell.value);
  let out = '';
  for (const resource of inspected.resources) {
    for (const action of resource.actions) {
      const key = `${resource.id}.${action}`;
      out += `${key} = ${stored.get(key) ?? 'inherit'}\n`;
    }
  }
  return out;
}
