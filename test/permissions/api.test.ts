/**
 * The permission API beyond the shared cases: explain trails, stickyDeny, the grid's display
 * strings, validation findings, JSON import/export, the flat export, editing helpers, hostile ids
 * and misuse. Expected values are written by hand.
 */
import { describe, expect, it } from 'vitest';
import { InvalidPermissionModelError } from '../../src/errors.js';
import { displayOf } from '../../src/permissions/decision.js';
import {
  addResource,
  createPermissionResolver,
  DEFAULT_PORTAL_TREE,
  type PermissionModel,
  parsePermissionModel,
  removeResource,
  serializePermissionModel,
  setCell,
  setContactRoles,
  setRoleCell,
  validate,
} from '../../src/permissions/index.js';
import { exportFlatGrants } from '../../src/permissions/json.js';
import { MAX_RESOURCES, MAX_TREE_DEPTH } from '../../src/permissions/model.js';

/** portal > profile > two_factor; portal > reports (view only) > usage (view, update). */
const tree = {
  actions: ['view', 'create', 'update', 'delete'],
  resources: [
    { id: 'portal', label: 'Client Portal', parent: null, actions: ['view', 'create', 'update', 'delete'] },
    { id: 'profile', label: 'Client Profile', parent: 'portal', actions: ['view', 'update'] },
    { id: 'two_factor', label: 'Two-Factor', parent: 'profile', actions: ['view', 'update'] },
    { id: 'reports', label: 'Reports', parent: 'portal', actions: ['view'] },
    { id: 'usage', label: 'Usage', parent: 'reports', actions: ['view', 'update'] },
  ],
};
const contacts = [
  { id: 'owner', primary: true, roles: [] },
  { id: 'sec', primary: false, roles: ['ops'] },
];

function model(grants: Record<string, unknown> = {}, roles: Record<string, unknown> = { ops: {} }): PermissionModel {
  return { tree, contacts, roles, grants } as unknown as PermissionModel;
}

describe('explain', () => {
  it('walks nearest first, treats "-" nodes as transparent, and marks the deciding step', () => {
    const resolver = createPermissionResolver(model({ sec: { portal: { update: 'allow' } } }));
    const explanation = resolver.explain('sec', 'usage', 'update');
    expect(explanation).toMatchObject({ decision: 'allow', decidedBy: 'portal', inherited: true, source: 'contact' });
    expect(explanation.trail).toEqual([
      { layer: 'contact', resource: 'portal/reports/usage', value: 'inherit', roles: [], decisive: false },
      { layer: 'contact', resource: 'portal/reports', value: '-', roles: [], decisive: false },
      { layer: 'contact', resource: 'portal', value: 'allow', roles: [], decisive: true },
    ]);
    expect(explanation.summary).toBe('allow: inherited from contact cell Allow at portal');
  });

  it('shows the role layer with the roles holding each value', () => {
    const resolver = createPermissionResolver(model({}, { ops: { profile: { view: 'allow' } }, audit: { profile: { view: 'deny' } } }));
    // sec holds only ops.
    expect(resolver.explain('sec', 'two_factor', 'view').trail.filter((s) => s.layer === 'role')).toEqual([
      { layer: 'role', resource: 'portal/profile/two_factor', value: 'inherit', roles: [], decisive: false },
      { layer: 'role', resource: 'portal/profile', value: 'allow', roles: ['ops'], decisive: true },
    ]);
  });

  it('explains not-applicable, primary and errors', () => {
    const resolver = createPermissionResolver(model());
    expect(resolver.explain('sec', 'reports', 'delete').trail).toEqual([
      { layer: 'tree', resource: 'portal/reports', value: '-', roles: [], decisive: true },
    ]);
    expect(resolver.explain('owner', 'reports', 'view')).toMatchObject({
      decision: 'allow',
      source: 'primary',
      summary: 'allow: primary contact',
    });
    expect(resolver.explain('ghost', 'reports', 'view')).toMatchObject({
      decision: 'error',
      reason: 'unknown-contact',
      trail: [],
      findings: [],
    });
  });
});

