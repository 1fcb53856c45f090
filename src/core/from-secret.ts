/**
 * TOTP straight from the base32 secret text (RFC 6238 over RFC 4226; the text as in the Key URI
 * Format's `secret`), for servers that keep the secret as text and do not cache a key: the same
 * answers as `verifyTOTP(decodeSecret(secret), …)` and `generateTOTP(decodeSecret(secret), …)`,
 * without the per-call key bytes or key object. The text is decoded into shared scratch space
 * and absorbed into shared HMAC pads, both zeroed before the call returns.
 *
 * Units as in totp.ts: `time` and `t0` in Unix seconds (or a Date), `period` in seconds,
 * windows in time steps.
 * @module
 */
import { assertOptions } from '../internal/assert.js';
import { assertAlgorithm, type HmacAlgorithm } from './algorithm.js';
import { type PreparedKey, prepareKey, scratchKeyFromText, wipeScratchKey } from './hmac-key.js';
import { checkDigits, formatCode, INVALID, parseToken, truncateAt } from './hotp.js';
import { decodeSecret } from './secret.js';
import { toUnixSeconds } from './time.js';
import {
  checkTimeStepOptions,
  checkWindow,
  type GenerateTOTPOptions,
  matchWindow,
  stepAt,
  type VerifyTOTPOptions,
  type VerifyTOTPResult,
} from './totp.js';

/** The key for `secret`: the shared scratch key, or a fresh one where the text needs decodeSecret. */
function keyFor(secret: unknown, algorithm: HmacAlgorithm): PreparedKey {
  if (typeof secret === 'string') {
    const scratch = scratchKeyFromText(secret, algorithm);
    if (scratch !== null) return scratch;
  }
  // Throws decodeSecret's error for bad text; a key longer than the block is hashed here.
  const bytes = decodeSecret(secret as string);
  const key = prepareKey(bytes, { algorithm });
  bytes.fill(0);
  return key;
}

/**
 * Generates the TOTP code for a time from the base32 secret text (RFC 6238 §4.2).
 * @param secret - the key K as base32 text, read as {@link decodeSecret} reads it (case,
 *   spaces, hyphens and `=` padding tolerated; at least 10 bytes).
 * @param options - `time` (Unix seconds or Date, default now), `period` (s, default 30),
 *   `t0` (Unix s, default 0), `digits` (6–10, default 6), `algorithm` (default SHA1).
 * @returns the zero-padded code, the same as `generateTOTP(decodeSecret(secret), options)`.
 * @throws InvalidSecretError (`code: 'ERR_INVALID_SECRET'`) for secret text that
 *   {@link decodeSecret} refuses; TypeError if `secret` is not a string; TypeError/RangeError
 *   for invalid options (see `timeStep`).
 * @see RFC 6238 §4, Appendix B; RFC 4648 §6
 * @example
 * generateTOTPFromSecret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { time: 59, digits: 8 }); // '94287082'
 */
export function generateTOTPFromSecret(secret: string, options?: GenerateTOTPOptions): string {
  const opts = assertOptions('options', options);
  const algorithm = opts.algorithm === undefined ? 'SHA1' : assertAlgorithm(opts.algorithm);
  const digits = checkDigits(opts.digits);
  const { period, t0 } = checkTimeStepOptions(opts);
  const step = stepAt(toUnixSeconds(opts.time), period, t0);
  const key = keyFor(secret, algorithm);
  const snum = truncateAt(key, step);
  wipeScratchKey(key);
  return formatCode(snum, digits);
}

/**
 * Verifies a TOTP token from the base32 secret text against steps T − past … T + future,
 * nearest first (RFC 6238 §5.2). Stateless, like `verifyTOTP`: persist the returned
 * `timeStep` and refuse steps ≤ it, or use `createTOTPVerifier`.
 * The token is untrusted input and never throws; the secret is the server's own data and
 * throws when it is not a key.
 * @param secret - the key K as base32 text, read as {@link decodeSecret} reads it.
 * @param token - what the person typed.
 * @param options - as `verifyTOTP`: `window` (steps, number or `{ past, future }`, each
 *   0–10, default 1), `time`, `period`, `t0`, `digits`, `algorithm`.
 * @returns `{ valid: true, timeStep, delta }` or `{ valid: false }`, the same as
 *   `verifyTOTP(decodeSecret(secret), token, options)`.
 * @throws InvalidSecretError for secret text that {@link decodeSecret} refuses (also when
 *   the token is malformed); TypeError if `secret` is not a string; TypeError/RangeError for
 *   invalid options (never for the token).
 * @see RFC 6238 §5.2, §6; RFC 4648 §6
 * @example
 * const r = verifyTOTPFromSecret(row.secret, typed, { window: 1 });
 * if (r.valid && r.timeStep > row.lastUsedStep) { await saveLastUsedStep(r.timeStep); grant(); }
 */
export function verifyTOTPFromSecret(secret: string, token: unknown, options?: VerifyTOTPOptions): VerifyTOTPResult {
  const opts = assertOptions('options', options);
  const algorithm = opts.algorithm === undefined ? 'SHA1' : assertAlgorithm(opts.algorithm);
  const digits = checkDigits(opts.digits);
  const { period, t0 } = checkTimeStepOptions(opts);
  const { past, future } = checkWindow(opts.window);
  const step = stepAt(toUnixSeconds(opts.time), period, t0);
  const wanted = parseToken(token, digits);
  const key = keyFor(secret, algorithm);
  const result = wanted < 0 ? INVALID : matchWindow(key, wanted, digits, step, past, future);
  wipeScratchKey(key);
  return result;
}
