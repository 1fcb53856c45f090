/**
 * Properties of the resolver over random models, checked against a naive reference resolver
 * written here from docs/design.md ("Permissions: the decision procedure") as a direct recursive
 * walk over the raw model, sharing no code with src/permissions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPermissionResolver, type PermissionModel } from '../../src/permissions/index.js';

type Value = 'allow' | 'deny' | 'inherit';
interface RawResource {
  id: string;
  label: string;
  parent: string | null;
  actions: string[];
}
interface RawModel {
  tree: { actions: string[]; resources: RawResource[] };
  contacts: { id: string; primary: boolean; roles: string[] }[];
  roles: Record<string, Record<string, Record<string, Value>>>;
  grants: Record<string, Record<string, Record<string, Value>>>;
}
interface RefDecision {
  decision: string;
  decidedBy: string | null;
  inherited: boolean;
  source: string | null;
}

// Hostile names on purpose: they must behave as ordinary ids.
const ACTION_POOL = ['view', 'create', 'update', 'delete', '__proto__', 'constructor'];
const RESOURCE_POOL = ['root', 'a', 'b', 'c', '__proto__', 'constructor', 'toString', 'hasOwnProperty'];
const CONTACT_POOL = ['owner', 'sec', '__proto__', 'constructor', 'x.y@example.com'];
const ROLE_POOL = ['ops', 'billing', 'valueOf', '__proto__'];

const VALUES: Value[] = ['allow', 'deny', 'inherit'];

/** Reads `record[key]` only when it is an own property. */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Builds a record with own keys even for `__proto__`. */
function record<T>(entries: [string, T][]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

const arbModel: fc.Arbitrary<{ model: RawModel; sticky: boolean }> = fc
  .record({
    actionCount: fc.integer({ min: 1, max: 4 }),
    actionOffset: fc.integer({ min: 0, max: ACTION_POOL.length - 1 }),
    size: fc.integer({ min: 1, max: 24 }),
    parents: fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
    masks: fc.array(fc.nat({ max: 15 }), { minLength: 24, maxLength: 24 }),
    order: fc.array(fc.double({ noNaN: true }), { minLength: 24, maxLength: 24 }),
    contactCount: fc.integer({ min: 1, max: CONTACT_POOL.length }),
    primary: fc.integer({ min: -1, max: CONTACT_POOL.length - 1 }),
    roleCount: fc.integer({ min: 0, max: ROLE_POOL.length }),
    roleMasks: fc.array(fc.nat({ max: 15 }), { minLength: CONTACT_POOL.length, maxLength: CONTACT_POOL.length }),
    cells: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.constantFrom(...VALUES)), { maxLength: 60 }),
    sticky: fc.boolean(),
  })
  .map((r) => {
    const actions = Array.from({ length: r.actionCount }, (_, i) => ACTION_POOL[(r.actionOffset + i) % ACTION_POOL.length] as string);
    const ids = Array.from({ length: r.size }, (_, i) => (i < RESOURCE_POOL.length ? (RESOURCE_POOL[i] as string) : `n${i}`));
    const resources: RawResource[] = ids.map((id, i) => ({
      id,
      label: id.toUpperCase(),
      parent: i === 0 ? null : (ids[(r.parents[i] as number) % i] as string),
      actions: actions.filter((_, a) => (((r.masks[i] as number) >> a) & 1) === 1),
    }));
    // Shuffle the array order: the tree must not depend on it (except sibling order).
    const shuffled = resources
      .map((res, i) => [r.order[i] as number, i, res] as const)
      .sort((x, y) => x[0] - y[0] || x[1] - y[1])
      .map(([, , res]) => res);
    const roleIds = ROLE_POOL.slice(0, r.roleCount);
    const contacts = CONTACT_POOL.slice(0, r.contactCount).map((id, i) => ({
      id,
      primary: i === r.primary,
      roles: roleIds.filter((_, k) => (((r.roleMasks[i] as number) >> k) & 1) === 1),
    }));
    const owners: { kind: 'grant' | 'role'; id: string }[] = [
      ...contacts.map((c) => ({ kind: 'grant' as const, id: c.id })),
      ...roleIds.map((id) => ({ kind: 'role' as const, id })),
    ];
    const layers = new Map<string, Map<string, Map<string, Value>>>();
    for (const [o, res, a, value] of r.cells) {
      const owner = owners[o % owners.length];
      const resource = resources[res % resources.length] as RawResource;
      if (owner === undefined || resource.actions.length === 0) continue;
      const action = resource.actions[a % resource.actions.length] as string;
      const key = `${owner.kind}\u0000${owner.id}`;
      const layer = layers.get(key) ?? new Map<string, Map<string, Value>>();
      layers.set(key, layer);
      const row = layer.get(resource.id) ?? new Map<string, Value>();
      layer.set(resource.id, row);
      row.set(action, value);
    }
    const section = (kind: string, owned: string[]) =>
      record(
        owned
          .filter((id) => layers.has(`${kind}\u0000${id}`))
          .map((id) => [id, record([...(layers.get(`${kind}\u0000${id}`) ?? [])].map(([res, row]) => [res, record([...row])]))]),
      );
    const model: RawModel = {
      tree: { actions, resources: shuffled },
      contacts,
      // Every role referenced exists, even with no cells.
      roles: record(roleIds.map((id) => [id, own(section('role', roleIds), id) ?? {}])),
      grants: section(
        'grant',
        contacts.map((c) => c.id),
      ),
    };
    return { model, sticky: r.sticky };
  });

