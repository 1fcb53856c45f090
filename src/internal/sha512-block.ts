/**
 * The SHA-512 compression function on one 128-byte block, FIPS 180-4 §6.4.2 (steps 1–4), for
 * the HMAC fast path in hmac-key.ts. Not a hash API: no padding, no length counter, no bytes.
 *
 * JavaScript has no 64-bit integer type fast enough here (a bigint allocates), so every 64-bit
 * word is a pair of 32-bit halves: the high half at index 2j, the low half at 2j + 1 of an
 * `Int32Array` (big-endian order, so a block is 32 consecutive 32-bit words), and `xh`/`xl`
 * in local variables. How the code is laid out, and why (each step measured in V8):
 * - Additions: the low halves are summed as unsigned values in a float (exact below 2^53); the
 *   carry into the high half is that sum divided by 2^32, truncated. T1's low sum is carried
 *   straight into the two additions that use T1 (d + T1 and T1 + T2) instead of being
 *   normalised first: the same bits, three operations fewer per round.
 * - Rotations of a 64-bit (h, l) right by n < 32 give (h >>> n | l << 32−n, l >>> n | h << 32−n);
 *   by n > 32 the halves swap roles and n − 32 is used. Σ0 = ROTR28 ^ ROTR34 ^ ROTR39,
 *   Σ1 = ROTR14 ^ ROTR18 ^ ROTR41, σ0 = ROTR1 ^ ROTR8 ^ SHR7, σ1 = ROTR19 ^ ROTR61 ^ SHR6 (§4.1.3).
 * - The rounds are written out 16 at a time inside a loop of five, so that the message schedule
 *   lives in 32 local variables (`w0h` … `w15l`, a ring where W[t] replaces W[t−16]) instead
 *   of a 160-entry array, and the working variables never move: each round adds T1 into the
 *   variable playing "d" and writes T1 + T2 into the one playing "h", and the roles shift by
 *   one each round (the comment on each round names them). About 1.4 times as fast as a loop
 *   over one round with an array schedule.
 * - Literals, not module constants, for 2^32: the bundle turns a module constant into a `var`
 *   that V8 reloads and unboxes at every use.
 * Array indexes are in bounds by construction, hence the `!` for `noUncheckedIndexedAccess`.
 * @module
 */

/** Chaining value size in 32-bit halves: eight 64-bit words. */
export const SHA512_STATE_WORDS = 16;

/** Initial hash value H(0), FIPS 180-4 §5.3.5: √ of the first 8 primes, fractional 64 bits. */
export const SHA512_IV: Int32Array = Int32Array.of(
  0x6a09e667,
  0xf3bcc908,
  0xbb67ae85,
  0x84caa73b,
  0x3c6ef372,
  0xfe94f82b,
  0xa54ff53a,
  0x5f1d36f1,
  0x510e527f,
  0xade682d1,
  0x9b05688c,
  0x2b3e6c1f,
  0x1f83d9ab,
  0xfb41bd6b,
  0x5be0cd19,
  0x137e2179,
);

/** Round constants K as (high, low) pairs, FIPS 180-4 §4.2.3: ∛ of the first 80 primes, fractional 64 bits. */
const K = Int32Array.of(
  0x428a2f98,
  0xd728ae22,
  0x71374491,
  0x23ef65cd,
  0xb5c0fbcf,
  0xec4d3b2f,
  0xe9b5dba5,
  0x8189dbbc,
  0x3956c25b,
  0xf348b538,
  0x59f111f1,
  0xb605d019,
  0x923f82a4,
  0xaf194f9b,
  0xab1c5ed5,
  0xda6d8118,
  0xd807aa98,
  0xa3030242,
  0x12835b01,
  0x45706fbe,
  0x243185be,
  0x4ee4b28c,
  0x550c7dc3,
  0xd5ffb4e2,
  0x72be5d74,
  0xf27b896f,
  0x80deb1fe,
  0x3b1696b1,
  0x9bdc06a7,
  0x25c71235,
  0xc19bf174,
  0xcf692694,
  0xe49b69c1,
  0x9ef14ad2,
  0xefbe4786,
  0x384f25e3,
  0x0fc19dc6,
  0x8b8cd5b5,
  0x240ca1cc,
  0x77ac9c65,
  0x2de92c6f,
  0x592b0275,
  0x4a7484aa,
  0x6ea6e483,
  0x5cb0a9dc,
  0xbd41fbd4,
  0x76f988da,
  0x831153b5,
  0x983e5152,
  0xee66dfab,
  0xa831c66d,
  0x2db43210,
  0xb00327c8,
  0x98fb213f,
  0xbf597fc7,
  0xbeef0ee4,
  0xc6e00bf3,
  0x3da88fc2,
  0xd5a79147,
  0x930aa725,
  0x06ca6351,
  0xe003826f,
  0x14292967,
  0x0a0e6e70,
  0x27b70a85,
  0x46d22ffc,
  0x2e1b2138,
  0x5c26c926,
  0x4d2c6dfc,
  0x5ac42aed,
  0x53380d13,
  0x9d95b3df,
  0x650a7354,
  0x8baf63de,
  0x766a0abb,
  0x3c77b2a8,
  0x81c2c92e,
  0x47edaee6,
  0x92722c85,
  0x1482353b,
  0xa2bfe8a1,
  0x4cf10364,
  0xa81a664b,
  0xbc423001,
  0xc24b8b70,
  0xd0f89791,
  0xc76c51a3,
  0x0654be30,
  0xd192e819,
  0xd6ef5218,
  0xd6990624,
  0x5565a910,
  0xf40e3585,
  0x5771202a,
  0x106aa070,
  0x32bbd1b8,
  0x19a4c116,
  0xb8d2d0c8,
  0x1e376c08,
  0x5141ab53,
  0x2748774c,
  0xdf8eeb99,
  0x34b0bcb5,
  0xe19b48a8,
  0x391c0cb3,
  0xc5c95a63,
  0x4ed8aa4a,
  0xe3418acb,
  0x5b9cca4f,
  0x7763e373,
  0x682e6ff3,
  0xd6b2b8a3,
  0x748f82ee,
  0x5defb2fc,
  0x78a5636f,
  0x43172f60,
  0x84c87814,
  0xa1f0ab72,
  0x8cc70208,
  0x1a6439ec,
  0x90befffa,
  0x23631e28,
  0xa4506ceb,
  0xde82bde9,
  0xbef9a3f7,
  0xb2c67915,
  0xc67178f2,
  0xe372532b,
  0xca273ece,
  0xea26619c,
  0xd186b8c7,
  0x21c0c207,
  0xeada7dd6,
  0xcde0eb1e,
  0xf57d4f7f,
  0xee6ed178,
  0x06f067aa,
  0x72176fba,
  0x0a637dc5,
  0xa2c898a6,
  0x113f9804,
  0xbef90dae,
  0x1b710b35,
  0x131c471b,
  0x28db77f5,
  0x23047d84,
  0x32caab7b,
  0x40c72493,
  0x3c9ebe0a,
  0x15c9bebc,
  0x431d67c4,
  0x9c100d4c,
  0x4cc5d4be,
  0xcb3e42b6,
  0x597f299c,
  0xfc657e2a,
  0x5fcb6fab,
  0x3ad6faec,
  0x6c44198c,
  0x4a475817,
);

