/**
 * TOTP: a time-based one-time password, RFC 6238.
 *
 * TOTP = HOTP(K, T) with T = floor((time − T0) / X) (§4.2). Units: `time` and `t0` are Unix
 * **seconds** (a number) or a `Date`; `period` is X, the time step size (RFC 6238 §4.1), in seconds; windows count time steps.
 * A number ≥ 10^12 is refused as time because it can only be milliseconds.
 * Scope: the algorithm and a stateless window check. Replay protection, throttling and drift
 * need state and live in verifier.ts. `encoder: 'steam'` writes the same truncated value as a
 * Steam Guard code (steam.ts).
 * @module
 */

import { assertInteger, assertOneOf, assertOptions, assertSafeInteger, describe } from '../internal/assert.js';
import type { HmacAlgorithm } from './algorithm.js';
import { checkKey, type PreparedKey, toPreparedKey } from './hmac-key.js';
import { checkDigits, codeAt, formatCode, INVALID, parseToken, truncateAt } from './hotp.js';
import { matchSteamWindow, parseSteamToken, STEAM_CODE_LENGTH, steamCode } from './steam.js';
import { MAX_UNIX_SECONDS, toUnixSeconds } from './time.js';

/** @internal A point in time: Unix seconds (a number, fractions allowed) or a `Date`. */
export type TimeInput = number | Date;

/**
 * Options of {@link generateTOTP}; {@link timeStep} takes its `period` and `t0`
 * (`Pick<GenerateTOTPOptions, 'period' | 't0'>`).
 */
export interface GenerateTOTPOptions {
  /** The time to generate for: Unix seconds (a number, fractions allowed) or a `Date`. Default: now (system clock). */
  time?: number | Date;
  /** X, the time step size (RFC 6238 §4.1), in seconds: an integer ≥ 1. Default 30. */
  period?: number;
  /** T0, the Unix time in seconds to start counting steps from, an integer ≥ 0. Default 0. */
  t0?: number;
  /** Code length, an integer from 6 to 10 (RFC 4226 §5.3 requires ≥ 6). Default 6. */
  digits?: number;
  /** HMAC hash: `'SHA1'` (default), `'SHA256'` or `'SHA512'`. Default: the prepared key's, else SHA1. */
  algorithm?: HmacAlgorithm;
  /**
   * `'steam'`: Steam Guard codes, 5 characters of `23456789BCDFGHJKMNPQRTVWXY` (see steam.ts;
   * `digits` must then be absent or 5). Default: decimal digits. A key URI's `encoder=steam` is
   * `parseKeyURI(…).encoder`.
   */
  encoder?: 'steam';
}

/** @internal Time-step options (RFC 6238 §4.1). */
export type TimeStepOptions = Pick<GenerateTOTPOptions, 'period' | 't0'>;

/** @internal Steps accepted around T: the same number both ways, or `{ past, future }`. */
export type TOTPWindow = number | { readonly past: number; readonly future: number };

/** Options of {@link verifyTOTP}: those of {@link generateTOTP} and `window`. */
export interface VerifyTOTPOptions extends GenerateTOTPOptions {
  /**
   * Steps accepted around T: the same number both ways, or `{ past, future }`; each an integer
   * from 0 to 10. Default 1 (one step each way: ±30 s at the default period).
   */
  window?: number | { readonly past: number; readonly future: number };
}

/** Result of {@link verifyTOTP}: the matched step and its distance from T. */
export type VerifyTOTPResult = { readonly valid: true; readonly timeStep: number; readonly delta: number } | { readonly valid: false };

/** Largest accepted window on either side, in steps. */
export const MAX_WINDOW = 10;

// Accepted results are frozen values, so one object serves every call that matches the same
// step at the same distance: the newest one per distance (−MAX_WINDOW … MAX_WINDOW) is kept, and
// within a time step nearly every accepted code returns it with no allocation and no freeze.
// Keeping them alive also keeps their hidden class alive: optimized code that embeds a map is
// discarded when a full GC collects that map.
const RECENT: Extract<VerifyTOTPResult, { valid: true }>[] = Array.from({ length: 2 * MAX_WINDOW + 1 }, (_, i) =>
  Object.freeze({ valid: true, timeStep: 0, delta: i - MAX_WINDOW }),
);

