/**
 * The inputs: random keys from a fixed seed (the same every run), their base32 secrets, and
 * per round the tokens that are right or wrong at the current time step.
 * Key sizes follow RFC 6238's reference seeds: 20 bytes for SHA1, 32 for SHA256, 64 for SHA512.
 */
import { referenceHOTP, stepNow, toBase32, wrongCode } from './reference.mjs';

export const KEY_BYTES = { SHA1: 20, SHA256: 32, SHA512: 64 };

/** mulberry32: a seeded generator of byte arrays (benchmark inputs only, never keys in use). */
export function seededBytes(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return (length) => {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) bytes[i] = next() & 0xff;
    return bytes;
  };
}

/** `count` credentials for `algorithm`: { key, secret }. */
export function credentials(algorithm, count, seed) {
  const random = seededBytes(seed);
  return Array.from({ length: count }, () => {
    const key = random(KEY_BYTES[algorithm]);
    return { key, secret: toBase32(key) };
  });
}

/** Right (`valid`) or wrong tokens for the current step, one per credential. */
export function withTokens(creds, algorithm, pick) {
  const step = stepNow();
  return creds.map((c, i) => {
    const valid = pick(i);
    return {
      secret: c.secret,
      token: valid ? referenceHOTP(c.key, algorithm, step) : wrongCode(c.key, algorithm, step),
      expect: valid,
    };
  });
}