describe('stickyDeny', () => {
  const grants = { sec: { portal: { view: 'deny' }, profile: { view: 'allow' }, two_factor: { view: 'deny' } } };

  it('off: the nearest explicit value decides', () => {
    const resolver = createPermissionResolver(model(grants));
    expect(resolver.resolve('sec', 'profile', 'view')).toEqual({
      decision: 'allow',
      decidedBy: 'portal/profile',
      inherited: false,
      source: 'contact',
    });
    expect(resolver.resolve('sec', 'two_factor', 'view')).toEqual({
      decision: 'deny',
      decidedBy: 'portal/profile/two_factor',
      inherited: false,
      source: 'contact',
    });
  });

  it('on: the deny nearest the root is final', () => {
    const resolver = createPermissionResolver(model(grants), { stickyDeny: true });
    expect(resolver.stickyDeny).toBe(true);
    expect(resolver.resolve('sec', 'profile', 'view')).toEqual({
      decision: 'deny',
      decidedBy: 'portal',
      inherited: true,
      source: 'contact',
    });
    expect(resolver.resolve('sec', 'two_factor', 'view')).toEqual({
      decision: 'deny',
      decidedBy: 'portal',
      inherited: true,
      source: 'contact',
    });
    expect(resolver.effectiveGrid('sec').rows[1]?.cells[0]).toMatchObject({ display: '(Deny)', stored: 'allow' });
  });

  it('on: the contact layer still comes before the roles', () => {
    const resolver = createPermissionResolver(model({ sec: { profile: { view: 'allow' } } }, { ops: { portal: { view: 'deny' } } }), {
      stickyDeny: true,
    });
    expect(resolver.resolve('sec', 'profile', 'view').decision).toBe('allow');
    expect(resolver.resolve('sec', 'reports', 'view')).toEqual({
      decision: 'deny',
      decidedBy: 'portal',
      inherited: true,
      source: 'role:ops',
    });
  });

  it('rejects a non-boolean option', () => {
    expect(() => createPermissionResolver(model(), { stickyDeny: 'yes' as never })).toThrow(TypeError);
    expect(() => createPermissionResolver(model(), 5 as never)).toThrow(TypeError);
  });
});

describe('effectiveGrid', () => {
  it('renders the portal strings', () => {
    const resolver = createPermissionResolver(
      model({ sec: { portal: { view: 'deny' }, profile: { view: 'allow', update: 'inherit' } } }, { ops: { portal: { update: 'allow' } } }),
    );
    const grid = resolver.effectiveGrid('sec');
    expect(grid.error).toBeNull();
    expect(grid.actions).toEqual(['view', 'create', 'update', 'delete']);
    const table = grid.rows.map((row) => [row.id, row.depth, ...row.cells.map((cell) => cell.display)]);
    expect(table).toEqual([
      ['portal', 0, 'Deny', '(None)', '(Allow)', '(None)'],
      ['profile', 1, 'Allow', '-', '(Allow)', '-'],
      ['two_factor', 2, '(Allow)', '-', '(Allow)', '-'],
      ['reports', 1, '(Deny)', '-', '-', '-'],
      ['usage', 2, '(Deny)', '-', '(Allow)', '-'],
    ]);
    expect(grid.rows[1]?.cells.map((cell) => cell.stored)).toEqual(['allow', null, 'inherit', null]);
  });

  it('the primary contact shows (Allow) everywhere applicable', () => {
    const grid = createPermissionResolver(model()).effectiveGrid('owner');
    expect(grid.rows[3]?.cells.map((cell) => cell.display)).toEqual(['(Allow)', '-', '-', '-']);
  });

  it('an unknown contact or a poisoned one gives Error cells; an invalid tree gives no rows', () => {
    expect(createPermissionResolver(model()).effectiveGrid('ghost')).toMatchObject({ error: 'unknown-contact' });
    const poisoned = createPermissionResolver(model({ sec: { reports: { update: 'deny' } } })).effectiveGrid('sec');
    expect(poisoned.error).toBe('grant-on-not-applicable-cell');
    expect(new Set(poisoned.rows.flatMap((row) => row.cells.map((cell) => cell.display)))).toEqual(new Set(['Error']));
    const cyclic = { ...model(), tree: { ...tree, resources: [...tree.resources, { id: 'x', parent: 'x', actions: [] }] } };
    expect(createPermissionResolver(cyclic).effectiveGrid('sec')).toMatchObject({ rows: [], error: 'tree-cycle' });
  });

  it('displayOf maps each decision kind', () => {
    expect(displayOf({ decision: 'deny', decidedBy: 'default', inherited: true, source: 'default' })).toBe('(None)');
    expect(displayOf({ decision: 'deny', decidedBy: 'a', inherited: false, source: 'contact' })).toBe('Deny');
    expect(displayOf({ decision: 'allow', decidedBy: 'a', inherited: true, source: 'role:x' })).toBe('(Allow)');
    expect(displayOf({ decision: 'not-applicable', decidedBy: 'a', inherited: false, source: 'tree' })).toBe('-');
    expect(displayOf({ decision: 'error', decidedBy: null, inherited: false, source: null, reason: 'unknown-action' })).toBe('Error');
  });
});