/**
 * @internal The frozen result `{ valid: true, timeStep, delta }`: the one made for the same step
 * and distance last time, or a new one.
 */
export function acceptedAt(timeStep: number, delta: number): VerifyTOTPResult {
  if (delta < -MAX_WINDOW || delta > MAX_WINDOW) return Object.freeze({ valid: true, timeStep, delta });
  const slot = delta + MAX_WINDOW;
  const last = RECENT[slot] as Extract<VerifyTOTPResult, { valid: true }>;
  if (last.timeStep === timeStep) return last;
  const made = Object.freeze({ valid: true, timeStep, delta } as const);
  RECENT[slot] = made;
  return made;
}

/** @internal Validated `period` and `t0`. */
export function checkTimeStepOptions(opts: TimeStepOptions): { period: number; t0: number } {
  const period = opts.period === undefined ? 30 : assertSafeInteger('period', opts.period, 1);
  const t0 = opts.t0 === undefined ? 0 : assertInteger('t0', opts.t0, 0, MAX_UNIX_SECONDS - 1);
  return { period, t0 };
}

/** @internal T for already validated inputs. */
export function stepAt(seconds: number, period: number, t0: number): number {
  if (seconds < t0) throw new RangeError(`"time" expected a time at or after t0 (${t0} Unix seconds), got ${seconds}: before T0`);
  return Math.floor((seconds - t0) / period);
}

/** @internal Validates a window option into `{ past, future }`. */
export function checkWindow(window: unknown, max = MAX_WINDOW): { past: number; future: number } {
  if (window === undefined) return { past: 1, future: 1 };
  if (typeof window === 'number') {
    const both = assertInteger('window', window, 0, max);
    return { past: both, future: both };
  }
  if (window === null || typeof window !== 'object') {
    throw new TypeError(`"window" expected a number or { past, future }, got ${describe(window)}`);
  }
  const { past, future } = window as { past?: unknown; future?: unknown };
  return { past: assertInteger('window.past', past, 0, max), future: assertInteger('window.future', future, 0, max) };
}

/**
 * The time step T = floor((time − T0) / X) (RFC 6238 §4.2).
 * @param time - Unix seconds or a Date; default now.
 * @param options - `period`, X, the time step size in seconds (default 30), `t0` T0 in Unix seconds (default 0).
 * @returns T, an integer ≥ 0.
 * @throws RangeError for negative, non-finite or millisecond-looking times, a time before T0,
 *   a period under 1 s or not an integer; TypeError for wrong types.
 * @see RFC 6238 §4.2
 * @example
 * timeStep(1111111109); // 37037036
 */
export function timeStep(time?: number | Date, options?: Pick<GenerateTOTPOptions, 'period' | 't0'>): number {
  const { period, t0 } = checkTimeStepOptions(assertOptions('options', options));
  return stepAt(toUnixSeconds(time), period, t0);
}

/**
 * Generates the TOTP code for a time (RFC 6238 §4.2): HOTP with C = T.
 * @param key - K as bytes (≥ 10 bytes) or a {@link PreparedKey}.
 * @param options - `time` (Unix seconds or Date, default now), `period` (s, default 30),
 *   `t0` (Unix s, default 0), `digits` (6–10, default 6), `algorithm` (default SHA1).
 * @returns the zero-padded code.
 * @throws TypeError/RangeError for invalid key or options (see {@link timeStep}).
 * @see RFC 6238 §4, Appendix B
 * @example
 * generateTOTP(key, { time: 59, digits: 8 }); // '94287082' for the RFC 6238 SHA1 seed
 */
