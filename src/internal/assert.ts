/**
 * Guard helpers for programmer input (options). They throw `TypeError` for a wrong type and
 * `RangeError` for a wrong value, with messages shaped `"digits" expected an integer from 6 to
 * 10, got 11`. Values reach the message only through `describe` (a string by its length, never
 * its text); still, call them on options, not on secrets or tokens.
 * @module
 */

/**
 * Short, safe rendering of a value for an error message. A string is described by its length
 * only, never shown: the likeliest wrong value in a key, pepper or option position is a secret
 * passed as text (`verifyTOTP('JBSW…', token)`), and it must not reach a log.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.length})`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  return 'an object';
}

/** Asserts `value` is an integer number in [min, max]; returns it. */
export function assertInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') {
    throw new TypeError(`"${name}" expected an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`"${name}" expected an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

/** Asserts `value` is an integer ≥ `min` (and a safe integer); returns it. */
export function assertSafeInteger(name: string, value: unknown, min = 0): number {
  if (typeof value !== 'number') {
    throw new TypeError(`"${name}" expected a safe integer ≥ ${min}, got ${describe(value)}`);
  }
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`"${name}" expected a safe integer ≥ ${min}, got ${describe(value)}`);
  }
  return value;
}

/** Asserts `value` is one of `allowed`; returns it. */
export function assertOneOf<const T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string') {
    throw new TypeError(`"${name}" expected one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`"${name}" expected one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

/** Asserts `value` is a `Uint8Array` of at least `minBytes` bytes; returns it. */
export function assertBytes(name: string, value: unknown, minBytes: number): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`"${name}" expected a Uint8Array, got ${describe(value)}`);
  }
  if (value.length < minBytes) {
    throw new RangeError(`"${name}" expected at least ${minBytes} bytes, got ${value.length}`);
  }
  return value;
}

/** Asserts `value` is a plain options object or undefined; returns an object to read from. */
export function assertOptions<T extends object>(name: string, value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`"${name}" expected an options object, got ${describe(value)}`);
  }
  return value;
}

/** Asserts `value` is a boolean; returns it. */
export function assertBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`"${name}" expected a boolean, got ${describe(value)}`);
  return value;
}

/** Asserts `value` is a function; returns it. */
export function assertFunction<T>(name: string, value: T): NonNullable<T> {
  if (typeof value !== 'function') throw new TypeError(`"${name}" expected a function, got ${describe(value)}`);
  return value as NonNullable<T>;
}

/** Asserts `value` is a string (any length); returns it. */
export function assertString(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`"${name}" expected a string, got ${describe(value)}`);
  return value;
}

/** Longest id (credential id, subject, actor, keyRef), in UTF-16 code units (JavaScript `length`; up to 768 bytes of UTF-8). */
export const MAX_ID_LENGTH = 256;

/**
 * The one rule for ids that reach a store: credential ids, subjects, actors and key refs.
 *
 * An id must be kept apart from every other id by every store otpkit ships or tests: memory (a
 * JavaScript `Map`), Redis (clients write text as UTF-8) and PostgreSQL (`text`, UTF-8, no NUL).
 * UTF-8 has no form for a lone surrogate, so clients write U+FFFD instead and `"u-\uD800"` would
 * share a record with `"u-\uFFFD"`; PostgreSQL refuses NUL outright. So an id is a string of
 * well-formed Unicode (`String.prototype.isWellFormed`), without U+0000, of 1 to
 * {@link MAX_ID_LENGTH} UTF-16 code units. Ids are compared exactly: no case folding, no Unicode
 * normalization (docs/security.md, "Ids").
 * @param name - the parameter's name for the message (`'credentialId'`, `'subject'`, …).
 * @returns `value`, unchanged.
 * @throws TypeError if `value` is not a string (a `String` object included).
 * @throws RangeError if it is empty, too long, holds a lone surrogate or a NUL. The message names
 *   the parameter and never shows the id.
 */
export function assertId(name: string, value: unknown): string {
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

/**
 * Asserts `value` is an object with every one of `methods` as a function (the shape of a store
 * or a port); returns it. Methods are read as the caller will call them (a class instance's
 * prototype methods count).
 */
export function assertMethods<T>(name: string, value: T, methods: readonly string[]): NonNullable<T> {
  const record = value as Record<string, unknown> | null | undefined;
  if (typeof record !== 'object' || record === null || methods.some((method) => typeof record[method] !== 'function')) {
    throw new TypeError(
      `"${name}" expected an object with ${listOf(methods)} ${methods.length === 1 ? 'method' : 'methods'}, got ${describe(value)}`,
    );
  }
  return value as NonNullable<T>;
}

/** `a`, `a and b`, `a, b and c`. */
function listOf(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
