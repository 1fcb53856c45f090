/**
 * Recovery codes: single-use fallback codes for a person who lost the authenticator.
 *
 * Each code is 16 symbols drawn uniformly (rejection sampling over bytes from the `random`
 * port, `crypto.getRandomValues` by default) from Crockford's base32 alphabet, which leaves out
 * I, L, O and U, so a code carries 16 × log2(32) = 80 bits. It is shown once, grouped as
 * `XXXX-XXXX-XXXX-XXXX`, and stored only as HMAC-SHA-256(salt ‖ pepper, code) with a random
 * 128-bit salt per set and an optional server-side pepper. Why 80 bits and a fast hash: a stolen
 * hash set must not be searchable offline; at 2^80 candidates that holds even at GPU speed,
 * where 50 bits (10 symbols) would fall in about a day, so no slow password hash is needed.
 * Single use and "regenerate invalidates the old set" are enforced by the credential store
 * (`consumeRecoveryCode`, `commit({ recoveryCodes })`); comparison here is constant-time.
 * Out of scope: throttling guesses (80 bits make online guessing hopeless; see docs).
 * @module
 */
import { hmacOnce } from '../core/algorithm.js';
import { InvalidSnapshotError } from '../core/errors.js';
import { assertBytes, assertFunction, assertInteger, assertOptions } from '../internal/assert.js';
import { timingSafeEqualString } from '../internal/constant-time.js';
import { fillRandom } from './random.js';

/** Crockford's base32 alphabet: digits and upper-case letters without I, L, O, U. */
export const RECOVERY_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Symbols per code. */
export const RECOVERY_CODE_LENGTH = 16;
/** Entropy per code in bits: 16 symbols × 5 bits (log2 32). */
export const RECOVERY_CODE_BITS = 80;
/** Codes per set, by default. */
export const DEFAULT_RECOVERY_CODE_COUNT = 10;
/** Most codes per set. */
export const MAX_RECOVERY_CODE_COUNT = 50;
/** Longest typed recovery code read, in UTF-16 code units (spaces and hyphens included); longer input is no code. */
export const MAX_RECOVERY_CODE_CHARS = 64;

/**
 * A source of random bytes, shaped like `crypto.getRandomValues`: fills `buffer` in place and
 * returns `undefined` or that same buffer; any other answer, or a buffer of 16 bytes or more
 * left all zero, is refused with a TypeError (see random.ts). Only tests should pass anything
 * but a CSPRNG.
 */
export type RandomSource = (buffer: Uint8Array) => unknown;

/** What the credential store keeps of a set: a salt and one hash per unused code, as hex. */
export interface RecoveryCodeSet {
  /** Format version, always 1. */
  readonly version: 1;
  /** 16 random bytes as 32 lower-case hex digits. */
  readonly salt: string;
  /** HMAC-SHA-256 of each unused code, 64 lower-case hex digits each. */
  readonly hashes: readonly string[];
}

/** Options of {@link generateRecoveryCodes}. */
export interface RecoveryCodeOptions {
  /** How many codes, an integer from 1 to 50. Default 10. */
  count?: number;
  /** Random bytes; default `crypto.getRandomValues`. */
  random?: RandomSource;
  /** A server-side secret (≥ 16 bytes) mixed into every hash and kept out of the database. Default none. */
  pepper?: Uint8Array;
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
const DOMAIN = new TextEncoder().encode('otpkit recovery code v1:');
const HEX64 = /^[0-9a-f]{64}$/;
const HEX32 = /^[0-9a-f]{32}$/;
const defaultRandom: RandomSource = (buffer) => globalThis.crypto.getRandomValues(buffer);

/**
 * Freshly generated recovery codes, to show the person once. Prints as
 * `IssuedRecoveryCodes { count: 10 }` in `String()`, `JSON.stringify` and `util.inspect`;
 * only {@link IssuedRecoveryCodes.reveal} returns the codes.
 */
export class IssuedRecoveryCodes {
  /** Number of codes. */
  readonly count: number;
  readonly #codes: readonly string[];

  /** @internal */
  constructor(codes: readonly string[]) {
    this.#codes = Object.freeze([...codes]);
    this.count = codes.length;
  }

  /** The codes for display, grouped `XXXX-XXXX-XXXX-XXXX`. Show once; never log. */
  reveal(): readonly string[] {
    return this.#codes;
  }

  /** Redacted. */
  toString(): string {
    return `IssuedRecoveryCodes { count: ${this.count} }`;
  }