/** The naive reference: rules 1–6, by recursion on the raw model. */
function reference(model: RawModel, sticky: boolean, contactId: string, resourceId: string, action: string): RefDecision {
  const error = { decision: 'error', decidedBy: null, inherited: false, source: null };
  const find = (id: string) => model.tree.resources.find((r) => r.id === id);
  const contact = model.contacts.find((c) => c.id === contactId);
  if (contact === undefined) return error;
  const resource = find(resourceId);
  if (resource === undefined || !model.tree.actions.includes(action)) return error;
  const pathOf = (r: RawResource): string => (r.parent === null ? r.id : `${pathOf(find(r.parent) as RawResource)}/${r.id}`);
  const lineage = (r: RawResource): RawResource[] => (r.parent === null ? [r] : [r, ...lineage(find(r.parent) as RawResource)]);
  if (!resource.actions.includes(action)) {
    return { decision: 'not-applicable', decidedBy: pathOf(resource), inherited: false, source: 'tree' };
  }
  if (contact.primary) return { decision: 'allow', decidedBy: 'primary', inherited: false, source: 'primary' };
  const path = lineage(resource).filter((r) => r.actions.includes(action));

  const ownHits = path
    .map((r) => ({ r, v: own(own(own(model.grants, contactId), r.id), action) }))
    .filter((hit) => hit.v === 'allow' || hit.v === 'deny');
  const pickHit = <T extends { v: unknown }>(hits: T[]): T | undefined => {
    if (!sticky) return hits[0];
    const denies = hits.filter((hit) => hit.v === 'deny');
    return denies.length > 0 ? denies[denies.length - 1] : hits[0];
  };
  const ownHit = pickHit(ownHits);
  if (ownHit !== undefined) {
    return { decision: ownHit.v as string, decidedBy: pathOf(ownHit.r), inherited: ownHit.r !== resource, source: 'contact' };
  }

  const roleHits = path
    .map((r) => {
      const values = contact.roles.map((role) => ({ role, v: own(own(own(model.roles, role), r.id), action) }));
      const deniers = values.filter((x) => x.v === 'deny').map((x) => x.role);
      const allowers = values.filter((x) => x.v === 'allow').map((x) => x.role);
      if (deniers.length > 0) return { r, v: 'deny', roles: deniers };
      if (allowers.length > 0) return { r, v: 'allow', roles: allowers };
      return { r, v: 'inherit', roles: [] as string[] };
    })
    .filter((hit) => hit.v !== 'inherit');
  const roleHit = pickHit(roleHits);
  if (roleHit !== undefined) {
    return { decision: roleHit.v, decidedBy: pathOf(roleHit.r), inherited: true, source: `role:${roleHit.roles.join(',')}` };
  }
  return { decision: 'deny', decidedBy: 'default', inherited: true, source: 'default' };
}

function referenceDisplay(d: RefDecision): string {
  if (d.decision === 'not-applicable') return '-';
  if (d.decision === 'error') return 'Error';
  if (d.source === 'default') return '(None)';
  const word = d.decision === 'allow' ? 'Allow' : 'Deny';
  return d.source === 'contact' && !d.inherited ? word : `(${word})`;
}

const core = (d: { decision: string; decidedBy: string | null; inherited: boolean; source: string | null }): RefDecision => ({
  decision: d.decision,
  decidedBy: d.decidedBy,
  inherited: d.inherited,
  source: d.source,
});

