/**
 * A prepared HMAC key: the key K absorbed into the hash's inner and outer pads once (RFC 2104
 * §4, "precomputed"), so that each HOTP value costs exactly two compressions of the hash.
 *
 * The HOTP message is always the 8-byte counter C (RFC 4226 §5.2), so both remaining blocks
 * have a fixed layout, written here straight into 32-bit words with no byte array:
 * - inner: C (2 words) ‖ 0x80 ‖ zeros ‖ bit length of (B + 8) bytes
 * - outer: inner digest (L bytes) ‖ 0x80 ‖ zeros ‖ bit length of (B + L) bytes
 * with B the block size and L the digest size (FIPS 180-4 §5.1 padding). Dynamic truncation
 * (RFC 4226 §5.3) reads the digest words directly.
 *
 * SHA-512 goes through WebAssembly where the runtime allows it (internal/sha512-hmac-wasm.ts,
 * 64-bit integers; about 4× the JavaScript compression), else through the JavaScript path
 * below; a key records which path prepared it. Both give the same results.
 *
 * Scope: key preparation, HMAC of the counter, dynamic truncation. Out of scope: code
 * formatting and token parsing (hotp.ts), time steps (totp.ts). Compression functions live in
 * internal/sha*-block.ts; the rare long-key hash goes through algorithm.ts (`@noble/hashes`).
 * @module
 */

import { assertBytes, assertOptions } from '../internal/assert.js';
import { decodeBase32Into, isWholeBytes } from '../internal/base32.js';
import { SHA1_IV, SHA1_STATE_WORDS, sha1Block } from '../internal/sha1-block.js';
import { SHA256_IV, SHA256_STATE_WORDS, sha256Block } from '../internal/sha256-block.js';
import { SHA512_IV, SHA512_STATE_WORDS, sha512Block } from '../internal/sha512-block.js';
import { sha512Wasm, sha512WasmPads, sha512WasmTruncate } from '../internal/sha512-hmac-wasm.js';
import { assertAlgorithm, HASH_SIZES, type HmacAlgorithm, hashOnce } from './algorithm.js';

/**
 * Smallest key accepted anywhere, in bytes: 80 bits, the legacy floor of existing enrollments.
 * RFC 4226 §4 R6 requires 128 bits for new keys; `generateKey` never makes fewer than 16 bytes.
 */
export const MIN_KEY_BYTES = 10;

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Which compression function a key uses: 0 SHA-1, 1 SHA-256, 2 SHA-512, 3 SHA-512 in WebAssembly. */
type Kind = 0 | 1 | 2 | 3;

/** Per-hash layout in 32-bit words: state (= digest) size, block size, initial value. */
interface Shape {
  readonly stateWords: number;
  readonly blockWords: number;
  readonly blockBytes: number;
  readonly iv: Int32Array;
}

const SHA512_SHAPE: Shape = { stateWords: SHA512_STATE_WORDS, blockWords: 32, blockBytes: HASH_SIZES.SHA512.blockBytes, iv: SHA512_IV };
const SHAPES: readonly [Shape, Shape, Shape, Shape] = [
  { stateWords: SHA1_STATE_WORDS, blockWords: 16, blockBytes: HASH_SIZES.SHA1.blockBytes, iv: SHA1_IV },
  { stateWords: SHA256_STATE_WORDS, blockWords: 16, blockBytes: HASH_SIZES.SHA256.blockBytes, iv: SHA256_IV },
  SHA512_SHAPE,
  SHA512_SHAPE, // the WebAssembly module's chaining values have the same size: 16 words each
];

const KINDS: Readonly<Record<HmacAlgorithm, Kind>> = { SHA1: 0, SHA256: 1, SHA512: 2 };

// Set in PreparedKey's static block: refill a key's pads from bytes, or zero them.
let refillFromBlock: (target: PreparedKey, length: number) => void;
let wipePads: (target: PreparedKey) => void;

// Scratch shared by every key: one block for the key pads (large enough for SHA-512) and one
// digest. JavaScript runs one call at a time per realm, and nothing here calls back out mid-use.
// W is all zeros between uses: every use wipes the words it wrote.
const W = new Int32Array(32);
// The same memory as bytes, so that base32 text is decoded straight into the key block.
const W_BYTES = new Uint8Array(W.buffer);
// Whether W_BYTES holds each word's bytes in little-endian order (the words then need a swap).
const LITTLE_ENDIAN = new Uint8Array(Int32Array.of(1).buffer)[0] === 1;
const DIGEST = new Int32Array(SHA512_STATE_WORDS);

