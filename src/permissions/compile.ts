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
import type { InspectedModel, NormalizedCell, NormalizedResource, ScopedFinding } from './validate.js';

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
  /** The frozen `not-applicable` decision for this node. */
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
  const nodes = layOutTree(inspected.resources, actions);
  const nodeById = new Map(nodes.map((node) => [node.id, node] as const));
  const keyOf = (cell: NormalizedCell): CellKey | null => {
    const node = nodeById.get(cell.resource);
    const a = actionIndex.get(cell.action);
    return node === undefined || a === undefined ? null : { key: node.index * actions.length + a, node };
  };
  return { ...empty, nodes, nodeById, contacts: compileContacts(inspected, keyOf) };
}

/** A cell's place in a layer: `node.index * actionCount + actionIndex`, and its node. */
interface CellKey {
  readonly key: number;
  readonly node: CompiledNode;
}

/**
 * Lays out a valid tree (unique ids, one root, every parent known, no cycle) in pre-order:
 * parents before children, siblings in model order.
 */
function layOutTree(resources: readonly NormalizedResource[], actions: readonly string[]): CompiledNode[] {
  const children = new Map<string | null, NormalizedResource[]>();
  for (const resource of resources) {
    const list = children.get(resource.parent);
    if (list === undefined) children.set(resource.parent, [resource]);
    else list.push(resource);
  }
  const nodes: CompiledNode[] = [];
  const roots = children.get(null) ?? [];
  const stack: { resource: NormalizedResource; parent: CompiledNode | null }[] = roots.map((resource) => ({ resource, parent: null }));
  while (stack.length > 0) {
    const { resource, parent } = stack.pop() as { resource: NormalizedResource; parent: CompiledNode | null };
    const { id } = resource;
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
      notApplicable: Object.freeze({ decision: 'not-applicable', decidedBy: path, inherited: false, source: 'tree' }),
    });
    nodes.push(node);
    const kids = children.get(id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ resource: kids[i] as NormalizedResource, parent: node });
  }
  return nodes;
}

/** Every contact with its own cells, its merged role cells and the first finding that poisons it. */
function compileContacts(inspected: InspectedModel, keyOf: (cell: NormalizedCell) => CellKey | null): ReadonlyMap<string, CompiledContact> {
  const { findings } = inspected;
  const firstByContact = firstFindings(findings, 'contact');
  const firstByRole = firstFindings(findings, 'role');
  const mergedByRoleList = new Map<string, ReadonlyMap<number, CompiledCell>>();
  const contacts = new Map<string, CompiledContact>();
  for (const contact of inspected.contacts) {
    let first = firstByContact.get(contact.id) ?? Infinity;
    for (const roleId of contact.roles) first = Math.min(first, firstByRole.get(roleId) ?? Infinity);
    const own = new Map<number, CompiledCell>();
    for (const cell of inspected.grants.get(contact.id) ?? []) {
      const keyed = keyOf(cell);
      if (keyed !== null) own.set(keyed.key, makeCell(cell.value, keyed.node, 'contact', []));
    }
    // Each distinct role list is merged once and shared.
    const list = contact.roles.join(',');
    let fromRoles = mergedByRoleList.get(list);
    if (fromRoles === undefined) {
      fromRoles = mergeRoles(contact.roles, inspected.roles, keyOf);
      mergedByRoleList.set(list, fromRoles);
    }
    contacts.set(
      contact.id,
      Object.freeze({
        id: contact.id,
        primary: contact.primary,
        roles: Object.freeze([...contact.roles]),
        finding: findings[first] ?? null,
        own,
        fromRoles,
      }),
    );
  }
  return contacts;
}

/** The index of the first finding (in model order) scoped to each contact or each role. */
function firstFindings(findings: readonly ScopedFinding[], kind: 'contact' | 'role'): Map<string, number> {
  const first = new Map<string, number>();
  findings.forEach(({ scope }, i) => {
    if (scope.kind === kind && !first.has(scope.id)) first.set(scope.id, i);
  });
  return first;
}

/**
 * The role cells of `roleIds` merged into one layer: deny beats allow at one node; the source
 * names every role holding the winning value, in the contact's role order.
 */
function mergeRoles(
  roleIds: readonly string[],
  roleCells: ReadonlyMap<string, readonly NormalizedCell[]>,
  keyOf: (cell: NormalizedCell) => CellKey | null,
): ReadonlyMap<number, CompiledCell> {
  const pending = new Map<number, { value: 'allow' | 'deny'; node: CompiledNode; roles: string[] }>();
  for (const roleId of roleIds) {
    for (const cell of roleCells.get(roleId) ?? []) {
      const keyed = keyOf(cell);
      if (keyed === null) continue;
      const seen = pending.get(keyed.key);
      if (seen === undefined || (seen.value === 'allow' && cell.value === 'deny')) {
        pending.set(keyed.key, { value: cell.value, node: keyed.node, roles: [roleId] });
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
  return merged;
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