describe('resolver properties', () => {
  it('random valid models validate cleanly', () => {
    fc.assert(
      fc.property(arbModel, ({ model }) => {
        expect(createPermissionResolver(model as PermissionModel).findings).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('effectiveGrid and resolve equal the reference for every cell (1,000 models)', () => {
    fc.assert(
      fc.property(arbModel, ({ model, sticky }) => {
        const resolver = createPermissionResolver(model as PermissionModel, { stickyDeny: sticky });
        for (const contact of model.contacts) {
          const grid = resolver.effectiveGrid(contact.id);
          expect(grid.error).toBeNull();
          expect(grid.rows.length).toBe(model.tree.resources.length);
          const got: unknown[] = [];
          const want: unknown[] = [];
          for (const row of grid.rows) {
            expect(row.cells.map((cell) => cell.action)).toEqual(model.tree.actions);
            for (const cell of row.cells) {
              const expected = reference(model, sticky, contact.id, row.id, cell.action);
              const resolved = resolver.resolve(contact.id, row.id, cell.action);
              const can = resolver.can(contact.id, row.id, cell.action);
              got.push([row.id, cell.action, core(cell.decision), core(resolved), cell.display, can]);
              want.push([row.id, cell.action, expected, expected, referenceDisplay(expected), expected.decision === 'allow']);
            }
          }
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('grid rows list parents before children', () => {
    fc.assert(
      fc.property(arbModel, ({ model }) => {
        const resolver = createPermissionResolver(model as PermissionModel);
        const grid = resolver.effectiveGrid(model.contacts[0]?.id ?? '');
        const seen = new Set<string>();
        for (const row of grid.rows) {
          const parent = model.tree.resources.find((r) => r.id === row.id)?.parent ?? null;
          if (parent !== null) expect(seen.has(parent)).toBe(true);
          seen.add(row.id);
        }
      }),
      { numRuns: 200 },
    );
  });
});

type Corruption = (model: RawModel, pick: number) => { scope: 'all' | string[]; code: string } | null;

/** Targeted corruptions, each with the scope it must poison and the finding it must raise. */
const corruptions: Record<string, Corruption> = {
  cycle(model, pick) {
    const nonRoot = model.tree.resources.filter((r) => r.parent !== null);
    const victim = nonRoot[pick % Math.max(1, nonRoot.length)];
    if (victim === undefined) return null;
    victim.parent = victim.id;
    return { scope: 'all', code: 'tree-cycle' };
  },
  duplicateId(model, pick) {
    const copy = model.tree.resources[pick % model.tree.resources.length] as RawResource;
    model.tree.resources.push({ ...copy, parent: model.tree.resources.find((r) => r.parent === null)?.id ?? null });
    return { scope: 'all', code: 'duplicate-resource-id' };
  },
  unknownParent(model, pick) {
    const nonRoot = model.tree.resources.filter((r) => r.parent !== null);
    const victim = nonRoot[pick % Math.max(1, nonRoot.length)];
    if (victim === undefined) return null;
    victim.parent = 'missing';
    return { scope: 'all', code: 'unknown-parent' };
  },
  secondRoot(model, pick) {
    const nonRoot = model.tree.resources.filter((r) => r.parent !== null);
    const victim = nonRoot[pick % Math.max(1, nonRoot.length)];
    if (victim === undefined) return null;
    victim.parent = null;
    return { scope: 'all', code: 'multiple-roots' };
  },
  twoPrimaries(model) {
    if (model.contacts.length < 2) return null;
    for (const contact of model.contacts) contact.primary = true;
    return { scope: 'all', code: 'multiple-primary-contacts' };
  },
  grantOnUnknownResource(model, pick) {
    const contact = model.contacts[pick % model.contacts.length] as RawModel['contacts'][number];
    const cells = own(model.grants, contact.id) ?? {};
    Object.defineProperty(model.grants, contact.id, { value: cells, enumerable: true, configurable: true, writable: true });
    Object.defineProperty(cells, 'gone', { value: { [model.tree.actions[0] as string]: 'allow' }, enumerable: true });
    return { scope: [contact.id], code: 'unknown-resource-in-grant' };
  },
  grantOnDashCell(model, pick) {
    const contact = model.contacts[pick % model.contacts.length] as RawModel['contacts'][number];
    const target = model.tree.resources.find((r) => r.actions.length < model.tree.actions.length);
    if (target === undefined) return null;
    const action = model.tree.actions.find((a) => !target.actions.includes(a)) as string;
    const cells = own(model.grants, contact.id) ?? {};
    Object.defineProperty(model.grants, contact.id, { value: cells, enumerable: true, configurable: true, writable: true });
    const row = own(cells, target.id) ?? {};
    Object.defineProperty(cells, target.id, { value: row, enumerable: true, configurable: true, writable: true });
    Object.defineProperty(row, action, { value: 'allow', enumerable: true, configurable: true, writable: true });
    return { scope: [contact.id], code: 'grant-on-not-applicable-cell' };
  },
  grantBadValue(model, pick) {
    const contact = model.contacts[pick % model.contacts.length] as RawModel['contacts'][number];
    const target = model.tree.resources.find((r) => r.actions.length > 0);
    if (target === undefined) return null;
    const cells = own(model.grants, contact.id) ?? {};
    Object.defineProperty(model.grants, contact.id, { value: cells, enumerable: true, configurable: true, writable: true });
    Object.defineProperty(cells, target.id, { value: { [target.actions[0] as string]: 'ALLOW' }, enumerable: true, configurable: true });
    return { scope: [contact.id], code: 'invalid-grant-value' };
  },
  grantUnknownAction(model, pick) {
    const contact = model.contacts[pick % model.contacts.length] as RawModel['contacts'][number];
    const target = model.tree.resources[0] as RawResource;
    const cells = own(model.grants, contact.id) ?? {};
    Object.defineProperty(model.grants, contact.id, { value: cells, enumerable: true, configurable: true, writable: true });
    Object.defineProperty(cells, target.id, { value: { export: 'allow' }, enumerable: true, configurable: true });
    return { scope: [contact.id], code: 'unknown-action-in-grant' };
  },
  badRole(model, pick) {
    const role = 'broken';
    const target = model.tree.resources[0] as RawResource;
    Object.defineProperty(model.roles, role, { value: { [target.id]: { nope: 'allow' } }, enumerable: true, configurable: true });
    const holder = model.contacts[pick % model.contacts.length] as RawModel['contacts'][number];
    holder.roles.push(role);
    return { scope: [holder.id], code: 'unknown-action-in-grant' };
  },
  unknownRole(model, pick) {
    const holder = model.contacts[pick % model.contacts.length] as RawModel['contacts'][number];
    holder.roles.push('nobody_defined_this');
    return { scope: [holder.id], code: 'unknown-role' };
  },
};

describe('malformed models never produce an allow', () => {
  it('targeted corruptions fail closed in their scope and are reported', () => {
    fc.assert(
      fc.property(arbModel, fc.constantFrom(...Object.keys(corruptions)), fc.nat(), ({ model, sticky }, name, pick) => {
        // Grant every applicable cell to everyone first, so a leak would show up as an allow.
        const root = model.tree.resources.find((r) => r.parent === null) as RawResource;
        for (const contact of model.contacts) {
          Object.defineProperty(model.grants, contact.id, {
            value: record([[root.id, record(root.actions.map((a) => [a, 'allow' as Value]))]]),
            enumerable: true,
            configurable: true,
            writable: true,
          });
        }
        const effect = (corruptions[name] as Corruption)(model, pick);
        if (effect === null) return;
        const resolver = createPermissionResolver(model as PermissionModel, { stickyDeny: sticky });
        expect(resolver.findings.map((f) => f.code)).toContain(effect.code);
        const contacts = effect.scope === 'all' ? [...model.contacts.map((c) => c.id), 'ghost'] : effect.scope;
        const leaks: string[] = [];
        for (const contact of contacts) {
          for (const resource of [...model.tree.resources.map((r) => r.id), 'gone', '__proto__']) {
            for (const action of [...model.tree.actions, 'export', 'constructor']) {
              const decision = resolver.resolve(contact, resource, action);
              if (decision.decision !== 'error' || resolver.can(contact, resource, action)) {
                leaks.push(`${contact} ${resource} ${action} ${decision.decision}`);
              }
            }
          }
          const grid = resolver.effectiveGrid(contact);
          if (effect.scope === 'all' && grid.rows.length > 0) leaks.push(`${contact} grid has rows`);
          for (const row of grid.rows) {
            for (const cell of row.cells) if (cell.decision.decision !== 'error') leaks.push(`${contact} grid ${row.id}`);
          }
        }
        expect(leaks).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('arbitrary junk in place of the model or any section is an error for every query', () => {
    const junk = fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 3 });
    const arbJunkModel = fc.oneof(
      junk,
      fc.record({ tree: junk, contacts: junk, roles: junk, grants: junk }),
      arbModel.chain(({ model }) => fc.record({ tree: junk, contacts: fc.constant(model.contacts), grants: fc.constant(model.grants) })),
      arbModel.chain(({ model }) => fc.record({ tree: fc.constant(model.tree), contacts: junk, grants: fc.constant(model.grants) })),
    );
    fc.assert(
      fc.property(arbJunkModel, (model) => {
        const resolver = createPermissionResolver(model);
        if (resolver.resources.length > 0) return; // junk that happens to hold a valid tree and contacts
        const leaks: string[] = [];
        for (const contact of [...CONTACT_POOL, 'ghost']) {
          for (const resource of [...RESOURCE_POOL, 'n9']) {
            for (const action of ACTION_POOL) {
              if (resolver.resolve(contact, resource, action).decision !== 'error') leaks.push(`${contact} ${resource} ${action}`);
            }
          }
        }
        expect(leaks).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