/**
 * The two HMAC blocks of one HOTP value, laid out once per kind with their fixed words (FIPS
 * 180-4 §5.1 padding: 0x80 byte, zeros, bit length), so a value writes only what changes:
 * the counter's two words into the inner block, the inner digest (by the compression itself)
 * into the outer block's first words.
 */
function hotpBlocks(kind: Kind): { readonly inner: Int32Array; readonly outer: Int32Array } {
  const { stateWords, blockWords, blockBytes } = SHAPES[kind];
  const inner = new Int32Array(blockWords);
  inner[2] = 0x80000000 | 0;
  inner[blockWords - 1] = (blockBytes + 8) * 8;
  const outer = new Int32Array(blockWords);
  outer[stateWords] = 0x80000000 | 0;
  outer[blockWords - 1] = (blockBytes + stateWords * 4) * 8;
  return { inner, outer };
}
// Index 3 (SHA-512 in WebAssembly) never reaches these: the module has its own blocks.
const HOTP_BLOCKS = ([0, 1, 2] as const).map(hotpBlocks);
const INNER_BLOCKS: readonly Int32Array[] = HOTP_BLOCKS.map((blocks) => blocks.inner);
const OUTER_BLOCKS: readonly Int32Array[] = HOTP_BLOCKS.map((blocks) => blocks.outer);

/** Zeroes `words[0 … count)`: a plain loop, cheaper than `fill` for the few words wiped per call. */
function zero(words: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) words[i] = 0;
}

// Literals below, not module constants: the bundle turns those into `var`s that V8 reloads and
// unboxes at every use. 0x80000000 | 0 is the padding's first byte 0x80 at the top of a word;
// 0x36 and 0x5c are RFC 2104's ipad and opad bytes.

/**
 * Compresses `block`, each word XORed with `pad` as it is read, into `to` at `toAt`, starting
 * from the chaining value `from[fromAt…]`.
 */
function compress(kind: Kind, block: Int32Array, pad: number, from: Int32Array, fromAt: number, to: Int32Array, toAt: number): void {
  if (kind === 0) sha1Block(block, pad, from, fromAt, to, toAt);
  else if (kind === 1) sha256Block(block, pad, from, fromAt, to, toAt);
  else sha512Block(block, pad, from, fromAt, to, toAt);
}

/** Writes K zero-padded to the block into `w` as big-endian words (RFC 2104 §2); K is `key[0 … length)`. */
function loadKeyBlock(w: Int32Array, key: Uint8Array, length: number, blockWords: number): void {
  const whole = length >>> 2;
  let i = 0;
  for (; i < whole; i++) {
    const at = i << 2;
    w[i] = (key[at]! << 24) | (key[at + 1]! << 16) | (key[at + 2]! << 8) | key[at + 3]!;
  }
  if (i < blockWords) {
    let word = 0;
    for (let at = i << 2, shift = 24; at < length; at++, shift -= 8) word |= key[at]! << shift;
    w[i++] = word;
    for (; i < blockWords; i++) w[i] = 0;
  }
}

/**
 * Fills `inner` (at 0) and `outer` (at `outerAt`) with the chaining values after the K ⊕ ipad
 * and K ⊕ opad blocks (RFC 2104 §2), K being the block in W as big-endian words, zero-padded;
 * then wipes W.
 */
function padsFromBlock(kind: Kind, inner: Int32Array, outer: Int32Array, outerAt: number): void {
  const { blockWords, iv } = SHAPES[kind];
  // W is read into a local once: a module-level binding is a `var` in the bundle, which
  // optimized code reloads and checks again at every use.
  const w = W;
  // The compression XORs the pad into each word as it reads it.
  compress(kind, w, 0x36363636, iv, 0, inner, 0);
  compress(kind, w, 0x5c5c5c5c, iv, 0, outer, outerAt);
  zero(w, blockWords);
}

/**
 * Fills `inner` (at 0) and `outer` (at `outerAt`) with the chaining values after the K ⊕ ipad
 * and K ⊕ opad blocks, K being `key[0 … length)`. Keys longer than the block are hashed first.
 */
