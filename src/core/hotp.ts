/**
 * HOTP: an HMAC-based one-time password, RFC 4226.
 *
 * HOTP(K, C) = Truncate(HMAC(K, C)) mod 10^digits, with C the 8-byte big-endian counter
 * (§5.2–5.3). Counters are safe-integer numbers or bigints up to 2^64 − 1. Verification looks
 * forward only, `lookAhead` counters past C (§7.4), and never throws on the token.
 * @module
 */

import { assertInteger, assertOptions, describe } from '../internal/assert.js';
import type { HmacAlgorithm } from './algorithm.js';
import { checkKey, type PreparedKey, toPreparedKey } from './hmac-key.js';

/** @internal The moving factor C: a safe-integer `number` ≥ 0 or a `bigint` from 0 to 2^64 − 1. */
export type Counter = number | bigint;

/**
 * Options of {@link verifyHOTP}; {@link generateHOTP} takes its `digits` and `algorithm`
 * (`Pick<VerifyHOTPOptions, 'digits' | 'algorithm'>`).
 */
export interface VerifyHOTPOptions {
  /** The next expected counter C (required): a safe-integer `number` ≥ 0 or a `bigint` from 0 to 2^64 − 1. */
  counter: number | bigint;
  /** How many counters after C are also accepted, an integer from 0 to 100. Default 0. Never backwards. */
  lookAhead?: number;
  /** Code length, an integer from 6 to 10 (RFC 4226 §5.3 requires ≥ 6). Default 6. */
  digits?: number;
  /** HMAC hash: `'SHA1'` (default), `'SHA256'` or `'SHA512'`. Default: the prepared key's, else SHA1. */
  algorithm?: HmacAlgorithm;
}

/** Result of {@link verifyHOTP}: the matched counter (of the same type as C) and how far ahead of C it was. */
export type VerifyHOTPResult =
  | { readonly valid: true; readonly counter: number | bigint; readonly delta: number }
  | { readonly valid: false };

/** Largest counter: 2^64 − 1. */
export const MAX_COUNTER = 0xffff_ffff_ffff_ffffn;
/** Largest accepted `lookAhead`. */
export const MAX_LOOK_AHEAD = 100;
/** A token longer than this many characters (whitespace included) is refused without parsing. */
export const MAX_TOKEN_CHARS = 64;

/** @internal 2^32: a counter C below 2^53 is `hi · TWO_POW_32 + lo`. */
export const TWO_POW_32 = 0x1_0000_0000;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10] as const;
/** @internal The one frozen `{ valid: false }` every stateless verify function answers (HOTP and TOTP). */
export const INVALID = Object.freeze({ valid: false } as const);

/** @internal Asserts the digits option. */
export function checkDigits(value: unknown): number {
  return value === undefined ? 6 : assertInteger('digits', value, 6, 10);
}

/** @internal Validates a counter C (safe integer ≥ 0, or bigint 0 … 2^64 − 1) and returns it. */
export function checkCounter(counter: unknown, name = 'counter'): Counter {
  if (typeof counter === 'number') {
    if (!Number.isInteger(counter) || counter < 0) {
      throw new RangeError(`"${name}" expected an integer ≥ 0, got ${describe(counter)}`);
    }
    if (!Number.isSafeInteger(counter)) {
      throw new RangeError(`"${name}" is not a safe integer, pass a bigint: got ${describe(counter)}`);
    }
    return counter;
  }
  if (typeof counter === 'bigint') {
    if (counter < 0n || counter > MAX_COUNTER) {
      throw new RangeError(`"${name}" expected a bigint from 0 to 2^64 − 1, got ${describe(counter)}`);
    }
    return counter;
  }
  throw new TypeError(`"${name}" expected a safe integer or a bigint, got ${describe(counter)}`);
}

/** @internal Reduces a dynamic-truncation value to a zero-padded code of `digits` digits. */
export function formatCode(snum: number, digits: number): string {
  return String(snum % (POW10[digits] as number)).padStart(digits, '0');
}

/**
 * @internal Parses a user-typed token: ASCII whitespace is ignored; anything else must be exactly
 * `digits` ASCII digits. Returns the numeric value, or -1 for anything that cannot be a code.
 * Never throws, never echoes the token.
 */
export function parseToken(token: unknown, digits: number): number {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) return -1;
  let value = 0;
  let count = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++count > digits) return -1;
      value = value * 10 + (c - 0x30);
    } else if (c !== 0x20 && (c < 0x09 || c > 0x0d)) {
      // Only tab, LF, VT, FF, CR and space are skipped; every other character refuses.
      return -1;
    }
  }
  return count === digits ? value : -1;
}

/**
 * The HOTP value for the counter C = hi · 2^32 + lo (RFC 4226 §5.3) as an integer, so a token is
 * compared in one comparison, with no per-character early exit.
 * @internal
 */
export function hotpValue(key: PreparedKey, hi: number, lo: number, digits: number): number {
  return key.truncate(hi, lo) % (POW10[digits] as number);
}

