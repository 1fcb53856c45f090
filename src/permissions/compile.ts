/**
 * Compiles a validated model into the structures the resolver and the grid read: nodes in
 * pre-order with parent pointers and precomputed paths, and per contact two cell maps (own cells,
 * merged role cells) keyed by `node.index * actionCount + actionIndex`.
 *
 * Every decision object a query can return is built here, once, and frozen; a query only picks
 * one. Linear in the inspected model: lookups go through Sets and Maps, and each distinct role
 * list is merged once (their total size is capped by validation, `MAX_CELLS`). Internal to the
 * permissions module.
 * @module
 */
import type { PermissionDecision, PermissionErrorReason } from './decision.js';
import type { InspectedModel, NormalizedCell, ScopedFinding } from './validate.js';

/** A resource as the resolver sees it. */
export interface CompiledNode {
  readonly id: string;
  readonly label: string;
  /** Position in pre-order (parents before children, siblings in model order). */
  readonly index: number;
  readonly parent: CompiledNode | null;
  readonly depth: number;
  /** Ids from the root joined by `/`. */
  readonly path: string;
  /** `has[actionIndex]`: the resource has that action. */
  readonly has: readonly boolean[];
  /** The frozen `not_applicable` decision for this node. */
  readonly notApplicable: PermissionDecision;
}

/** One stored `allow`/`deny` value in a layer, with the decisions it produces. */
export interface CompiledCell {
  readonly value: 'allow' | 'deny';
  readonly node: CompiledNode;
  /** `'contact'`, or `'role:<ids>'` for a merged role cell. */
  readonly source: 'contact' | `role:${string}`;
  /** The role ids holding `value` here (role cells only). */
  readonly roles: readonly string[];
  /** The decision when this cell sits on the queried node. */
  readonly here: PermissionDecision;
  /** The decision when this cell sits on an ancestor. */
  readonly above: PermissionDecision;
}

/** A contact as the resolver sees it. */
export interface CompiledContact {
  readonly id: string;
  readonly primary: boolean;
  readonly roles: readonly string[];
  /** The first finding that poisons this contact, or `null`. */
  readonly finding: ScopedFinding | null;
  readonly own: ReadonlyMap<number, CompiledCell>;
  readonly fromRoles: ReadonlyMap<number, CompiledCell>;
}

/** The compiled model. When `treeFinding` is set, nothing else is usable: every query errors. */
export interface CompiledModel {
  readonly treeFinding: ScopedFinding | null;
  readonly findings: readonly ScopedFinding[];
  readonly actions: readonly string[];
  readonly actionIndex: ReadonlyMap<string, number>;
  /** Pre-order. */
  readonly nodes: readonly CompiledNode[];
  readonly nodeById: ReadonlyMap<string, CompiledNode>;
  readonly contacts: ReadonlyMap<string, CompiledContact>;
  readonly stickyDeny: boolean;
}

/** The shared `allow` decision of the primary contact (rule 4). */
export const PRIMARY_DECISION: PermissionDecision = Object.freeze({
  decision: 'allow',
  decidedBy: 'primary',
  inherited: false,
  source: 'primary',
});

/** The shared default `deny` (rule 6, the grid's "(None)"). */
export const DEFAULT_DECISION: PermissionDecision = Object.freeze({
  decision: 'deny',
  decidedBy: 'default',
  inherited: true,
  source: 'default',
});

const errorDecisions = new Map<PermissionErrorReason, PermissionDecision>();

/** The shared frozen `error` decision for `reason`. */
export function errorDecision(reason: PermissionErrorReason): PermissionDecision {
  let decision = errorDecisions.get(reason);
  if (decision === undefined) {
    decision = Object.freeze({ decision: 'error', decidedBy: null, inherited: false, source: null, reason });
    errorDecisions.set(reason, decision);
  }
  return decision;
}

