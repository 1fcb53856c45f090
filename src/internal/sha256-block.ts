/**
 * The SHA-256 compression function on one 64-byte block, FIPS 180-4 §6.2.2 (steps 1–4), for the
 * HMAC fast path in hmac-key.ts. Not a hash API: no padding, no length counter, no bytes.
 *
 * Words are 32-bit big-endian values held in `Int32Array`s (signed storage, same bits); the
 * caller lays out the block. Layout, as in sha512-block.ts: the rounds are written out 16 at a
 * time inside a loop of four, so that the message schedule lives in 16 local variables
 * (`w0` … `w15`, a ring where W[t] replaces W[t−16]) and the working variables never move:
 * each round adds T1 into the variable playing "d" and writes T1 + T2 into the one playing
 * "h", and the roles shift by one each round (the comment on each round names them). About
 * 1.4 times as fast in V8 as a loop over one round with a 64-word array schedule.
 * Σ0 = ROTR2 ^ ROTR13 ^ ROTR22, Σ1 = ROTR6 ^ ROTR11 ^ ROTR25, σ0 = ROTR7 ^ ROTR18 ^ SHR3,
 * σ1 = ROTR17 ^ ROTR19 ^ SHR10 (§4.1.2); Ch(e, f, g) = g ^ (e & (f ^ g)) and
 * Maj(a, b, c) = (a & b) | (c & (a | b)), equivalent forms with one operation fewer.
 * Array indexes are in bounds by construction, hence the `!` for `noUncheckedIndexedAccess`.
 * @module
 */

/** Chaining value size: eight 32-bit words (256 bits). */
export const SHA256_STATE_WORDS = 8;

/** Initial hash value H(0), FIPS 180-4 §5.3.3: √ of the first 8 primes, fractional 32 bits. */
export const SHA256_IV: Int32Array = Int32Array.of(
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
);

/** Round constants K, FIPS 180-4 §4.2.2: ∛ of the first 64 primes, fractional 32 bits. */
const K = Int32Array.of(
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
);

/**
 * One SHA-256 compression: `to[toAt…+7] = from[fromAt…+7] + rounds(block)` (FIPS 180-4 §6.2.2).
 * @param w - the block as 16 big-endian words at 0–15; not modified.
 * @param pad - XORed into every word of the block as it is read (HMAC's ipad 0x36363636 or
 *   opad 0x5c5c5c5c over a key block, RFC 2104 §2), 0 for a block used as it is.
 * @param from - holds the input chaining value at `fromAt … fromAt + 7`.
 * @param to - receives the output chaining value at `toAt … toAt + 7`; may be `from`.
 */
