/**
 * The permission resolver: docs/design.md, "Permissions: the decision procedure", rules 1–6.
 *
 * The model is validated and compiled once, at construction, into a snapshot (later changes to
 * the object passed in have no effect). A query then walks resource → parent → … → root over
 * precomputed parent pointers: O(depth), no allocation for `resolve` and `can`. `resolve` never
 * throws on bad data; an invalid model or query is an `error` decision, never an allow.
 * @module
 */
import type { PermissionModelFinding } from '../core/errors.js';
import { assertBoolean, assertOptions, assertString } from '../internal/assert.js';
import {
  type CompiledCell,
  type CompiledModel,
  type CompiledNode,
  compileModel,
  DEFAULT_DECISION,
  errorDecision,
  PRIMARY_DECISION,
} from './compile.js';
import type { ExplainStep, PermissionDecision, PermissionExplanation } from './decision.js';
import { computeGrid, type EffectiveGrid } from './grid.js';
import type { PermissionModel } from './model.js';
import { ownOption } from './read.js';
import { inspectModel } from './validate.js';

/** A resolver over one compiled model; see {@link createPermissionResolver}. */
export interface PermissionResolver {
  /** `true` when `validate(model)` found nothing. */
  readonly valid: boolean;
  /** Every finding of `validate(model)`, in model order. */
  readonly findings: readonly PermissionModelFinding[];
  /** Whether the `stickyDeny` mode is on. */
  readonly stickyDeny: boolean;
  /** The action vocabulary, in column order (empty when the tree is invalid). */
  readonly actions: readonly string[];
  /** The resources as the resolver knows them, in tree order (pre-order); empty when the tree is invalid. */
  readonly resources: readonly {
    readonly id: string;
    readonly label: string;
    /** The parent's id, `null` for the root. */
    readonly parent: string | null;
    /** 0 for the root. */
    readonly depth: number;
    /** Ids from the root joined by `/`. */
    readonly path: string;
    /** The actions the resource has, in column order. */
    readonly actions: readonly string[];
  }[];
  /**
   * Decides whether `contact` may do `action` on `resource` (rules 1–6).
   * @returns a frozen {@link PermissionDecision}; `error` for an invalid model, an unknown contact,
   *   resource or action, or a contact poisoned by a finding.
   * @throws TypeError if an argument is not a string.
   */
  resolve(contact: string, resource: string, action: string): PermissionDecision;
  /**
   * `true` only when {@link PermissionResolver.resolve} says `allow`.
   * @throws TypeError if an argument is not a string.
   */
  can(contact: string, resource: string, action: string): boolean;
  /**
   * {@link PermissionResolver.resolve} plus the trail of nodes and layers visited, nearest first.
   * @throws TypeError if an argument is not a string.
   */
  explain(contact: string, resource: string, action: string): PermissionExplanation;
  /**
   * Every cell of `contact`'s grid in one top-down pass; equal to `resolve` cell for cell.
   * @throws TypeError if `contact` is not a string.
   */
  effectiveGrid(contact: string): EffectiveGrid;
  /**
   * The contact as the resolver knows it: id, primary flag, roles and `valid` (`false` when a
   * finding poisons the contact: its queries are `error` decisions); `null` if not on the account
   * (or the model is invalid).
   */
  contact(contact: string): {
    readonly id: string;
    readonly primary: boolean;
    readonly roles: readonly string[];
    readonly valid: boolean;
  } | null;
}

