/**
 * DEFAULT_PORTAL_TREE against the user's help page: the Permissions tab of Edit Contact lists
 * Client Portal's sections with View / Create / Update / Delete; every section offers all four
 * actions except Website, which offers View only. The expected rows are typed from the help
 * page's table (a contact with Client Profile / View set to Allow, everything else Inherit).
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_PORTAL, PORTAL_ACTIONS } from '../../src/permissions/default-tree.js';
import { createPermissionResolver, DEFAULT_PORTAL_TREE } from '../../src/permissions/index.js';

const HELP_PAGE_ROWS: Record<string, string> = {
  'Client Profile': 'Allow Inherit Inherit Inherit',
  'Billing & Services': 'Inherit Inherit Inherit Inherit',
  Reports: 'Inherit Inherit Inherit Inherit',
  'Domain Management': 'Inherit Inherit Inherit Inherit',
  Support: 'Inherit Inherit Inherit Inherit',
  'Device Manager': 'Inherit Inherit Inherit Inherit',
  Website: 'Inherit - - -',
  'Client Preferences': 'Inherit Inherit Inherit Inherit',
};

const SELECT_TEXT: Record<string, string> = { allow: 'Allow', deny: 'Deny', inherit: 'Inherit' };

describe('DEFAULT_PORTAL_TREE', () => {
  const resolver = createPermissionResolver({
    tree: DEFAULT_PORTAL_TREE,
    contacts: [
      { id: '3522', primary: true, roles: [] },
      { id: '3523', primary: false, roles: [] },
    ],
    roles: {},
    grants: { '3523': { 'client-profile': { view: 'allow' } } },
  });
  const grid = resolver.effectiveGrid('3523');
  const topLevel = grid.rows.filter((row) => row.depth === 1);

  it('has the help page columns', () => {
    expect(PORTAL_ACTIONS).toEqual(['view', 'create', 'update', 'delete']);
    expect(grid.error).toBeNull();
  });

  it('has the help page top-level rows, in order, with their applicable actions', () => {
    const rendered = Object.fromEntries(
      topLevel.map((row) => [row.label, row.cells.map((cell) => (cell.stored === null ? '-' : SELECT_TEXT[cell.stored])).join(' ')]),
    );
    expect(Object.keys(rendered)).toEqual(Object.keys(HELP_PAGE_ROWS));
    expect(rendered).toEqual(HELP_PAGE_ROWS);
  });

  it('shows the root as "(None)" where nothing is inherited, and inherited values in parentheses', () => {
    const root = grid.rows[0]!;
    expect(root.id).toBe(CLIENT_PORTAL);
    expect(root.cells.map((cell) => cell.display)).toEqual(['(None)', '(None)', '(None)', '(None)']);
    const twoFactor = grid.rows.find((row) => row.id === 'two-factor')!;
    expect(twoFactor.cells.map((cell) => cell.display)).toEqual(['(Allow)', '-', '(None)', '-']);
  });
});
