/**
 * The permission model: a resource tree, contacts, role templates and per-contact cells.
 *
 * Shapes follow docs/design.md, "Permissions: the decision procedure", and the cases in
 * `cases/permissions.json`. A model is plain JSON-safe data; nothing here validates it (see
 * `validate.ts`) or resolves it (see `resolver.ts`). Ids are case-sensitive strings.
 * @module
 */
import { MAX_ID_LENGTH } from '../internal/assert.js';

/** A stored cell: `'allow'`, `'deny'` or `'inherit'` (a missing cell means `'inherit'`). */
export type CellValue = 'allow' | 'deny' | 'inherit';

/** Every valid {@link CellValue}, in the order the portal shows them. */
export const CELL_VALUES: readonly CellValue[] = Object.freeze(['allow', 'deny', 'inherit'] as const);

/** @internal Cells of one contact or role: `{ resourceId: { action: value } }`. */
export type PermissionCells = Readonly<Record<string, Readonly<Record<string, CellValue>>>>;

/** One node of the resource tree. */
export interface PermissionResource {
  /** Unique id: a letter or `_`, then up to 63 letters, digits, `_` or `-` (e.g. `'client-profile'`). */
  readonly id: string;
  /** Display name (e.g. `'Client Profile'`); optional, defaults to the id. */
  readonly label?: string;
  /** The parent's id, or `null` for the single root. */
  readonly parent: string | null;
  /** The actions this resource has, each one of the tree's `actions`; the others show `-`. */
  readonly actions: readonly string[];
}

/** The resource tree: the action vocabulary (the grid's columns) and the resources. */
export interface PermissionTree {
  /** Every action name, in column order (e.g. `['view', 'create', 'update', 'delete']`). */
  readonly actions: readonly string[];
  /** Resources in any order; exactly one has `parent: null`. */
  readonly resources: readonly PermissionResource[];
}

/** One contact on the account. */
export interface PermissionContact {
  /** Unique contact id: a non-empty string of at most 256 characters, no control characters. */
  readonly id: string;
  /** `true` for the account's primary contact (at most one). Default `false`. */
  readonly primary?: boolean;
  /** Role ids whose cells apply below this contact's own cells. Default `[]`. */
  readonly roles?: readonly string[];
}

/**
 * A whole permission model, the shape of the permission cases:
 * `{ tree, contacts, roles?, grants? }`.
 */
export interface PermissionModel {
  readonly tree: PermissionTree;
  readonly contacts: readonly PermissionContact[];
  /** Role templates: `{ roleId: { resourceId: { action: value } } }`. Default `{}`. */
  readonly roles?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, CellValue>>>>>>;
  /** Each contact's own cells: `{ contactId: { resourceId: { action: value } } }`. Default `{}`. */
  readonly grants?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, CellValue>>>>>>;
}

/**
 * Resource ids, action names and role ids: a letter or `_`, then up to 63 letters, digits, `_`
 * or `-`. This keeps `/` (path separator), `.` (flat export separator) and `,` (role list
 * separator) out of ids, so every rendered path or list reads back unambiguously.
 */
export const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/**
 * Deepest accepted resource (the root is depth 0). Paths are precomputed per resource, so a
 * hostile chain of thousands of resources would cost quadratic memory; a portal needs a handful.
 */
export const MAX_TREE_DEPTH = 32;

/** Longest accepted contact id, in UTF-16 code units: the house-wide id limit (256). */
export const MAX_CONTACT_ID_LENGTH = MAX_ID_LENGTH;

// Size caps. A model may come from outside (an uploaded or stored JSON document), so each list
// and record is checked against its cap from its length or key count alone, before any element
// is read: an over-cap model is one cheap finding, never seconds of work. The caps sit far
// above a portal (the default tree has 25 resources, 4 actions, a handful of contacts and roles)
// and bound the compiled model to about MAX_RESOURCES × MAX_ACTIONS + MAX_CELLS entries.

/** Most actions in `tree.actions`, and in one resource's `actions` (`too-many-actions`). */
export const MAX_ACTIONS = 64;

/** Most resources in `tree.resources` (`too-many-resources`). */
export const MAX_RESOURCES = 10_000;

/** Most entries in `contacts`, and most keys in `grants` (`too-many-contacts`). */
export const MAX_CONTACTS = 1_000;

/** Most role templates in `roles` (`too-many-roles`). */
export const MAX_ROLES = 256;

/** Most entries in one contact's `roles` list (`too-many-roles`). */
export const MAX_CONTACT_ROLES = 32;

/**
 * Most stored entries under `roles` and `grants` together, each resource row and each cell
 * counting one; and, separately, most role cells merged for the contacts, counted once per
 * distinct role list (each distinct list gets its own merged layer) (`too-many-cells`).
 */
export const MAX_CELLS = 200_000;

/** `true` when `value` is a valid resource id, action name or role id (`ID_PATTERN`). */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** `true` when `value` is a valid contact id ({@link PermissionContact.id}). */
export function isValidContactId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CONTACT_ID_LENGTH && !/[\u0000-\u001f\u007f]/.test(value);
}

/** Renders a model path segment: `.key` for plain keys, `["odd key"]` otherwise. */
export function pathKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
