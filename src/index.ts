/**
 * otpkit core: RFC 4226 HOTP, RFC 6238 TOTP, keys and base32 secrets, errors.
 * Framework-free, synchronous, no I/O. Re-exports only.
 * @module
 */
export {
  OtpkitError,
  InvalidSecretError,
  InvalidKeyURIError,
  EnrollmentTransitionError,
  InvalidSnapshotError,
  InvalidPermissionModelError,
  StoreUnavailableError,
} from './errors.js';
export type { OtpkitErrorCode, InvalidSecretReason, PermissionModelFinding } from './errors.js';
export { HMAC_ALGORITHMS } from './algorithm.js';
export type { HmacAlgorithm } from './algorithm.js';
export { PreparedKey, prepareKey, MIN_KEY_BYTES } from './hmac-key.js';
export { generateHOTP, verifyHOTP, MAX_COUNTER, MAX_LOOK_AHEAD, MAX_TOKEN_CHARS } from './hotp.js';
export type { Counter, CodeOptions, VerifyHOTPOptions, VerifyHOTPResult } from './hotp.js';
export { timeStep, generateTOTP, verifyTOTP, MAX_UNIX_SECONDS, MAX_WINDOW } from './totp.js';
export type {
  TimeInput,
  TimeStepOptions,
  GenerateTOTPOptions,
  VerifyTOTPOptions,
  VerifyTOTPResult,
  TOTPWindow,
} from './totp.js';
export {
  generateKey,
  encodeSecret,
  decodeSecret,
  formatSecret,
  assessKey,
  DEFAULT_KEY_BYTES,
  MIN_GENERATED_KEY_BYTES,
  MAX_GENERATED_KEY_BYTES,
} from './secret.js';
export type { KeyAssessment } from './secret.js';
export { timingSafeEqualString } from './internal/constant-time.js';