/**
 * Builds a resolver for `model` (docs/design.md, "Permissions: the decision procedure").
 *
 * `resolve(contact, resource, action)` applies, in order:
 * 1. a model-wide finding (cycle, duplicate id, unknown parent, several or no roots, a
 *    malformed section, two primary contacts) → `error` with that finding's code;
 * 2. an unknown contact, resource or action → `error` (`unknown-contact`, `unknown-resource`,
 *    `unknown-action`), never a fallback to the root; then a finding in the contact's own cells
 *    or in one of its roles → `error` with that finding's code (fail closed for that contact);
 * 3. an action the resource does not have → `not-applicable`, no walk;
 * 4. the primary contact → `allow` (`decidedBy: 'primary'`);
 * 5. the walk up the contact's own cells (the first `allow`/`deny` decides; nodes without the
 *    action are transparent), then the same walk over its roles' cells, `deny` beating `allow`
 *    between roles at one node;
 * 6. nothing found → `deny` (`decidedBy: 'default'`), the grid's "(None)".
 * @param model - a {@link PermissionModel}, read as untrusted data: own data properties only
 *   (never a prototype or a getter), each list and record within its size cap (`MAX_ACTIONS`,
 *   `MAX_RESOURCES`, `MAX_CONTACTS`, `MAX_ROLES`, `MAX_CONTACT_ROLES`, `MAX_CELLS`). Any value
 *   is accepted and reading it never throws: an invalid, over-cap or unreadable one (`unreadable`:
 *   an accessor, a proxy trap that throws) yields a resolver whose every query is an `error`.
 *   Construction is linear in the model's size.
 * @param options - own properties only (an inherited `stickyDeny` is ignored). `stickyDeny`: make
 *   an explicit `deny` final for everything below it, within its layer: on the path from the
 *   resource to the root, the `deny` nearest the root decides, and a nearer `allow` in the same
 *   layer no longer overrides it; the contact's own cells still come before its roles'. Default
 *   `false` (the nearest explicit value decides, as in the portal).
 * @returns a {@link PermissionResolver} over a snapshot of `model`.
 * @throws TypeError if `options` is not an object or `stickyDeny` is not a boolean.
 * @example
 * const permissions = createPermissionResolver(model);
 * if (!permissions.can(contactId, 'client-profile', 'view')) return forbidden();
 */
export function createPermissionResolver(model: unknown, options?: { stickyDeny?: boolean }): PermissionResolver {
  const stickyDeny = assertBoolean('stickyDeny', ownOption(assertOptions('options', options), 'stickyDeny') ?? false);
  const inspected = inspectModel(model);
  const compiled = compileModel(inspected, stickyDeny);
  const findings: readonly PermissionModelFinding[] = Object.freeze(
    inspected.findings.map(({ code, path }) => Object.freeze({ code, path })),
  );
  const resources = Object.freeze(
    compiled.nodes.map((node) =>
      Object.freeze({
        id: node.id,
        label: node.label,
        parent: node.parent === null ? null : node.parent.id,
        depth: node.depth,
        path: node.path,
        actions: Object.freeze(compiled.actions.filter((_, a) => node.has[a] === true)),
      }),
    ),
  );

  const resolver: PermissionResolver = {
    valid: findings.length === 0,
    findings,
    stickyDeny,
    actions: compiled.actions,
    resources,
    resolve(contact, resource, action) {
      checkQuery(contact, resource, action);
      return decide(compiled, contact, resource, action, null);
    },
    can(contact, resource, action) {
      checkQuery(contact, resource, action);
      return decide(compiled, contact, resource, action, null).decision === 'allow';
    },
    explain(contact, resource, action) {
      checkQuery(contact, resource, action);
      const trail: TrailStep[] = [];
      const decision = decide(compiled, contact, resource, action, trail);
      return explanation(compiled, contact, decision, trail);
    },
    effectiveGrid(contact) {
      assertString('contact', contact);
      return computeGrid(compiled, contact);
    },
    contact(contact) {
      assertString('contact', contact);
      const found = compiled.contacts.get(contact);
      if (found === undefined) return null;
      return Object.freeze({ id: found.id, primary: found.primary, roles: found.roles, valid: found.finding === null });
    },
  };
  return Object.freeze(resolver);
}

function checkQuery(contact: unknown, resource: unknown, action: unknown): void {
  assertString('contact', contact);
  assertString('resource', resource);
  assertString('action', action);
}

/** A trail step under construction (`decisive` is set once the layer is done). */
type TrailStep = { -readonly [K in keyof ExplainStep]: ExplainStep[K] };