function preparePads(
  algorithm: HmacAlgorithm,
  kind: Kind,
  key: Uint8Array,
  length: number,
  inner: Int32Array,
  outer: Int32Array,
  outerAt: number,
): void {
  const { blockWords, blockBytes } = SHAPES[kind];
  const shortKey = length > blockBytes ? hashOnce(algorithm, key.subarray(0, length)) : key;
  const shortLength = shortKey === key ? length : shortKey.length;
  if (kind === 3) {
    sha512WasmPads(shortKey, shortLength, inner, outer); // wipes the key from WebAssembly memory itself
  } else {
    loadKeyBlock(W, shortKey, shortLength, blockWords);
    padsFromBlock(kind, inner, outer, outerAt);
  }
  // And the hashed key, if we made one.
  if (shortKey !== key) shortKey.fill(0);
}

/** Turns the first `count` words of W from little-endian to big-endian byte order. */
function swapWords(w: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) {
    const x = w[i]!;
    w[i] = (x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
  }
}

/** HMAC(K, C) for the 8-byte counter C = hi · 2^32 + lo, then RFC 4226 §5.3 truncation. */
function truncatedHMAC(kind: Kind, inner: Int32Array, outer: Int32Array, outerAt: number, hi: number, lo: number): number {
  if (kind === 3) return sha512WasmTruncate(inner, outer, hi, lo);
  const innerBlock = INNER_BLOCKS[kind]!;
  const outerBlock = OUTER_BLOCKS[kind]!;
  innerBlock[0] = hi;
  innerBlock[1] = lo;
  // The inner digest lands straight in the outer block's first words.
  compress(kind, innerBlock, 0, inner, 0, outerBlock, 0);
  compress(kind, outerBlock, 0, outer, outerAt, DIGEST, 0);
  // Offset: low 4 bits of the digest's last byte (RFC 6238's reference code does the same for
  // every hash size); then the 4 bytes at that offset, top bit cleared.
  const offset = DIGEST[SHAPES[kind].stateWords - 1]! & 0x0f;
  const at = offset >>> 2;
  const shift = (offset & 3) << 3;
  const word = shift === 0 ? DIGEST[at]! : (DIGEST[at]! << shift) | (DIGEST[at + 1]! >>> (32 - shift));
  return word & 0x7fffffff;
}

/**
 * An HMAC key prepared once for repeated HOTP/TOTP computation (cache one per credential).
 *
 * Holds no copy of the raw key, only the hash chaining values after the inner and outer pads;
 * it prints as `PreparedKey { algorithm: 'SHA1' }` in `String()`, `JSON.stringify` and
 * `util.inspect`. Create it with {@link prepareKey}. Computing with it allocates nothing; it
 * reuses module-level scratch buffers, which is safe because JavaScript runs one call at a time
 * per realm (workers each load their own copy of the module).
 */
export class PreparedKey {
  /** The HMAC hash this key was prepared for. */
  readonly algorithm: HmacAlgorithm;
  readonly #kind: Kind;
  /** Chaining value after K ⊕ ipad, at 0. */
  readonly #inner: Int32Array;
  /** Chaining value after K ⊕ opad, at #outerAt: the same array as #inner for SHA-1/SHA-256. */
  readonly #outer: Int32Array;
  readonly #outerAt: number;

