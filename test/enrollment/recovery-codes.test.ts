/** Recovery codes: alphabet, entropy, storage format, matching, and the sampler's lack of bias. */
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  findRecoveryCode,
  generateRecoveryCodes,
  normalizeRecoveryCode,
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_BITS,
  RECOVERY_CODE_LENGTH,
  uniformIndices,
} from '../../src/enrollment/recovery-codes.js';
import { seededRandom } from '../helpers.js';

/** A byte source from a seeded PRNG, for reproducible statistics. */
function seededBytes(seed: number) {
  const next = seededRandom(seed);
  return (buffer: Uint8Array) => {
    for (let i = 0; i < buffer.length; i++) buffer[i] = Math.floor(next() * 256);
    return buffer;
  };
}

/** Emits 0, 1, …, 255, 0, 1, … across calls: every byte value exactly equally often. */
function cyclingBytes() {
  let n = 0;
  return (buffer: Uint8Array) => {
    for (let i = 0; i < buffer.length; i++) buffer[i] = n++ & 0xff;
    return buffer;
  };
}

describe('alphabet and entropy', () => {
  it("is Crockford's base32: 32 distinct symbols, no I, L, O or U", () => {
    expect(RECOVERY_CODE_ALPHABET).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(32);
    for (const c of 'ILOU') expect(RECOVERY_CODE_ALPHABET).not.toContain(c);
  });

  it('gives each code 16 × log2(32) = 80 bits (≥ 50)', () => {
    expect(RECOVERY_CODE_LENGTH).toBe(16);
    expect(RECOVERY_CODE_BITS).toBe(80);
    expect(RECOVERY_CODE_LENGTH * Math.log2(RECOVERY_CODE_ALPHABET.length)).toBe(RECOVERY_CODE_BITS);
  });

  it('makes 10 distinct codes by default, grouped XXXX-XXXX-XXXX-XXXX', () => {
    const { codes, stored } = generateRecoveryCodes();
    expect(codes.reveal()).toHaveLength(10);
    expect(new Set(codes.reveal()).size).toBe(10);
    expect(stored.hashes).toHaveLength(10);
    for (const code of codes.reveal()) expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('validates its options', () => {
    expect(() => generateRecoveryCodes({ count: 0 })).toThrow(RangeError);
    expect(() => generateRecoveryCodes({ count: 51 })).toThrow(RangeError);
    expect(() => generateRecoveryCodes({ count: '10' as unknown as number })).toThrow(TypeError);
    expect(() => generateRecoveryCodes({ pepper: new Uint8Array(8) })).toThrow(RangeError);
    expect(() => generateRecoveryCodes({ random: 'x' as unknown as () => void })).toThrow(TypeError);
  });
});

describe('storage: salted HMAC-SHA-256 only', () => {
  it('stores HMAC-SHA-256(salt ‖ pepper, "otpkit recovery code v1:" ‖ code), checked with node:crypto', () => {
    const pepper = new Uint8Array(32).fill(7);
    const { codes, stored } = generateRecoveryCodes({ count: 3, pepper });
    expect(stored.salt).toMatch(/^[0-9a-f]{32}$/);
    const key = Buffer.concat([Buffer.from(stored.salt, 'hex'), Buffer.from(pepper)]);
    const expected = codes.reveal().map((code) =>
      createHmac('sha256', key)
        .update(`otpkit recovery code v1:${code.replaceAll('-', '')}`)
        .digest('hex'),
    );
    expect(stored.hashes).toEqual(expected);
  });

  it('uses a fresh salt per set, so equal codes in two sets hash differently', () => {
    // First draw is the salt (a set-specific value), later draws the code (the same in both sets).
    const source = (saltByte: number) => {
      let calls = 0;
      return (buffer: Uint8Array) => buffer.fill(calls++ === 0 ? saltByte : 5);
    };
    const a = generateRecoveryCodes({ count: 1, random: source(1) });
    const b = generateRecoveryCodes({ count: 1, random: source(2) });
    expect(a.stored.salt).not.toBe(b.stored.salt);
    expect(a.codes.reveal()).toEqual(b.codes.reveal());
    expect(a.stored.hashes[0]).not.toBe(b.stored.hashes[0]);
  });

  it('matches typed codes leniently and only against the right salt and pepper', () => {
    const pepper = new Uint8Array(16).fill(1);
    const { codes, stored } = generateRecoveryCodes({ count: 5, pepper });
    const code = codes.reveal()[2] as string;
    expect(findRecoveryCode(stored, code, { pepper })).toBe(stored.hashes[2]);
    expect(findRecoveryCode(stored, ` ${code.toLowerCase().replaceAll('-', ' ')} `, { pepper })).toBe(stored.hashes[2]);
    expect(findRecoveryCode(stored, code)).toBeNull(); // pepper missing
    expect(findRecoveryCode({ ...stored, salt: '0'.repeat(32) }, code, { pepper })).toBeNull();
    for (const junk of [undefined, null, 42, '', code.slice(1), `${code}0`, 'x'.repeat(10_000), code.replace(/./, 'U')]) {
      expect(findRecoveryCode(stored, junk, { pepper })).toBeNull();
    }
    expect(() => findRecoveryCode({ ...stored, hashes: ['nope'] }, code, { pepper })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_SNAPSHOT', path: 'recoveryCodes.hashes' }),
    );
  });

  it("reads Crockford's look-alikes as meant: O → 0, I and L → 1", () => {
    expect(normalizeRecoveryCode('o1il-0000-ABCD-efgh')).toBe('0111' + '0000' + 'ABCD' + 'EFGH');
    expect(normalizeRecoveryCode('UUUU-0000-0000-0000')).toBeNull();
    expect(normalizeRecoveryCode('0000-0000-0000')).toBeNull();
  });
});

describe('sampler: rejection sampling, no modulo bias', () => {
  it('maps a perfectly uniform byte stream to exactly equal counts, for sizes that do not divide 256', () => {
    // 256 % 10 = 6 and 256 % 30 = 16: plain `byte % size` would give the first 6 (or 16) symbols
    // one extra hit per 256 bytes. With rejection of bytes ≥ 250 (≥ 240), each symbol gets
    // exactly 25 (8) hits per full cycle of 256 byte values.
    for (const [size, perCycle] of [
      [10, 25],
      [30, 8],
      [32, 8],
      [7, 36],
    ] as const) {
      const cycles = 40;
      const counts = new Array(size).fill(0);
      for (const index of uniformIndices(perCycle * size * cycles, size, cyclingBytes())) counts[index]++;
      expect(counts).toEqual(new Array(size).fill(perCycle * cycles));
    }
  });

  it('skips the bytes at or above the largest multiple of the size', () => {
    const stream = [250, 251, 252, 253, 254, 255, 7];
    let i = 0;
    const source = (buffer: Uint8Array) => {
      for (let j = 0; j < buffer.length; j++) buffer[j] = stream[i++ % stream.length] as number;
    };
    expect(uniformIndices(1, 10, source)).toEqual([7]);
  });

  it('gives up on a source that only returns rejected bytes', () => {
    expect(() => uniformIndices(4, 10, (b) => b.fill(255))).toThrow(/rejected/);
  });

  it('chi-squared: symbols of generated codes are uniform over the 32-symbol alphabet (seeded)', () => {
    const random = seededBytes(20240611);
    const counts = new Map<string, number>();
    let total = 0;
    for (let round = 0; round < 40; round++) {
      for (const code of generateRecoveryCodes({ count: 50, random }).codes.reveal()) {
        for (const c of code.replaceAll('-', '')) {
          counts.set(c, (counts.get(c) ?? 0) + 1);
          total++;
        }
      }
    }
    expect(total).toBe(40 * 50 * 16);
    expect([...counts.keys()].sort().join('')).toBe(RECOVERY_CODE_ALPHABET);
    const expected = total / 32;
    const chi2 = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 31 degrees of freedom: P(χ² > 61.1) = 0.001.
    expect(chi2).toBeLessThan(61.1);
  });
});

describe('redaction', () => {
  it('prints issued codes as a count only', () => {
    const { codes } = generateRecoveryCodes({ count: 3 });
    const [first] = codes.reveal();
    const plain = (first as string).replaceAll('-', '');
    for (const text of [String(codes), JSON.stringify(codes), inspect(codes), inspect({ codes }, { depth: 5 }), `${codes}`]) {
      expect(text).not.toContain(first);
      expect(text).not.toContain(plain);
      expect(text).toContain('3');
    }
  });
});