/** Builds the compiled model from an inspection (`inspectModel`). */
export function compileModel(inspected: InspectedModel, stickyDeny: boolean): CompiledModel {
  const { findings } = inspected;
  const actions = Object.freeze([...inspected.actions]);
  const actionIndex = new Map(actions.map((action, i) => [action, i] as const));
  const treeFinding = findings.find((finding) => finding.scope.kind === 'model') ?? null;
  const empty: CompiledModel = {
    treeFinding,
    findings,
    actions,
    actionIndex,
    nodes: [],
    nodeById: new Map(),
    contacts: new Map(),
    stickyDeny,
  };
  if (treeFinding !== null) return empty;

  // A valid tree: unique ids, one root, every parent known, no cycle. Lay it out in pre-order.
  const children = new Map<string | null, string[]>();
  const byId = new Map(inspected.resources.map((resource) => [resource.id, resource] as const));
  for (const resource of inspected.resources) {
    const list = children.get(resource.parent);
    if (list === undefined) children.set(resource.parent, [resource.id]);
    else list.push(resource.id);
  }
  const nodes: CompiledNode[] = [];
  const nodeById = new Map<string, CompiledNode>();
  const roots = children.get(null) ?? [];
  const stack: { id: string; parent: CompiledNode | null }[] = roots.map((id) => ({ id, parent: null }));
  while (stack.length > 0) {
    const { id, parent } = stack.pop() as { id: string; parent: CompiledNode | null };
    const resource = byId.get(id);
    if (resource === undefined) continue;
    const path = parent === null ? id : `${parent.path}/${id}`;
    const listed = new Set(resource.actions);
    const node: CompiledNode = Object.freeze({
      id,
      label: resource.label,
      index: nodes.length,
      parent,
      depth: parent === null ? 0 : parent.depth + 1,
      path,
      has: Object.freeze(actions.map((action) => listed.has(action))),
      notApplicable: Object.freeze({ decision: 'not_applicable', decidedBy: path, inherited: false, source: 'tree' }),
    });
    nodes.push(node);
    nodeById.set(id, node);
    const kids = children.get(id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ id: kids[i] as string, parent: node });
  }

  const width = actions.length;
  const keyOf = (cell: NormalizedCell): [number, CompiledNode] | null => {
    const node = nodeById.get(cell.resource);
    const a = actionIndex.get(cell.action);
    return node === undefined || a === undefined ? null : [node.index * width + a, node];
  };

  // Role cells merged per role set: deny beats allow at one node; the source names every role
  // holding the winning value, in the contact's role order.
  const mergedByRoleSet = new Map<string, ReadonlyMap<number, CompiledCell>>();
  const mergeRoles = (roleIds: readonly string[]): ReadonlyMap<number, CompiledCell> => {
    const setKey = roleIds.join(',');
    const cached = mergedByRoleSet.get(setKey);
    if (cached !== undefined) return cached;
    const pending = new Map<number, { value: 'allow' | 'deny'; node: CompiledNode; roles: string[] }>();
    for (const roleId of roleIds) {
      for (const cell of inspected.roles.get(roleId) ?? []) {
        const keyed = keyOf(cell);
        if (keyed === null) continue;
        const [key, node] = keyed;
        const seen = pending.get(key);
        if (seen === undefined || (seen.value === 'allow' && cell.value === 'deny')) {
          pending.set(key, { value: cell.value, node, roles: [roleId] });
        } else if (seen.value === cell.value && seen.roles[seen.roles.length - 1] !== roleId) {
          // Roles are visited one after another, so a role already listed here is the last one.
          seen.roles.push(roleId);
        }
      }
    }
    const merged = new Map<number, CompiledCell>();
    for (const [key, { value, node, roles }] of pending) {
      merged.set(key, makeCell(value, node, `role:${roles.join(',')}`, roles));
    }
    mergedByRoleSet.set(setKey, merged);
    return merged;
  };

  // The first finding (in model order) scoped to each contact and to each role.
  const firstFor = (kind: 'contact' | 'role'): Map<string, number> => {
    const first = new Map<string, number>();
    findings.forEach(({ scope }, i) => {
      if (scope.kind === kind && !first.has(scope.id)) first.set(scope.id, i);
    });
    return first;
  };
  const firstByContact = firstFor('contact');
  const firstByRole = firstFor('role');

  const contacts = new Map<string, CompiledContact>();
  for (const contact of inspected.contacts) {
    let first = firstByContact.get(contact.id) ?? Infinity;
    for (const roleId of contact.roles) first = Math.min(first, firstByRole.get(roleId) ?? Infinity);
    const finding = findings[first] ?? null;
    const own = new Map<number, CompiledCell>();
    for (const cell of inspected.grants.get(contact.id) ?? []) {
      const keyed = keyOf(cell);
      if (keyed !== null) own.set(keyed[0], makeCell(cell.value, keyed[1], 'contact', []));
    }
    contacts.set(
      contact.id,
      Object.freeze({
        id: contact.id,
        primary: contact.primary,
        roles: Object.freeze([...contact.roles]),
        finding,
        own,
        fromRoles: mergeRoles(contact.roles),
      }),
    );
  }
  return { ...empty, nodes, nodeById, contacts };
}

function makeCell(
  value: 'allow' | 'deny',
  node: CompiledNode,
  source: 'contact' | `role:${string}`,
  roles: readonly string[],
): CompiledCell {
  const above: PermissionDecision = Object.freeze({ decision: value, decidedBy: node.path, inherited: true, source });
  const here: PermissionDecision =
    source === 'contact' ? Object.freeze({ decision: value, decidedBy: node.path, inherited: false, source }) : above;
  return Object.freeze({ value, node, source, roles: Object.freeze([...roles]), here, above });
}
