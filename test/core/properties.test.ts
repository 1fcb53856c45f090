/** fast-check properties of the core: round-trips and invariants that hold for every input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { otpkit } from './target.js';

const { generateHOTP, verifyHOTP, generateTOTP, verifyTOTP, encodeSecret, decodeSecret, formatSecret, prepareKey } = otpkit;

const algorithm = fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const);
const key = fc.uint8Array({ minLength: 10, maxLength: 200 });
const digits = fc.integer({ min: 6, max: 10 });
const counter = fc.oneof(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
const period = fc.integer({ min: 1, max: 600 });
const time = fc.double({ min: 0, max: 1e12 - 1, noNaN: true, noDefaultInfinity: true });
const RUNS = 500;

describe('properties', () => {
  it('generateHOTP → verifyHOTP is valid with delta 0, and codes are exactly `digits` ASCII digits', () => {
    fc.assert(
      fc.property(key, counter, digits, algorithm, (k, c, d, a) => {
        const code = generateHOTP(k, c, { digits: d, algorithm: a });
        expect(code).toMatch(new RegExp(`^[0-9]{${d}}$`));
        expect(verifyHOTP(k, code, { counter: c, digits: d, algorithm: a })).toEqual({ valid: true, counter: c, delta: 0 });
      }),
      { numRuns: RUNS },
    );
  });

  it('generateTOTP → verifyTOTP is valid with delta 0, at any time, period and T0', () => {
    fc.assert(
      fc.property(key, time, period, fc.nat({ max: 1_000_000 }), digits, algorithm, (k, t, x, t0, d, a) => {
        const at = t0 + t >= 1e12 ? t : t0 + t;
        const options = { time: at, period: x, t0, digits: d, algorithm: a };
        const code = generateTOTP(k, options);
        expect(code).toMatch(new RegExp(`^[0-9]{${d}}$`));
        const result = verifyTOTP(k, code, { ...options, window: 0 });
        expect(result).toEqual({ valid: true, timeStep: Math.floor((at - t0) / x), delta: 0 });
      }),
      { numRuns: RUNS },
    );
  });

  it('a prepared key gives the same codes as the raw key', () => {
    fc.assert(
      fc.property(key, counter, algorithm, (k, c, a) => {
        expect(generateHOTP(prepareKey(k, { algorithm: a }), c)).toBe(generateHOTP(k, c, { algorithm: a }));
      }),
      { numRuns: RUNS },
    );
  });

  it('decodeSecret(encodeSecret(k)) = k, also grouped, lower-cased and padded', () => {
    fc.assert(
      fc.property(key, (k) => {
        const secret = encodeSecret(k);
        expect(secret).toMatch(/^[A-Z2-7]+$/);
        expect(decodeSecret(secret)).toEqual(k);
        expect(decodeSecret(formatSecret(secret))).toEqual(k);
        expect(decodeSecret(secret.toLowerCase())).toEqual(k);
        expect(decodeSecret(secret.padEnd(Math.ceil(secret.length / 8) * 8, '='))).toEqual(k);
      }),
      { numRuns: RUNS },
    );
  });

  it('no token verifies except the codes of the window', () => {
    fc.assert(
      fc.property(key, fc.integer({ min: 120, max: 2 ** 33 }), fc.stringMatching(/^[0-9]{6}$/), (k, t, token) => {
        const window = new Set([-1, 0, 1].map((d) => generateTOTP(k, { time: t + d * 30 })));
        expect(verifyTOTP(k, token, { time: t }).valid).toBe(window.has(token));
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('HOTP look-ahead only ever matches forward', () => {
    fc.assert(
      fc.property(key, fc.nat({ max: 2 ** 40 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 20 }), (k, c, ahead, back) => {
        const future = generateHOTP(k, c + ahead);
        const result = verifyHOTP(k, future, { counter: c, lookAhead: 20 });
        expect(result.valid).toBe(true);
        if (result.valid) expect(result.delta).toBeLessThanOrEqual(ahead);
        if (c >= back) {
          const past = generateHOTP(k, c - back);
          const codes = Array.from({ length: 21 }, (_, i) => generateHOTP(k, c + i));
          expect(verifyHOTP(k, past, { counter: c, lookAhead: 20 }).valid).toBe(codes.includes(past));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
