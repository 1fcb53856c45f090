/**
 * The 2FA policy adapter: the gate on a contact's own 2FA (Client Profile / View) and the rules
 * for acting on other contacts. Expected values are reasoned by hand from the module's rules.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_PROFILE } from '../../src/permissions/default-tree.js';
import { createPermissionResolver, DEFAULT_PORTAL_TREE, type PermissionModel, twoFactorPolicy } from '../../src/permissions/index.js';

const file = new URL('../fixtures/cases/permissions.json', import.meta.url);
const caseTree = (JSON.parse(readFileSync(file, 'utf8')) as { cases: { tree: PermissionModel['tree'] }[] }).cases[0]?.tree;

const contacts = [
  { id: 'owner', primary: true, roles: [] },
  { id: 'sec', primary: false, roles: [] },
  { id: 'blank', primary: false, roles: [] },
  { id: 'admin', primary: false, roles: [] },
];

describe('twoFactorPolicy on the case tree (gate: profile / view)', () => {
  const model = {
    tree: caseTree,
    contacts,
    grants: {
      sec: { profile: { view: 'allow' } },
      admin: { profile: { view: 'allow' }, contacts: { update: 'allow' } },
    },
  } as unknown as PermissionModel;
  const policy = twoFactorPolicy(createPermissionResolver(model), {
    gate: { resource: 'profile', action: 'view' },
    manageOthers: { resource: 'contacts', action: 'update' },
    editOthersPermissions: { resource: 'contacts', action: 'update' },
  });

  it('refuses a contact without Client Profile / View, with the explanation', () => {
    const answer = policy.mayManageTwoFactor('blank', 'blank');
    expect(answer.allowed).toBe(false);
    expect(answer.rule).toBe('resolver');
    expect(answer.decision).toEqual({ decision: 'deny', decidedBy: 'default', inherited: true, source: 'default' });
    expect(answer.explanation.trail.map((step) => [step.layer, step.resource, step.value])).toEqual([
      ['contact', 'portal/profile', 'inherit'],
      ['contact', 'portal', 'inherit'],
      ['role', 'portal/profile', 'inherit'],
      ['role', 'portal', 'inherit'],
      ['default', null, 'deny'],
    ]);
    expect(answer.summary).toContain('refused');
  });

  it('allows a contact with Client Profile / View, with the explanation', () => {
    const answer = policy.mayManageTwoFactor('sec', 'sec');
    expect(answer.allowed).toBe(true);
    expect(answer.rule).toBe('self');
    expect(answer.decision).toEqual({ decision: 'allow', decidedBy: 'portal/profile', inherited: false, source: 'contact' });
    expect(answer.explanation.trail).toEqual([{ layer: 'contact', resource: 'portal/profile', value: 'allow', roles: [], decisive: true }]);
    expect(answer.summary).toBe('allowed: "sec" manage 2FA of "sec": allow: set by contact cell Allow at portal/profile');
  });

  it('lets the primary contact act on anyone', () => {
    expect(policy.mayManageTwoFactor('owner', 'owner')).toMatchObject({ allowed: true, rule: 'primary' });
    expect(policy.mayManageTwoFactor('owner', 'sec')).toMatchObject({ allowed: true, rule: 'primary' });
    expect(policy.mayEditPermissions('owner', 'sec')).toMatchObject({ allowed: true, rule: 'primary' });
  });

  it('refuses acting on another contact without the grant', () => {
    expect(policy.mayManageTwoFactor('sec', 'blank')).toMatchObject({ allowed: false, rule: 'resolver' });
    expect(policy.mayEditPermissions('sec', 'blank')).toMatchObject({ allowed: false, rule: 'resolver' });
  });

  it('allows acting on another contact with the explicit grant', () => {
    const answer = policy.mayManageTwoFactor('admin', 'sec');
    expect(answer).toMatchObject({ allowed: true, rule: 'grant' });
    expect(answer.decision).toMatchObject({ decision: 'allow', decidedBy: 'portal/profile/contacts' });
    expect(policy.mayEditPermissions('admin', 'blank')).toMatchObject({ allowed: true, rule: 'grant' });
  });

  it('an inherited Allow is not an explicit grant', () => {
    const inheriting = {
      ...model,
      grants: { ...model.grants, sec: { profile: { view: 'allow', update: 'allow' } } },
      roles: { helpdesk: { contacts: { update: 'allow' } } },
      contacts: [...contacts, { id: 'desk', primary: false, roles: ['helpdesk'] }],
    } as unknown as PermissionModel;
    const p = twoFactorPolicy(createPermissionResolver(inheriting), {
      gate: { resource: 'profile', action: 'view' },
      manageOthers: { resource: 'contacts', action: 'update' },
      editOthersPermissions: null,
    });
    // sec's Profile / Update Allow reaches Manage Contacts / Update only by inheritance.
    const answer = p.mayManageTwoFactor('sec', 'blank');
    expect(answer).toMatchObject({ allowed: false, rule: 'inherited-grant' });
    expect(answer.decision).toEqual({ decision: 'allow', decidedBy: 'portal/profile', inherited: true, source: 'contact' });
    // A role cell stored on Manage Contacts itself is explicit.
    expect(p.mayManageTwoFactor('desk', 'blank')).toMatchObject({
      allowed: true,
      rule: 'grant',
      decision: { decidedBy: 'portal/profile/contacts', source: 'role:helpdesk' },
    });
  });

  it('never lets a delegate act on the primary contact', () => {
    expect(policy.mayManageTwoFactor('admin', 'owner')).toMatchObject({ allowed: false, rule: 'subject-is-primary' });
    expect(policy.mayEditPermissions('admin', 'owner')).toMatchObject({ allowed: false, rule: 'subject-is-primary' });
  });

  it("refuses editing one's own permissions unless primary", () => {
    expect(policy.mayEditPermissions('admin', 'admin')).toMatchObject({ allowed: false, rule: 'self-edit' });
    expect(policy.mayEditPermissions('owner', 'owner')).toMatchObject({ allowed: true, rule: 'primary' });
  });

  it('refuses unknown actors and subjects', () => {
    expect(policy.mayManageTwoFactor('ghost', 'ghost')).toMatchObject({
      allowed: false,
      rule: 'resolver',
      decision: { decision: 'error', reason: 'unknown-contact' },
    });
    expect(policy.mayManageTwoFactor('owner', 'ghost')).toMatchObject({ allowed: false, rule: 'unknown-subject' });
  });

  it('throws TypeError on non-string ids', () => {
    expect(() => policy.mayManageTwoFactor(1 as unknown as string, 'sec')).toThrow(TypeError);
    expect(() => policy.mayEditPermissions('sec', null as unknown as string)).toThrow(TypeError);
  });

  it('"primary contact only" when a grant option is null', () => {
    const strict = twoFactorPolicy(createPermissionResolver(model), {
      gate: { resource: 'profile', action: 'view' },
      manageOthers: null,
      editOthersPermissions: null,
    });
    expect(strict.mayManageTwoFactor('admin', 'sec')).toMatchObject({ allowed: false, rule: 'primary-only' });
    expect(strict.mayManageTwoFactor('owner', 'sec')).toMatchObject({ allowed: true, rule: 'primary' });
    expect(strict.mayManageTwoFactor('sec', 'sec')).toMatchObject({ allowed: true, rule: 'self' });
  });

  it("fails closed when the contact's grants are malformed", () => {
    const bad = { ...model, grants: { sec: { profile: { view: 'allow' }, reports: { create: 'allow' } } } } as unknown as PermissionModel;
    const answer = twoFactorPolicy(createPermissionResolver(bad), {
      gate: { resource: 'profile', action: 'view' },
      manageOthers: null,
      editOthersPermissions: null,
    }).mayManageTwoFactor('sec', 'sec');
    expect(answer).toMatchObject({ allowed: false, decision: { decision: 'error', reason: 'grant-on-not-applicable-cell' } });
    expect(answer.explanation.findings).toEqual([{ code: 'grant-on-not-applicable-cell', path: 'grants.sec.reports.create' }]);
  });

  it('rejects a misconfigured gate at construction', () => {
    const resolver = createPermissionResolver(model);
    expect(() => twoFactorPolicy(resolver)).toThrow(RangeError); // the case tree has no 'client-profile'
    expect(() =>
      twoFactorPolicy(resolver, { gate: { resource: 'reports', action: 'create' }, manageOthers: null, editOthersPermissions: null }),
    ).toThrow(RangeError);
    expect(() => twoFactorPolicy({} as never)).toThrow(TypeError);
    expect(() => twoFactorPolicy(resolver, { gate: null as never })).toThrow(TypeError);
  });
});

describe('twoFactorPolicy on the case tree, naming only the gate', () => {
  const model = {
    tree: caseTree,
    contacts,
    grants: {
      sec: { profile: { view: 'allow' } },
      admin: { profile: { view: 'allow' }, contacts: { update: 'allow' } },
    },
  } as unknown as PermissionModel;
  const resolver = createPermissionResolver(model);

  it('builds: a default grant whose resource the tree lacks means "primary contact only"', () => {
    const policy = twoFactorPolicy(resolver, { gate: { resource: 'profile', action: 'view' } });
    const refused = policy.mayManageTwoFactor('blank', 'blank');
    expect(refused).toMatchObject({ allowed: false, rule: 'resolver', decision: { decision: 'deny', decidedBy: 'default' } });
    expect(refused.summary).toBe('refused: "blank" manage 2FA of "blank": deny: no Allow or Deny on the path to the root (default)');
    expect(refused.explanation.trail.map((step) => `${step.layer} ${step.resource} ${step.value}`)).toEqual([
      'contact portal/profile inherit',
      'contact portal inherit',
      'role portal/profile inherit',
      'role portal inherit',
      'default null deny',
    ]);
    const allowed = policy.mayManageTwoFactor('sec', 'sec');
    expect(allowed).toMatchObject({
      allowed: true,
      rule: 'self',
      decision: { decision: 'allow', decidedBy: 'portal/profile', source: 'contact' },
    });
    expect(allowed.summary).toBe('allowed: "sec" manage 2FA of "sec": allow: set by contact cell Allow at portal/profile');
    // The tree has Manage Contacts (`contacts`) with update: the default manageOthers grant applies.
    expect(policy.mayManageTwoFactor('admin', 'sec')).toMatchObject({ allowed: true, rule: 'grant' });
    // It has no `contact-permissions`: editing others' permissions is for the primary contact only.
    expect(policy.mayEditPermissions('admin', 'sec')).toMatchObject({ allowed: false, rule: 'primary-only' });
    expect(policy.mayEditPermissions('owner', 'sec')).toMatchObject({ allowed: true, rule: 'primary' });
  });

  it('still throws RangeError when the caller names a missing resource or action', () => {
    const gate = { resource: 'profile', action: 'view' };
    expect(() => twoFactorPolicy(resolver, { gate, editOthersPermissions: { resource: 'contact-permissions', action: 'update' } })).toThrow(
      RangeError,
    );
    expect(() => twoFactorPolicy(resolver, { gate, manageOthers: { resource: 'contacts', action: 'export' } })).toThrow(RangeError);
    // The gate has no "primary only" fallback: a tree without the default gate must name one.
    expect(() => twoFactorPolicy(resolver)).toThrow(/"gate".*pass the gate option/);
  });
});

describe('twoFactorPolicy on the default portal tree (defaults)', () => {
  const model: PermissionModel = {
    tree: DEFAULT_PORTAL_TREE,
    contacts,
    grants: {
      sec: { 'client-profile': { view: 'allow' } },
      admin: { 'client-profile': { view: 'allow' }, contacts: { update: 'allow' }, 'contact-permissions': { update: 'deny' } },
    },
  };
  const policy = twoFactorPolicy(createPermissionResolver(model));

  it("gates a contact's own 2FA on client-profile / view", () => {
    expect(CLIENT_PROFILE).toBe('client-profile');
    expect(DEFAULT_PORTAL_TREE.resources.find((r) => r.id === CLIENT_PROFILE)?.actions).toContain('view');
    expect(policy.mayManageTwoFactor('sec', 'sec')).toMatchObject({
      allowed: true,
      decision: { decision: 'allow', decidedBy: 'client-portal/client-profile' },
    });
    expect(policy.mayManageTwoFactor('blank', 'blank').allowed).toBe(false);
  });

  it("uses contacts / update for others' 2FA and contact-permissions / update for their permissions", () => {
    expect(policy.mayManageTwoFactor('admin', 'sec')).toMatchObject({ allowed: true, rule: 'grant' });
    // An explicit Deny on Contact Permissions beats the inherited Allow from Manage Contacts.
    expect(policy.mayEditPermissions('admin', 'sec')).toMatchObject({
      allowed: false,
      rule: 'resolver',
      decision: { decision: 'deny', decidedBy: 'client-portal/client-profile/contacts/contact-permissions', inherited: false },
    });
  });
});