describe('validate', () => {
  it('lists every finding with its path', () => {
    const bad = {
      tree: {
        actions: ['view', 'view', 'bad action'],
        resources: [
          { id: 'portal', parent: null, actions: ['view'] },
          { id: 'portal', parent: null, actions: ['view'] },
          { id: 'other', parent: null, actions: ['view', 'fly'] },
          { id: 'a', parent: 'b', actions: [] },
          { id: 'b', parent: 'a', actions: [] },
          { id: 'c', parent: 'nowhere', actions: [] },
          { id: 'x/y', parent: 'portal', actions: [] },
        ],
      },
      contacts: [{ id: 'p1', primary: true }, { id: 'p2', primary: true, roles: ['nope'] }, { id: 'p1' }, { id: '' }],
      roles: { r: { portal: { view: 'maybe' } } },
      grants: { ghost: {}, p2: { portal: { view: 'allow', fly: 'allow' }, gone: { view: 'deny' } } },
    };
    expect(validate(bad)).toEqual([
      { code: 'duplicate-action', path: 'tree.actions[1]' },
      { code: 'invalid-action-name', path: 'tree.actions[2]' },
      { code: 'duplicate-resource-id', path: 'tree.resources[1].id' },
      { code: 'unknown-action-in-tree', path: 'tree.resources[2].actions[1]' },
      { code: 'invalid-resource-id', path: 'tree.resources[6].id' },
      { code: 'multiple-roots', path: 'tree.resources[2].parent' },
      { code: 'unknown-parent', path: 'tree.resources[5].parent' },
      { code: 'tree-cycle', path: 'tree.resources[3].parent' },
      { code: 'multiple-primary-contacts', path: 'contacts[1].primary' },
      { code: 'unknown-role', path: 'contacts[1].roles[0]' },
      { code: 'duplicate-contact-id', path: 'contacts[2].id' },
      { code: 'invalid-contact', path: 'contacts[3].id' },
      { code: 'invalid-grant-value', path: 'roles.r.portal.view' },
      { code: 'grant-for-unknown-contact', path: 'grants.ghost' },
      { code: 'unknown-action-in-grant', path: 'grants.p2.portal.fly' },
      { code: 'unknown-resource-in-grant', path: 'grants.p2.gone' },
    ]);
  });

  it('accepts the default portal tree and reports non-objects', () => {
    expect(validate({ tree: DEFAULT_PORTAL_TREE, contacts: [] })).toEqual([]);
    expect(validate(null)).toEqual([{ code: 'invalid-model', path: '' }]);
    expect(validate({ tree: [], contacts: {} })).toEqual([
      { code: 'invalid-tree', path: 'tree' },
      { code: 'invalid-contacts', path: 'contacts' },
    ]);
    expect(validate({ tree: { actions: [], resources: [] }, contacts: [] })).toEqual([{ code: 'no-root', path: 'tree.resources' }]);
  });

  it('a bad role fails closed for the contacts holding it, not for others', () => {
    const resolver = createPermissionResolver({
      tree,
      contacts: [...contacts, { id: 'plain', roles: [] }],
      roles: { ops: { reports: { update: 'allow' } } },
      grants: { plain: { portal: { view: 'allow' } } },
    });
    expect(resolver.resolve('sec', 'profile', 'view')).toMatchObject({ decision: 'error', reason: 'grant-on-not-applicable-cell' });
    expect(resolver.resolve('plain', 'profile', 'view')).toMatchObject({ decision: 'allow', decidedBy: 'portal' });
    expect(resolver.contact('sec')).toEqual({ id: 'sec', primary: false, roles: ['ops'], valid: false });
  });

  it('takes a snapshot: later changes to the input do not change decisions', () => {
    const input = { tree, contacts, roles: { ops: {} }, grants: { sec: { profile: { view: 'allow' } } } } as {
      grants: Record<string, unknown>;
    } & Record<string, unknown>;
    const resolver = createPermissionResolver(input);
    input.grants['sec'] = { profile: { view: 'deny' } };
    expect(resolver.can('sec', 'profile', 'view')).toBe(true);
  });
});

