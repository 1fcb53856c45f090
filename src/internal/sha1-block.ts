/**
 * The SHA-1 compression function on one 64-byte block, FIPS 180-4 §6.1.2 (steps 1–4), for the
 * HMAC fast path in hmac-key.ts. Not a hash API: no padding, no length counter, no bytes.
 *
 * Words are 32-bit big-endian values held in `Int32Array`s (signed storage, same bits); the
 * caller lays out the block. The 80 rounds are written out so that the message schedule lives
 * in sixteen local variables `w0…w15` (a ring: W[t] overwrites W[t−16]) and the working
 * variables never move: round t computes the new "a" into the variable that held "e" and
 * rotates "b" in place, so the names shift by one each round and repeat every five (FIPS
 * 180-4 §6.1.3 describes the same ring). In V8 this runs about twice as fast as a loop over
 * an 80-word array. The round constants are literals on purpose: a module-level constant
 * becomes a `var` in the bundle, which V8 reloads and unboxes in every round.
 * Array indexes are in bounds by construction, hence the `!` for `noUncheckedIndexedAccess`.
 * @module
 */

/** Chaining value size: five 32-bit words (160 bits). */
export const SHA1_STATE_WORDS = 5;

/** Initial hash value H(0), FIPS 180-4 §5.3.1. */
export const SHA1_IV: Int32Array = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0);

// FIPS 180-4 §4.1.1 round functions (Ch and Maj in equivalent forms with one operation fewer)
// and the rotations, small enough for V8 to inline at every call.
function ch(x: number, y: number, z: number): number {
  return z ^ (x & (y ^ z));
}
function parity(x: number, y: number, z: number): number {
  return x ^ y ^ z;
}
function maj(x: number, y: number, z: number): number {
  return (x & y) | (z & (x | y));
}
function rotl1(x: number): number {
  return (x << 1) | (x >>> 31);
}
function rotl5(x: number): number {
  return (x << 5) | (x >>> 27);
}
function rotl30(x: number): number {
  return (x << 30) | (x >>> 2);
}

/**
 * One SHA-1 compression: `to[toAt…+4] = from[fromAt…+4] + rounds(block)` (FIPS 180-4 §6.1.2).
 * Round constants K (§4.2.1) are floor(2^30 · √n) for n = 2, 3, 5, 10.
 * @param w - the block as 16 big-endian words at 0–15; not modified.
 * @param pad - XORed into every word of the block as it is read (HMAC's ipad 0x36363636 or
 *   opad 0x5c5c5c5c over a key block, RFC 2104 §2), 0 for a block used as it is.
 * @param from - holds the input chaining value at `fromAt … fromAt + 4`.
 * @param to - receives the output chaining value at `toAt … toAt + 4`; may be `from`.
 */
