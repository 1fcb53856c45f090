/**
 * Hostile model objects: prototype pollution, inherited fields, accessors, proxies whose traps
 * throw, and models over the size caps. A model is untrusted data: it is read as own data
 * properties only, reading it never throws, and anything unreadable or too large fails closed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidPermissionModelError } from '../../src/errors.js';
import {
  addResource,
  createPermissionResolver,
  DEFAULT_PORTAL_TREE,
  type PermissionModel,
  serializePermissionModel,
  setCell,
  twoFactorPolicy,
  validate,
} from '../../src/permissions/index.js';
import { MAX_ACTIONS, MAX_CELLS, MAX_CONTACT_ROLES, MAX_CONTACTS, MAX_RESOURCES, MAX_ROLES } from '../../src/permissions/model.js';

const TREE = {
  actions: ['view', 'update'],
  resources: [
    { id: 'portal', parent: null, actions: ['view', 'update'] },
    { id: 'profile', parent: 'portal', actions: ['view'] },
  ],
};
const CONTACTS = ['owner', 'sec', 'admin', 'ghost'];
const RESOURCES = ['portal', 'profile', 'nope'];
const ACTIONS = ['view', 'update', 'delete'];

/**
 * Everything a resolver built from `model` says, as one string: findings, resources, every
 * decision, every grid, the contact infos, and `validate`. A throw is recorded, not raised.
 */
function snapshot(model: unknown): string {
  try {
    const r = createPermissionResolver(model);
    const lines: string[] = [
      `valid ${r.valid}`,
      `validate ${validate(model)
        .map((f) => `${f.code}@${f.path}`)
        .join(' ')}`,
    ];
    lines.push(`findings ${r.findings.map((f) => `${f.code}@${f.path}`).join(' ')}`);
    for (const res of r.resources) lines.push(`resource ${res.path} ${res.label} ${res.actions.join('|')}`);
    for (const contact of CONTACTS) {
      const info = r.contact(contact);
      lines.push(`contact ${contact} ${info === null ? 'null' : `${info.primary} ${info.roles.join('|')} ${info.valid}`}`);
      for (const resource of RESOURCES) {
        for (const action of ACTIONS) {
          const d = r.resolve(contact, resource, action);
          lines.push(`${contact} ${resource} ${action} ${d.decision} ${d.decidedBy} ${d.source} ${d.decision === 'error' ? d.reason : ''}`);
        }
      }
      const grid = r.effectiveGrid(contact);
      lines.push(`grid ${contact} ${grid.error} ${grid.rows.map((row) => row.cells.map((c) => c.display).join(',')).join(';')}`);
    }
    return lines.join('\n');
  } catch (error) {
    return `threw ${String(error)}`;
  }
}

/** Runs `fn` with `target[key]` defined as an enumerable data property, restoring it after. */
function withPollution<T>(target: object, key: PropertyKey, value: unknown, fn: () => T): T {
  const before = Object.getOwnPropertyDescriptor(target, key);
  const length = Array.isArray(target) ? target.length : undefined;
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  try {
    return fn();
  } finally {
    if (before === undefined) delete (target as Record<PropertyKey, unknown>)[key];
    else Object.defineProperty(target, key, before);
    if (length !== undefined) (target as unknown[]).length = length;
  }
}

/** Every field name the model uses, and ids that appear as record keys. */
const FIELDS = [
  'tree',
  'actions',
  'resources',
  'id',
  'label',
  'parent',
  'contacts',
  'primary',
  'roles',
  'grants',
  'portal',
  'profile',
  'sec',
  'admin',
  'view',
  'update',
];
/** Values that would grant something if an inherited field were read. */
const HOSTILE_VALUES: unknown[] = [
  true,
  'allow',
  'portal',
  null,
  ['admin'],
  ['view', 'update'],
  { view: 'allow', update: 'allow' },
  { portal: { view: 'allow', update: 'allow' } },
  { sec: { portal: { view: 'allow', update: 'allow' } }, admin: { portal: { view: 'allow', update: 'allow' } } },
  { id: 'sec', primary: true, roles: ['admin'] },
  TREE,
];

