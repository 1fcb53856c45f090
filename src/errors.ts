/**
 * `otpkit/errors`: every error class otpkit throws for bad outside data, from every subpath (the
 * core, `otpkit/enrollment`, `otpkit/permissions`, the stores), their stable codes, and the
 * union {@link OtpkitErrors} to `switch (error.code)` on (as `jose/errors`). This is the one
 * place they are exported from. Misuse by the calling program throws the built-in `TypeError` or
 * `RangeError` instead. Re-exports only.
 * @module
 */

export type { OtpkitErrorCode, OtpkitErrors } from './core/errors.js';
export {
  CredentialRecordError,
  EnrollmentTransitionError,
  InvalidKeyURIError,
  InvalidPermissionModelError,
  InvalidSecretError,
  InvalidSnapshotError,
  isOtpkitError,
  KeyVaultError,
  OtpkitError,
  StoredSnapshotError,
  StoreUnavailableError,
} from './core/errors.js';
