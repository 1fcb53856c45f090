/**
 * Time as otpkit reads it everywhere: Unix **seconds** (a number, fractions allowed) or a `Date`.
 * One parser for every layer (TOTP, the throttle, the replay store, enrollment clocks), so a
 * millisecond value is refused the same way wherever it is passed (RFC 6238 §4.2 counts seconds).
 * @module
 */
import { describe } from '../internal/assert.js';

/** Largest number accepted as Unix seconds; anything at or above it looks like milliseconds. */
export const MAX_UNIX_SECONDS = 1e12;

/**
 * Converts a time input to Unix seconds (possibly fractional).
 * @throws TypeError for a non-number non-Date; RangeError for NaN, ±Infinity, invalid Dates,
 *   times before the Unix epoch (negative seconds, a Date before 1970: the message says "before
 *   the Unix epoch") and numbers ≥ 10^12 (milliseconds passed as seconds).
 * @internal
 */
export function toUnixSeconds(time: unknown, name = 'time'): number {
  if (time === undefined) return Date.now() / 1000;
  let seconds: number;
  if (time instanceof Date) {
    seconds = time.getTime() / 1000;
    if (Number.isNaN(seconds)) throw new RangeError(`"${name}" expected a valid Date, got an invalid Date`);
    if (seconds < 0) {
      throw new RangeError(
        `"${name}" expected a Date at or after the Unix epoch (1970-01-01T00:00:00Z), got ${time.toISOString()}: before the Unix epoch`,
      );
    }
  } else if (typeof time === 'number') {
    if (!Number.isFinite(time)) throw new RangeError(`"${name}" expected finite Unix seconds, got ${describe(time)}`);
    if (time >= MAX_UNIX_SECONDS) {
      throw new RangeError(
        `"${name}" expected Unix seconds below 10^12, got ${describe(time)}: this looks like milliseconds, divide by 1000`,
      );
    }
    seconds = time;
  } else {
    throw new TypeError(`"${name}" expected Unix seconds (a number) or a Date, got ${describe(time)}`);
  }
  if (seconds < 0) throw new RangeError(`"${name}" expected Unix seconds ≥ 0, got ${describe(time)}: before the Unix epoch`);
  return seconds;
}

/**
 * @internal A validated clock returning Unix seconds: the system clock when `clock` is undefined,
 * otherwise `clock()` read through {@link toUnixSeconds} on every call.
 * @throws TypeError when `clock` is neither undefined nor a function.
 */
export function makeClock(clock: unknown): () => number {
  if (clock === undefined) return () => Date.now() / 1000;
  if (typeof clock !== 'function')
    throw new TypeError(`"clock" expected a function returning Unix seconds or a Date, got ${describe(clock)}`);
  return () => toUnixSeconds((clock as () => unknown)(), 'clock()');
}
