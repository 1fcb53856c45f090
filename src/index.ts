/**
 * otpkit core: RFC 4226 HOTP and RFC 6238 TOTP (synchronous, pure: time and randomness are
 * inputs), keys and base32 secrets, otpauth:// key URIs, and the stateful verifier (replay guard,
 * drift, throttle; asynchronous, over the replay and throttle store interfaces, with memory stores
 * included). Errors of the core are exported here; every otpkit error, with a union to `switch`
 * on, from `otpkit/errors`. Units: times are Unix seconds, `period` is the time step size X in
 * seconds, windows count time steps. Re-exports only.
 * @module
 */

export type { HmacAlgorithm } from './core/algorithm.js';
export { parseAlgorithmName } from './core/algorithm.js';
export type { InvalidSecretReason, OtpkitErrorCode } from './core/errors.js';
export { InvalidKeyURIError, InvalidSecretError, OtpkitError, StoreUnavailableError } from './core/errors.js';
export { generateTOTPFromSecret, verifyTOTPFromSecret } from './core/from-secret.js';
export { PreparedKey, prepareKey } from './core/hmac-key.js';
export type { CodeOptions, Counter, VerifyHOTPOptions, VerifyHOTPResult } from './core/hotp.js';
export { generateHOTP, MAX_TOKEN_CHARS, verifyHOTP } from './core/hotp.js';
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
export { decodeMigrationURI } from './core/migration.js';
export type { KeyAssessment } from './core/secret.js';
export { assessKey, decodeSecret, encodeSecret, formatSecret, generateKey, MAX_SECRET_CHARS } from './core/secret.js';
export type { CodeEncoder } from './core/steam.js';
export type {
  GenerateTOTPOptions,
  TimeInput,
  TimeStepOptions,
  TOTPWindow,
  VerifyTOTPOptions,
  VerifyTOTPResult,
} from './core/totp.js';
export { generateTOTP, timeStep, verifyTOTP } from './core/totp.js';
export type { ProfileDescription, VerificationProfile, VerificationProfileName } from './verify/profiles.js';
export { describeProfile } from './verify/profiles.js';
export type { MemoryReplayStoreOptions, ReplayRecord, ReplayStore } from './verify/replay.js';
export { MemoryReplayStore } from './verify/replay.js';
export type {
  MemoryThrottleStoreOptions,
  SettleOutcome,
  Throttle,
  ThrottleAttempt,
  ThrottleOutcome,
  ThrottlePolicy,
  ThrottleState,
  ThrottleStatus,
  ThrottleStore,
} from './verify/throttle.js';
// `lockSeconds` inside the verification layer; public under a name that cannot be read as the
// enrollment service's lock option: store authors compute the same backoff inside `attempt`.
export { lockSeconds as throttleDelaySeconds, MemoryThrottleStore } from './verify/throttle.js';
export type {
  MemoryVerificationStoreOptions,
  VerificationAnswer,
  VerificationKind,
  VerificationRequest,
  VerificationState,
  VerificationStore,
} from './verify/verification-store.js';
export { MemoryVerificationStore } from './verify/verification-store.js';
export type {
  CommonVerifierOptions,
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
export { createHOTPVerifier, createTOTPVerifier } from './verify/verifier.js';
