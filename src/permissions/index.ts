/**
 * otpkit/permissions: contact permissions for the client portal and the 2FA policy built on them.
 *
 * A resource tree with per-resource actions, per-contact Allow / Deny / Inherit cells, role
 * templates below the contact's own cells, a primary contact, default deny, and fail-closed
 * validation (DESIGN.md, "Permissions: the decision procedure"; docs/permissions.md). Pure and
 * synchronous; never imported by the core. Re-exports only.
 * @module
 */
export { createPermissionResolver } from './resolver.js';
export type {
  PermissionResolver,
  PermissionResolverOptions,
  PermissionContactInfo,
  PermissionResourceInfo,
} from './resolver.js';
export { displayOf } from './decision.js';
export type {
  PermissionDecision,
  PermissionExplanation,
  PermissionErrorReason,
  DecisionSource,
  ExplainStep,
  GridDisplay,
} from './decision.js';
export type { EffectiveGrid, GridRow, GridCell } from './grid.js';
export { validate } from './validate.js';
export type { PermissionFindingCode } from './validate.js';
export {
  CELL_VALUES,
  ID_PATTERN,
  MAX_ACTIONS,
  MAX_CELLS,
  MAX_CONTACT_ID_LENGTH,
  MAX_CONTACT_ROLES,
  MAX_CONTACTS,
  MAX_RESOURCES,
  MAX_ROLES,
  MAX_TREE_DEPTH,
} from './model.js';
export type {
  CellValue,
  PermissionCells,
  PermissionContact,
  PermissionModel,
  PermissionResource,
  PermissionTree,
} from './model.js';
export {
  DEFAULT_PORTAL_TREE,
  PORTAL_ACTIONS,
  CLIENT_PORTAL,
  CLIENT_PROFILE,
  MANAGE_CONTACTS,
  CONTACT_PERMISSIONS,
} from './default-tree.js';
export { parsePermissionModel, serializePermissionModel, exportFlatGrants } from './json.js';
export type { PermissionEditFindingCode } from './json.js';
export { setCell, setRoleCell, setContactRoles, addResource, removeResource } from './edit.js';
export { twoFactorPolicy } from './two-factor-policy.js';
export type {
  TwoFactorPolicy,
  TwoFactorPolicyAnswer,
  TwoFactorPolicyOptions,
  TwoFactorPolicyRule,
  PermissionTarget,
} from './two-factor-policy.js';
export { InvalidPermissionModelError } from '../errors.js';
export type { PermissionModelFinding } from '../errors.js';
