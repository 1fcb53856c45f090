/**
 * The SHA-256 compression function on one 64-byte block, FIPS 180-4 §6.2.2 (steps 1–4), for the
 * HMAC fast path in hmac-key.ts. Not a hash API: no padding, no length counter, no bytes.
 *
 * Words are 32-bit big-endian values held in `Int32Array`s (signed storage, same bits); the
 * caller lays out the block. Array indexes are in bounds by construction (fixed sizes checked
 * by the caller), hence the `!` that `noUncheckedIndexedAccess` asks for.
 * @module
 */

/** Chaining value size: eight 32-bit words (256 bits). */
export const SHA256_STATE_WORDS = 8;
/** Message schedule size in 32-bit words; the first 16 are the block. */
export const SHA256_SCHEDULE_WORDS = 64;

/** Initial hash value H(0), FIPS 180-4 §5.3.3: √ of the first 8 primes, fractional 32 bits. */
export const SHA256_IV: Int32Array = Int32Array.of(
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
);

/** Round constants K, FIPS 180-4 §4.2.2: ∛ of the first 64 primes, fractional 32 bits. */
const K = Int32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);

/**
 * One SHA-256 compression: `to[toAt…+7] = from[fromAt…+7] + rounds(block)` (FIPS 180-4 §6.2.2).
 * @param w - message schedule of at least 64 words; words 0–15 hold the block on entry,
 *   words 16–63 are overwritten.
 * @param from - holds the input chaining value at `fromAt … fromAt + 7`.
 * @param to - receives the output chaining value at `toAt … toAt + 7`; may be `from`.
 */
export function sha256Block(w: Int32Array, from: Int32Array, fromAt: number, to: Int32Array, toAt: number): void {
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    // σ0(x) = ROTR7 ^ ROTR18 ^ SHR3, σ1(y) = ROTR17 ^ ROTR19 ^ SHR10 (§4.1.2).
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (s1 + w[t - 7]! + s0 + w[t - 16]!) | 0;
  }
  let a = from[fromAt]!;
  let b = from[fromAt + 1]!;
  let c = from[fromAt + 2]!;
  let d = from[fromAt + 3]!;
  let e = from[fromAt + 4]!;
  let f = from[fromAt + 5]!;
  let g = from[fromAt + 6]!;
  let h = from[fromAt + 7]!;
  for (let t = 0; t < 64; t++) {
    // Σ1(e) = ROTR6 ^ ROTR11 ^ ROTR25, Ch(e, f, g) = g ^ (e & (f ^ g)).
    const sigma1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + sigma1 + (g ^ (e & (f ^ g))) + K[t]! + w[t]!) | 0;
    // Σ0(a) = ROTR2 ^ ROTR13 ^ ROTR22, Maj(a, b, c) = (a & b) | (c & (a | b)).
    const sigma0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (sigma0 + ((a & b) | (c & (a | b)))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
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