export function generateTOTP(key: Uint8Array | PreparedKey, options?: GenerateTOTPOptions): string {
  const opts = assertOptions('options', options);
  const algorithm = checkKey(key, opts.algorithm);
  const steam = checkEncoder(opts);
  const digits = steam ? STEAM_CODE_LENGTH : checkDigits(opts.digits);
  const { period, t0 } = checkTimeStepOptions(opts);
  const step = stepAt(toUnixSeconds(opts.time), period, t0);
  const snum = truncateAt(toPreparedKey(key, algorithm), step);
  return steam ? steamCode(snum) : formatCode(snum, digits);
}

/**
 * Verifies a TOTP token against steps T − past … T + future, nearest first (RFC 6238 §5.2).
 *
 * Stateless: it cannot refuse a replayed code. A server MUST NOT accept a code twice (§5.2):
 * use `createTOTPVerifier`, or persist the returned `timeStep` and refuse steps ≤ it.
 * The token is untrusted input and never throws: ASCII whitespace is ignored, anything other
 * than exactly `digits` ASCII digits is `{ valid: false }` without computing an HMAC.
 * @param key - K as bytes (≥ 10 bytes) or a {@link PreparedKey}.
 * @param token - what the person typed.
 * @param options - as {@link generateTOTP}, plus `window` (steps, number or `{ past, future }`,
 *   each 0–10, default 1).
 * @returns `{ valid: true, timeStep, delta }` (delta < 0: the client's clock is behind) or
 *   `{ valid: false }`.
 * @throws TypeError/RangeError for invalid key or options (never for the token).
 * @see RFC 6238 §5.2 (validation and time-step size), §6 (resynchronization)
 * @example
 * const r = verifyTOTP(key, typed, { window: 1 });
 * if (r.valid && r.timeStep > lastUsedStep) { await saveLastUsedStep(r.timeStep); grant(); }
 */
export function verifyTOTP(key: Uint8Array | PreparedKey, token: unknown, options?: VerifyTOTPOptions): VerifyTOTPResult {
  const opts = assertOptions('options', options);
  const algorithm = checkKey(key, opts.algorithm);
  const steam = checkEncoder(opts);
  const digits = steam ? STEAM_CODE_LENGTH : checkDigits(opts.digits);
  const { period, t0 } = checkTimeStepOptions(opts);
  const { past, future } = checkWindow(opts.window);
  const step = stepAt(toUnixSeconds(opts.time), period, t0);
  if (steam) {
    const code = parseSteamToken(token);
    return code < 0 ? INVALID : matchSteamWindow(toPreparedKey(key, algorithm), code, step, past, future);
  }
  const wanted = parseToken(token, digits);
  if (wanted < 0) return INVALID;
  return matchWindow(toPreparedKey(key, algorithm), wanted, digits, step, past, future);
}

/**
 * Finds `wanted` among the codes of steps `center − past … center + future`, nearest first
 * (T, T−1, T+1, T−2, …); steps below 0 are skipped.
 * @internal Shared by verifyTOTP and the stateful verifier.
 */
export function matchWindow(
  key: PreparedKey,
  wanted: number,
  digits: number,
  center: number,
  past: number,
  future: number,
): VerifyTOTPResult {
  const reach = Math.max(past, future);
  for (let distance = 0; distance <= reach; distance++) {
    if (distance <= past && center - distance >= 0 && codeAt(key, center - distance, digits) === wanted) {
      // `0 - distance`, not `-distance`: the latter is -0 for an exact match.
      return acceptedAt(center - distance, 0 - distance);
    }
    if (distance > 0 && distance <= future && codeAt(key, center + distance, digits) === wanted) {
      return acceptedAt(center + distance, distance);
    }
  }
  return INVALID;
}

/** True for `encoder: 'steam'`, which excludes `digits` other than 5; false when absent. */
function checkEncoder(opts: Partial<GenerateTOTPOptions>): boolean {
  if (opts.encoder === undefined) return false;
  assertOneOf('encoder', opts.encoder, ['steam'] as const);
  if (opts.digits !== undefined && opts.digits !== STEAM_CODE_LENGTH) {
    throw new TypeError('"digits" does not apply with encoder "steam" (Steam Guard codes are 5 characters)');
  }
  return true;
}
