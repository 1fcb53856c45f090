/**
 * `otpkit/enrollment`: the two-factor enrollment service over application ports, what it
 * answers, the credential-store interface with an in-memory store, and the key vault. Its errors
 * (`EnrollmentTransitionError`, `StoredSnapshotError`, `CredentialRecordError`, `KeyVaultError`, …)
 * are exported from `otpkit/errors`.
 * `findRecoveryCode` serves a recovery path of the application's own (docs/verification.md).
 * The state machine and the other recovery-code primitives behind the service are internal (see
 * docs/decisions/0005-public-surface.md). Units: every time is Unix seconds. See docs/enrollment.md.
 * Re-exports only.
 * @module
 */

export type { CredentialStore, EnrollmentCommit, StoredEnrollment, StoredKey } from './credential-store.js';
export { IssuedSecret } from './issued-secret.js';
export type { KeyBinding, KeyVault, ResealOptions, ResealReport, SealedRow } from './key-vault.js';
export { createKeyVault, resealAll } from './key-vault.js';
export type { EnrollmentSnapshot } from './machine.js';
// A portal reads a stored snapshot (e.g. "is two-factor on?" at login) through the same parser
// the service uses: untrusted input, read once, refused when malformed.
export { parseSnapshot } from './machine.js';
export { MemoryCredentialStore } from './memory-store.js';
export type { RecoveryCodeSet } from './recovery-codes.js';
export { findRecoveryCode, IssuedRecoveryCodes } from './recovery-codes.js';
export { createEnrollmentService } from './service/create.js';
export type {
  EnrollmentAuditEvent,
  EnrollmentFailure,
  EnrollmentResult,
  EnrollmentService,
  EnrollmentServiceOptions,
  TOTPVerifierPort,
} from './service.js';
export { AUDIT_EVENT_TYPES, UI_TEXT } from './service.js';
