/**
 * generateTOTPFromSecret / verifyTOTPFromSecret (src/core/from-secret.ts): RFC 6238 Appendix B
 * from the seeds' base32 text; random keys and spellings against `@noble/hashes` HMAC with an
 * RFC 4226 §5.3 truncation written here (never otpkit's own bytes path); errors identical to
 * decodeSecret's; scratch state that leaks nothing from one call into the next.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import base32Encode from 'base32-encode';
import { describe, expect, it } from 'vitest';
import { setSha512Wasm } from '../../src/internal/sha512-hmac-wasm.js';
import { fixtureJSON, seededRandom } from '../helpers.js';
import { errors, otpkit } from './target.js';

type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';
const NOBLE = { SHA1: sha1, SHA256: sha256, SHA512: sha512 } as const;
const ALGORITHMS: readonly Algorithm[] = ['SHA1', 'SHA256', 'SHA512'];
const rfc = fixtureJSON('vectors/rfc-and-extras.json').rfc6238_appendix_b;

/** RFC 4226 §5.2–5.3 with noble's HMAC: the code of counter `step`, `digits` long. */
function referenceCode(algorithm: Algorithm, key: Uint8Array, step: number, digits: number): string {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setUint32(0, Math.floor(step / 0x1_0000_0000));
  new DataView(message.buffer).setUint32(4, step >>> 0);
  const mac = hmac(NOBLE[algorithm], key, message);
  const offset = mac[mac.length - 1]! & 0x0f;
  const snum = new DataView(mac.buffer, mac.byteOffset).getUint32(offset) & 0x7fffffff;
  return String(snum % 10 ** digits).padStart(digits, '0');
}

/** The key as base32 text, sometimes in lower case, with separators or `=` padding. */
function spell(random: () => number, key: Uint8Array): string {
  const clean = base32Encode(key, 'RFC4648', { padding: random() < 0.3 });
  if (random() < 0.5) return clean;
  let text = '';
  for (const c of clean) {
    text += random() < 0.5 ? c.toLowerCase() : c;
    if (random() < 0.1) text += [' ', '-', '\t', '\n'][Math.floor(random() * 4)];
  }
  return text;
}

