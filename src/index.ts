/**
 * otpkit core: RFC 4226 HOTP and RFC 6238 TOTP (synchronous, pure: time and randomness are
 * inputs), keys and base32 secrets, otpauth:// key URIs, and the stateful verifier (replay guard,
 * drift, throttle; asynchronous, over the replay and throttle store interfaces, with memory stores
 * included). Errors are exported from `otpkit/errors` only (every class, their codes, and a
 * union to `switch` on). Units: times are Unix seconds, `period` is the time step size X in
 * seconds, windows count time steps. Re-exports only.
 * @module
 */

export type { HmacAlgorithm } from './core/algorithm.js';
export { parseAlgorithmName } from './core/algorithm.js';
export { generateTOTPFromSecret, verifyTOTPFromSecret } from './core/from-secret.js';
export { PreparedKey, prepareKey } from './core/hmac-key.js';
export type { VerifyHOTPOptions, VerifyHOTPResult } from './core/hotp.js';
export { generateHOTP, MAX_TOKEN_CHARS, verifyHOTP } from './core/hotp.js';
export type { BuildKeyURIOptions, KeyURI, KeyURIWarning } from './core/key-uri.js';
export { buildKeyURI, canonicalKeyURI, MAX_KEY_URI_LENGTH, parseKeyURI } from './core/key-uri.js';
export { decodeMigrationURI } from './core/migration.js';
export { assessKey, decodeSecret, encodeSecret, formatSecret, generateKey, MAX_SECRET_CHARS } from './core/secret.js';
export type { GenerateTOTPOptions, VerifyTOTPOptions, VerifyTOTPResult } from './core/totp.js';
export { generateTOTP, timeStep, verifyTOTP } from './core/totp.js';
export type { VerificationProfile, VerificationProfileName } from './verify/profiles.js';
export { describeProfile } from './verify/profiles.js';
export type { MemoryStoreOptions, ReplayRecord, ReplayStore } from './verify/replay.js';
export { MemoryReplayStore } from './verify/replay.js';
export type { Throttle, ThrottleAttempt, ThrottlePolicy, ThrottleState, ThrottleStore } from './verify/throttle.js';
// `lockSeconds` inside the verification layer; public under a name that cannot be read as the
// enrollment service's lock option: store authors compute the same backoff inside `attempt`.
export { lockSeconds as throttleDelaySeconds, MemoryThrottleStore } from './verify/throttle.js';
export type { VerificationAnswer, VerificationRequest, VerificationState, VerificationStore } from './verify/verification-store.js';
export { MemoryVerificationStore } from './verify/verification-store.js';
export type {
  CommonVerifierOptions,
  HOTPVerifier,
  HOTPVerifierOptions,
  HOTPVerifierResult,
  TOTPVerifier,
  TOTPVerifierOptions,
  TOTPVerifierResult,
  VerifyInput,
} from './verify/verifier.js';
export { createHOTPVerifier, createTOTPVerifier } from './verify/verifier.js';