  /** Redacted: `{ count }` only. */
  toJSON(): { count: number } {
    return { count: this.count };
  }

  /** What `util.inspect` shows in Node: a redacted summary, never key material. */
  [inspectSymbol](): string {
    return this.toString();
  }
}

/**
 * Draws `count` uniform indices in [0, size) from random bytes by rejection sampling: a byte
 * at or above the largest multiple of `size` not over 256 is thrown away, so no index is more
 * likely than another (plain `byte % size` would favour the first `256 % size` indices).
 * @internal Exported for the bias test.
 * @throws RangeError for a size outside 2–256; Error if the source keeps returning rejected bytes.
 */
export function uniformIndices(count: number, size: number, random: RandomSource): number[] {
  assertInteger('size', size, 2, 256);
  const limit = 256 - (256 % size);
  const out: number[] = [];
  for (let round = 0; out.length < count; round++) {
    if (round > 64 + count) throw new Error('random source returned too many rejected bytes');
    for (const byte of fillRandom(random, count - out.length)) {
      if (byte < limit) out.push(byte % size);
    }
  }
  return out;
}

/**
 * Generates a set of recovery codes and what to store of them.
 * @param options - `count` (1–50, default 10), `random` (default `crypto.getRandomValues`),
 *   `pepper` (bytes ≥ 16, default none).
 * @returns `codes` to show once (redacted when printed) and `stored`, the salted hashes to hand
 *   to the credential store; storing a new set replaces, and so invalidates, the old one.
 * @throws TypeError/RangeError for a bad option.
 * @example
 * const { codes, stored } = generateRecoveryCodes();
 * await store.commit(subject, { expectedEtag, snapshot, recoveryCodes: stored });
 * render(codes.reveal()); // once
 */
export function generateRecoveryCodes(options?: RecoveryCodeOptions): { codes: IssuedRecoveryCodes; stored: RecoveryCodeSet } {
  const opts = assertOptions('options', options);
  const count = opts.count === undefined ? DEFAULT_RECOVERY_CODE_COUNT : assertInteger('count', opts.count, 1, MAX_RECOVERY_CODE_COUNT);
  const random = checkRandom(opts.random);
  const pepper = checkPepper(opts.pepper);
  const salt = toHex(fillRandom(random, 16));
  const codes: string[] = [];
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    let canonical = '';
    for (const index of uniformIndices(RECOVERY_CODE_LENGTH, RECOVERY_CODE_ALPHABET.length, random)) {
      canonical += RECOVERY_CODE_ALPHABET[index];
    }
    codes.push(canonical.replace(/(.{4})(?=.)/g, '$1-'));
    hashes.push(hashCode(salt, pepper, canonical));
  }
  return { codes: new IssuedRecoveryCodes(codes), stored: Object.freeze({ version: 1, salt, hashes: Object.freeze(hashes) }) };
}

/**
 * Canonical form of a typed recovery code: upper case, without spaces or hyphens, with the
 * Crockford look-alikes read as meant (O → 0, I and L → 1).
 * @param input - what the person typed (untrusted), at most {@link MAX_RECOVERY_CODE_CHARS} characters.
 * @returns the 16 canonical symbols, or `null` if it cannot be a code (or is longer than the limit: refused unread).
 */
export function normalizeRecoveryCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > MAX_RECOVERY_CODE_CHARS) return null;
  const text = input.replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  if (text.length !== RECOVERY_CODE_LENGTH) return null;
  for (const c of text) if (!RECOVERY_CODE_ALPHABET.includes(c)) return null;
  return text;
}

/**
 * Finds which stored hash a typed code matches, comparing against every hash in constant time.
 * @param stored - the set from the credential store (untrusted: read once into a copy, see
 *   `readRecoveryCodeSet`, and only the copy is used).
 * @param input - what the person typed.
 * @param options - `pepper`, the same as at generation.
 * @returns the matching hash (pass it to `consumeRecoveryCode`, which makes it single-use), or
 *   `null` for no match or an input that cannot be a code.
 * @throws InvalidSnapshotError (path `recoveryCodes…`) if `stored` is malformed.
 * @throws TypeError/RangeError for a bad pepper.
 */
