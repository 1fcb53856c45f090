/**
 * `otpkit/enrollment`: the two-factor enrollment state machine, the enrollment service over
 * application ports, recovery codes and an in-memory credential store. Re-exports only.
 * Units: every time is Unix seconds. See docs/enrollment.md.
 * @module
 */
export {
  SNAPSHOT_VERSION,
  ENROLLMENT_STATES,
  ENROLLMENT_EVENTS,
  TRANSITIONS,
  MAX_SNAPSHOT_COUNT,
  initialSnapshot,
  isPending,
  canTransition,
  lockRemaining,
  transition,
  parseSnapshot,
  serializeSnapshot,
} from './machine.js';
export type { EnrollmentStatus, EnrollmentEvent, EnrollmentSnapshot, PendingKeyRef, TransitionContext } from './machine.js';
export {
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_LENGTH,
  RECOVERY_CODE_BITS,
  DEFAULT_RECOVERY_CODE_COUNT,
  MAX_RECOVERY_CODE_COUNT,
  IssuedRecoveryCodes,
  generateRecoveryCodes,
  normalizeRecoveryCode,
  findRecoveryCode,
  checkRecoveryCodeSet,
} from './recovery-codes.js';
export type { RandomSource, RecoveryCodeSet, RecoveryCodeOptions } from './recovery-codes.js';
export type { CredentialStore, StoredEnrollment, StoredKey, KeyChange, EnrollmentCommit } from './credential-store.js';
export { MemoryCredentialStore } from './memory-store.js';
export { IssuedSecret } from './issued-secret.js';
export { createEnrollmentService, ENROLLMENT_DEFAULTS, UI_TEXT } from './service.js';
export type {
  EnrollmentService,
  EnrollmentServiceOptions,
  EnrollmentFailure,
  EnrollmentFailureReason,
  TwoFactorPermissionPort,
  TOTPVerifierPort,
  VerifierOutcome,
  PasswordRequired,
  SecretIssued,
  EnrollmentComplete,
  TwoFactorDisabled,
  Cancelled,
  RecoveryCodesRegenerated,
  EnrollmentStatusView,
  LoginVerified,
  RecoveryCodeAccepted,
} from './service.js';
export { EnrollmentTransitionError, InvalidSnapshotError, OtpkitError } from '../errors.js';
