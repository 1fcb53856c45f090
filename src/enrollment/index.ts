/**
 * `otpkit/enrollment`: the two-factor enrollment state machine, the enrollment service over
 * application ports, recovery codes and an in-memory credential store. Re-exports only.
 * Units: every time is Unix seconds. See docs/enrollment.md.
 * @module
 */

export { EnrollmentTransitionError, InvalidSnapshotError, OtpkitError } from '../core/errors.js';
export type {
  CredentialRecordField,
  CredentialStore,
  EnrollmentCommit,
  KeyChange,
  StoredEnrollment,
  StoredKey,
} from './credential-store.js';
export { CredentialRecordError, StoredSnapshotError } from './credential-store.js';
export { IssuedSecret } from './issued-secret.js';
export type {
  KeyBinding,
  KeyVault,
  KeyVaultErrorReason,
  KeyVaultOptions,
  ResealOptions,
  ResealReport,
  SealedRow,
  WrappingKey,
} from './key-vault.js';
export { createKeyVault, KeyVaultError, resealAll } from './key-vault.js';
export type { EnrollmentEvent, EnrollmentSnapshot, EnrollmentStatus, PendingKeyRef, TransitionContext } from './machine.js';
export {
  canTransition,
  ENROLLMENT_EVENTS,
  ENROLLMENT_STATES,
  initialSnapshot,
  isPending,
  lockRemaining,
  MAX_SNAPSHOT_COUNT,
  parseSnapshot,
  SNAPSHOT_VERSION,
  serializeSnapshot,
  TRANSITIONS,
  transition,
} from './machine.js';
export type { MemoryCredentialStoreOptions } from './memory-store.js';
export { MemoryCredentialStore } from './memory-store.js';
export type { RandomSource, RecoveryCodeOptions, RecoveryCodeSet } from './recovery-codes.js';
export {
  checkRecoveryCodeSet,
  DEFAULT_RECOVERY_CODE_COUNT,
  findRecoveryCode,
  generateRecoveryCodes,
  IssuedRecoveryCodes,
  MAX_RECOVERY_CODE_COUNT,
  normalizeRecoveryCode,
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_BITS,
  RECOVERY_CODE_LENGTH,
} from './recovery-codes.js';
export type {
  Cancelled,
  EnrollmentAuditEvent,
  EnrollmentComplete,
  EnrollmentFailure,
  EnrollmentFailureReason,
  EnrollmentService,
  EnrollmentServiceOptions,
  EnrollmentStatusView,
  LoginVerified,
  PasswordRequired,
  RecoveryCodeAccepted,
  RecoveryCodesRegenerated,
  SecretIssued,
  TOTPVerifierPort,
  TwoFactorDisabled,
  TwoFactorPermissionPort,
  TwoFactorReset,
  Unlocked,
  VerifierOutcome,
} from './service.js';
export { AUDIT_EVENT_TYPES, createEnrollmentService, ENROLLMENT_DEFAULTS, UI_TEXT } from './service.js';
