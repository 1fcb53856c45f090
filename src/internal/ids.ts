/**
 * The one rule for ids that reach a store: credential ids, subjects, actors and key refs.
 *
 * An id must be kept apart from every other id by every store otpkit ships or tests: memory (a
 * JavaScript `Map`), Redis (clients write text as UTF-8) and PostgreSQL (`text`, UTF-8, no NUL).
 * UTF-8 has no form for a lone surrogate, so clients write U+FFFD instead and `"u-\uD800"`
 * would share a record with `"u-\uFFFD"`; PostgreSQL refuses NUL outright. So an id is a string
 * of well-formed Unicode (`String.prototype.isWellFormed`), without U+0000, of 1 to
 * {@link MAX_ID_LENGTH} UTF-16 code units. Anything else is programmer misuse and throws before
 * any store call. Ids are compared exactly: no case folding, no Unicode normalization.
 * @see docs/security.md, "Ids"
 * @module
 */
import { describe } from './assert.js';

/** Longest id, in UTF-16 code units (JavaScript `length`; up to 768 bytes of UTF-8). */
export const MAX_ID_LENGTH = 256;

/**
 * Checks an id at the boundary, before any store sees it.
 * @param name - the parameter's name for the message (`'credentialId'`, `'subject'`, …).
 * @param value - the id as given.
 * @returns `value`, unchanged.
 * @throws TypeError if `value` is not a string (a `String` object included).
 * @throws RangeError if it is empty, longer than {@link MAX_ID_LENGTH} code units, holds a lone
 *   surrogate (not well-formed Unicode) or a NUL (U+0000). The message names the parameter and
 *   never shows the id.
 */
export function checkId(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`"${name}" expected a string id, got ${describe(value)}`);
  if (value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw new RangeError(`"${name}" expected an id of 1 to ${MAX_ID_LENGTH} UTF-16 code units, got ${value.length}`);
  }
  if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) {
    throw new RangeError(`"${name}" expected well-formed Unicode, got an id with a lone surrogate (stores would read it as U+FFFD)`);
  }
  if (value.includes('\u0000')) throw new RangeError(`"${name}" expected an id without NUL (U+0000)`);
  return value;
}
