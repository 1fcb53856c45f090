/**
 * Properties of the Key URI code (fast-check): parse(build(x)) returns x for printable, visible Unicode
 * names full of URI delimiters; the WHATWG URL parser reads the same names from what we build;
 * and parseKeyURI on any string either succeeds or throws InvalidKeyURIError, whose message never
 * holds the secret.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HmacAlgorithm } from '../../src/core/algorithm.js';
import { InvalidKeyURIError } from '../../src/core/errors.js';
import { type BuildKeyURIOptions, buildKeyURI, MAX_KEY_URI_LENGTH, parseKeyURI } from '../../src/core/key-uri.js';
import { encodeSecret } from '../../src/core/secret.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Refused in names (see invisible.test.ts): format characters, line/paragraph separators, and
// the other default-ignorable code points except variation selectors, and the blank look-alikes
// U+2800, U+3164, U+115F, U+1160, U+FFA0.
const INVISIBLE =
  /[\p{Cf}\p{Zl}\p{Zp}\u2800\u3164\u115F\u1160\uFFA0]|(?![\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}])\p{Default_Ignorable_Code_Point}/u;

// Characters that break naive builders and parsers, mixed with any Unicode code point.
const tricky = fc.constantFrom(':', '%', '%3A', '%20', '+', '&', '=', '?', '#', '/', ' ', '@', '\u00a0', '\u3000', 'é', '😀', '\ufe0f');
const unit = fc.oneof(
  { arbitrary: tricky, weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 3 },
);
const printable = fc.string({ unit, minLength: 1, maxLength: 40 }).filter((s) => !CONTROL.test(s) && !INVISIBLE.test(s));
const accountName = printable.filter((s) => !s.startsWith(' '));

const input = fc.record(
  {
    type: fc.constantFrom('totp', 'hotp'),
    key: fc.uint8Array({ minLength: 10, maxLength: 64 }),
    issuer: printable,
    accountName,
    algorithm: fc.constantFrom<HmacAlgorithm>('SHA1', 'SHA256', 'SHA512'),
    digits: fc.integer({ min: 6, max: 10 }),
    period: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    counter: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    image: fc.constantFrom('https://example.com/logo.png', 'https://cdn.example.org/a b/ü.svg?size=64&x=1#top'),
  },
  { requiredKeys: ['type', 'key', 'accountName', 'algorithm', 'digits', 'period', 'counter'] },
);

type Input = typeof input extends fc.Arbitrary<infer T> ? T : never;

function options(x: Input): BuildKeyURIOptions {
  const { type, key, issuer, accountName, algorithm, digits, period, counter, image } = x;
  return {
    type,
    key,
    accountName,
    algorithm,
    digits,
    ...(issuer !== undefined && { issuer }),
    ...(image !== undefined && { image }),
    ...(type === 'totp' ? { period } : { counter }),
  };
}

describe('parse(build(x)) == x', () => {
  it('for arbitrary printable Unicode issuers and account names (10,000 runs)', () => {
    fc.assert(
      fc.property(input, (x) => {
        const uri = buildKeyURI(options(x));
        expect(uri).toMatch(/^[\x21-\x7e]+$/); // pure ASCII, no space, no control
        expect(uri).not.toContain('+');
        const p = parseKeyURI(uri);
        const colon = x.issuer?.includes(':') || x.accountName.includes(':');
        if (colon) {
          const codes: string[] = [];
          buildKeyURI({ ...options(x), onWarning: (w) => codes.push(w.code) });
          expect(codes).toContain('ambiguous-label');
          expect(() => buildKeyURI({ ...options(x), strict: true })).toThrow(RangeError);
        }
        // Without an issuer, a format-following reader splits at an encoded colon: a warned name.
        if (colon && x.issuer === undefined) {
          const at = x.accountName.indexOf(':');
          const rest = x.accountName.slice(at + 1).replace(/^ +/, '');
          const split = at > 0 && rest !== '';
          expect([p.labelIssuer, p.accountName]).toEqual(split ? [x.accountName.slice(0, at), rest] : [undefined, x.accountName]);
          if (!split || p.accountName.includes(':')) expect(p.warnings.map((w) => w.code)).toContain('ambiguous-label');
          return;
        }
        expect(p.type).toBe(x.type);
        expect(p.secret).toBe(encodeSecret(x.key));
        expect(p.key).toEqual(x.key);
        expect(p.issuer).toBe(x.issuer);
        expect(p.labelIssuer).toBe(x.issuer);
        expect(p.accountName).toBe(x.accountName);
        expect(p.algorithm).toBe(x.algorithm);
        expect(p.digits).toBe(x.digits);
        if (p.type === 'totp') expect(p.period).toBe(x.period);
        else expect(BigInt(p.counter)).toBe(x.counter);
        expect(p.image).toBe(x.image);
        expect(p.extra).toEqual([]);
        // Warnings follow the documented rules alone.
        const expected: string[] = [];
        if (colon) expected.push('ambiguous-label');
        if (x.algorithm !== 'SHA1') expected.push('non-default-algorithm');
        if (x.digits !== 6) expected.push('non-default-digits');
        if (x.type === 'totp' && x.period !== 30) expected.push('non-default-period');
        expect(p.warnings.map((w) => w.code)).toEqual(expected);
      }),
      { numRuns: 10_000 },
    );
  });

  it('the WHATWG URL parser reads the same type, label parts and parameters', () => {
    fc.assert(
      fc.property(input, (x) => {
        const uri = buildKeyURI(options(x));
        const url = new URL(uri);
        expect(url.protocol).toBe('otpauth:');
        expect(url.host).toBe(x.type);
        const label = url.pathname.slice(1);
        const parts = label.split(':');
        expect(parts.length).toBe(x.issuer === undefined ? 1 : 2);
        expect(parts.map(decodeURIComponent)).toEqual(x.issuer === undefined ? [x.accountName] : [x.issuer, x.accountName]);
        expect(url.searchParams.getAll('secret')).toEqual([encodeSecret(x.key)]);
        expect(url.searchParams.get('issuer') ?? undefined).toBe(x.issuer);
        expect(url.searchParams.get('image') ?? undefined).toBe(x.image);
        expect(url.hash).toBe('');
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('parseKeyURI on hostile input', () => {
  const expectOnlyKeyURIError = (text: string, secret?: string) => {
    try {
      parseKeyURI(text);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidKeyURIError);
      if (secret !== undefined) {
        const e = error as InvalidKeyURIError;
        const shown = [e.message, String(e), JSON.stringify(e), e.parameter].join('\n').toUpperCase();
        // No 8-character run of the secret, in either case.
        const leaked = Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8)).filter((run) => shown.includes(run));
        expect(leaked).toEqual([]);
      }
    }
  };

  it('any string: success or InvalidKeyURIError, nothing else', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit, maxLength: 200 }).map((s) => `otpauth://totp/${s}`),
      fc.string({ unit, maxLength: 200 }).map((s) => `otpauth://hotp/A:b?secret=GEZDGNBVGY3TQOJQ&${s}`),
    );
    fc.assert(
      fc.property(anyText, (text) => expectOnlyKeyURIError(text)),
      { numRuns: 10_000 },
    );
  });

  it('mutations of a valid URI never leak its secret in an error', () => {
    const base32 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), minLength: 32, maxLength: 32 });
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 4 }), insert: fc.string({ unit, maxLength: 4 }) });
    fc.assert(
      fc.property(base32, fc.array(edit, { minLength: 1, maxLength: 4 }), (secret, edits) => {
        let text = `otpauth://totp/ACME:alice?secret=${secret}&issuer=ACME&digits=6`;
        for (const { at, cut, insert } of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + cut);
        }
        expectOnlyKeyURIError(text, secret);
      }),
      { numRuns: 5_000 },
    );
  });

  it('misplaced secrets (as a name, label or unknown parameter) are not echoed', () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    for (const text of [
      `otpauth://totp/A:b?${secret}=%ZZ`,
      `otpauth://totp/A:b?x=${secret}%ZZ`,
      `otpauth://totp/${secret}%ZZ:b?secret=${secret}`,
      `otpauth://totp/A:b?secret=${secret}1`,
      `otpauth://totp/A:b?secret=${secret}&secret=${secret}`,
      `otpauth://totp/A:b?secret=${secret}&issuer=${secret}%0A`,
      `otpauth://totp/A:b?secret=${secret}&image=${secret}`,
      `otpauth://totp/A:b?secret=${secret}&digits=${secret}`,
      `otpauth://totp/A:b?secret=${secret}&algorithm=${secret}`,
      `otpauth://${secret}/A:b?secret=${secret}`,
      `${secret}://totp/A:b?secret=${secret}`,
      `otpauth://totp/A:b:${secret}?secret=${secret}`,
      `otpauth://totp/A:b?secret=${secret}#${secret}`,
    ]) {
      expect(() => parseKeyURI(text)).toThrow(InvalidKeyURIError);
      expectOnlyKeyURIError(text, secret);
    }
  });

  it('an adversarial corpus of odd strings and non-strings', () => {
    const strings = [
      '',
      ' ',
      'otpauth://',
      'otpauth:///',
      'otpauth://totp/',
      'otpauth://totp/%',
      'otpauth://totp/a?',
      'otpauth://totp/a?&&&',
      'otpauth://totp/a?=',
      'otpauth://totp/a?secret',
      'otpauth://totp/a?secret=%',
      'otpauth://totp/a?secret=%00',
      'otpauth://totp/a?secret=%EF%BC%A7EZDGNBVGY3TQOJQ', // fullwidth Ｇ, a Unicode look-alike
      'otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ&digits=６',
      'otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ&period=NaN',
      'otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ&period=Infinity',
      'otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ&period=-0',
      'otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ&counter=0x10',
      'otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ&__proto__=x&constructor=y',
      'otpauth://totp/\ud800?secret=GEZDGNBVGY3TQOJQ',
      'otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ&issuer=%ED%A0%80', // an encoded surrogate (CESU-8)
      `otpauth://totp/${'%'.repeat(MAX_KEY_URI_LENGTH - 15)}`,
      `otpauth://totp/${':'.repeat(2000)}`,
      `otpauth://totp/a?${'&'.repeat(4000)}`,
      'x'.repeat(1_000_000),
    ];
    for (const text of strings) expectOnlyKeyURIError(text);
    const proto = parseKeyURI('otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ&__proto__=x&constructor=y');
    expect(proto.extra).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    for (const value of [
      NaN,
      Infinity,
      -0,
      2 ** 53,
      10n,
      new Uint16Array(3),
      Symbol('x'),
      () => 'otpauth://',
      new String('otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ'),
    ]) {
      expect(() => parseKeyURI(value as unknown as string)).toThrow(TypeError);
    }
  });
});
