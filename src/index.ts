/**
 * otpkit core: RFC 4226 HOTP, RFC 6238 TOTP, keys and base32 secrets, errors.
 * Framework-free, synchronous, no I/O. Re-exports only.
 * @module
 */

export type { HmacAlgorithm } from './core/algorithm.js';
export { ALGORITHM_NAME_RULE, HMAC_ALGORITHMS, parseAlgorithmName } from './core/algorithm.js';
export type { InvalidSecretReason, OtpkitErrorCode, PermissionModelFinding } from './core/errors.js';
export {
  EnrollmentTransitionError,
  InvalidKeyURIError,
  InvalidPermissionModelError,
  InvalidSecretError,
  InvalidSnapshotError,
  OtpkitError,
  StoreUnavailableError,
} from './core/errors.js';
export { MIN_KEY_BYTES, PreparedKey, prepareKey } from './core/hmac-key.js';
export type { CodeOptions, Counter, VerifyHOTPOptions, VerifyHOTPResult } from './core/hotp.js';
export { generateHOTP, MAX_COUNTER, MAX_LOOK_AHEAD, MAX_TOKEN_CHARS, verifyHOTP } from './core/hotp.js';
export type {
  BuildKeyURIOptions,
  HOTPKeyURI,
  KeyURI,
  KeyURIFields,
  KeyURIType,
  KeyURIWarning,
  KeyURIWarningCode,
  ParseKeyURIOptions,
  TOTPKeyURI,
} from './core/key-uri.js';
export { buildKeyURI, canonicalKeyURI, MAX_KEY_URI_LENGTH, parseKeyURI } from './core/key-uri.js';
export { decodeMigrationURI, isMigrationURI, MAX_MIGRATION_ENTRIES, MAX_MIGRATION_URI_LENGTH } from './core/migration.js';
export type { KeyAssessment } from './core/secret.js';
export {
  assessKey,
  DEFAULT_KEY_BYTES,
  decodeSecret,
  encodeSecret,
  formatSecret,
  generateKey,
  MAX_GENERATED_KEY_BYTES,
  MIN_GENERATED_KEY_BYTES,
} from './core/secret.js';
export type { CodeEncoder } from './core/steam.js';
export { STEAM_ALPHABET, STEAM_CODE_LENGTH } from './core/steam.js';
export { MAX_UNIX_SECONDS } from './core/time.js';
export type {
  GenerateTOTPOptions,
  TimeInput,
  TimeStepOptions,
  TOTPWindow,
  VerifyTOTPOptions,
  VerifyTOTPResult,
} from './core/totp.js';
export { generateTOTP, MAX_WINDOW, timeStep, verifyTOTP } from './core/totp.js';
export { timingSafeEqualString } from './internal/constant-time.js';
export type { ProfileDescription, VerificationProfile, VerificationProfileName } from './verify/profiles.js';
export { describeProfile, VERIFICATION_PROFILE_NAMES, VERIFICATION_PROFILES } from './verify/profiles.js';
export type { MemoryReplayStoreOptions, ReplayRecord, ReplayStore } from './verify/replay.js';
export { MemoryReplayStore } from './verify/replay.js';
export { DEFAULT_STORE_TIMEOUT_MS } from './verify/store-call.js';
export type {
  MemoryThrottleStoreOptions,
  Throttle,
  ThrottleAttempt,
  ThrottleOptions,
  ThrottleOutcome,
  ThrottlePolicy,
  ThrottleState,
  ThrottleStatus,
  ThrottleStore,
} from './verify/throttle.js';
export {
  checkThrottlePolicy,
  createThrottle,
  DEFAULT_THROTTLE_POLICY,
  lockSeconds,
  MAX_CEILING,
  MAX_DELAY_SECONDS,
  MemoryThrottleStore,
} from './verify/throttle.js';
export type {
  HOTPVerifier,
  HOTPVerifierOptions,
  HOTPVerifyOutcome,
  ResyncInput,
  TOTPVerifier,
  TOTPVerifierOptions,
  VerifierSettings,
  VerifyFailure,
  VerifyFailureReason,
  VerifyInput,
  VerifyOutcome,
} from './verify/verifier.js';
export { createHOTPVerifier, createTOTPVerifier, DEFAULT_DRIFT_MEMORY_SECONDS, MAX_NARROW_WINDOW } from './verify/verifier.js';