/** Models that leave optional fields out, so an inherited value would be picked up. */
const SPARSE_MODELS: Record<string, () => unknown> = {
  full: () => ({
    tree: TREE,
    contacts: [{ id: 'owner', primary: true }, { id: 'sec' }, { id: 'admin', roles: ['admin'] }],
    roles: { admin: { portal: { view: 'allow' } } },
    grants: { sec: { profile: { view: 'deny' } } },
  }),
  noSections: () => ({ tree: TREE, contacts: [{ id: 'sec' }] }),
  repro: () => ({
    tree: { actions: ['view'], resources: [{ id: 'portal', parent: null, actions: ['view'] }] },
    contacts: [{ id: 'sec', roles: [] }],
    grants: {},
  }),
  defaultTree: () => ({ tree: DEFAULT_PORTAL_TREE, contacts: [{ id: 'sec' }] }),
};

describe('prototype pollution never changes a decision', () => {
  it('the reported repro: Object.prototype.primary = true grants nothing', () => {
    const model = SPARSE_MODELS['repro']?.();
    const decision = withPollution(Object.prototype, 'primary', true, () =>
      createPermissionResolver(model).resolve('sec', 'portal', 'view'),
    );
    expect(decision).toEqual({ decision: 'deny', decidedBy: 'default', inherited: true, source: 'default' });
    const withRole = withPollution(Object.prototype, 'roles', ['admin'], () =>
      createPermissionResolver({ ...(model as object), roles: { admin: { portal: { view: 'allow' } } } }).resolve('sec', 'portal', 'view'),
    );
    expect(withRole.decision).toBe('deny');
  });

  it('every model field name on Object.prototype, with every hostile value', () => {
    const diffs: string[] = [];
    for (const [name, make] of Object.entries(SPARSE_MODELS)) {
      const pristine = snapshot(make());
      for (const field of FIELDS) {
        for (const value of HOSTILE_VALUES) {
          const polluted = withPollution(Object.prototype, field, value, () => snapshot(make()));
          if (polluted !== pristine) diffs.push(`${name}: Object.prototype.${field} = ${JSON.stringify(value)}`);
        }
      }
    }
    expect(diffs).toEqual([]);
  });

  it('array holes never read Array.prototype indices', () => {
    const holey: Record<string, () => unknown> = {
      vocabulary: () => ({ tree: { actions: ['view', , 'update'], resources: TREE.resources }, contacts: [{ id: 'sec' }] }),
      resources: () => ({
        tree: { actions: ['view'], resources: [{ id: 'portal', parent: null, actions: ['view'] }, ,] },
        contacts: [{ id: 'sec' }],
      }),
      resourceActions: () => ({
        tree: { actions: ['view', 'update'], resources: [{ id: 'portal', parent: null, actions: ['view', , 'update'] }] },
        contacts: [{ id: 'sec' }],
      }),
      contacts: () => ({ tree: TREE, contacts: [, { id: 'sec' }] }),
      contactRoles: () => ({
        tree: TREE,
        contacts: [{ id: 'sec', roles: [, 'ops'] }],
        roles: { ops: {}, admin: { portal: { view: 'allow' } } },
      }),
    };
    const values: unknown[] = [
      'view',
      'update',
      'admin',
      'sec',
      { id: 'sec', primary: true },
      { id: 'owner', primary: true },
      { id: 'profile', parent: 'portal', actions: ['view'] },
    ];
    const diffs: string[] = [];
    for (const [name, make] of Object.entries(holey)) {
      const pristine = snapshot(make());
      for (const index of [0, 1, 2]) {
        for (const value of values) {
          const polluted = withPollution(Array.prototype, index, value, () => snapshot(make()));
          if (polluted !== pristine) diffs.push(`${name}: Array.prototype[${index}] = ${JSON.stringify(value)}`);
        }
      }
    }
    expect(diffs).toEqual([]);
  });

  it('inherited fields of Object.create(proto) inputs are absent', () => {
    const sec = (proto: object) => Object.assign(Object.create(proto) as object, { id: 'sec' });
    const allowRoles = { admin: { portal: { view: 'allow', update: 'allow' } } };
    const pairs: [string, unknown, unknown][] = [
      ['primary contact', { tree: TREE, contacts: [sec({ primary: true })] }, { tree: TREE, contacts: [{ id: 'sec' }] }],
      [
        'contact roles',
        { tree: TREE, contacts: [sec({ roles: ['admin'] })], roles: allowRoles },
        { tree: TREE, contacts: [{ id: 'sec' }], roles: allowRoles },
      ],
      ['model', Object.create({ tree: TREE, contacts: [{ id: 'sec', primary: true }] }), {}],
      ['tree', { tree: Object.create(TREE), contacts: [{ id: 'sec' }] }, { tree: {}, contacts: [{ id: 'sec' }] }],
      [
        'resource',
        {
          tree: {
            actions: ['view'],
            resources: [Object.assign(Object.create({ parent: null, actions: ['view'] }) as object, { id: 'portal' })],
          },
          contacts: [{ id: 'sec', primary: true }],
        },
        { tree: { actions: ['view'], resources: [{ id: 'portal' }] }, contacts: [{ id: 'sec', primary: true }] },
      ],
      [
        'grants',
        { tree: TREE, contacts: [{ id: 'sec' }], grants: Object.create({ sec: { portal: { view: 'allow' } } }) },
        { tree: TREE, contacts: [{ id: 'sec' }], grants: {} },
      ],
      [
        'cells',
        { tree: TREE, contacts: [{ id: 'sec' }], grants: { sec: { portal: Object.create({ view: 'allow' }) } } },
        { tree: TREE, contacts: [{ id: 'sec' }], grants: { sec: { portal: {} } } },
      ],
      [
        'role definitions',
        { tree: TREE, contacts: [{ id: 'sec', roles: ['admin'] }], roles: Object.create(allowRoles) },
        { tree: TREE, contacts: [{ id: 'sec', roles: ['admin'] }], roles: {} },
      ],
    ];
    for (const [name, hostile, reference] of pairs) expect(snapshot(hostile), name).toBe(snapshot(reference));
  });

  it('the 2FA policy and resolver options ignore inherited option fields', () => {
    const model = {
      tree: DEFAULT_PORTAL_TREE,
      contacts: [{ id: 'owner', primary: true }, { id: 'sec' }, { id: 'other' }],
      grants: { sec: { 'client-portal': { view: 'allow' }, 'client-profile': { view: 'allow' } } },
    };
    const escalation = { resource: 'client-portal', action: 'view' };
    const answer = withPollution(Object.prototype, 'manageOthers', escalation, () =>
      twoFactorPolicy(createPermissionResolver(model), { gate: { resource: 'client-profile', action: 'view' } }).mayManageTwoFactor(
        'sec',
        'other',
      ),
    );
    expect(answer.allowed).toBe(false);
    const sticky = withPollution(Object.prototype, 'stickyDeny', true, () => createPermissionResolver(model, {}).stickyDeny);
    expect(sticky).toBe(false);
  });
});

