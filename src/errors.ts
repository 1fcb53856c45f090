/**
 * `otpkit/errors`: every error class otpkit throws for bad outside data, their stable codes, and
 * the union {@link OtpkitErrors} to `switch (error.code)` on (as `jose/errors`). Misuse by the
 * calling program throws the built-in `TypeError` or `RangeError` instead. Re-exports only.
 * @module
 */

export type { OtpkitErrorCode, OtpkitErrors } from './core/errors.js';
export {
  EnrollmentTransitionError,
  InvalidKeyURIError,
  InvalidPermissionModelError,
  InvalidSecretError,
  InvalidSnapshotError,
  isOtpkitError,
  OtpkitError,
  StoreUnavailableError,
} from './core/errors.js';
