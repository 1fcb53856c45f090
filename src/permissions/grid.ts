/**
 * The effective grid: one contact's every cell, computed in one top-down pass over the tree.
 *
 * Nodes are visited in pre-order, so a parent is done before its children. For each node and
 * action the pass carries two values down: the cell that decides in the contact's own layer and
 * the one that decides in the merged role layer, each the nearest stored value on the path (or,
 * with `stickyDeny`, the first `deny` met from the root). A node without the action passes its
 * parent's values through unchanged. Each cell is then read off in O(1), so the grid costs
 * O(resources × actions) and equals `resolve` cell for cell (docs/design.md, "Permissions: the
 * decision procedure").
 * @module
 */
import { type CompiledCell, type CompiledModel, DEFAULT_DECISION, errorDecision, PRIMARY_DECISION } from './compile.js';
import { displayOf, type PermissionDecision, type PermissionErrorReason } from './decision.js';
import type { CellValue } from './model.js';
import type { PermissionFindingCode } from './validate.js';

/**
 * A contact's effective grid: one row per resource, in tree order, and one cell per action of
 * each row. Name a row as `EffectiveGrid['rows'][number]`, a cell as
 * `EffectiveGrid['rows'][number]['cells'][number]`.
 */
export interface EffectiveGrid {
  readonly contact: string;
  /** Column order. */
  readonly actions: readonly string[];
  /** Rows in tree order (pre-order); empty when the tree itself is invalid. */
  readonly rows: readonly {
    readonly id: string;
    readonly label: string;
    /** 0 for the root. */
    readonly depth: number;
    /** Ids from the root joined by `/`. */
    readonly path: string;
    /** One cell per action of the tree, in column order. */
    readonly cells: readonly {
      readonly action: string;
      /**
       * The cell's text as the portal shows it: `'Allow'` / `'Deny'` (the contact's own cell),
       * `'(Allow)'` / `'(Deny)'` (inherited: an ancestor's cell, a role, the primary rule),
       * `'(None)'` (nothing on the path), `'-'` (the resource does not have the action) or
       * `'Error'` (the query failed closed).
       */
      readonly display: 'Allow' | 'Deny' | '(Allow)' | '(Deny)' | '(None)' | '-' | 'Error';
      /** The same decision `resolve(contact, resource, action)` returns, with what decided it. */
      readonly decision: PermissionDecision;
      /** The contact's own stored value (`'inherit'` when none), or `null` on a `-` cell. */
      readonly stored: CellValue | null;
    }[];
  }[];
  /**
   * `null` when the cells were resolved normally; otherwise the reason every cell is `error`
   * (`unknown-contact`, or the finding that poisons the contact) or, with no rows, the tree's
   * finding code.
   */
  readonly error: PermissionFindingCode | 'unknown-action' | null;
}

/** One resource row of the grid. */
type GridRow = EffectiveGrid['rows'][number];
/** One cell of the grid. */
type GridCell = GridRow['cells'][number];

/**
 * Computes `contact`'s grid over a compiled model in one pass.
 * @internal Use `resolver.effectiveGrid(contact)`.
 */
export function computeGrid(compiled: CompiledModel, contactId: string): EffectiveGrid {
  const { actions, nodes } = compiled;
  if (compiled.treeFinding !== null) {
    return Object.freeze({ contact: contactId, actions, rows: Object.freeze([]), error: compiled.treeFinding.code });
  }
  const contact = compiled.contacts.get(contactId);
  const failure: PermissionErrorReason | null =
    contact === undefined ? 'unknown-contact' : contact.finding === null ? null : contact.finding.code;
  const width = actions.length;
  // Deciding cell per (node, action) in each layer; index node.index * width + action.
  const ownAt: (CompiledCell | null)[] = new Array<CompiledCell | null>(nodes.length * width).fill(null);
  const roleAt: (CompiledCell | null)[] = new Array<CompiledCell | null>(nodes.length * width).fill(null);
  const rows: GridRow[] = [];

  for (const node of nodes) {
    const base = node.index * width;
    const parentBase = node.parent === null ? -1 : node.parent.index * width;
    const cells: GridCell[] = [];
    for (let a = 0; a < width; a++) {
      const action = actions[a] as string;
      const has = node.has[a] === true;
      const ownHere = has && contact !== undefined ? (contact.own.get(base + a) ?? null) : null;
      const roleHere = has && contact !== undefined ? (contact.fromRoles.get(base + a) ?? null) : null;
      const ownAbove = parentBase < 0 ? null : (ownAt[parentBase + a] ?? null);
      const roleAbove = parentBase < 0 ? null : (roleAt[parentBase + a] ?? null);
      const own = carry(ownAbove, ownHere, compiled.stickyDeny);
      const role = carry(roleAbove, roleHere, compiled.stickyDeny);
      ownAt[base + a] = own;
      roleAt[base + a] = role;

      let decision: PermissionDecision;
      if (failure !== null) decision = errorDecision(failure);
      else if (!has) decision = node.notApplicable;
      else if (contact?.primary === true) decision = PRIMARY_DECISION;
      else if (own !== null) decision = own.node === node ? own.here : own.above;
      else if (role !== null) decision = role.node === node ? role.here : role.above;
      else decision = DEFAULT_DECISION;
      const stored: CellValue | null = has ? (ownHere?.value ?? 'inherit') : null;
      cells.push(Object.freeze({ action, display: displayOf(decision), decision, stored }));
    }
    const { id, label, depth, path } = node;
    rows.push(Object.freeze({ id, label, depth, path, cells: Object.freeze(cells) }));
  }
  return Object.freeze({ contact: contactId, actions, rows: Object.freeze(rows), error: failure });
}

/**
 * The deciding cell at a node, from the one inherited from the parent and the one stored here.
 * Without `stickyDeny` a stored value overrides; with it an inherited `deny` is final.
 */
function carry(above: CompiledCell | null, here: CompiledCell | null, stickyDeny: boolean): CompiledCell | null {
  if (stickyDeny && above !== null && above.value === 'deny') return above;
  return here ?? above;
}