export function sha256Block(w: Int32Array, pad: number, from: Int32Array, fromAt: number, to: Int32Array, toAt: number): void {
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
  let f = from[fromAt + 5]!;
  let g = from[fromAt + 6]!;
  let h = from[fromAt + 7]!;
  let s0 = 0; // Σ0 or σ0
  let s1 = 0; // Σ1 or σ1
  let t1 = 0;
  // Four groups of 16 rounds; k indexes K.
  for (let k = 0; k < 64; k += 16) {
    if (k > 0) {
      // Next 16 schedule words, in place: W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16].
      s0 = ((w1 >>> 7) | (w1 << 25)) ^ ((w1 >>> 18) | (w1 << 14)) ^ (w1 >>> 3);
      s1 = ((w14 >>> 17) | (w14 << 15)) ^ ((w14 >>> 19) | (w14 << 13)) ^ (w14 >>> 10);
      w0 = (s1 + w9 + s0 + w0) | 0;
      s0 = ((w2 >>> 7) | (w2 << 25)) ^ ((w2 >>> 18) | (w2 << 14)) ^ (w2 >>> 3);
      s1 = ((w15 >>> 17) | (w15 << 15)) ^ ((w15 >>> 19) | (w15 << 13)) ^ (w15 >>> 10);
      w1 = (s1 + w10 + s0 + w1) | 0;
      s0 = ((w3 >>> 7) | (w3 << 25)) ^ ((w3 >>> 18) | (w3 << 14)) ^ (w3 >>> 3);
      s1 = ((w0 >>> 17) | (w0 << 15)) ^ ((w0 >>> 19) | (w0 << 13)) ^ (w0 >>> 10);
      w2 = (s1 + w11 + s0 + w2) | 0;
      s0 = ((w4 >>> 7) | (w4 << 25)) ^ ((w4 >>> 18) | (w4 << 14)) ^ (w4 >>> 3);
      s1 = ((w1 >>> 17) | (w1 << 15)) ^ ((w1 >>> 19) | (w1 << 13)) ^ (w1 >>> 10);
      w3 = (s1 + w12 + s0 + w3) | 0;
      s0 = ((w5 >>> 7) | (w5 << 25)) ^ ((w5 >>> 18) | (w5 << 14)) ^ (w5 >>> 3);
      s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      w4 = (s1 + w13 + s0 + w4) | 0;
      s0 = ((w6 >>> 7) | (w6 << 25)) ^ ((w6 >>> 18) | (w6 << 14)) ^ (w6 >>> 3);
      s1 = ((w3 >>> 17) | (w3 << 15)) ^ ((w3 >>> 19) | (w3 << 13)) ^ (w3 >>> 10);
      w5 = (s1 + w14 + s0 + w5) | 0;
      s0 = ((w7 >>> 7) | (w7 << 25)) ^ ((w7 >>> 18) | (w7 << 14)) ^ (w7 >>> 3);
      s1 = ((w4 >>> 17) | (w4 << 15)) ^ ((w4 >>> 19) | (w4 << 13)) ^ (w4 >>> 10);
      w6 = (s1 + w15 + s0 + w6) | 0;
      s0 = ((w8 >>> 7) | (w8 << 25)) ^ ((w8 >>> 18) | (w8 << 14)) ^ (w8 >>> 3);
      s1 = ((w5 >>> 17) | (w5 << 15)) ^ ((w5 >>> 19) | (w5 << 13)) ^ (w5 >>> 10);
      w7 = (s1 + w0 + s0 + w7) | 0;
      s0 = ((w9 >>> 7) | (w9 << 25)) ^ ((w9 >>> 18) | (w9 << 14)) ^ (w9 >>> 3);
      s1 = ((w6 >>> 17) | (w6 << 15)) ^ ((w6 >>> 19) | (w6 << 13)) ^ (w6 >>> 10);
      w8 = (s1 + w1 + s0 + w8) | 0;
      s0 = ((w10 >>> 7) | (w10 << 25)) ^ ((w10 >>> 18) | (w10 << 14)) ^ (w10 >>> 3);
      s1 = ((w7 >>> 17) | (w7 << 15)) ^ ((w7 >>> 19) | (w7 << 13)) ^ (w7 >>> 10);
      w9 = (s1 + w2 + s0 + w9) | 0;
      s0 = ((w11 >>> 7) | (w11 << 25)) ^ ((w11 >>> 18) | (w11 << 14)) ^ (w11 >>> 3);
      s1 = ((w8 >>> 17) | (w8 << 15)) ^ ((w8 >>> 19) | (w8 << 13)) ^ (w8 >>> 10);
      w10 = (s1 + w3 + s0 + w10) | 0;
      s0 = ((w12 >>> 7) | (w12 << 25)) ^ ((w12 >>> 18) | (w12 << 14)) ^ (w12 >>> 3);
      s1 = ((w9 >>> 17) | (w9 << 15)) ^ ((w9 >>> 19) | (w9 << 13)) ^ (w9 >>> 10);
      w11 = (s1 + w4 + s0 + w11) | 0;
      s0 = ((w13 >>> 7) | (w13 << 25)) ^ ((w13 >>> 18) | (w13 << 14)) ^ (w13 >>> 3);
      s1 = ((w10 >>> 17) | (w10 << 15)) ^ ((w10 >>> 19) | (w10 << 13)) ^ (w10 >>> 10);
      w12 = (s1 + w5 + s0 + w12) | 0;
      s0 = ((w14 >>> 7) | (w14 << 25)) ^ ((w14 >>> 18) | (w14 << 14)) ^ (w14 >>> 3);
      s1 = ((w11 >>> 17) | (w11 << 15)) ^ ((w11 >>> 19) | (w11 << 13)) ^ (w11 >>> 10);
      w13 = (s1 + w6 + s0 + w13) | 0;
      s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      s1 = ((w12 >>> 17) | (w12 << 15)) ^ ((w12 >>> 19) | (w12 << 13)) ^ (w12 >>> 10);
      w14 = (s1 + w7 + s0 + w14) | 0;
      s0 = ((w0 >>> 7) | (w0 << 25)) ^ ((w0 >>> 18) | (w0 << 14)) ^ (w0 >>> 3);
      s1 = ((w13 >>> 17) | (w13 << 15)) ^ ((w13 >>> 19) | (w13 << 13)) ^ (w13 >>> 10);
      w15 = (s1 + w8 + s0 + w15) | 0;
    }
    // Round k + 0, (a, b, c, d, e, f, g, h) = (a, b, c, d, e, f, g, h).
    s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    t1 = (h + s1 + (g ^ (e & (f ^ g))) + K[k]! + w0) | 0;
    d = (d + t1) | 0;
    s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    h = (t1 + s0 + ((a & b) | (c & (a | b)))) | 0;
    // Round k + 1, (a, b, c, d, e, f, g, h) = (h, a, b, c, d, e, f, g).
    s1 = ((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7));
    t1 = (g + s1 + (f ^ (d & (e ^ f))) + K[k + 1]! + w1) | 0;
    c = (c + t1) | 0;
    s0 = ((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10));
    g = (t1 + s0 + ((h & a) | (b & (h | a)))) | 0;
    // Round k + 2, (a, b, c, d, e, f, g, h) = (g, h, a, b, c, d, e, f).
    s1 = ((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7));
    t1 = (f + s1 + (e ^ (c & (d ^ e))) + K[k + 2]! + w2) | 0;
    b = (b + t1) | 0;
    s0 = ((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10));
    f = (t1 + s0 + ((g & h) | (a & (g | h)))) | 0;
    // Round k + 3, (a, b, c, d, e, f, g, h) = (f, g, h, a, b, c, d, e).
    s1 = ((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7));
    t1 = (e + s1 + (d ^ (b & (c ^ d))) + K[k + 3]! + w3) | 0;
    a = (a + t1) | 0;
    s0 = ((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10));
    e = (t1 + s0 + ((f & g) | (h & (f | g)))) | 0;
    // Round k + 4, (a, b, c, d, e, f, g, h) = (e, f, g, h, a, b, c, d).
    s1 = ((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7));
    t1 = (d + s1 + (c ^ (a & (b ^ c))) + K[k + 4]! + w4) | 0;
    h = (h + t1) | 0;
    s0 = ((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10));
    d = (t1 + s0 + ((e & f) | (g & (e | f)))) | 0;
    // Round k + 5, (a, b, c, d, e, f, g, h) = (d, e, f, g, h, a, b, c).
    s1 = ((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7));
    t1 = (c + s1 + (b ^ (h & (a ^ b))) + K[k + 5]! + w5) | 0;
    g = (g + t1) | 0;
    s0 = ((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10));
    c = (t1 + s0 + ((d & e) | (f & (d | e)))) | 0;
    // Round k + 6, (a, b, c, d, e, f, g, h) = (c, d, e, f, g, h, a, b).
    s1 = ((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7));
    t1 = (b + s1 + (a ^ (g & (h ^ a))) + K[k + 6]! + w6) | 0;
    f = (f + t1) | 0;
    s0 = ((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10));
    b = (t1 + s0 + ((c & d) | (e & (c | d)))) | 0;
    // Round k + 7, (a, b, c, d, e, f, g, h) = (b, c, d, e, f, g, h, a).
    s1 = ((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7));
    t1 = (a + s1 + (h ^ (f & (g ^ h))) + K[k + 7]! + w7) | 0;
    e = (e + t1) | 0;
    s0 = ((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10));
    a = (t1 + s0 + ((b & c) | (d & (b | c)))) | 0;
    // Round k + 8, (a, b, c, d, e, f, g, h) = (a, b, c, d, e, f, g, h).
    s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    t1 = (h + s1 + (g ^ (e & (f ^ g))) + K[k + 8]! + w8) | 0;
    d = (d + t1) | 0;
    s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    h = (t1 + s0 + ((a & b) | (c & (a | b)))) | 0;
    // Round k + 9, (a, b, c, d, e, f, g, h) = (h, a, b, c, d, e, f, g).
    s1 = ((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7));
    t1 = (g + s1 + (f ^ (d & (e ^ f))) + K[k + 9]! + w9) | 0;
    c = (c + t1) | 0;
    s0 = ((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10));
    g = (t1 + s0 + ((h & a) | (b & (h | a)))) | 0;
    // Round k + 10, (a, b, c, d, e, f, g, h) = (g, h, a, b, c, d, e, f).
    s1 = ((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7));
    t1 = (f + s1 + (e ^ (c & (d ^ e))) + K[k + 10]! + w10) | 0;
    b = (b + t1) | 0;
    s0 = ((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10));
    f = (t1 + s0 + ((g & h) | (a & (g | h)))) | 0;
    // Round k + 11, (a, b, c, d, e, f, g, h) = (f, g, h, a, b, c, d, e).
    s1 = ((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7));
    t1 = (e + s1 + (d ^ (b & (c ^ d))) + K[k + 11]! + w11) | 0;
    a = (a + t1) | 0;
    s0 = ((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10));
    e = (t1 + s0 + ((f & g) | (h & (f | g)))) | 0;
    // Round k + 12, (a, b, c, d, e, f, g, h) = (e, f, g, h, a, b, c, d).
    s1 = ((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7));
    t1 = (d + s1 + (c ^ (a & (b ^ c))) + K[k + 12]! + w12) | 0;
    h = (h + t1) | 0;
    s0 = ((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10));
    d = (t1 + s0 + ((e & f) | (g & (e | f)))) | 0;
    // Round k + 13, (a, b, c, d, e, f, g, h) = (d, e, f, g, h, a, b, c).
    s1 = ((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7));
    t1 = (c + s1 + (b ^ (h & (a ^ b))) + K[k + 13]! + w13) | 0;
    g = (g + t1) | 0;
    s0 = ((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10));
    c = (t1 + s0 + ((d & e) | (f & (d | e)))) | 0;
    // Round k + 14, (a, b, c, d, e, f, g, h) = (c, d, e, f, g, h, a, b).
    s1 = ((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7));
    t1 = (b + s1 + (a ^ (g & (h ^ a))) + K[k + 14]! + w14) | 0;
    f = (f + t1) | 0;
    s0 = ((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10));
    b = (t1 + s0 + ((c & d) | (e & (c | d)))) | 0;
    // Round k + 15, (a, b, c, d, e, f, g, h) = (b, c, d, e, f, g, h, a).
    s1 = ((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7));
    t1 = (a + s1 + (h ^ (f & (g ^ h))) + K[k + 15]! + w15) | 0;
    e = (e + t1) | 0;
    s0 = ((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10));
    a = (t1 + s0 + ((b & c) | (d & (b | c)))) | 0;
  }
  to[toAt] = (from[fromAt]! + a) | 0;
  to[toAt + 1] = (from[fromAt + 1]! + b) | 0;
  to[toAt + 2] = (from[fromAt + 2]! + c) | 0;
  to[toAt + 3] = (from[fromAt + 3]! + d) | 0;
  to[toAt + 4] = (from[fromAt + 4]! + e) | 0;
  to[toAt + 5] = (from[fromAt + 5]! + f) | 0;
  to[toAt + 6] = (from[fromAt + 6]! + g) | 0;
  to[toAt + 7] = (from[fromAt + 7]! + h) | 0;
}