export function findRecoveryCode(stored: RecoveryCodeSet, input: unknown, options?: { pepper?: Uint8Array }): string | null {
  const opts = assertOptions('options', options);
  const pepper = checkPepper(opts.pepper);
  const set = readRecoveryCodeSet(stored);
  const canonical = normalizeRecoveryCode(input);
  // Hash even a malformed input, so its timing matches a well-formed wrong code.
  const candidate = hashCode(set.salt, pepper, canonical ?? '');
  let found: string | null = null;
  for (const hash of set.hashes) {
    if (timingSafeEqualString(candidate, hash) && canonical !== null) found = hash;
  }
  return found;
}

/**
 * Reads a stored {@link RecoveryCodeSet} as untrusted input: each own data property (`version`,
 * `salt`, `hashes`, the array's `length` and each element) is read exactly once into a copy,
 * and the copy is validated, so a Proxy cannot pass the check with one value and be used with
 * another. Inherited members and accessors are refused; other fields are ignored, unread.
 * @param stored - what the credential store returned.
 * @returns a frozen copy.
 * @throws InvalidSnapshotError with `path` `recoveryCodes`, `recoveryCodes.version`,
 *   `recoveryCodes.salt` or `recoveryCodes.hashes`.
 */
export function readRecoveryCodeSet(stored: unknown): RecoveryCodeSet {
  try {
    return copySet(stored);
  } catch (error) {
    if (error instanceof InvalidSnapshotError) throw error;
    // A hostile object (a Proxy whose trap throws, say) is still bad outside data.
    throw new InvalidSnapshotError('recoveryCodes', 'recovery codes could not be read');
  }
}

/**
 * Checks the shape of a stored {@link RecoveryCodeSet} (as `readRecoveryCodeSet`; use
 * that one to keep the checked copy).
 * @throws InvalidSnapshotError with `path` `recoveryCodes`, `recoveryCodes.salt` or `recoveryCodes.hashes`.
 */
export function checkRecoveryCodeSet(stored: unknown): asserts stored is RecoveryCodeSet {
  readRecoveryCodeSet(stored);
}

function copySet(stored: unknown): RecoveryCodeSet {
  if (stored === null || typeof stored !== 'object') throw new InvalidSnapshotError('recoveryCodes', 'recovery codes must be an object');
  const version = ownData(stored, 'version', 'recoveryCodes.version');
  if (version !== 1) throw new InvalidSnapshotError('recoveryCodes.version', 'recovery code set version must be 1');
  const salt = ownData(stored, 'salt', 'recoveryCodes.salt');
  if (typeof salt !== 'string' || !HEX32.test(salt)) throw new InvalidSnapshotError('recoveryCodes.salt', 'salt must be 32 hex digits');
  const list = ownData(stored, 'hashes', 'recoveryCodes.hashes');
  const bad = () => new InvalidSnapshotError('recoveryCodes.hashes', 'hashes must be at most 50 strings of 64 hex digits');
  if (!Array.isArray(list)) throw bad();
  const length = ownData(list, 'length', 'recoveryCodes.hashes');
  // The count is checked before any element is read.
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0 || length > MAX_RECOVERY_CODE_COUNT) throw bad();
  const hashes: string[] = [];
  for (let i = 0; i < length; i++) {
    const hash = ownData(list, String(i), 'recoveryCodes.hashes');
    if (typeof hash !== 'string' || !HEX64.test(hash)) throw bad();
    hashes.push(hash);
  }
  return Object.freeze({ version: 1, salt, hashes: Object.freeze(hashes) });
}

/** An own data property, read once (one descriptor); an accessor or a missing one is refused. */
function ownData(object: object, key: string, path: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined || !Object.hasOwn(descriptor, 'value')) {
    throw new InvalidSnapshotError(path, 'recovery code set field is missing or not plain data');
  }
  return descriptor.value;
}

function hashCode(salt: string, pepper: Uint8Array, canonical: string): string {
  const saltBytes = fromHex(salt);
  const key = new Uint8Array(saltBytes.length + pepper.length);
  key.set(saltBytes);
  key.set(pepper, saltBytes.length);
  const code = new TextEncoder().encode(canonical);
  const message = new Uint8Array(DOMAIN.length + code.length);
  message.set(DOMAIN);
  message.set(code, DOMAIN.length);
  return toHex(hmacOnce('SHA256', key, message));
}

/** @internal */
export function checkRandom(random: unknown): RandomSource {
  if (random === undefined) return defaultRandom;
  return assertFunction('random', random as RandomSource);
}

function checkPepper(pepper: unknown): Uint8Array {
  return pepper === undefined ? new Uint8Array(0) : assertBytes('pepper', pepper, 16);
}

/** @internal */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
