/**
 * A prepared HMAC key: the key K absorbed into the hash's inner and outer pads once (RFC 2104
 * §4, "precomputed"), so that each HOTP value costs only the hashing of the 8-byte counter.
 *
 * Scope: key preparation and RFC 4226 §5.3 dynamic truncation. Out of scope: code formatting
 * and token parsing (hotp.ts), time steps (totp.ts).
 * @module
 */
import { assertAlgorithm, createHmacState, type HmacAlgorithm, type HmacState } from './algorithm.js';
import { assertBytes, assertOptions } from './internal/assert.js';

/**
 * Smallest key accepted anywhere, in bytes: 80 bits, the legacy floor of existing enrollments.
 * RFC 4226 §4 R6 requires 128 bits for new keys; `generateKey` never makes fewer than 16 bytes.
 */
export const MIN_KEY_BYTES = 10;

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * An HMAC key prepared once for repeated HOTP/TOTP computation (cache one per credential).
 *
 * Holds no copy of the raw key, only the hash states after the inner and outer pads; it prints
 * as `PreparedKey { algorithm: 'SHA1' }` in `String()`, `JSON.stringify` and `util.inspect`.
 * Create it with {@link prepareKey}. Not safe to share between concurrently running threads
 * (it reuses scratch buffers), which JavaScript's single thread per realm already guarantees.
 */
export class PreparedKey {
  /** The HMAC hash this key was prepared for. */
  readonly algorithm: HmacAlgorithm;
  readonly #base: HmacState;
  readonly #scratch: HmacState;
  readonly #message = new Uint8Array(8);
  readonly #messageView = new DataView(this.#message.buffer);
  readonly #mac: Uint8Array;
  readonly #macView: DataView;

  /** @internal Use {@link prepareKey}. */
  constructor(key: Uint8Array, algorithm: HmacAlgorithm) {
    this.algorithm = algorithm;
    this.#base = createHmacState(algorithm, key);
    this.#scratch = this.#base._cloneInto();
    this.#mac = new Uint8Array(algorithm === 'SHA1' ? 20 : algorithm === 'SHA256' ? 32 : 64);
    this.#macView = new DataView(this.#mac.buffer);
  }

  /**
   * HOTP dynamic truncation (RFC 4226 §5.3) of HMAC(K, C) for the 8-byte big-endian counter
   * C = hi · 2^32 + lo. Returns the 31-bit value Snum, before reduction modulo 10^digits.
   * @internal Arguments are trusted: 0 ≤ hi, lo < 2^32, integers.
   */
  truncate(hi: number, lo: number): number {
    this.#messageView.setUint32(0, hi);
    this.#messageView.setUint32(4, lo);
    const state = this.#base._cloneInto(this.#scratch);
    state.update(this.#message);
    state.digestInto(this.#mac);
    // RFC 6238's reference code takes the offset from the last byte for every hash size.
    const offset = this.#macView.getUint8(this.#mac.length - 1) & 0x0f;
    return this.#macView.getUint32(offset) & 0x7fffffff;
  }

  /** Redacted: never shows key material. */
  toString(): string {
    return `PreparedKey { algorithm: '${this.algorithm}' }`;
  }

  /** Redacted: `{ algorithm }` only. */
  toJSON(): { algorithm: HmacAlgorithm } {
    return { algorithm: this.algorithm };
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}

/**
 * Prepares `key` once for fast repeated HOTP/TOTP generation and verification. Every function
 * that takes a `key` also takes a `PreparedKey`; keep one per credential in a cache.
 *
 * @param key - the shared secret K as bytes, at least {@link MIN_KEY_BYTES} (10) bytes; keys
 *   longer than the hash block are hashed first, shorter ones zero-padded (RFC 2104 §2).
 * @param options.algorithm - `'SHA1'` (default), `'SHA256'` or `'SHA512'`.
 * @returns a {@link PreparedKey}; `key` may be zeroed afterwards.
 * @throws TypeError if `key` is not a Uint8Array or the algorithm not a string.
 * @throws RangeError if `key` is shorter than 10 bytes or the algorithm unknown.
 * @see RFC 2104 §4 (precomputed pads), RFC 4226 §5.3
 * @example
 * const prepared = prepareKey(decodeSecret(row.secret), { algorithm: 'SHA1' });
 * verifyTOTP(prepared, token);
 */
export function prepareKey(key: Uint8Array, options?: { algorithm?: HmacAlgorithm }): PreparedKey {
  const opts = assertOptions('options', options);
  const algorithm = assertAlgorithm(opts.algorithm ?? 'SHA1');
  return new PreparedKey(assertBytes('key', key, MIN_KEY_BYTES), algorithm);
}

/**
 * Validates a caller's `key` argument and `algorithm` option without doing any hashing, and
 * returns the algorithm to use: the option if given, else the prepared key's, else SHA1.
 * @throws TypeError/RangeError as {@link prepareKey}, or RangeError if a prepared key was made
 *   for another algorithm than the option names.
 * @internal
 */
export function checkKey(key: unknown, algorithmOption: unknown): HmacAlgorithm {
  if (key instanceof PreparedKey) {
    if (algorithmOption === undefined) return key.algorithm;
    const algorithm = assertAlgorithm(algorithmOption);
    if (algorithm !== key.algorithm) {
      throw new RangeError(`"algorithm" expected ${key.algorithm} to match the prepared key, got ${algorithm}`);
    }
    return algorithm;
  }
  assertBytes('key', key, MIN_KEY_BYTES);
  return algorithmOption === undefined ? 'SHA1' : assertAlgorithm(algorithmOption);
}

/**
 * Turns an already checked `key` argument (see {@link checkKey}) into a PreparedKey.
 * @internal
 */
export function toPreparedKey(key: Uint8Array | PreparedKey, algorithm: HmacAlgorithm): PreparedKey {
  return key instanceof PreparedKey ? key : new PreparedKey(key, algorithm);
}