/**
 * The HOTP value for a counter C that is a safe integer (a TOTP time step, a look-ahead step),
 * split inline: no `[hi, lo]` tuple per step.
 * @internal
 */
export function codeAt(key: PreparedKey, counter: number, digits: number): number {
  return hotpValue(key, Math.floor(counter / TWO_POW_32), counter >>> 0, digits);
}

/**
 * Snum, the dynamic truncation of HMAC(K, C) (RFC 4226 §5.3) before reduction, for a counter C
 * that is a safe integer ≥ 0 (a TOTP time step), split inline.
 * @internal
 */
export function truncateAt(key: PreparedKey, counter: number): number {
  return key.truncate(Math.floor(counter / TWO_POW_32), counter >>> 0);
}

/** @internal Splits a checked counter into its high and low 32-bit halves. */
export function splitCounter(counter: Counter): [hi: number, lo: number] {
  if (typeof counter === 'bigint') return [Number(counter >> 32n), Number(counter & 0xffff_ffffn)];
  return [Math.floor(counter / TWO_POW_32), counter % TWO_POW_32];
}

/**
 * Generates the HOTP code for counter C (RFC 4226 §5.3), zero-padded to `digits`.
 *
 * Does not advance any counter: the caller owns C.
 * @param key - K as bytes (≥ 10 bytes) or a {@link PreparedKey}.
 * @param counter - C, a safe integer ≥ 0 or a bigint from 0 to 2^64 − 1.
 * @param options - `digits` (6–10, default 6), `algorithm` (default SHA1).
 * @returns the code, e.g. `'755224'` for the RFC 4226 Appendix D key at C = 0.
 * @throws TypeError for a wrong argument type; RangeError for a key under 10 bytes, a negative,
 *   fractional, unsafe or too large counter, digits outside 6–10, an unknown algorithm.
 * @see RFC 4226 §5.2–5.4, Appendix D
 * @example
 * generateHOTP(key, 0); // '755224' for key = bytes of "12345678901234567890"
 */
export function generateHOTP(
  key: Uint8Array | PreparedKey,
  counter: number | bigint,
  options?: Pick<VerifyHOTPOptions, 'digits' | 'algorithm'>,
): string {
  const opts = assertOptions('options', options);
  const algorithm = checkKey(key, opts.algorithm);
  const digits = checkDigits(opts.digits);
  const [hi, lo] = splitCounter(checkCounter(counter));
  return formatCode(toPreparedKey(key, algorithm).truncate(hi, lo), digits);
}

/**
 * Verifies an HOTP token against counters C … C + lookAhead (RFC 4226 §7.2, §7.4).
 *
 * The token is untrusted input and never throws: ASCII whitespace is ignored, anything other
 * than exactly `digits` ASCII digits is `{ valid: false }` without computing an HMAC.
 * On success, store `counter + 1` as the next expected C before answering the user.
 * @param key - K as bytes (≥ 10 bytes) or a {@link PreparedKey}.
 * @param token - what the person typed.
 * @param options - `counter` C (required), `lookAhead` (0–100, default 0), `digits`, `algorithm`.
 * @returns `{ valid: true, counter, delta }` (counter of the same type as C, delta ≥ 0 how far
 *   ahead of C it matched) or `{ valid: false }`.
 * @throws TypeError/RangeError for invalid options or key (never for the token).
 * @see RFC 4226 §7.2 (throttling is the caller's, see createHOTPVerifier), §7.4 (resynchronization)
 * @example
 * const r = verifyHOTP(key, typed, { counter: stored, lookAhead: 3 });
 * if (r.valid) await saveCounter(BigInt(r.counter) + 1n);
 */
export function verifyHOTP(key: Uint8Array | PreparedKey, token: unknown, options: VerifyHOTPOptions): VerifyHOTPResult {
  if (options === undefined) throw new TypeError('"options" expected an object with "counter", got undefined');
  const opts = assertOptions('options', options);
  const algorithm = checkKey(key, opts.algorithm);
  const digits = checkDigits(opts.digits);
  const counter = checkCounter(opts.counter);
  const lookAhead = opts.lookAhead === undefined ? 0 : assertInteger('lookAhead', opts.lookAhead, 0, MAX_LOOK_AHEAD);
  const wanted = parseToken(token, digits);
  if (wanted < 0) return INVALID;

  // Never run past the counter type's range: 2^64 − 1 for bigints, 2^53 − 1 for numbers.
  const room = typeof counter === 'bigint' ? MAX_COUNTER - counter : BigInt(Number.MAX_SAFE_INTEGER - counter);
  const steps = room < BigInt(lookAhead) ? Number(room) : lookAhead;
  const prepared = toPreparedKey(key, algorithm);
  let [hi, lo] = splitCounter(counter);
  for (let delta = 0; delta <= steps; delta++) {
    if (hotpValue(prepared, hi, lo, digits) === wanted) {
      const matched = typeof counter === 'bigint' ? counter + BigInt(delta) : counter + delta;
      return Object.freeze({ valid: true, counter: matched, delta });
    }
    if (++lo === TWO_POW_32) {
      lo = 0;
      hi++;
    }
  }
  return INVALID;
}