describe('TOTP from base32 text', () => {
  it('reproduces RFC 6238 Appendix B from the seeds’ base32 text', () => {
    for (const v of rfc.vectors) {
      const secret = rfc.seeds[v.algorithm].base32;
      const options = { time: v.time, digits: 8, algorithm: v.algorithm };
      expect(otpkit.generateTOTPFromSecret(secret, options)).toBe(v.totp8);
      expect(otpkit.verifyTOTPFromSecret(secret, v.totp8, { ...options, window: 0 })).toEqual({
        valid: true,
        timeStep: v.counter,
        delta: 0,
      });
    }
  });

  it('agrees with @noble/hashes on 6,000 random keys (10–200 bytes) and spellings, SHA-512 on both paths', () => {
    const random = seededRandom(0x7e87_5ec7);
    const mismatches: string[] = [];
    try {
      for (let n = 0; n < 6_000; n++) {
        const algorithm = ALGORITHMS[n % 3]!;
        if (algorithm === 'SHA512') setSha512Wasm(n % 2 === 0);
        const length = random() < 0.5 ? [10, 16, 20, 32, 63, 64, 65, 127, 128, 129][n % 10]! : 10 + Math.floor(random() * 191);
        const key = new Uint8Array(length).map(() => Math.floor(random() * 256));
        const secret = spell(random, key);
        const time = Math.floor(random() * 4e9);
        const step = Math.floor(time / 30);
        const digits = 6 + (n % 5);
        const now = referenceCode(algorithm, key, step, digits);
        const previous = referenceCode(algorithm, key, step - 1, digits);
        const opts = { time, digits, algorithm };
        const got = [
          otpkit.generateTOTPFromSecret(secret, opts),
          otpkit.verifyTOTPFromSecret(secret, now, opts),
          otpkit.verifyTOTPFromSecret(secret, previous, opts),
        ];
        const want = [
          now,
          { valid: true, timeStep: step, delta: 0 },
          // The previous step's code may equal the current one's; then T is found first.
          previous === now ? { valid: true, timeStep: step, delta: 0 } : { valid: true, timeStep: step - 1, delta: -1 },
        ];
        if (JSON.stringify(got) !== JSON.stringify(want) && mismatches.length < 5) {
          mismatches.push(`${algorithm} ${length} bytes ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
        }
      }
    } finally {
      setSha512Wasm(true);
    }
    expect(mismatches).toEqual([]);
  });

  it('answers with frozen results that carry each call’s own step and distance, even when one object is reused', () => {
    const key = new TextEncoder().encode(rfc.seeds.SHA1.ascii);
    const secret = rfc.seeds.SHA1.base32;
    const random = seededRandom(0xacce_97ed);
    const seen = new Map<string, object>();
    for (let n = 0; n < 400; n++) {
      // Steps jump around and repeat, distances −3 … 3, so cached results are both hit and replaced.
      const step = 50_000_000 + Math.floor(random() * 6);
      const delta = Math.floor(random() * 7) - 3;
      const code = referenceCode('SHA1', key, step + delta, 6);
      const nearer = [0, -1, 1, -2, 2, -3, 3].slice(0, [0, -1, 1, -2, 2, -3, 3].indexOf(delta));
      // A nearer step with the same code wins (nearest first): skip those rare inputs.
      if (nearer.some((d) => referenceCode('SHA1', key, step + d, 6) === code)) continue;
      const result = otpkit.verifyTOTPFromSecret(secret, code, { time: step * 30 + 7, window: 3 });
      expect(result).toEqual({ valid: true, timeStep: step + delta, delta });
      expect(Object.isFrozen(result)).toBe(true);
      const cached = otpkit.verifyTOTP(key, code, { time: step * 30 + 7, window: 3 });
      expect(cached).toEqual(result);
      seen.set(`${step + delta}/${delta}`, result);
    }
    expect(seen.size).toBeGreaterThan(20);
  });

  it('refuses a wrong code, a malformed token, and a code of three steps back', () => {
    const secret = rfc.seeds.SHA1.base32;
    const key = new TextEncoder().encode(rfc.seeds.SHA1.ascii);
    const time = 1111111109;
    const step = Math.floor(time / 30);
    const right = referenceCode('SHA1', key, step, 6);
    const wrong = String((Number(right) + 1) % 1e6).padStart(6, '0');
    expect(otpkit.verifyTOTPFromSecret(secret, wrong, { time })).toEqual({ valid: false });
    expect(otpkit.verifyTOTPFromSecret(secret, `${right}0`, { time })).toEqual({ valid: false });
    expect(otpkit.verifyTOTPFromSecret(secret, referenceCode('SHA1', key, step - 3, 6), { time })).toEqual({ valid: false });
    // A bad key after a good one: the scratch pads of the first are not reused.
    expect(otpkit.verifyTOTPFromSecret(secret, right, { time }).valid).toBe(true);
    expect(otpkit.verifyTOTPFromSecret('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', right, { time }).valid).toBe(
      referenceCode('SHA1', new Uint8Array(20), step, 6) === right,
    );
  });

  it('throws exactly what decodeSecret throws for bad secret text, even with a malformed token', () => {
    const bad = [
      '',
      '   ',
      'GEZDGNBV',
      'GEZDGNBVG',
      'GEZD!NBVGY3TQOJQ',
      'GEZDGNBVGY3TQOJQ=A',
      'ГEZDGNBVGY3TQOJQ',
      `${'x'.repeat(300)}!`,
      'x'.repeat(299),
    ];
    for (const text of bad) {
      let expected: unknown;
      try {
        otpkit.decodeSecret(text);
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(errors.InvalidSecretError);
      for (const call of [() => otpkit.verifyTOTPFromSecret(text, 'nope'), () => otpkit.generateTOTPFromSecret(text)]) {
        let got: unknown;
        try {
          call();
        } catch (error) {
          got = error;
        }
        expect(got).toBeInstanceOf(errors.InvalidSecretError);
        expect({ ...(got as object), message: (got as Error).message }).toEqual({
          ...(expected as object),
          message: (expected as Error).message,
        });
      }
    }
    expect(() => otpkit.verifyTOTPFromSecret(42 as never, '123456')).toThrow(TypeError);
  });
});
