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

/**
 * Tokens for the current step, one per credential: `pick(i)` says which kind —
 * 'current' (the code of T), 'previous' (of T − 1, accepted by a ±1 window) or 'wrong'
 * (matches none of T − 2 … T + 2). `expect` is the right answer at T.
 */
export function withTokens(creds, algorithm, pick) {
  const step = stepNow();
  return creds.map((c, i) => {
    const kind = pick(i);
    const token =
      kind === 'current'
        ? referenceHOTP(c.key, algorithm, step)
        : kind === 'previous'
          ? referenceHOTP(c.key, algorithm, step - 1)
          : wrongCode(c.key, algorithm, step);
    return { secret: c.secret, token, expect: kind !== 'wrong' };
  });
}

/** The realistic mix: of every 20 logins, 14 with the current code, 3 the previous one, 3 wrong. */
export const mix = (i) => {
  const r = i % 20;
  return r < 14 ? 'current' : r < 17 ? 'previous' : 'wrong';
};
