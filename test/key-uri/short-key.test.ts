/**
 * Keys under 16 bytes (RFC 4226 §4 R6: "The length of the shared secret MUST be at least 128
 * bits") in a NEW key URI: buildKeyURI warns `short-key` (parameter `secret`) through
 * `onWarning`, and `strict` refuses it with a RangeError. parseKeyURI does not warn: existing
 * 80-bit enrollments are read as they are, and the shared case non-default-parameters-warning
 * (a 10-byte secret) expects exactly one warning. Key lengths are from the byte counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildKeyURI, type KeyURIWarning, parseKeyURI } from '../../src/core/key-uri.js';
import { encodeSecret } from '../../src/core/secret.js';
import { fixtureJSON } from '../helpers.js';

function warningsOf(options: Omit<Parameters<typeof buildKeyURI>[0], 'onWarning'>): KeyURIWarning[] {
  const seen: KeyURIWarning[] = [];
  buildKeyURI({ ...options, onWarning: (w) => seen.push(w) });
  return seen;
}

describe('short keys in buildKeyURI', () => {
  it("the review's example: a 10-byte key with strict is refused", () => {
    expect(() => buildKeyURI({ key: new Uint8Array(10), accountName: 'a', strict: true })).toThrow(RangeError);
    expect(() => buildKeyURI({ key: new Uint8Array(10), accountName: 'a', strict: true })).toThrow(/80 bits.*128/);
  });

  it('10–15 bytes: strict throws; otherwise one short-key warning naming secret, and the URI is built', () => {
    for (let bytes = 10; bytes < 16; bytes++) {
      const key = new Uint8Array(bytes).fill(7);
      expect(() => buildKeyURI({ key, accountName: 'a', strict: true }), `${bytes} bytes`).toThrow(RangeError);
      expect(() => buildKeyURI({ secret: encodeSecret(key), accountName: 'a', strict: true }), `${bytes} bytes as text`).toThrow(
        RangeError,
      );
      const warnings = warningsOf({ key, issuer: 'ACME', accountName: 'a' });
      expect(warnings.map((w) => [w.code, w.parameter])).toEqual([['short-key', 'secret']]);
      expect(warnings[0]?.message).toContain(`${bytes * 8} bits`);
      expect(buildKeyURI({ key, accountName: 'a' })).toContain(`secret=${encodeSecret(key)}`);
    }
  });

  it('16 bytes and more: no warning, strict builds', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 64 }), (key) => {
        expect(warningsOf({ key, accountName: 'a' })).toEqual([]);
        expect(buildKeyURI({ key, accountName: 'a', strict: true })).toContain(`secret=${encodeSecret(key)}`);
      }),
    );
  });

  it('onWarning gets every build warning in order, only when the URI is built, and must be a function', () => {
    const key = new Uint8Array(12);
    expect(warningsOf({ key, accountName: 'a:b', algorithm: 'SHA256', digits: 8 }).map((w) => w.code)).toEqual([
      'non-default-algorithm',
      'non-default-digits',
      'ambiguous-label',
      'short-key',
    ]);
    const seen: KeyURIWarning[] = [];
    expect(() => buildKeyURI({ key, accountName: 'a', image: 'http://x', onWarning: (w) => seen.push(w) })).toThrow(RangeError);
    expect(seen).toEqual([]);
    expect(() => buildKeyURI({ key, accountName: 'a', strict: true, onWarning: (w) => seen.push(w) })).toThrow(RangeError);
    expect(seen).toEqual([]);
    expect(() => buildKeyURI({ key, accountName: 'a', onWarning: 'log' as unknown as () => void })).toThrow(TypeError);
  });
});

describe('short keys in parseKeyURI: read as they are', () => {
  it('the shared case non-default-parameters-warning (10-byte secret) still has exactly its one warning', () => {
    const { cases } = fixtureJSON<{ cases: { id: string; given: { parse?: string } }[] }>('cases/key-uri.json');
    const uri = cases.find((c) => c.id === 'non-default-parameters-warning')?.given.parse as string;
    const parsed = parseKeyURI(uri);
    expect(parsed.key.length).toBe(10);
    expect(parsed.warnings.map((w) => w.code)).toEqual(['non-default-algorithm']);
  });

  it('a 10-byte default-settings URI parses with no warning, even strict (existing enrollments)', () => {
    const parsed = parseKeyURI('otpauth://totp/ACME:a?secret=46PABKV2HL2BYL5P&issuer=ACME', { strict: true });
    expect(parsed.key.length).toBe(10);
    expect(parsed.warnings).toEqual([]);
  });
});