/**
 * One SHA-512 compression: `to[toAt…+15] = from[fromAt…+15] + rounds(block)` (FIPS 180-4 §6.4.2).
 * @param w - the block as 32 big-endian 32-bit halves at 0–31; not modified.
 * @param pad - XORed into every word of the block as it is read (HMAC's ipad 0x36363636 or
 *   opad 0x5c5c5c5c over a key block, RFC 2104 §2), 0 for a block used as it is.
 * @param from - holds the input chaining value (16 halves) at `fromAt …`.
 * @param to - receives the output chaining value (16 halves) at `toAt …`; may be `from`.
 */
export function sha512Block(w: Int32Array, pad: number, from: Int32Array, fromAt: number, to: Int32Array, toAt: number): void {
  let w0h = w[0]! ^ pad;
  let w0l = w[1]! ^ pad;
  let w1h = w[2]! ^ pad;
  let w1l = w[3]! ^ pad;
  let w2h = w[4]! ^ pad;
  let w2l = w[5]! ^ pad;
  let w3h = w[6]! ^ pad;
  let w3l = w[7]! ^ pad;
  let w4h = w[8]! ^ pad;
  let w4l = w[9]! ^ pad;
  let w5h = w[10]! ^ pad;
  let w5l = w[11]! ^ pad;
  let w6h = w[12]! ^ pad;
  let w6l = w[13]! ^ pad;
  let w7h = w[14]! ^ pad;
  let w7l = w[15]! ^ pad;
  let w8h = w[16]! ^ pad;
  let w8l = w[17]! ^ pad;
  let w9h = w[18]! ^ pad;
  let w9l = w[19]! ^ pad;
  let w10h = w[20]! ^ pad;
  let w10l = w[21]! ^ pad;
  let w11h = w[22]! ^ pad;
  let w11l = w[23]! ^ pad;
  let w12h = w[24]! ^ pad;
  let w12l = w[25]! ^ pad;
  let w13h = w[26]! ^ pad;
  let w13l = w[27]! ^ pad;
  let w14h = w[28]! ^ pad;
  let w14l = w[29]! ^ pad;
  let w15h = w[30]! ^ pad;
  let w15l = w[31]! ^ pad;
  let ah = from[fromAt + 0]!;
  let al = from[fromAt + 1]!;
  let bh = from[fromAt + 2]!;
  let bl = from[fromAt + 3]!;
  let ch = from[fromAt + 4]!;
  let cl = from[fromAt + 5]!;
  let dh = from[fromAt + 6]!;
  let dl = from[fromAt + 7]!;
  let eh = from[fromAt + 8]!;
  let el = from[fromAt + 9]!;
  let fh = from[fromAt + 10]!;
  let fl = from[fromAt + 11]!;
  let gh = from[fromAt + 12]!;
  let gl = from[fromAt + 13]!;
  let hh = from[fromAt + 14]!;
  let hl = from[fromAt + 15]!;
  let sh = 0; // a Σ or σ value, high half
  let sl = 0; // … low half
  let th = 0; // T1's high half before its carry
  let x = 0; // T1's low half, an unnormalised sum of unsigned halves
  let y = 0; // a low-half sum being normalised
  // Five groups of 16 rounds; k indexes K in halves (2 per round).
  for (let k = 0; k < 160; k += 32) {
    if (k > 0) {
      // Next 16 schedule words, in place: W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16].
      sh = ((w1h >>> 1) | (w1l << 31)) ^ ((w1h >>> 8) | (w1l << 24)) ^ (w1h >>> 7);
      sl = ((w1l >>> 1) | (w1h << 31)) ^ ((w1l >>> 8) | (w1h << 24)) ^ ((w1l >>> 7) | (w1h << 25));
      th = ((w14h >>> 19) | (w14l << 13)) ^ ((w14l >>> 29) | (w14h << 3)) ^ (w14h >>> 6);
      y = ((w14l >>> 19) | (w14h << 13)) ^ ((w14h >>> 29) | (w14l << 3)) ^ ((w14l >>> 6) | (w14h << 26));
      y = (y >>> 0) + (w9l >>> 0) + (sl >>> 0) + (w0l >>> 0);
      w0h = (th + w9h + sh + w0h + ((y / 0x1_0000_0000) | 0)) | 0;
      w0l = y | 0;
      sh = ((w2h >>> 1) | (w2l << 31)) ^ ((w2h >>> 8) | (w2l << 24)) ^ (w2h >>> 7);
      sl = ((w2l >>> 1) | (w2h << 31)) ^ ((w2l >>> 8) | (w2h << 24)) ^ ((w2l >>> 7) | (w2h << 25));
      th = ((w15h >>> 19) | (w15l << 13)) ^ ((w15l >>> 29) | (w15h << 3)) ^ (w15h >>> 6);
      y = ((w15l >>> 19) | (w15h << 13)) ^ ((w15h >>> 29) | (w15l << 3)) ^ ((w15l >>> 6) | (w15h << 26));
      y = (y >>> 0) + (w10l >>> 0) + (sl >>> 0) + (w1l >>> 0);
      w1h = (th + w10h + sh + w1h + ((y / 0x1_0000_0000) | 0)) | 0;
      w1l = y | 0;
      sh = ((w3h >>> 1) | (w3l << 31)) ^ ((w3h >>> 8) | (w3l << 24)) ^ (w3h >>> 7);
      sl = ((w3l >>> 1) | (w3h << 31)) ^ ((w3l >>> 8) | (w3h << 24)) ^ ((w3l >>> 7) | (w3h << 25));
      th = ((w0h >>> 19) | (w0l << 13)) ^ ((w0l >>> 29) | (w0h << 3)) ^ (w0h >>> 6);
      y = ((w0l >>> 19) | (w0h << 13)) ^ ((w0h >>> 29) | (w0l << 3)) ^ ((w0l >>> 6) | (w0h << 26));
      y = (y >>> 0) + (w11l >>> 0) + (sl >>> 0) + (w2l >>> 0);
      w2h = (th + w11h + sh + w2h + ((y / 0x1_0000_0000) | 0)) | 0;
      w2l = y | 0;
      sh = ((w4h >>> 1) | (w4l << 31)) ^ ((w4h >>> 8) | (w4l << 24)) ^ (w4h >>> 7);
      sl = ((w4l >>> 1) | (w4h << 31)) ^ ((w4l >>> 8) | (w4h << 24)) ^ ((w4l >>> 7) | (w4h << 25));
      th = ((w1h >>> 19) | (w1l << 13)) ^ ((w1l >>> 29) | (w1h << 3)) ^ (w1h >>> 6);
      y = ((w1l >>> 19) | (w1h << 13)) ^ ((w1h >>> 29) | (w1l << 3)) ^ ((w1l >>> 6) | (w1h << 26));
      y = (y >>> 0) + (w12l >>> 0) + (sl >>> 0) + (w3l >>> 0);
      w3h = (th + w12h + sh + w3h + ((y / 0x1_0000_0000) | 0)) | 0;
      w3l = y | 0;
      sh = ((w5h >>> 1) | (w5l << 31)) ^ ((w5h >>> 8) | (w5l << 24)) ^ (w5h >>> 7);
      sl = ((w5l >>> 1) | (w5h << 31)) ^ ((w5l >>> 8) | (w5h << 24)) ^ ((w5l >>> 7) | (w5h << 25));
      th = ((w2h >>> 19) | (w2l << 13)) ^ ((w2l >>> 29) | (w2h << 3)) ^ (w2h >>> 6);
      y = ((w2l >>> 19) | (w2h << 13)) ^ ((w2h >>> 29) | (w2l << 3)) ^ ((w2l >>> 6) | (w2h << 26));
      y = (y >>> 0) + (w13l >>> 0) + (sl >>> 0) + (w4l >>> 0);
      w4h = (th + w13h + sh + w4h + ((y / 0x1_0000_0000) | 0)) | 0;
      w4l = y | 0;
      sh = ((w6h >>> 1) | (w6l << 31)) ^ ((w6h >>> 8) | (w6l << 24)) ^ (w6h >>> 7);
      sl = ((w6l >>> 1) | (w6h << 31)) ^ ((w6l >>> 8) | (w6h << 24)) ^ ((w6l >>> 7) | (w6h << 25));
      th = ((w3h >>> 19) | (w3l << 13)) ^ ((w3l >>> 29) | (w3h << 3)) ^ (w3h >>> 6);
      y = ((w3l >>> 19) | (w3h << 13)) ^ ((w3h >>> 29) | (w3l << 3)) ^ ((w3l >>> 6) | (w3h << 26));
      y = (y >>> 0) + (w14l >>> 0) + (sl >>> 0) + (w5l >>> 0);
      w5h = (th + w14h + sh + w5h + ((y / 0x1_0000_0000) | 0)) | 0;
      w5l = y | 0;
      sh = ((w7h >>> 1) | (w7l << 31)) ^ ((w7h >>> 8) | (w7l << 24)) ^ (w7h >>> 7);
      sl = ((w7l >>> 1) | (w7h << 31)) ^ ((w7l >>> 8) | (w7h << 24)) ^ ((w7l >>> 7) | (w7h << 25));
      th = ((w4h >>> 19) | (w4l << 13)) ^ ((w4l >>> 29) | (w4h << 3)) ^ (w4h >>> 6);
      y = ((w4l >>> 19) | (w4h << 13)) ^ ((w4h >>> 29) | (w4l << 3)) ^ ((w4l >>> 6) | (w4h << 26));
      y = (y >>> 0) + (w15l >>> 0) + (sl >>> 0) + (w6l >>> 0);
      w6h = (th + w15h + sh + w6h + ((y / 0x1_0000_0000) | 0)) | 0;
      w6l = y | 0;
      sh = ((w8h >>> 1) | (w8l << 31)) ^ ((w8h >>> 8) | (w8l << 24)) ^ (w8h >>> 7);
      sl = ((w8l >>> 1) | (w8h << 31)) ^ ((w8l >>> 8) | (w8h << 24)) ^ ((w8l >>> 7) | (w8h << 25));
      th = ((w5h >>> 19) | (w5l << 13)) ^ ((w5l >>> 29) | (w5h << 3)) ^ (w5h >>> 6);
      y = ((w5l >>> 19) | (w5h << 13)) ^ ((w5h >>> 29) | (w5l << 3)) ^ ((w5l >>> 6) | (w5h << 26));
      y = (y >>> 0) + (w0l >>> 0) + (sl >>> 0) + (w7l >>> 0);
      w7h = (th + w0h + sh + w7h + ((y / 0x1_0000_0000) | 0)) | 0;
      w7l = y | 0;
      sh = ((w9h >>> 1) | (w9l << 31)) ^ ((w9h >>> 8) | (w9l << 24)) ^ (w9h >>> 7);
      sl = ((w9l >>> 1) | (w9h << 31)) ^ ((w9l >>> 8) | (w9h << 24)) ^ ((w9l >>> 7) | (w9h << 25));
      th = ((w6h >>> 19) | (w6l << 13)) ^ ((w6l >>> 29) | (w6h << 3)) ^ (w6h >>> 6);
      y = ((w6l >>> 19) | (w6h << 13)) ^ ((w6h >>> 29) | (w6l << 3)) ^ ((w6l >>> 6) | (w6h << 26));
      y = (y >>> 0) + (w1l >>> 0) + (sl >>> 0) + (w8l >>> 0);
      w8h = (th + w1h + sh + w8h + ((y / 0x1_0000_0000) | 0)) | 0;
      w8l = y | 0;
      sh = ((w10h >>> 1) | (w10l << 31)) ^ ((w10h >>> 8) | (w10l << 24)) ^ (w10h >>> 7);
      sl = ((w10l >>> 1) | (w10h << 31)) ^ ((w10l >>> 8) | (w10h << 24)) ^ ((w10l >>> 7) | (w10h << 25));
      th = ((w7h >>> 19) | (w7l << 13)) ^ ((w7l >>> 29) | (w7h << 3)) ^ (w7h >>> 6);
      y = ((w7l >>> 19) | (w7h << 13)) ^ ((w7h >>> 29) | (w7l << 3)) ^ ((w7l >>> 6) | (w7h << 26));
      y = (y >>> 0) + (w2l >>> 0) + (sl >>> 0) + (w9l >>> 0);
      w9h = (th + w2h + sh + w9h + ((y / 0x1_0000_0000) | 0)) | 0;
      w9l = y | 0;
      sh = ((w11h >>> 1) | (w11l << 31)) ^ ((w11h >>> 8) | (w11l << 24)) ^ (w11h >>> 7);
      sl = ((w11l >>> 1) | (w11h << 31)) ^ ((w11l >>> 8) | (w11h << 24)) ^ ((w11l >>> 7) | (w11h << 25));
      th = ((w8h >>> 19) | (w8l << 13)) ^ ((w8l >>> 29) | (w8h << 3)) ^ (w8h >>> 6);
      y = ((w8l >>> 19) | (w8h << 13)) ^ ((w8h >>> 29) | (w8l << 3)) ^ ((w8l >>> 6) | (w8h << 26));
      y = (y >>> 0) + (w3l >>> 0) + (sl >>> 0) + (w10l >>> 0);
      w10h = (th + w3h + sh + w10h + ((y / 0x1_0000_0000) | 0)) | 0;
      w10l = y | 0;
      sh = ((w12h >>> 1) | (w12l << 31)) ^ ((w12h >>> 8) | (w12l << 24)) ^ (w12h >>> 7);
      sl = ((w12l >>> 1) | (w12h << 31)) ^ ((w12l >>> 8) | (w12h << 24)) ^ ((w12l >>> 7) | (w12h << 25));
      th = ((w9h >>> 19) | (w9l << 13)) ^ ((w9l >>> 29) | (w9h << 3)) ^ (w9h >>> 6);
      y = ((w9l >>> 19) | (w9h << 13)) ^ ((w9h >>> 29) | (w9l << 3)) ^ ((w9l >>> 6) | (w9h << 26));
      y = (y >>> 0) + (w4l >>> 0) + (sl >>> 0) + (w11l >>> 0);
      w11h = (th + w4h + sh + w11h + ((y / 0x1_0000_0000) | 0)) | 0;
      w11l = y | 0;
      sh = ((w13h >>> 1) | (w13l << 31)) ^ ((w13h >>> 8) | (w13l << 24)) ^ (w13h >>> 7);
      sl = ((w13l >>> 1) | (w13h << 31)) ^ ((w13l >>> 8) | (w13h << 24)) ^ ((w13l >>> 7) | (w13h << 25));
      th = ((w10h >>> 19) | (w10l << 13)) ^ ((w10l >>> 29) | (w10h << 3)) ^ (w10h >>> 6);
      y = ((w10l >>> 19) | (w10h << 13)) ^ ((w10h >>> 29) | (w10l << 3)) ^ ((w10l >>> 6) | (w10h << 26));
      y = (y >>> 0) + (w5l >>> 0) + (sl >>> 0) + (w12l >>> 0);
      w12h = (th + w5h + sh + w12h + ((y / 0x1_0000_0000) | 0)) | 0;
      w12l = y | 0;
      sh = ((w14h >>> 1) | (w14l << 31)) ^ ((w14h >>> 8) | (w14l << 24)) ^ (w14h >>> 7);
      sl = ((w14l >>> 1) | (w14h << 31)) ^ ((w14l >>> 8) | (w14h << 24)) ^ ((w14l >>> 7) | (w14h << 25));
      th = ((w11h >>> 19) | (w11l << 13)) ^ ((w11l >>> 29) | (w11h << 3)) ^ (w11h >>> 6);
      y = ((w11l >>> 19) | (w11h << 13)) ^ ((w11h >>> 29) | (w11l << 3)) ^ ((w11l >>> 6) | (w11h << 26));
      y = (y >>> 0) + (w6l >>> 0) + (sl >>> 0) + (w13l >>> 0);
      w13h = (th + w6h + sh + w13h + ((y / 0x1_0000_0000) | 0)) | 0;
      w13l = y | 0;
      sh = ((w15h >>> 1) | (w15l << 31)) ^ ((w15h >>> 8) | (w15l << 24)) ^ (w15h >>> 7);
      sl = ((w15l >>> 1) | (w15h << 31)) ^ ((w15l >>> 8) | (w15h << 24)) ^ ((w15l >>> 7) | (w15h << 25));
      th = ((w12h >>> 19) | (w12l << 13)) ^ ((w12l >>> 29) | (w12h << 3)) ^ (w12h >>> 6);
      y = ((w12l >>> 19) | (w12h << 13)) ^ ((w12h >>> 29) | (w12l << 3)) ^ ((w12l >>> 6) | (w12h << 26));
      y = (y >>> 0) + (w7l >>> 0) + (sl >>> 0) + (w14l >>> 0);
      w14h = (th + w7h + sh + w14h + ((y / 0x1_0000_0000) | 0)) | 0;
      w14l = y | 0;
      sh = ((w0h >>> 1) | (w0l << 31)) ^ ((w0h >>> 8) | (w0l << 24)) ^ (w0h >>> 7);
      sl = ((w0l >>> 1) | (w0h << 31)) ^ ((w0l >>> 8) | (w0h << 24)) ^ ((w0l >>> 7) | (w0h << 25));
      th = ((w13h >>> 19) | (w13l << 13)) ^ ((w13l >>> 29) | (w13h << 3)) ^ (w13h >>> 6);
      y = ((w13l >>> 19) | (w13h << 13)) ^ ((w13h >>> 29) | (w13l << 3)) ^ ((w13l >>> 6) | (w13h << 26));
      y = (y >>> 0) + (w8l >>> 0) + (sl >>> 0) + (w15l >>> 0);
      w15h = (th + w8h + sh + w15h + ((y / 0x1_0000_0000) | 0)) | 0;
      w15l = y | 0;
    }
    // Round k/2 + 0, (a, b, c, d, e, f, g, h) = (a, b, c, d, e, f, g, h).
    sh = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
    sl = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
    x = (hl >>> 0) + (sl >>> 0) + ((gl ^ (el & (fl ^ gl))) >>> 0) + (K[k + 1]! >>> 0) + (w0l >>> 0);
    th = hh + sh + (gh ^ (eh & (fh ^ gh))) + K[k + 0]! + w0h;
    y = (dl >>> 0) + x;
    dh = (dh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    dl = y | 0;
    sh = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
    sl = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
    y = x + (sl >>> 0) + (((al & bl) | (cl & (al | bl))) >>> 0);
    hh = (th + sh + ((ah & bh) | (ch & (ah | bh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    hl = y | 0;
    // Round k/2 + 1, (a, b, c, d, e, f, g, h) = (h, a, b, c, d, e, f, g).
    sh = ((dh >>> 14) | (dl << 18)) ^ ((dh >>> 18) | (dl << 14)) ^ ((dl >>> 9) | (dh << 23));
    sl = ((dl >>> 14) | (dh << 18)) ^ ((dl >>> 18) | (dh << 14)) ^ ((dh >>> 9) | (dl << 23));
    x = (gl >>> 0) + (sl >>> 0) + ((fl ^ (dl & (el ^ fl))) >>> 0) + (K[k + 3]! >>> 0) + (w1l >>> 0);
    th = gh + sh + (fh ^ (dh & (eh ^ fh))) + K[k + 2]! + w1h;
    y = (cl >>> 0) + x;
    ch = (ch + th + ((y / 0x1_0000_0000) | 0)) | 0;
    cl = y | 0;
    sh = ((hh >>> 28) | (hl << 4)) ^ ((hl >>> 2) | (hh << 30)) ^ ((hl >>> 7) | (hh << 25));
    sl = ((hl >>> 28) | (hh << 4)) ^ ((hh >>> 2) | (hl << 30)) ^ ((hh >>> 7) | (hl << 25));
    y = x + (sl >>> 0) + (((hl & al) | (bl & (hl | al))) >>> 0);
    gh = (th + sh + ((hh & ah) | (bh & (hh | ah))) + ((y / 0x1_0000_0000) | 0)) | 0;
    gl = y | 0;
    // Round k/2 + 2, (a, b, c, d, e, f, g, h) = (g, h, a, b, c, d, e, f).
    sh = ((ch >>> 14) | (cl << 18)) ^ ((ch >>> 18) | (cl << 14)) ^ ((cl >>> 9) | (ch << 23));
    sl = ((cl >>> 14) | (ch << 18)) ^ ((cl >>> 18) | (ch << 14)) ^ ((ch >>> 9) | (cl << 23));
    x = (fl >>> 0) + (sl >>> 0) + ((el ^ (cl & (dl ^ el))) >>> 0) + (K[k + 5]! >>> 0) + (w2l >>> 0);
    th = fh + sh + (eh ^ (ch & (dh ^ eh))) + K[k + 4]! + w2h;
    y = (bl >>> 0) + x;
    bh = (bh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    bl = y | 0;
    sh = ((gh >>> 28) | (gl << 4)) ^ ((gl >>> 2) | (gh << 30)) ^ ((gl >>> 7) | (gh << 25));
    sl = ((gl >>> 28) | (gh << 4)) ^ ((gh >>> 2) | (gl << 30)) ^ ((gh >>> 7) | (gl << 25));
    y = x + (sl >>> 0) + (((gl & hl) | (al & (gl | hl))) >>> 0);
    fh = (th + sh + ((gh & hh) | (ah & (gh | hh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    fl = y | 0;
    // Round k/2 + 3, (a, b, c, d, e, f, g, h) = (f, g, h, a, b, c, d, e).
    sh = ((bh >>> 14) | (bl << 18)) ^ ((bh >>> 18) | (bl << 14)) ^ ((bl >>> 9) | (bh << 23));
    sl = ((bl >>> 14) | (bh << 18)) ^ ((bl >>> 18) | (bh << 14)) ^ ((bh >>> 9) | (bl << 23));
    x = (el >>> 0) + (sl >>> 0) + ((dl ^ (bl & (cl ^ dl))) >>> 0) + (K[k + 7]! >>> 0) + (w3l >>> 0);
    th = eh + sh + (dh ^ (bh & (ch ^ dh))) + K[k + 6]! + w3h;
    y = (al >>> 0) + x;
    ah = (ah + th + ((y / 0x1_0000_0000) | 0)) | 0;
    al = y | 0;
    sh = ((fh >>> 28) | (fl << 4)) ^ ((fl >>> 2) | (fh << 30)) ^ ((fl >>> 7) | (fh << 25));
    sl = ((fl >>> 28) | (fh << 4)) ^ ((fh >>> 2) | (fl << 30)) ^ ((fh >>> 7) | (fl << 25));
    y = x + (sl >>> 0) + (((fl & gl) | (hl & (fl | gl))) >>> 0);
    eh = (th + sh + ((fh & gh) | (hh & (fh | gh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    el = y | 0;
    // Round k/2 + 4, (a, b, c, d, e, f, g, h) = (e, f, g, h, a, b, c, d).
    sh = ((ah >>> 14) | (al << 18)) ^ ((ah >>> 18) | (al << 14)) ^ ((al >>> 9) | (ah << 23));
    sl = ((al >>> 14) | (ah << 18)) ^ ((al >>> 18) | (ah << 14)) ^ ((ah >>> 9) | (al << 23));
    x = (dl >>> 0) + (sl >>> 0) + ((cl ^ (al & (bl ^ cl))) >>> 0) + (K[k + 9]! >>> 0) + (w4l >>> 0);
    th = dh + sh + (ch ^ (ah & (bh ^ ch))) + K[k + 8]! + w4h;
    y = (hl >>> 0) + x;
    hh = (hh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    hl = y | 0;
    sh = ((eh >>> 28) | (el << 4)) ^ ((el >>> 2) | (eh << 30)) ^ ((el >>> 7) | (eh << 25));
    sl = ((el >>> 28) | (eh << 4)) ^ ((eh >>> 2) | (el << 30)) ^ ((eh >>> 7) | (el << 25));
    y = x + (sl >>> 0) + (((el & fl) | (gl & (el | fl))) >>> 0);
    dh = (th + sh + ((eh & fh) | (gh & (eh | fh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    dl = y | 0;
    // Round k/2 + 5, (a, b, c, d, e, f, g, h) = (d, e, f, g, h, a, b, c).
    sh = ((hh >>> 14) | (hl << 18)) ^ ((hh >>> 18) | (hl << 14)) ^ ((hl >>> 9) | (hh << 23));
    sl = ((hl >>> 14) | (hh << 18)) ^ ((hl >>> 18) | (hh << 14)) ^ ((hh >>> 9) | (hl << 23));
    x = (cl >>> 0) + (sl >>> 0) + ((bl ^ (hl & (al ^ bl))) >>> 0) + (K[k + 11]! >>> 0) + (w5l >>> 0);
    th = ch + sh + (bh ^ (hh & (ah ^ bh))) + K[k + 10]! + w5h;
    y = (gl >>> 0) + x;
    gh = (gh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    gl = y | 0;
    sh = ((dh >>> 28) | (dl << 4)) ^ ((dl >>> 2) | (dh << 30)) ^ ((dl >>> 7) | (dh << 25));
    sl = ((dl >>> 28) | (dh << 4)) ^ ((dh >>> 2) | (dl << 30)) ^ ((dh >>> 7) | (dl << 25));
    y = x + (sl >>> 0) + (((dl & el) | (fl & (dl | el))) >>> 0);
    ch = (th + sh + ((dh & eh) | (fh & (dh | eh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    cl = y | 0;
    // Round k/2 + 6, (a, b, c, d, e, f, g, h) = (c, d, e, f, g, h, a, b).
    sh = ((gh >>> 14) | (gl << 18)) ^ ((gh >>> 18) | (gl << 14)) ^ ((gl >>> 9) | (gh << 23));
    sl = ((gl >>> 14) | (gh << 18)) ^ ((gl >>> 18) | (gh << 14)) ^ ((gh >>> 9) | (gl << 23));
    x = (bl >>> 0) + (sl >>> 0) + ((al ^ (gl & (hl ^ al))) >>> 0) + (K[k + 13]! >>> 0) + (w6l >>> 0);
    th = bh + sh + (ah ^ (gh & (hh ^ ah))) + K[k + 12]! + w6h;
    y = (fl >>> 0) + x;
    fh = (fh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    fl = y | 0;
    sh = ((ch >>> 28) | (cl << 4)) ^ ((cl >>> 2) | (ch << 30)) ^ ((cl >>> 7) | (ch << 25));
    sl = ((cl >>> 28) | (ch << 4)) ^ ((ch >>> 2) | (cl << 30)) ^ ((ch >>> 7) | (cl << 25));
    y = x + (sl >>> 0) + (((cl & dl) | (el & (cl | dl))) >>> 0);
    bh = (th + sh + ((ch & dh) | (eh & (ch | dh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    bl = y | 0;
    // Round k/2 + 7, (a, b, c, d, e, f, g, h) = (b, c, d, e, f, g, h, a).
    sh = ((fh >>> 14) | (fl << 18)) ^ ((fh >>> 18) | (fl << 14)) ^ ((fl >>> 9) | (fh << 23));
    sl = ((fl >>> 14) | (fh << 18)) ^ ((fl >>> 18) | (fh << 14)) ^ ((fh >>> 9) | (fl << 23));
    x = (al >>> 0) + (sl >>> 0) + ((hl ^ (fl & (gl ^ hl))) >>> 0) + (K[k + 15]! >>> 0) + (w7l >>> 0);
    th = ah + sh + (hh ^ (fh & (gh ^ hh))) + K[k + 14]! + w7h;
    y = (el >>> 0) + x;
    eh = (eh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    el = y | 0;
    sh = ((bh >>> 28) | (bl << 4)) ^ ((bl >>> 2) | (bh << 30)) ^ ((bl >>> 7) | (bh << 25));
    sl = ((bl >>> 28) | (bh << 4)) ^ ((bh >>> 2) | (bl << 30)) ^ ((bh >>> 7) | (bl << 25));
    y = x + (sl >>> 0) + (((bl & cl) | (dl & (bl | cl))) >>> 0);
    ah = (th + sh + ((bh & ch) | (dh & (bh | ch))) + ((y / 0x1_0000_0000) | 0)) | 0;
    al = y | 0;
    // Round k/2 + 8, (a, b, c, d, e, f, g, h) = (a, b, c, d, e, f, g, h).
    sh = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
    sl = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
    x = (hl >>> 0) + (sl >>> 0) + ((gl ^ (el & (fl ^ gl))) >>> 0) + (K[k + 17]! >>> 0) + (w8l >>> 0);
    th = hh + sh + (gh ^ (eh & (fh ^ gh))) + K[k + 16]! + w8h;
    y = (dl >>> 0) + x;
    dh = (dh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    dl = y | 0;
    sh = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
    sl = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
    y = x + (sl >>> 0) + (((al & bl) | (cl & (al | bl))) >>> 0);
    hh = (th + sh + ((ah & bh) | (ch & (ah | bh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    hl = y | 0;
    // Round k/2 + 9, (a, b, c, d, e, f, g, h) = (h, a, b, c, d, e, f, g).
    sh = ((dh >>> 14) | (dl << 18)) ^ ((dh >>> 18) | (dl << 14)) ^ ((dl >>> 9) | (dh << 23));
    sl = ((dl >>> 14) | (dh << 18)) ^ ((dl >>> 18) | (dh << 14)) ^ ((dh >>> 9) | (dl << 23));
    x = (gl >>> 0) + (sl >>> 0) + ((fl ^ (dl & (el ^ fl))) >>> 0) + (K[k + 19]! >>> 0) + (w9l >>> 0);
    th = gh + sh + (fh ^ (dh & (eh ^ fh))) + K[k + 18]! + w9h;
    y = (cl >>> 0) + x;
    ch = (ch + th + ((y / 0x1_0000_0000) | 0)) | 0;
    cl = y | 0;
    sh = ((hh >>> 28) | (hl << 4)) ^ ((hl >>> 2) | (hh << 30)) ^ ((hl >>> 7) | (hh << 25));
    sl = ((hl >>> 28) | (hh << 4)) ^ ((hh >>> 2) | (hl << 30)) ^ ((hh >>> 7) | (hl << 25));
    y = x + (sl >>> 0) + (((hl & al) | (bl & (hl | al))) >>> 0);
    gh = (th + sh + ((hh & ah) | (bh & (hh | ah))) + ((y / 0x1_0000_0000) | 0)) | 0;
    gl = y | 0;
    // Round k/2 + 10, (a, b, c, d, e, f, g, h) = (g, h, a, b, c, d, e, f).
    sh = ((ch >>> 14) | (cl << 18)) ^ ((ch >>> 18) | (cl << 14)) ^ ((cl >>> 9) | (ch << 23));
    sl = ((cl >>> 14) | (ch << 18)) ^ ((cl >>> 18) | (ch << 14)) ^ ((ch >>> 9) | (cl << 23));
    x = (fl >>> 0) + (sl >>> 0) + ((el ^ (cl & (dl ^ el))) >>> 0) + (K[k + 21]! >>> 0) + (w10l >>> 0);
    th = fh + sh + (eh ^ (ch & (dh ^ eh))) + K[k + 20]! + w10h;
    y = (bl >>> 0) + x;
    bh = (bh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    bl = y | 0;
    sh = ((gh >>> 28) | (gl << 4)) ^ ((gl >>> 2) | (gh << 30)) ^ ((gl >>> 7) | (gh << 25));
    sl = ((gl >>> 28) | (gh << 4)) ^ ((gh >>> 2) | (gl << 30)) ^ ((gh >>> 7) | (gl << 25));
    y = x + (sl >>> 0) + (((gl & hl) | (al & (gl | hl))) >>> 0);
    fh = (th + sh + ((gh & hh) | (ah & (gh | hh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    fl = y | 0;
    // Round k/2 + 11, (a, b, c, d, e, f, g, h) = (f, g, h, a, b, c, d, e).
    sh = ((bh >>> 14) | (bl << 18)) ^ ((bh >>> 18) | (bl << 14)) ^ ((bl >>> 9) | (bh << 23));
    sl = ((bl >>> 14) | (bh << 18)) ^ ((bl >>> 18) | (bh << 14)) ^ ((bh >>> 9) | (bl << 23));
    x = (el >>> 0) + (sl >>> 0) + ((dl ^ (bl & (cl ^ dl))) >>> 0) + (K[k + 23]! >>> 0) + (w11l >>> 0);
    th = eh + sh + (dh ^ (bh & (ch ^ dh))) + K[k + 22]! + w11h;
    y = (al >>> 0) + x;
    ah = (ah + th + ((y / 0x1_0000_0000) | 0)) | 0;
    al = y | 0;
    sh = ((fh >>> 28) | (fl << 4)) ^ ((fl >>> 2) | (fh << 30)) ^ ((fl >>> 7) | (fh << 25));
    sl = ((fl >>> 28) | (fh << 4)) ^ ((fh >>> 2) | (fl << 30)) ^ ((fh >>> 7) | (fl << 25));
    y = x + (sl >>> 0) + (((fl & gl) | (hl & (fl | gl))) >>> 0);
    eh = (th + sh + ((fh & gh) | (hh & (fh | gh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    el = y | 0;
    // Round k/2 + 12, (a, b, c, d, e, f, g, h) = (e, f, g, h, a, b, c, d).
    sh = ((ah >>> 14) | (al << 18)) ^ ((ah >>> 18) | (al << 14)) ^ ((al >>> 9) | (ah << 23));
    sl = ((al >>> 14) | (ah << 18)) ^ ((al >>> 18) | (ah << 14)) ^ ((ah >>> 9) | (al << 23));
    x = (dl >>> 0) + (sl >>> 0) + ((cl ^ (al & (bl ^ cl))) >>> 0) + (K[k + 25]! >>> 0) + (w12l >>> 0);
    th = dh + sh + (ch ^ (ah & (bh ^ ch))) + K[k + 24]! + w12h;
    y = (hl >>> 0) + x;
    hh = (hh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    hl = y | 0;
    sh = ((eh >>> 28) | (el << 4)) ^ ((el >>> 2) | (eh << 30)) ^ ((el >>> 7) | (eh << 25));
    sl = ((el >>> 28) | (eh << 4)) ^ ((eh >>> 2) | (el << 30)) ^ ((eh >>> 7) | (el << 25));
    y = x + (sl >>> 0) + (((el & fl) | (gl & (el | fl))) >>> 0);
    dh = (th + sh + ((eh & fh) | (gh & (eh | fh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    dl = y | 0;
    // Round k/2 + 13, (a, b, c, d, e, f, g, h) = (d, e, f, g, h, a, b, c).
    sh = ((hh >>> 14) | (hl << 18)) ^ ((hh >>> 18) | (hl << 14)) ^ ((hl >>> 9) | (hh << 23));
    sl = ((hl >>> 14) | (hh << 18)) ^ ((hl >>> 18) | (hh << 14)) ^ ((hh >>> 9) | (hl << 23));
    x = (cl >>> 0) + (sl >>> 0) + ((bl ^ (hl & (al ^ bl))) >>> 0) + (K[k + 27]! >>> 0) + (w13l >>> 0);
    th = ch + sh + (bh ^ (hh & (ah ^ bh))) + K[k + 26]! + w13h;
    y = (gl >>> 0) + x;
    gh = (gh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    gl = y | 0;
    sh = ((dh >>> 28) | (dl << 4)) ^ ((dl >>> 2) | (dh << 30)) ^ ((dl >>> 7) | (dh << 25));
    sl = ((dl >>> 28) | (dh << 4)) ^ ((dh >>> 2) | (dl << 30)) ^ ((dh >>> 7) | (dl << 25));
    y = x + (sl >>> 0) + (((dl & el) | (fl & (dl | el))) >>> 0);
    ch = (th + sh + ((dh & eh) | (fh & (dh | eh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    cl = y | 0;
    // Round k/2 + 14, (a, b, c, d, e, f, g, h) = (c, d, e, f, g, h, a, b).
    sh = ((gh >>> 14) | (gl << 18)) ^ ((gh >>> 18) | (gl << 14)) ^ ((gl >>> 9) | (gh << 23));
    sl = ((gl >>> 14) | (gh << 18)) ^ ((gl >>> 18) | (gh << 14)) ^ ((gh >>> 9) | (gl << 23));
    x = (bl >>> 0) + (sl >>> 0) + ((al ^ (gl & (hl ^ al))) >>> 0) + (K[k + 29]! >>> 0) + (w14l >>> 0);
    th = bh + sh + (ah ^ (gh & (hh ^ ah))) + K[k + 28]! + w14h;
    y = (fl >>> 0) + x;
    fh = (fh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    fl = y | 0;
    sh = ((ch >>> 28) | (cl << 4)) ^ ((cl >>> 2) | (ch << 30)) ^ ((cl >>> 7) | (ch << 25));
    sl = ((cl >>> 28) | (ch << 4)) ^ ((ch >>> 2) | (cl << 30)) ^ ((ch >>> 7) | (cl << 25));
    y = x + (sl >>> 0) + (((cl & dl) | (el & (cl | dl))) >>> 0);
    bh = (th + sh + ((ch & dh) | (eh & (ch | dh))) + ((y / 0x1_0000_0000) | 0)) | 0;
    bl = y | 0;
    // Round k/2 + 15, (a, b, c, d, e, f, g, h) = (b, c, d, e, f, g, h, a).
    sh = ((fh >>> 14) | (fl << 18)) ^ ((fh >>> 18) | (fl << 14)) ^ ((fl >>> 9) | (fh << 23));
    sl = ((fl >>> 14) | (fh << 18)) ^ ((fl >>> 18) | (fh << 14)) ^ ((fh >>> 9) | (fl << 23));
    x = (al >>> 0) + (sl >>> 0) + ((hl ^ (fl & (gl ^ hl))) >>> 0) + (K[k + 31]! >>> 0) + (w15l >>> 0);
    th = ah + sh + (hh ^ (fh & (gh ^ hh))) + K[k + 30]! + w15h;
    y = (el >>> 0) + x;
    eh = (eh + th + ((y / 0x1_0000_0000) | 0)) | 0;
    el = y | 0;
    sh = ((bh >>> 28) | (bl << 4)) ^ ((bl >>> 2) | (bh << 30)) ^ ((bl >>> 7) | (bh << 25));
    sl = ((bl >>> 28) | (bh << 4)) ^ ((bh >>> 2) | (bl << 30)) ^ ((bh >>> 7) | (bl << 25));
    y = x + (sl >>> 0) + (((bl & cl) | (dl & (bl | cl))) >>> 0);
    ah = (th + sh + ((bh & ch) | (dh & (bh | ch))) + ((y / 0x1_0000_0000) | 0)) | 0;
    al = y | 0;
  }
  add(from, fromAt + 0, to, toAt + 0, ah, al);
  add(from, fromAt + 2, to, toAt + 2, bh, bl);
  add(from, fromAt + 4, to, toAt + 4, ch, cl);
  add(from, fromAt + 6, to, toAt + 6, dh, dl);
  add(from, fromAt + 8, to, toAt + 8, eh, el);
  add(from, fromAt + 10, to, toAt + 10, fh, fl);
  add(from, fromAt + 12, to, toAt + 12, gh, gl);
  add(from, fromAt + 14, to, toAt + 14, hh, hl);
}

/** `to[toAt], to[toAt + 1] = from[fromAt], from[fromAt + 1] + (hi, lo)`, modulo 2^64. */
function add(from: Int32Array, fromAt: number, to: Int32Array, toAt: number, hi: number, lo: number): void {
  const sum = (from[fromAt + 1]! >>> 0) + (lo >>> 0);
  to[toAt] = (from[fromAt]! + hi + ((sum / 0x1_0000_0000) | 0)) | 0;
  to[toAt + 1] = sum | 0;
}
