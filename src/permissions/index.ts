/**
 * otpkit/permissions: contact permissions for the client portal and the 2FA policy built on them.
 *
 * A resource tree with per-resource actions, per-contact Allow / Deny / Inherit cells, role
 * templates below the contact's own cells, a primary contact, default deny, and fail-closed
 * validation (docs/design.md, "Permissions: the decision procedure"; docs/permissions.md). Pure and
 * synchronous; never imported by the core. Its error, `InvalidPermissionModelError`, is exported
 * from `otpkit/errors`. Re-exports only.
 * @module
 */

export type { PermissionModelFinding } from '../core/errors.js';
export type { PermissionDecision, PermissionExplanation } from './decision.js';
export { DEFAULT_PORTAL_TREE } from './default-tree.js';
export { addResource, removeResource, setCell, setContactRoles, setRoleCell } from './edit.js';
export type { EffectiveGrid } from './grid.js';
export { exportFlatGrants, parsePermissionModel, serializePermissionModel } from './json.js';
export type { CellValue, PermissionContact, PermissionModel, PermissionResource, PermissionTree } from './model.js';
export type { PermissionResolver } from './resolver.js';
export { createPermissionResolver } from './resolver.js';
export type { TwoFactorPolicy, TwoFactorPolicyAnswer } from './two-factor-policy.js';
export { twoFactorPolicy } from './two-factor-policy.js';
export type { PermissionFindingCode } from './validate.js';
export { validate } from './validate.js';