export function sha1Block(w: Int32Array, pad: number, from: Int32Array, fromAt: number, to: Int32Array, toAt: number): void {
  let w0 = w[0]! ^ pad;
  let w1 = w[1]! ^ pad;
  let w2 = w[2]! ^ pad;
  let w3 = w[3]! ^ pad;
  let w4 = w[4]! ^ pad;
  let w5 = w[5]! ^ pad;
  let w6 = w[6]! ^ pad;
  let w7 = w[7]! ^ pad;
  let w8 = w[8]! ^ pad;
  let w9 = w[9]! ^ pad;
  let w10 = w[10]! ^ pad;
  let w11 = w[11]! ^ pad;
  let w12 = w[12]! ^ pad;
  let w13 = w[13]! ^ pad;
  let w14 = w[14]! ^ pad;
  let w15 = w[15]! ^ pad;
  let a = from[fromAt]!;
  let b = from[fromAt + 1]!;
  let c = from[fromAt + 2]!;
  let d = from[fromAt + 3]!;
  let e = from[fromAt + 4]!;

  // Rounds 0–19: f = Ch, K = 0x5a827999, W[t] = the block words.
  e = (rotl5(a) + ch(b, c, d) + e + 0x5a827999 + w0) | 0;
  b = rotl30(b);
  d = (rotl5(e) + ch(a, b, c) + d + 0x5a827999 + w1) | 0;
  a = rotl30(a);
  c = (rotl5(d) + ch(e, a, b) + c + 0x5a827999 + w2) | 0;
  e = rotl30(e);
  b = (rotl5(c) + ch(d, e, a) + b + 0x5a827999 + w3) | 0;
  d = rotl30(d);
  a = (rotl5(b) + ch(c, d, e) + a + 0x5a827999 + w4) | 0;
  c = rotl30(c);
  e = (rotl5(a) + ch(b, c, d) + e + 0x5a827999 + w5) | 0;
  b = rotl30(b);
  d = (rotl5(e) + ch(a, b, c) + d + 0x5a827999 + w6) | 0;
  a = rotl30(a);
  c = (rotl5(d) + ch(e, a, b) + c + 0x5a827999 + w7) | 0;
  e = rotl30(e);
  b = (rotl5(c) + ch(d, e, a) + b + 0x5a827999 + w8) | 0;
  d = rotl30(d);
  a = (rotl5(b) + ch(c, d, e) + a + 0x5a827999 + w9) | 0;
  c = rotl30(c);
  e = (rotl5(a) + ch(b, c, d) + e + 0x5a827999 + w10) | 0;
  b = rotl30(b);
  d = (rotl5(e) + ch(a, b, c) + d + 0x5a827999 + w11) | 0;
  a = rotl30(a);
  c = (rotl5(d) + ch(e, a, b) + c + 0x5a827999 + w12) | 0;
  e = rotl30(e);
  b = (rotl5(c) + ch(d, e, a) + b + 0x5a827999 + w13) | 0;
  d = rotl30(d);
  a = (rotl5(b) + ch(c, d, e) + a + 0x5a827999 + w14) | 0;
  c = rotl30(c);
  e = (rotl5(a) + ch(b, c, d) + e + 0x5a827999 + w15) | 0;
  b = rotl30(b);
  // From round 16 on, each schedule word is replaced by W[t] = ROTL1(W[t−3] ^ W[t−8] ^ W[t−14] ^ W[t−16]).
  w0 = rotl1(w13 ^ w8 ^ w2 ^ w0);
  d = (rotl5(e) + ch(a, b, c) + d + 0x5a827999 + w0) | 0;
  a = rotl30(a);
  w1 = rotl1(w14 ^ w9 ^ w3 ^ w1);
  c = (rotl5(d) + ch(e, a, b) + c + 0x5a827999 + w1) | 0;
  e = rotl30(e);
  w2 = rotl1(w15 ^ w10 ^ w4 ^ w2);
  b = (rotl5(c) + ch(d, e, a) + b + 0x5a827999 + w2) | 0;
  d = rotl30(d);
  w3 = rotl1(w0 ^ w11 ^ w5 ^ w3);
  a = (rotl5(b) + ch(c, d, e) + a + 0x5a827999 + w3) | 0;
  c = rotl30(c);

  // Rounds 20–39: f = Parity, K = 0x6ed9eba1.
  w4 = rotl1(w1 ^ w12 ^ w6 ^ w4);
  e = (rotl5(a) + parity(b, c, d) + e + 0x6ed9eba1 + w4) | 0;
  b = rotl30(b);
  w5 = rotl1(w2 ^ w13 ^ w7 ^ w5);
  d = (rotl5(e) + parity(a, b, c) + d + 0x6ed9eba1 + w5) | 0;
  a = rotl30(a);
  w6 = rotl1(w3 ^ w14 ^ w8 ^ w6);
  c = (rotl5(d) + parity(e, a, b) + c + 0x6ed9eba1 + w6) | 0;
  e = rotl30(e);
  w7 = rotl1(w4 ^ w15 ^ w9 ^ w7);
  b = (rotl5(c) + parity(d, e, a) + b + 0x6ed9eba1 + w7) | 0;
  d = rotl30(d);
  w8 = rotl1(w5 ^ w0 ^ w10 ^ w8);
  a = (rotl5(b) + parity(c, d, e) + a + 0x6ed9eba1 + w8) | 0;
  c = rotl30(c);
  w9 = rotl1(w6 ^ w1 ^ w11 ^ w9);
  e = (rotl5(a) + parity(b, c, d) + e + 0x6ed9eba1 + w9) | 0;
  b = rotl30(b);
  w10 = rotl1(w7 ^ w2 ^ w12 ^ w10);
  d = (rotl5(e) + parity(a, b, c) + d + 0x6ed9eba1 + w10) | 0;
  a = rotl30(a);
  w11 = rotl1(w8 ^ w3 ^ w13 ^ w11);
  c = (rotl5(d) + parity(e, a, b) + c + 0x6ed9eba1 + w11) | 0;
  e = rotl30(e);
  w12 = rotl1(w9 ^ w4 ^ w14 ^ w12);
  b = (rotl5(c) + parity(d, e, a) + b + 0x6ed9eba1 + w12) | 0;
  d = rotl30(d);
  w13 = rotl1(w10 ^ w5 ^ w15 ^ w13);
  a = (rotl5(b) + parity(c, d, e) + a + 0x6ed9eba1 + w13) | 0;
  c = rotl30(c);
  w14 = rotl1(w11 ^ w6 ^ w0 ^ w14);
  e = (rotl5(a) + parity(b, c, d) + e + 0x6ed9eba1 + w14) | 0;
  b = rotl30(b);
  w15 = rotl1(w12 ^ w7 ^ w1 ^ w15);
  d = (rotl5(e) + parity(a, b, c) + d + 0x6ed9eba1 + w15) | 0;
  a = rotl30(a);
  w0 = rotl1(w13 ^ w8 ^ w2 ^ w0);
  c = (rotl5(d) + parity(e, a, b) + c + 0x6ed9eba1 + w0) | 0;
  e = rotl30(e);
  w1 = rotl1(w14 ^ w9 ^ w3 ^ w1);
  b = (rotl5(c) + parity(d, e, a) + b + 0x6ed9eba1 + w1) | 0;
  d = rotl30(d);
  w2 = rotl1(w15 ^ w10 ^ w4 ^ w2);
  a = (rotl5(b) + parity(c, d, e) + a + 0x6ed9eba1 + w2) | 0;
  c = rotl30(c);
  w3 = rotl1(w0 ^ w11 ^ w5 ^ w3);
  e = (rotl5(a) + parity(b, c, d) + e + 0x6ed9eba1 + w3) | 0;
  b = rotl30(b);
  w4 = rotl1(w1 ^ w12 ^ w6 ^ w4);
  d = (rotl5(e) + parity(a, b, c) + d + 0x6ed9eba1 + w4) | 0;
  a = rotl30(a);
  w5 = rotl1(w2 ^ w13 ^ w7 ^ w5);
  c = (rotl5(d) + parity(e, a, b) + c + 0x6ed9eba1 + w5) | 0;
  e = rotl30(e);
  w6 = rotl1(w3 ^ w14 ^ w8 ^ w6);
  b = (rotl5(c) + parity(d, e, a) + b + 0x6ed9eba1 + w6) | 0;
  d = rotl30(d);
  w7 = rotl1(w4 ^ w15 ^ w9 ^ w7);
  a = (rotl5(b) + parity(c, d, e) + a + 0x6ed9eba1 + w7) | 0;
  c = rotl30(c);

  // Rounds 40–59: f = Maj, K = 0x8f1bbcdc.
  w8 = rotl1(w5 ^ w0 ^ w10 ^ w8);
  e = (rotl5(a) + maj(b, c, d) + e + 0x8f1bbcdc + w8) | 0;
  b = rotl30(b);
  w9 = rotl1(w6 ^ w1 ^ w11 ^ w9);
  d = (rotl5(e) + maj(a, b, c) + d + 0x8f1bbcdc + w9) | 0;
  a = rotl30(a);
  w10 = rotl1(w7 ^ w2 ^ w12 ^ w10);
  c = (rotl5(d) + maj(e, a, b) + c + 0x8f1bbcdc + w10) | 0;
  e = rotl30(e);
  w11 = rotl1(w8 ^ w3 ^ w13 ^ w11);
  b = (rotl5(c) + maj(d, e, a) + b + 0x8f1bbcdc + w11) | 0;
  d = rotl30(d);
  w12 = rotl1(w9 ^ w4 ^ w14 ^ w12);
  a = (rotl5(b) + maj(c, d, e) + a + 0x8f1bbcdc + w12) | 0;
  c = rotl30(c);
  w13 = rotl1(w10 ^ w5 ^ w15 ^ w13);
  e = (rotl5(a) + maj(b, c, d) + e + 0x8f1bbcdc + w13) | 0;
  b = rotl30(b);
  w14 = rotl1(w11 ^ w6 ^ w0 ^ w14);
  d = (rotl5(e) + maj(a, b, c) + d + 0x8f1bbcdc + w14) | 0;
  a = rotl30(a);
  w15 = rotl1(w12 ^ w7 ^ w1 ^ w15);
  c = (rotl5(d) + maj(e, a, b) + c + 0x8f1bbcdc + w15) | 0;
  e = rotl30(e);
  w0 = rotl1(w13 ^ w8 ^ w2 ^ w0);
  b = (rotl5(c) + maj(d, e, a) + b + 0x8f1bbcdc + w0) | 0;
  d = rotl30(d);
  w1 = rotl1(w14 ^ w9 ^ w3 ^ w1);
  a = (rotl5(b) + maj(c, d, e) + a + 0x8f1bbcdc + w1) | 0;
  c = rotl30(c);
  w2 = rotl1(w15 ^ w10 ^ w4 ^ w2);
  e = (rotl5(a) + maj(b, c, d) + e + 0x8f1bbcdc + w2) | 0;
  b = rotl30(b);
  w3 = rotl1(w0 ^ w11 ^ w5 ^ w3);
  d = (rotl5(e) + maj(a, b, c) + d + 0x8f1bbcdc + w3) | 0;
  a = rotl30(a);
  w4 = rotl1(w1 ^ w12 ^ w6 ^ w4);
  c = (rotl5(d) + maj(e, a, b) + c + 0x8f1bbcdc + w4) | 0;
  e = rotl30(e);
  w5 = rotl1(w2 ^ w13 ^ w7 ^ w5);
  b = (rotl5(c) + maj(d, e, a) + b + 0x8f1bbcdc + w5) | 0;
  d = rotl30(d);
  w6 = rotl1(w3 ^ w14 ^ w8 ^ w6);
  a = (rotl5(b) + maj(c, d, e) + a + 0x8f1bbcdc + w6) | 0;
  c = rotl30(c);
  w7 = rotl1(w4 ^ w15 ^ w9 ^ w7);
  e = (rotl5(a) + maj(b, c, d) + e + 0x8f1bbcdc + w7) | 0;
  b = rotl30(b);
  w8 = rotl1(w5 ^ w0 ^ w10 ^ w8);
  d = (rotl5(e) + maj(a, b, c) + d + 0x8f1bbcdc + w8) | 0;
  a = rotl30(a);
  w9 = rotl1(w6 ^ w1 ^ w11 ^ w9);
  c = (rotl5(d) + maj(e, a, b) + c + 0x8f1bbcdc + w9) | 0;
  e = rotl30(e);
  w10 = rotl1(w7 ^ w2 ^ w12 ^ w10);
  b = (rotl5(c) + maj(d, e, a) + b + 0x8f1bbcdc + w10) | 0;
  d = rotl30(d);
  w11 = rotl1(w8 ^ w3 ^ w13 ^ w11);
  a = (rotl5(b) + maj(c, d, e) + a + 0x8f1bbcdc + w11) | 0;
  c = rotl30(c);

  // Rounds 60–79: f = Parity, K = 0xca62c1d6.
  w12 = rotl1(w9 ^ w4 ^ w14 ^ w12);
  e = (rotl5(a) + parity(b, c, d) + e + 0xca62c1d6 + w12) | 0;
  b = rotl30(b);
  w13 = rotl1(w10 ^ w5 ^ w15 ^ w13);
  d = (rotl5(e) + parity(a, b, c) + d + 0xca62c1d6 + w13) | 0;
  a = rotl30(a);
  w14 = rotl1(w11 ^ w6 ^ w0 ^ w14);
  c = (rotl5(d) + parity(e, a, b) + c + 0xca62c1d6 + w14) | 0;
  e = rotl30(e);
  w15 = rotl1(w12 ^ w7 ^ w1 ^ w15);
  b = (rotl5(c) + parity(d, e, a) + b + 0xca62c1d6 + w15) | 0;
  d = rotl30(d);
  w0 = rotl1(w13 ^ w8 ^ w2 ^ w0);
  a = (rotl5(b) + parity(c, d, e) + a + 0xca62c1d6 + w0) | 0;
  c = rotl30(c);
  w1 = rotl1(w14 ^ w9 ^ w3 ^ w1);
  e = (rotl5(a) + parity(b, c, d) + e + 0xca62c1d6 + w1) | 0;
  b = rotl30(b);
  w2 = rotl1(w15 ^ w10 ^ w4 ^ w2);
  d = (rotl5(e) + parity(a, b, c) + d + 0xca62c1d6 + w2) | 0;
  a = rotl30(a);
  w3 = rotl1(w0 ^ w11 ^ w5 ^ w3);
  c = (rotl5(d) + parity(e, a, b) + c + 0xca62c1d6 + w3) | 0;
  e = rotl30(e);
  w4 = rotl1(w1 ^ w12 ^ w6 ^ w4);
  b = (rotl5(c) + parity(d, e, a) + b + 0xca62c1d6 + w4) | 0;
  d = rotl30(d);
  w5 = rotl1(w2 ^ w13 ^ w7 ^ w5);
  a = (rotl5(b) + parity(c, d, e) + a + 0xca62c1d6 + w5) | 0;
  c = rotl30(c);
  w6 = rotl1(w3 ^ w14 ^ w8 ^ w6);
  e = (rotl5(a) + parity(b, c, d) + e + 0xca62c1d6 + w6) | 0;
  b = rotl30(b);
  w7 = rotl1(w4 ^ w15 ^ w9 ^ w7);
  d = (rotl5(e) + parity(a, b, c) + d + 0xca62c1d6 + w7) | 0;
  a = rotl30(a);
  w8 = rotl1(w5 ^ w0 ^ w10 ^ w8);
  c = (rotl5(d) + parity(e, a, b) + c + 0xca62c1d6 + w8) | 0;
  e = rotl30(e);
  w9 = rotl1(w6 ^ w1 ^ w11 ^ w9);
  b = (rotl5(c) + parity(d, e, a) + b + 0xca62c1d6 + w9) | 0;
  d = rotl30(d);
  w10 = rotl1(w7 ^ w2 ^ w12 ^ w10);
  a = (rotl5(b) + parity(c, d, e) + a + 0xca62c1d6 + w10) | 0;
  c = rotl30(c);
  w11 = rotl1(w8 ^ w3 ^ w13 ^ w11);
  e = (rotl5(a) + parity(b, c, d) + e + 0xca62c1d6 + w11) | 0;
  b = rotl30(b);
  w12 = rotl1(w9 ^ w4 ^ w14 ^ w12);
  d = (rotl5(e) + parity(a, b, c) + d + 0xca62c1d6 + w12) | 0;
  a = rotl30(a);
  w13 = rotl1(w10 ^ w5 ^ w15 ^ w13);
  c = (rotl5(d) + parity(e, a, b) + c + 0xca62c1d6 + w13) | 0;
  e = rotl30(e);
  w14 = rotl1(w11 ^ w6 ^ w0 ^ w14);
  b = (rotl5(c) + parity(d, e, a) + b + 0xca62c1d6 + w14) | 0;
  d = rotl30(d);
  w15 = rotl1(w12 ^ w7 ^ w1 ^ w15);
  a = (rotl5(b) + parity(c, d, e) + a + 0xca62c1d6 + w15) | 0;
  c = rotl30(c);

  to[toAt] = (from[fromAt]! + a) | 0;
  to[toAt + 1] = (from[fromAt + 1]! + b) | 0;
  to[toAt + 2] = (from[fromAt + 2]! + c) | 0;
  to[toAt + 3] = (from[fromAt + 3]! + d) | 0;
  to[toAt + 4] = (from[fromAt + 4]! + e) | 0;
}
