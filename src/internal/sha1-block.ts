/**
 * The SHA-1 compression function on one 64-byte block, FIPS 180-4 §6.1.2 (steps 1–4), for the
 * HMAC fast path in hmac-key.ts. Not a hash API: no padding, no length counter, no bytes.
 *
 * Words are 32-bit big-endian values held in `Int32Array`s (signed storage, same bits). The
 * caller lays out the block itself; the HOTP blocks have a fixed shape (see hmac-key.ts), so
 * that no byte array is ever built. Array indexes are in bounds by construction (fixed sizes
 * checked by the caller), hence the `!` that `noUncheckedIndexedAccess` asks for.
 * @module
 */

/** Chaining value size: five 32-bit words (160 bits). */
export const SHA1_STATE_WORDS = 5;
/** Message schedule size in 32-bit words; the first 16 are the block. */
export const SHA1_SCHEDULE_WORDS = 80;

/** Initial hash value H(0), FIPS 180-4 §5.3.1. */
export const SHA1_IV: Int32Array = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0);

// Round constants K (FIPS 180-4 §4.2.1): floor(2^30 · √n) for n = 2, 3, 5, 10.
const K0 = 0x5a827999;
const K1 = 0x6ed9eba1;
const K2 = 0x8f1bbcdc | 0;
const K3 = 0xca62c1d6 | 0;

/**
 * One SHA-1 compression: `to[toAt…+4] = from[fromAt…+4] + rounds(block)` (FIPS 180-4 §6.1.2).
 * @param w - message schedule of at least 80 words; words 0–15 hold the block on entry,
 *   words 16–79 are overwritten.
 * @param from - holds the input chaining value at `fromAt … fromAt + 4`.
 * @param to - receives the output chaining value at `toAt … toAt + 4`; may be `from`.
 */
export function sha1Block(w: Int32Array, from: Int32Array, fromAt: number, to: Int32Array, toAt: number): void {
  for (let t = 16; t < 80; t++) {
    const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
    w[t] = (x << 1) | (x >>> 31);
  }
  let a = from[fromAt]!;
  let b = from[fromAt + 1]!;
  let c = from[fromAt + 2]!;
  let d = from[fromAt + 3]!;
  let e = from[fromAt + 4]!;
  let t = 0;
  // Ch(b, c, d) written as d ^ (b & (c ^ d)): same bits, one operation fewer.
  for (; t < 20; t++) {
    const next = (((a << 5) | (a >>> 27)) + (d ^ (b & (c ^ d))) + e + K0 + w[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = next;
  }
  for (; t < 40; t++) {
    const next = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + K1 + w[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = next;
  }
  // Maj(b, c, d) written as (b & c) | (d & (b | c)).
  for (; t < 60; t++) {
    const next = (((a << 5) | (a >>> 27)) + ((b & c) | (d & (b | c))) + e + K2 + w[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = next;
  }
  for (; t < 80; t++) {
    const next = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + K3 + w[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = next;
  }
  to[toAt] = (from[fromAt]! + a) | 0;
  to[toAt + 1] = (from[fromAt + 1]! + b) | 0;
  to[toAt + 2] = (from[fromAt + 2]! + c) | 0;
  to[toAt + 3] = (from[fromAt + 3]! + d) | 0;
  to[toAt + 4] = (from[fromAt + 4]! + e) | 0;
}