/** Throws from every proxy trap named. */
function throwingProxy<T extends object>(target: T, traps: readonly (keyof ProxyHandler<T>)[]): T {
  const handler: ProxyHandler<T> = {};
  for (const trap of traps) {
    (handler as Record<string, unknown>)[trap] = () => {
      throw new Error(`trap ${String(trap)}`);
    };
  }
  return new Proxy(target, handler);
}

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe('reading a model never throws', () => {
  const good = () => ({
    tree: { actions: ['view'], resources: [{ id: 'portal', parent: null, actions: ['view'] }] },
    contacts: [{ id: 'sec' }],
    roles: { ops: { portal: { view: 'allow' } } },
    grants: { sec: { portal: { view: 'allow' } } },
  });
  const expectUnreadable = (model: unknown, path: string): void => {
    let findings: readonly { code: string; path: string }[] = [];
    expect(() => {
      findings = validate(model);
    }).not.toThrow();
    expect(findings).toContainEqual({ code: 'unreadable', path });
    const resolver = createPermissionResolver(model);
    expect(resolver.valid).toBe(false);
    expect(resolver.resolve('sec', 'portal', 'view')).toMatchObject({ decision: 'error', reason: 'unreadable' });
    expect(resolver.effectiveGrid('sec').rows).toEqual([]);
    expect(() => serializePermissionModel(model as PermissionModel)).toThrow(InvalidPermissionModelError);
  };

  it('a getter that throws is an unreadable finding at its path', () => {
    expectUnreadable(
      {
        tree: {
          get actions() {
            throw new TypeError('x');
          },
        },
      },
      'tree.actions',
    );
    const m = good();
    Object.defineProperty(m.contacts[0], 'roles', {
      get() {
        throw new Error('boom');
      },
      enumerable: true,
    });
    expectUnreadable(m, 'contacts[0].roles');
  });

  it('an accessor is refused even when it does not throw', () => {
    const m = good();
    Object.defineProperty(m.contacts[0], 'primary', { get: () => true, enumerable: true });
    expectUnreadable(m, 'contacts[0].primary');
    const n = good();
    Object.defineProperty(n.tree.resources, 0, { get: () => ({ id: 'portal', parent: null, actions: ['view'] }), enumerable: true });
    expectUnreadable(n, 'tree.resources[0]');
  });

  it('proxies whose traps throw, and revoked proxies, are unreadable', () => {
    const all = ['ownKeys', 'getOwnPropertyDescriptor', 'get', 'has', 'getPrototypeOf'] as const;
    expect(() => validate(throwingProxy({}, ['ownKeys']))).not.toThrow();
    expectUnreadable(throwingProxy({}, all), 'tree');
    expectUnreadable(revoked(), '');
    expectUnreadable({ ...good(), grants: throwingProxy({}, ['ownKeys']) }, 'grants');
    expectUnreadable({ ...good(), roles: throwingProxy({ ops: {} }, ['getOwnPropertyDescriptor']) }, 'roles.ops');
    expectUnreadable({ ...good(), grants: { sec: { portal: throwingProxy({ view: 'allow' }, ['ownKeys']) } } }, 'grants.sec.portal');
    expectUnreadable({ ...good(), contacts: throwingProxy([{ id: 'sec' }], ['getOwnPropertyDescriptor']) }, 'contacts');
    expectUnreadable({ ...good(), contacts: [revoked()] }, 'contacts[0]');
    expectUnreadable(
      { ...good(), tree: { actions: ['view'], resources: [{ id: 'portal', parent: null, actions: revoked() }] } },
      'tree.resources[0].actions',
    );
  });

  it('the editing helpers refuse unreadable input with InvalidPermissionModelError', () => {
    const valid = good() as PermissionModel;
    const resource = {
      id: 'extra',
      parent: 'portal',
      get actions(): string[] {
        throw new Error('boom');
      },
    };
    expect(() => addResource(valid, resource)).toThrow(InvalidPermissionModelError);
    expect(() => setCell(throwingProxy(valid, ['getOwnPropertyDescriptor']), 'sec', 'portal', 'view', 'deny')).toThrow(
      InvalidPermissionModelError,
    );
  });

  /** Every container in `value` (objects and arrays) with the key path to it. */
  function containers(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
    if (typeof value === 'object' && value !== null) {
      out.push(path);
      for (const key of Object.keys(value))
        containers((value as Record<string, unknown>)[key], [...path, Array.isArray(value) ? Number(key) : key], out);
    }
    return out;
  }
  const TRAPS = ['ownKeys', 'getOwnPropertyDescriptor', 'get', 'has', 'getPrototypeOf', 'defineProperty'] as const;
  type Hostility = { kind: 'proxy'; traps: (typeof TRAPS)[number][] } | { kind: 'revoked' } | { kind: 'getter'; throws: boolean };
  const arbHostility: fc.Arbitrary<Hostility> = fc.oneof(
    fc.record({ kind: fc.constant('proxy' as const), traps: fc.subarray([...TRAPS], { minLength: 1 }) }),
    fc.constant({ kind: 'revoked' as const }),
    fc.record({ kind: fc.constant('getter' as const), throws: fc.boolean() }),
  );

  it('fast-check: a hostile object anywhere in a model gives findings or the pristine decisions, never a throw', () => {
    const base = () => ({
      tree: {
        actions: ['view', 'update'],
        resources: [
          { id: 'portal', label: 'Portal', parent: null, actions: ['view', 'update'] },
          { id: 'profile', parent: 'portal', actions: ['view'] },
        ],
      },
      contacts: [{ id: 'owner', primary: true, roles: [] }, { id: 'sec', roles: ['ops'] }, { id: 'admin' }],
      roles: { ops: { portal: { update: 'allow' } } },
      grants: { sec: { profile: { view: 'allow' } }, admin: { portal: { view: 'deny' } } },
    });
    const pristine = snapshot(base());
    const sites = containers(base());
    fc.assert(
      fc.property(fc.nat(), arbHostility, (pick, hostility) => {
        const model = base() as unknown as Record<string, unknown>;
        const path = sites[pick % sites.length] as (string | number)[];
        let parent: Record<string | number, unknown> | null = null;
        let target: unknown = model;
        for (const key of path) {
          parent = target as Record<string | number, unknown>;
          target = parent[key];
        }
        let hostile: unknown;
        if (hostility.kind === 'getter' || parent === null) {
          if (parent === null)
            hostile = hostility.kind === 'revoked' ? revoked() : throwingProxy(model, ['ownKeys', 'getOwnPropertyDescriptor']);
          else {
            const value = target;
            Object.defineProperty(parent, path[path.length - 1] as string, {
              get: () => {
                if (hostility.kind === 'getter' && hostility.throws) throw new Error('getter');
                return value;
              },
              enumerable: true,
              configurable: true,
            });
          }
        } else {
          hostile = hostility.kind === 'revoked' ? revoked() : throwingProxy(target as object, hostility.traps);
          parent[path[path.length - 1] as string] = hostile;
        }
        const root = parent === null ? hostile : model;
        let findings: readonly { code: string }[] = [];
        expect(() => {
          findings = validate(root);
        }).not.toThrow();
        const seen = snapshot(root);
        expect(seen.startsWith('threw')).toBe(false);
        if (findings.length === 0) {
          // Nothing hostile was touched (e.g. only a `get` or `has` trap): decisions are unchanged.
          expect(seen).toBe(pristine);
        } else {
          expect(findings.map((f) => f.code)).toContain('unreadable');
          const resolver = createPermissionResolver(root);
          for (const contact of CONTACTS) {
            for (const resource of RESOURCES) {
              for (const action of ACTIONS) expect(resolver.resolve(contact, resource, action).decision).toBe('error');
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('fast-check: arbitrary values, wrapped in throwing proxies, never throw and never allow', () => {
    // Proxies are built inside the property: fast-check itself inspects the values it generates.
    const junk = fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 3 });
    const arbRaw = fc.oneof(junk, fc.record({ tree: junk, contacts: junk, roles: junk, grants: junk }));
    /** Wraps objects (at any depth) in proxies with the given throwing traps, where `flags` say so. */
    const hostilize = (value: unknown, traps: (typeof TRAPS)[number][], flags: boolean[], at = { i: 0 }): unknown => {
      if (typeof value !== 'object' || value === null) return value;
      for (const key of Object.keys(value)) {
        const child = (value as Record<string, unknown>)[key];
        Object.defineProperty(value, key, {
          value: hostilize(child, traps, flags, at),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      const wrap = flags[at.i++ % flags.length] === true;
      return wrap ? throwingProxy(value, traps) : value;
    };
    fc.assert(
      fc.property(arbRaw, fc.subarray([...TRAPS]), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (raw, traps, flags) => {
        const model = hostilize(raw, traps, flags);
        expect(() => validate(model)).not.toThrow();
        const resolver = createPermissionResolver(model);
        for (const contact of CONTACTS) {
          for (const resource of RESOURCES) {
            for (const action of ACTIONS) expect(resolver.resolve(contact, resource, action).decision).not.toBe('allow');
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

/** A sparse array of `length` behind a proxy that counts element reads (an over-cap list must be refused without any). */
function countingArray(length: number): { array: unknown[]; reads: () => number } {
  let reads = 0;
  const isIndex = (key: PropertyKey): boolean => typeof key === 'string' && /^\d+$/.test(key);
  const array = new Proxy(new Array<unknown>(length), {
    getOwnPropertyDescriptor(target, key) {
      if (isIndex(key)) reads += 1;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    get(target, key, receiver) {
      if (isIndex(key)) reads += 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (isIndex(key)) reads += 1;
      return Reflect.has(target, key);
    },
  });
  return { array, reads: () => reads };
}

describe('size caps', () => {
  const codes = (model: unknown) => validate(model).map((f) => `${f.code}@${f.path}`);

  it('the reported inputs are refused: 1 resource × 64,000 actions, 800 resources × 800 actions', () => {
    const many = Array.from({ length: 64_000 }, (_, i) => `a${i}`);
    expect(codes({ tree: { actions: many, resources: [{ id: 'r', parent: null, actions: many }] }, contacts: [] })).toContain(
      'too-many-actions@tree.actions',
    );
    const eight = Array.from({ length: 800 }, (_, i) => `a${i}`);
    const resources = Array.from({ length: 800 }, (_, i) => ({ id: `r${i}`, parent: i === 0 ? null : 'r0', actions: eight }));
    expect(codes({ tree: { actions: eight, resources }, contacts: [] })).toContain('too-many-actions@tree.actions');
  });

  it('an over-cap list is refused from its length alone, without reading its elements', () => {
    const cases: [string, (list: unknown[]) => unknown, number, string][] = [
      ['actions', (list) => ({ tree: { actions: list, resources: [] }, contacts: [] }), MAX_ACTIONS, 'too-many-actions@tree.actions'],
      [
        'resource actions',
        (list) => ({ tree: { actions: ['view'], resources: [{ id: 'r', parent: null, actions: list }] }, contacts: [] }),
        MAX_ACTIONS,
        'too-many-actions@tree.resources[0].actions',
      ],
      [
        'resources',
        (list) => ({ tree: { actions: ['view'], resources: list }, contacts: [] }),
        MAX_RESOURCES,
        'too-many-resources@tree.resources',
      ],
      ['contacts', (list) => ({ tree: TREE, contacts: list }), MAX_CONTACTS, 'too-many-contacts@contacts'],
      [
        'contact roles',
        (list) => ({ tree: TREE, contacts: [{ id: 'sec', roles: list }], roles: { ops: {} } }),
        MAX_CONTACT_ROLES,
        'too-many-roles@contacts[0].roles',
      ],
    ];
    for (const [name, build, cap, finding] of cases) {
      const over = countingArray(cap + 1);
      expect(codes(build(over.array)), name).toContain(finding);
      expect(over.reads(), name).toBe(0);
      // A sparse array of 2^32 - 1 holes is as cheap.
      expect(codes(build(new Array(2 ** 32 - 1))), name).toContain(finding);
    }
  });

  it('too many roles, grant entries or cells are refused', () => {
    const roles = Object.fromEntries(Array.from({ length: MAX_ROLES + 1 }, (_, i) => [`r${i}`, {}]));
    expect(codes({ tree: TREE, contacts: [], roles })).toContain('too-many-roles@roles');
    const grants = Object.fromEntries(Array.from({ length: MAX_CONTACTS + 1 }, (_, i) => [`c${i}`, {}]));
    expect(codes({ tree: TREE, contacts: [], grants })).toContain('too-many-contacts@grants');
    const cells = Object.fromEntries(Array.from({ length: MAX_CELLS + 1 }, (_, i) => [`x${i}`, { view: 'allow' }]));
    expect(codes({ tree: TREE, contacts: [{ id: 'sec' }], grants: { sec: cells } })).toContain('too-many-cells@grants.sec');
  });

  it('role cells count once per distinct role list toward MAX_CELLS', () => {
    // Each role stores cells; contacts holding different role lists each get a merged copy.
    const width = 8;
    const actions = Array.from({ length: width }, (_, a) => `a${a}`);
    const resourceCount = Math.ceil(MAX_CELLS / (width * 8)) + 1;
    const resources = Array.from({ length: resourceCount }, (_, i) => ({ id: `r${i}`, parent: i === 0 ? null : 'r0', actions }));
    const row = Object.fromEntries(actions.map((a) => [a, 'allow']));
    const roleCells = Object.fromEntries(resources.map((r) => [r.id, row]));
    const roleIds = Array.from({ length: 16 }, (_, i) => `role${i}`);
    const roles = Object.fromEntries(roleIds.map((id) => [id, roleCells]));
    const contacts = Array.from({ length: 16 }, (_, i) => ({ id: `c${i}`, roles: [roleIds[i] as string] }));
    // 16 roles × resourceCount × 8 cells read > MAX_CELLS: refused while reading.
    expect(codes({ tree: { actions, resources }, contacts, roles }).some((c) => c.startsWith('too-many-cells@'))).toBe(true);
    // One role, stored once (under the cap), held through 16 distinct role lists: refused too.
    const one = { role0: roleCells, spare: {} };
    const lists = Array.from({ length: 16 }, (_, i) => ({ id: `c${i}`, roles: i % 2 === 0 ? ['role0'] : ['role0', 'spare'] }));
    const distinct = Array.from({ length: 16 }, (_, i) => ({ id: `c${i}`, roles: ['role0', ...Array.from({ length: i }, () => 'spare')] }));
    expect(codes({ tree: { actions, resources }, contacts: lists, roles: one })).toEqual([]);
    expect(codes({ tree: { actions, resources }, contacts: distinct, roles: one })).toEqual([]); // duplicates collapse
    const rolesMany = { ...Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`s${i}`, {}])), role0: roleCells };
    const distinctLists = Array.from({ length: 16 }, (_, i) => ({ id: `c${i}`, roles: ['role0', `s${i}`] }));
    expect(
      codes({ tree: { actions, resources }, contacts: distinctLists, roles: rolesMany }).some((c) =>
        c.startsWith('too-many-cells@contacts['),
      ),
    ).toBe(true);
  });

  it('a model at every cap is valid and resolves', () => {
    const actions = Array.from({ length: MAX_ACTIONS }, (_, a) => `a${a}`);
    const resources = Array.from({ length: MAX_RESOURCES }, (_, i) => ({
      id: `r${i}`,
      parent: i === 0 ? null : `r${Math.floor((i - 1) / 8)}`,
      actions,
    }));
    const contacts = Array.from({ length: MAX_CONTACTS }, (_, i) => ({
      id: `c${i}`,
      roles: i === 1 ? Array.from({ length: MAX_CONTACT_ROLES }, (_, k) => `role${k}`) : [],
    }));
    const roles = Object.fromEntries(Array.from({ length: MAX_ROLES }, (_, k) => [`role${k}`, k === 0 ? { r0: { a0: 'allow' } } : {}]));
    const cellsPer = Math.floor(MAX_CELLS / 2 / MAX_ACTIONS) - 1;
    const grants = {
      c0: Object.fromEntries(resources.slice(0, cellsPer).map((r) => [r.id, Object.fromEntries(actions.map((a) => [a, 'deny']))])),
    };
    const resolver = createPermissionResolver({ tree: { actions, resources }, contacts, roles, grants });
    expect(resolver.findings).toEqual([]);
    expect(resolver.resolve('c1', `r${MAX_RESOURCES - 1}`, 'a0')).toMatchObject({
      decision: 'allow',
      decidedBy: 'r0',
      source: 'role:role0',
    });
    expect(resolver.resolve('c0', 'r1', 'a5')).toMatchObject({ decision: 'deny', decidedBy: 'r0/r1' });
  });
});
