// Prints a contact's permission grid as the portal shows it (View Contacts → Edit → Permissions).
// Run after the build: `npx tsup && node examples/permissions-grid.mjs`.
import { createPermissionResolver, DEFAULT_PORTAL_TREE, twoFactorPolicy } from '../dist/permissions.js';

const model = {
  tree: DEFAULT_PORTAL_TREE,
  contacts: [
    { id: 'owner@example.com', primary: true },
    { id: 'bookkeeper@example.com', roles: ['billing-clerk'] },
  ],
  roles: { 'billing-clerk': { billing: { view: 'allow', update: 'allow' }, 'payment-methods': { delete: 'deny' } } },
  grants: {
    'bookkeeper@example.com': {
      'client-profile': { view: 'allow' },
      'domain-management': { view: 'deny' },
      'dns-zones': { view: 'allow' },
    },
  },
};

const permissions = createPermissionResolver(model);
const contact = 'bookkeeper@example.com';
const grid = permissions.effectiveGrid(contact);
const width = Math.max(...grid.rows.map((row) => row.depth * 2 + row.label.length)) + 2;
const column = (text) => text.padEnd(9);
console.log(`Permissions of ${contact}\n`);
console.log(`${'Resource'.padEnd(width)}${grid.actions.map((a) => column(a[0].toUpperCase() + a.slice(1))).join('')}`);
for (const row of grid.rows) {
  console.log(`${('  '.repeat(row.depth) + row.label).padEnd(width)}${row.cells.map((cell) => column(cell.display)).join('')}`);
}
const answer = twoFactorPolicy(permissions).mayManageTwoFactor(contact, contact);
console.log(`\nMay enable own 2FA: ${answer.allowed} (${answer.summary})`);