/** Rules 1–6 for one query; records the visited steps in `trail` when given. */
function decide(
  compiled: CompiledModel,
  contactId: string,
  resourceId: string,
  action: string,
  trail: TrailStep[] | null,
): PermissionDecision {
  if (compiled.treeFinding !== null) return errorDecision(compiled.treeFinding.code);
  const contact = compiled.contacts.get(contactId);
  if (contact === undefined) return errorDecision('unknown-contact');
  const node = compiled.nodeById.get(resourceId);
  if (node === undefined) return errorDecision('unknown-resource');
  const a = compiled.actionIndex.get(action);
  if (a === undefined) return errorDecision('unknown-action');
  if (contact.finding !== null) return errorDecision(contact.finding.code);
  if (node.has[a] !== true) {
    trail?.push({ layer: 'tree', resource: node.path, value: '-', roles: [], decisive: true });
    return node.notApplicable;
  }
  if (contact.primary) {
    trail?.push({ layer: 'primary', resource: null, value: 'allow', roles: [], decisive: true });
    return PRIMARY_DECISION;
  }
  const width = compiled.actions.length;
  const cell =
    walk(contact.own, node, a, width, compiled.stickyDeny, trail, 'contact') ??
    walk(contact.fromRoles, node, a, width, compiled.stickyDeny, trail, 'role');
  if (cell === null) {
    trail?.push({ layer: 'default', resource: null, value: 'deny', roles: [], decisive: true });
    return DEFAULT_DECISION;
  }
  return cell.node === node ? cell.here : cell.above;
}

/**
 * Walks one layer from `node` to the root. Without `stickyDeny` the first stored value decides;
 * with it, the `deny` nearest the root decides if there is one, else the nearest `allow`.
 */
function walk(
  cells: ReadonlyMap<number, CompiledCell>,
  node: CompiledNode,
  a: number,
  width: number,
  stickyDeny: boolean,
  trail: TrailStep[] | null,
  layer: 'contact' | 'role',
): CompiledCell | null {
  let found: CompiledCell | null = null;
  let decisiveStep: TrailStep | null = null;
  for (let at: CompiledNode | null = node; at !== null; at = at.parent) {
    if (at.has[a] !== true) {
      trail?.push({ layer, resource: at.path, value: '-', roles: [], decisive: false });
      continue;
    }
    const cell = cells.get(at.index * width + a);
    let step: TrailStep | null = null;
    if (trail !== null) {
      step = { layer, resource: at.path, value: cell?.value ?? 'inherit', roles: cell?.roles ?? [], decisive: false };
      trail.push(step);
    }
    if (cell === undefined) continue;
    if (found === null || cell.value === 'deny') {
      found = cell;
      decisiveStep = step;
    }
    if (!stickyDeny) break;
  }
  if (decisiveStep !== null) decisiveStep.decisive = true;
  return found;
}

function explanation(
  compiled: CompiledModel,
  contactId: string,
  decision: PermissionDecision,
  trail: readonly TrailStep[],
): PermissionExplanation {
  let cause: readonly PermissionModelFinding[] = [];
  if (decision.decision === 'error') {
    const finding = compiled.treeFinding ?? compiled.contacts.get(contactId)?.finding ?? null;
    if (finding !== null && finding.code === decision.reason) {
      cause = [Object.freeze({ code: finding.code, path: finding.path })];
    }
  }
  return Object.freeze({
    ...decision,
    trail: Object.freeze(trail.map((step) => Object.freeze({ ...step, roles: Object.freeze([...step.roles]) }))),
    findings: Object.freeze(cause),
    summary: summarize(decision),
  });
}

function summarize(decision: PermissionDecision): string {
  switch (decision.decision) {
    case 'error':
      return `error: ${decision.reason}`;
    case 'not-applicable':
      return `not-applicable: ${decision.decidedBy} does not have this action`;
    default: {
      const { source } = decision;
      if (source === 'primary') return 'allow: primary contact';
      if (source === 'default') return 'deny: no Allow or Deny on the path to the root (default)';
      const who = source === 'contact' ? 'contact cell' : `${source.slice('role:'.length)} role cell`;
      const how = decision.inherited ? 'inherited from' : 'set by';
      const value = decision.decision === 'allow' ? 'Allow' : 'Deny';
      return `${decision.decision}: ${how} ${who} ${value} at ${decision.decidedBy}`;
    }
  }
}
