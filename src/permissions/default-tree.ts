/**
 * The default portal resource tree: the grid the user's portal shows under View Contacts → Edit
 * → Permissions (Client Portal and its sections, each with sub-resources), with the View /
 * Create / Update / Delete columns. Ids are lower-case kebab case of the labels.
 * @module
 */
import type { PermissionResource, PermissionTree } from './model.js';

/** The portal's action columns, in display order. */
export const PORTAL_ACTIONS: readonly string[] = Object.freeze(['view', 'create', 'update', 'delete']);

/** Id of the root, "Client Portal". */
export const CLIENT_PORTAL = 'client-portal';
/** Id of "Client Profile": `view` on it gates a contact's own 2FA (docs/design.md, the 2FA gate). */
export const CLIENT_PROFILE = 'client-profile';
/** Id of "Manage Contacts": `update` on it lets a contact act on other contacts' 2FA. */
export const MANAGE_CONTACTS = 'contacts';
/** Id of "Contact Permissions": `update` on it lets a contact edit other contacts' permissions. */
export const CONTACT_PERMISSIONS = 'contact-permissions';

const ALL = ['view', 'create', 'update', 'delete'] as const;

function resource(id: string, label: string, parent: string | null, actions: readonly string[]): PermissionResource {
  return Object.freeze({ id, label, parent, actions: Object.freeze([...actions]) });
}

/**
 * The default tree (frozen). Resources, with their actions (others show `-`). The top-level rows
 * and their actions are the help page's (all four on every section, View only on Website); the
 * sub-resources are otpkit's own:
 * - `client-portal` Client Portal — all four
 *   - `client-profile` Client Profile — all four
 *     - `contacts` Manage Contacts — all four
 *       - `contact-permissions` Contact Permissions — view, update
 *     - `two-factor` Two-Factor Authentication — view, update
 *     - `password` Change Password — update
 *   - `billing` Billing & Services — all four
 *     - `invoices` Invoices — view
 *     - `payment-methods` Payment Methods — all four
 *     - `services` Services — view, create, update
 *   - `reports` Reports — all four
 *     - `usage-reports` Usage Reports — view
 *   - `domain-management` Domain Management — all four
 *     - `dns-zones` DNS Zones — all four
 *       - `zone-records` Zone Records — all four
 *     - `domain-transfers` Domain Transfers — view, create
 *   - `support` Support — all four
 *     - `tickets` Tickets — view, create, update
 *     - `knowledge-base` Knowledge Base — view
 *   - `device-manager` Device Manager — all four
 *     - `devices` Devices — view, update, delete
 *   - `website` Website — view
 *     - `website-files` Website Files — all four
 *   - `client-preferences` Client Preferences — all four
 *     - `notifications` Notifications — view, update
 */
export const DEFAULT_PORTAL_TREE: PermissionTree = Object.freeze({
  actions: PORTAL_ACTIONS,
  resources: Object.freeze([
    resource(CLIENT_PORTAL, 'Client Portal', null, ALL),
    resource(CLIENT_PROFILE, 'Client Profile', CLIENT_PORTAL, ALL),
    resource(MANAGE_CONTACTS, 'Manage Contacts', CLIENT_PROFILE, ALL),
    resource(CONTACT_PERMISSIONS, 'Contact Permissions', MANAGE_CONTACTS, ['view', 'update']),
    resource('two-factor', 'Two-Factor Authentication', CLIENT_PROFILE, ['view', 'update']),
    resource('password', 'Change Password', CLIENT_PROFILE, ['update']),
    resource('billing', 'Billing & Services', CLIENT_PORTAL, ALL),
    resource('invoices', 'Invoices', 'billing', ['view']),
    resource('payment-methods', 'Payment Methods', 'billing', ALL),
    resource('services', 'Services', 'billing', ['view', 'create', 'update']),
    resource('reports', 'Reports', CLIENT_PORTAL, ALL),
    resource('usage-reports', 'Usage Reports', 'reports', ['view']),
    resource('domain-management', 'Domain Management', CLIENT_PORTAL, ALL),
    resource('dns-zones', 'DNS Zones', 'domain-management', ALL),
    resource('zone-records', 'Zone Records', 'dns-zones', ALL),
    resource('domain-transfers', 'Domain Transfers', 'domain-management', ['view', 'create']),
    resource('support', 'Support', CLIENT_PORTAL, ALL),
    resource('tickets', 'Tickets', 'support', ['view', 'create', 'update']),
    resource('knowledge-base', 'Knowledge Base', 'support', ['view']),
    resource('device-manager', 'Device Manager', CLIENT_PORTAL, ALL),
    resource('devices', 'Devices', 'device-manager', ['view', 'update', 'delete']),
    resource('website', 'Website', CLIENT_PORTAL, ['view']),
    resource('website-files', 'Website Files', 'website', ALL),
    resource('client-preferences', 'Client Preferences', CLIENT_PORTAL, ALL),
    resource('notifications', 'Notifications', 'client-preferences', ['view', 'update']),
  ]),
});