describe('hostile ids', () => {
  it('prototype names are ordinary ids, never inherited members', () => {
    const resolver = createPermissionResolver(model({ sec: { portal: { view: 'allow' } } }));
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype']) {
      expect(resolver.resolve(name, 'portal', 'view')).toMatchObject({ decision: 'error', reason: 'unknown-contact' });
      expect(resolver.resolve('sec', name, 'view')).toMatchObject({ decision: 'error', reason: 'unknown-resource' });
      expect(resolver.resolve('sec', 'portal', name)).toMatchObject({ decision: 'error', reason: 'unknown-action' });
      expect(resolver.contact(name)).toBeNull();
    }
  });

  it('a JSON "__proto__" grant key is a grant for a contact named __proto__', () => {
    const text = JSON.stringify({ tree, contacts, roles: { ops: {} } }).replace(
      /}$/,
      ',"grants":{"__proto__":{"portal":{"view":"allow"}}}}',
    );
    const parsed = JSON.parse(text) as unknown;
    expect(validate(parsed)).toEqual([{ code: 'grant-for-unknown-contact', path: 'grants.__proto__' }]);
    const withContact = JSON.parse(text.replace('"contacts":[', '"contacts":[{"id":"__proto__"},')) as unknown;
    const resolver = createPermissionResolver(withContact);
    expect(resolver.resolve('__proto__', 'profile', 'view')).toEqual({
      decision: 'allow',
      decidedBy: 'portal',
      inherited: true,
      source: 'contact',
    });
    expect(resolver.resolve('sec', 'profile', 'view').decision).toBe('deny');
  });

  it('misuse throws TypeError', () => {
    const resolver = createPermissionResolver(model());
    expect(() => resolver.resolve(1 as never, 'portal', 'view')).toThrow(TypeError);
    expect(() => resolver.can('sec', undefined as never, 'view')).toThrow(TypeError);
    expect(() => resolver.explain('sec', 'portal', {} as never)).toThrow(TypeError);
    expect(() => resolver.effectiveGrid(null as never)).toThrow(TypeError);
  });
});

describe('JSON import and export', () => {
  const source = model(
    { sec: { profile: { view: 'allow', update: 'inherit' }, reports: { view: 'deny' } } },
    { ops: { portal: { update: 'allow' } } },
  );

  it('round-trips to the canonical form', () => {
    const text = serializePermissionModel(source);
    const parsed = parsePermissionModel(text);
    expect(parsed.grants).toEqual({ sec: { profile: { view: 'allow' }, reports: { view: 'deny' } } });
    expect(parsed.contacts).toEqual([
      { id: 'owner', primary: true, roles: [] },
      { id: 'sec', primary: false, roles: ['ops'] },
    ]);
    expect(serializePermissionModel(parsed)).toBe(text);
  });

  it('refuses bad JSON and invalid models with findings', () => {
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidPermissionModelError);
        return (error as InvalidPermissionModelError).findings;
      }
      throw new Error('not refused');
    };
    expect(refused(() => parsePermissionModel('{'))).toEqual([{ code: 'invalid-json', path: '' }]);
    expect(refused(() => parsePermissionModel('{"tree":{}}')).map((f) => f.code)).toContain('invalid-actions');
    expect(refused(() => serializePermissionModel(model({ sec: { gone: {} } })))).toEqual([
      { code: 'unknown-resource-in-grant', path: 'grants.sec.gone' },
    ]);
    expect(() => parsePermissionModel(5 as never)).toThrow(TypeError);
  });

  it('exports flat resource.action = value lines', () => {
    expect(exportFlatGrants(source, 'sec')).toBe(
      [
        'portal.view = inherit',
        'portal.create = inherit',
        'portal.update = inherit',
        'portal.delete = inherit',
        'profile.view = allow',
        'profile.update = inherit',
        'two_factor.view = inherit',
        'two_factor.update = inherit',
        'reports.view = deny',
        'usage.view = inherit',
        'usage.update = inherit',
        '',
      ].join('\n'),
    );
    expect(() => exportFlatGrants(source, 'ghost')).toThrow(InvalidPermissionModelError);
  });
});

