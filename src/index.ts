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
export { MemoryReplayStore } from './replay.js';
export type { ReplayStore, ReplayRecord, MemoryReplayStoreOptions } from './replay.js';
export {
  MemoryThrottleStore,
  createThrottle,
  checkThrottlePolicy,
  lockSeconds,
  DEFAULT_THROTTLE_POLICY,
  DEFAULT_STORE_TIMEOUT_MS,
  MAX_CEILING,
  MAX_DELAY_SECONDS,
} from './throttle.js';
export type {
  ThrottleStore,
  ThrottlePolicy,
  ThrottleState,
  ThrottleAttempt,
  Throttle,
  ThrottleOptions,
  ThrottleOutcome,
  ThrottleStatus,
  MemoryThrottleStoreOptions,
} from './throttle.js';
export { createTOTPVerifier, createHOTPVerifier, MAX_NARROW_WINDOW, DEFAULT_DRIFT_MEMORY_SECONDS } from './verifier.js';
export type {
  TOTPVerifier,
  HOTPVerifier,
  TOTPVerifierOptions,
  HOTPVerifierOptions,
  VerifyInput,
  ResyncInput,
  VerifyOutcome,
  HOTPVerifyOutcome,
  VerifyFailure,
  VerifyFailureReason,
  VerifierSettings,
} from './verifier.js';
export { VERIFICATION_PROFILES, VERIFICATION_PROFILE_NAMES, describeProfile } from './profiles.js';
export type { VerificationProfile, VerificationProfileName, ProfileDescription } from './profiles.js';
export { buildKeyURI, parseKeyURI, MAX_KEY_URI_LENGTH } from './key-uri.js';
export type {
  BuildKeyURIOptions,
  ParseKeyURIOptions,
  KeyURI,
  KeyURIFields,
  TOTPKeyURI,
  HOTPKeyURI,
  KeyURIType,
  KeyURIWarning,
  KeyURIWarningCode,
} from './key-uri.js';
