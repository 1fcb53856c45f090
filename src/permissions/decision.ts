/**
 * What a permission query answers: the decision, what decided it, and how the grid shows it.
 *
 * Shapes follow docs/design.md, "Permissions: the decision procedure" (`resolve` → `{ decision,
 * decidedBy, inherited, source, reason? }`) and the portal's display strings.
 * @module
 */
import type { PermissionModelFinding } from '../core/errors.js';
import type { PermissionFindingCode } from './validate.js';

/**
 * The answer to `resolve(contact, resource, action)`, told apart by `decision`.
 *
 * - `allow` / `deny`: `decidedBy` is the deciding resource's path of ids from the root joined by
 *   `/` (`'portal/profile'`), or `'primary'` / `'default'`; `inherited` is `true` unless the
 *   contact's own cell on the queried resource decided; `source` is where the value came from:
 *   `'contact'` (the contact's own cell), `'role:<ids>'` (the contact's roles: the deciding role
 *   ids, joined by `,`, in the contact's role order), `'primary'` (the primary-contact rule) or
 *   `'default'` (the default deny).
 * - `not-applicable`: the resource does not have the action (a `-` cell); `decidedBy` is the
 *   queried resource's path, `source` is `'tree'`.
 * - `error`: the model or the query is invalid; `decidedBy` and `source` are `null`, `reason`
 *   says why: a {@link PermissionFindingCode} (of the model, or `unknown-contact`,
 *   `unknown-resource`) or `'unknown-action'`. Never an allow.
 */
export type PermissionDecision =
  | {
      readonly decision: 'allow' | 'deny';
      readonly decidedBy: string;
      readonly inherited: boolean;
      readonly source: 'contact' | `role:${string}` | 'primary' | 'default';
    }
  | {
      readonly decision: 'not-applicable';
      readonly decidedBy: string;
      readonly inherited: false;
      readonly source: 'tree';
    }
  | {
      readonly decision: 'error';
      readonly decidedBy: null;
      readonly inherited: false;
      readonly source: null;
      readonly reason: PermissionFindingCode | 'unknown-action';
    };

/** @internal Why a query is an `error`: a model finding code, or an unknown contact, resource or action. */
export type PermissionErrorReason = Extract<PermissionDecision, { decision: 'error' }>['reason'];

/**
 * The answer to `explain(contact, resource, action)`: the decision plus the trail of nodes and
 * layers visited, nearest first, the findings behind an `error`, and a one-line summary for logs
 * and audit screens (ids only, never secrets).
 */
export type PermissionExplanation = PermissionDecision & {
  /** One step per node visited in one layer, or per rule applied. */
  readonly trail: readonly {
    /**
     * `'tree'` (the action is not on the resource), `'primary'` (the primary-contact rule),
     * `'contact'` (the contact's own cells), `'role'` (the roles' cells, merged per node, deny
     * winning) or `'default'` (nothing decided: deny).
     */
    readonly layer: 'tree' | 'primary' | 'contact' | 'role' | 'default';
    /** The visited resource's path (`'portal/profile'`), or `null` for `primary` and `default`. */
    readonly resource: string | null;
    /**
     * The value found: `'allow'`, `'deny'`, `'inherit'` (nothing stored), or `'-'` (the node does
     * not have the action and is transparent).
     */
    readonly value: 'allow' | 'deny' | 'inherit' | '-';
    /** In the `role` layer, the role ids holding `value` at that node; otherwise empty. */
    readonly roles: readonly string[];
    /** `true` for the step that decided. */
    readonly decisive: boolean;
  }[];
  readonly findings: readonly PermissionModelFinding[];
  readonly summary: string;
};

/** @internal One step of an explanation's trail. */
export type ExplainStep = PermissionExplanation['trail'][number];

/** @internal The portal grid's cell text; `'Error'` marks a cell whose query failed closed. */
export type GridDisplay = 'Allow' | 'Deny' | '(Allow)' | '(Deny)' | '(None)' | '-' | 'Error';

/**
 * The grid text for a decision, as the portal shows it: the contact's own explicit cell on the
 * resource → `Allow` / `Deny`; anything inherited (an ancestor's cell, a role, the primary
 * rule) → `(Allow)` / `(Deny)`; nothing on the path → `(None)`; an action the resource does not
 * have → `-`; a failed query → `Error`.
 * @param decision - a decision from `resolve` or `effectiveGrid`.
 * @returns the display string.
 */
export function displayOf(decision: PermissionDecision): GridDisplay {
  switch (decision.decision) {
    case 'not-applicable':
      return '-';
    case 'error':
      return 'Error';
    case 'allow':
      return decision.inherited || decision.source === 'primary' ? '(Allow)' : 'Allow';
    case 'deny':
      if (decision.source === 'default') return '(None)';
      return decision.inherited ? '(Deny)' : 'Deny';
  }
}