describe('editing helpers', () => {
  const base = model();

  it('setCell writes, and inherit removes', () => {
    const allowed = setCell(base, 'sec', 'profile', 'view', 'allow');
    expect(allowed.grants).toEqual({ sec: { profile: { view: 'allow' } } });
    expect(createPermissionResolver(allowed).can('sec', 'two_factor', 'view')).toBe(true);
    expect(setCell(allowed, 'sec', 'profile', 'view', 'inherit').grants).toEqual({ sec: {} });
    expect(base.grants).toEqual({});
  });

  it('refuses invalid writes with findings', () => {
    const codeOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (error) {
        return error instanceof InvalidPermissionModelError ? error.findings[0]?.code : 'other';
      }
      return undefined;
    };
    expect(codeOf(() => setCell(base, 'sec', 'reports', 'create', 'allow'))).toBe('grant-on-not-applicable-cell');
    expect(codeOf(() => setCell(base, 'sec', 'gone', 'view', 'allow'))).toBe('unknown-resource-in-grant');
    expect(codeOf(() => setCell(base, 'sec', 'portal', 'fly', 'allow'))).toBe('unknown-action-in-grant');
    expect(codeOf(() => setCell(base, 'sec', 'portal', 'view', 'yes' as never))).toBe('invalid-grant-value');
    expect(codeOf(() => setCell(base, 'ghost', 'portal', 'view', 'allow'))).toBe('grant-for-unknown-contact');
    expect(codeOf(() => setCell(base, '__proto__', 'portal', 'view', 'allow'))).toBe('grant-for-unknown-contact');
    expect(codeOf(() => setRoleCell(base, 'ops', 'reports', 'delete', 'deny'))).toBe('grant-on-not-applicable-cell');
    expect(codeOf(() => setContactRoles(base, 'sec', ['nope']))).toBe('unknown-role');
    expect(codeOf(() => setContactRoles(base, 'ghost', []))).toBe('unknown-contact');
    expect(codeOf(() => addResource(base, { id: 'profile', parent: 'portal', actions: [] }))).toBe('duplicate-resource-id');
    expect(codeOf(() => addResource(base, { id: 'n', parent: 'nowhere', actions: [] }))).toBe('unknown-parent');
    expect(codeOf(() => addResource(base, { id: 'n', parent: null, actions: [] }))).toBe('multiple-roots');
    expect(codeOf(() => removeResource(base, 'profile'))).toBe('resource-has-children');
    expect(codeOf(() => removeResource(base, 'gone'))).toBe('unknown-resource');
    expect(codeOf(() => setCell({ ...base, contacts: 'x' } as never, 'sec', 'portal', 'view', 'allow'))).toBe('invalid-contacts');
    expect(() => setCell(base, 'sec', 5 as never, 'view', 'allow')).toThrow(TypeError);
  });

  it('role, resource and role-assignment edits', () => {
    const withRole = setRoleCell(base, 'auditor', 'reports', 'view', 'allow');
    const assigned = setContactRoles(withRole, 'sec', ['auditor']);
    expect(createPermissionResolver(assigned).resolve('sec', 'usage', 'view')).toEqual({
      decision: 'allow',
      decidedBy: 'portal/reports',
      inherited: true,
      source: 'role:auditor',
    });
    const grown = addResource(setCell(assigned, 'sec', 'usage', 'update', 'deny'), {
      id: 'exports',
      label: 'Exports',
      parent: 'usage',
      actions: ['view'],
    });
    expect(createPermissionResolver(grown).resources.map((r) => r.path)).toContain('portal/reports/usage/exports');
    const shrunk = removeResource(removeResource(grown, 'exports'), 'usage');
    expect(shrunk.tree.resources.map((r) => r.id)).toEqual(['portal', 'profile', 'two_factor', 'reports']);
    expect(shrunk.grants).toEqual({ sec: {} });
  });
});

describe('hostile sizes', () => {
  const chain = (length: number, closeCycle: boolean) => ({
    tree: {
      actions: ['view'],
      resources: Array.from({ length }, (_, i) => ({
        id: `r${i}`,
        parent: i === 0 ? (closeCycle ? `r${length - 1}` : null) : `r${i - 1}`,
        actions: ['view'],
      })),
    },
    contacts: [{ id: 'sec' }],
    grants: { sec: { r0: { view: 'allow' } } },
  });

  it(`a ${MAX_RESOURCES}-resource cycle (MAX_RESOURCES) is found without recursion or looping`, () => {
    const resolver = createPermissionResolver(chain(MAX_RESOURCES, true));
    expect(resolver.findings.map((f) => f.code)).toEqual(['tree-cycle', 'no-root']);
    expect(resolver.resolve('sec', 'r5', 'view')).toMatchObject({ decision: 'error', reason: 'tree-cycle' });
    // Past the cap the list is refused before any element is read.
    expect(validate(chain(100_000, true))[0]).toEqual({ code: 'too-many-resources', path: 'tree.resources' });
  });

  it(`a chain deeper than MAX_TREE_DEPTH (${MAX_TREE_DEPTH}) is refused; one at the limit works`, () => {
    expect(validate(chain(MAX_RESOURCES, false))).toEqual([
      { code: 'tree-too-deep', path: `tree.resources[${MAX_TREE_DEPTH + 1}].parent` },
    ]);
    const resolver = createPermissionResolver(chain(MAX_TREE_DEPTH + 1, false));
    expect(resolver.valid).toBe(true);
    expect(resolver.resolve('sec', `r${MAX_TREE_DEPTH}`, 'view')).toMatchObject({ decision: 'allow', decidedBy: 'r0' });
  });
});