  /**
   * @internal Use {@link prepareKey}. Checks `key` (≥ 10 bytes) and `algorithm` again itself.
   * @throws TypeError/RangeError as {@link prepareKey}.
   */
  constructor(key: Uint8Array, algorithm: HmacAlgorithm) {
    // Re-checked here (two comparisons) so that `new PreparedKey(…)` cannot skip the rules.
    assertBytes('key', key, MIN_KEY_BYTES);
    this.algorithm = assertAlgorithm(algorithm);
    const kind = this.algorithm === 'SHA512' && sha512Wasm() !== null ? 3 : KINDS[this.algorithm];
    this.#kind = kind;
    // V8 keeps a typed array of up to 64 bytes on the heap; a larger one gets a separately
    // allocated buffer (about 0.75 µs per key here). So SHA-1/SHA-256 pads (40/64 bytes) share
    // one array, and SHA-512's (2 × 64 bytes) take two.
    const { stateWords } = SHAPES[kind];
    const pads = new Int32Array(kind < 2 ? stateWords * 2 : stateWords);
    this.#inner = pads;
    this.#outer = kind < 2 ? pads : new Int32Array(stateWords);
    this.#outerAt = kind < 2 ? stateWords : 0;
    preparePads(algorithm, kind, key, key.length, this.#inner, this.#outer, this.#outerAt);
  }

  static {
    // The one door into a key's pads from outside the class: the scratch keys below.
    // K is in W_BYTES, `length` bytes of at most one block: into the pads, then W is wiped.
    refillFromBlock = (target, length) => {
      const kind = target.#kind;
      if (kind === 3) {
        sha512WasmPads(W_BYTES, length, target.#inner, target.#outer);
        zero(W, W.length);
        return;
      }
      if (LITTLE_ENDIAN) swapWords(W, (length + 3) >>> 2);
      padsFromBlock(kind, target.#inner, target.#outer, target.#outerAt);
    };
    wipePads = (target) => {
      const inner = target.#inner;
      zero(inner, inner.length);
      if (target.#outer !== inner) zero(target.#outer, target.#outer.length);
    };
  }

  /**
   * HOTP dynamic truncation (RFC 4226 §5.3) of HMAC(K, C) for the 8-byte big-endian counter
   * C = hi · 2^32 + lo. Returns the 31-bit value Snum, before reduction modulo 10^digits.
   * @internal Arguments are trusted: 0 ≤ hi, lo < 2^32, integers.
   */
  truncate(hi: number, lo: number): number {
    return truncatedHMAC(this.#kind, this.#inner, this.#outer, this.#outerAt, hi, lo);
  }

  /** Redacted: never shows key material. */
  toString(): string {
    return `PreparedKey { algorithm: '${this.algorithm}' }`;
  }

  /** Redacted: `{ algorithm }` only. */
  toJSON(): { algorithm: HmacAlgorithm } {
    return { algorithm: this.algorithm };
  }

  /** What `util.inspect` shows in Node: a redacted summary, never key material. */
  [inspectSymbol](): string {
    return this.toString();
  }
}

/**
 * Prepares `key` once for fast repeated HOTP/TOTP generation and verification. Every function
 * that takes a `key` also takes a `PreparedKey`; keep one per credential in a cache.
 *
 * @param key - the shared secret K as bytes, at least `MIN_KEY_BYTES` (10) bytes; keys
 *   longer than the hash block (64 bytes for SHA1/SHA256, 128 for SHA512) are hashed first,
 *   shorter ones zero-padded (RFC 2104 §2).
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

// From base32 text without a key object or byte array per call: the text is decoded straight
// into the shared key block W (as bytes; a SHA-512 block, the largest key used without
// hashing), absorbed into the pads of one shared PreparedKey per kind, and both are wiped after
// use. A key made from text never leaves the call that made it.
const SCRATCH: (PreparedKey | undefined)[] = [undefined, undefined, undefined, undefined];
const ZERO_KEY = new Uint8Array(MIN_KEY_BYTES);

/**
 * A shared PreparedKey for `algorithm` with its pads made from base32 `text`, without allocating;
 * or null when the text is anything but a plain key of 10 bytes up to the hash block (bad text,
 * short or long keys): the caller then takes `decodeSecret`'s path, which throws the precise
 * error or hashes the long key. Pass the key to {@link wipeScratchKey} before returning.
 * @internal `algorithm` is checked; the result is valid until the next call.
 */
export function scratchKeyFromText(text: string, algorithm: HmacAlgorithm): PreparedKey | null {
  // Longer texts (mostly separators, or long keys) go the counted way of decodeSecret.
  if (text.length > 256) return null;
  const kind: Kind = algorithm === 'SHA512' ? (sha512Wasm() !== null ? 3 : 2) : KINDS[algorithm];
  // Made before the text is decoded: making a key uses W.
  let key = SCRATCH[kind];
  if (key === undefined) {
    key = new PreparedKey(ZERO_KEY, algorithm);
    SCRATCH[kind] = key;
  }
  // W is all zeros here, so a key shorter than the block arrives zero-padded (RFC 2104 §2).
  const symbols = decodeBase32Into(text, W_BYTES);
  const length = Math.floor((symbols * 5) / 8);
  if (!isWholeBytes(symbols) || length < MIN_KEY_BYTES || length > SHAPES[kind].blockBytes) {
    zero(W, W.length);
    return null;
  }
  refillFromBlock(key, length);
  return key;
}

/** Zeroes the pads of a key from {@link scratchKeyFromText}. @internal */
export function wipeScratchKey(key: PreparedKey): void {
  wipePads(key);
}
