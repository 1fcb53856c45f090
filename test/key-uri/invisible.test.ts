/**
 * Names an authenticator would draw differently from their text: bidirectional controls
 * (`%E2%80%AEmoc.knab` shows as "bank.com"), zero-width characters, the BOM and every other
 * format character (Unicode general category Cf), the line and paragraph separators, and the
 * other default-ignorable code points. buildKeyURI refuses them in `issuer` and `accountName`
 * (RangeError); parseKeyURI in the label (`parameter: 'label'`) and `issuer=` (`'issuer'`).
 * The sets below come from Unicode properties via the regex engine and from the code points
 * listed by hand, not from the code under test; URIs are percent-encoded with encodeURIComponent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidKeyURIError } from '../../src/core/errors.js';
import { buildKeyURI, parseKeyURI } from '../../src/core/key-uri.js';
import { thrown } from '../helpers.js';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

function codePoints(property: RegExp): number[] {
  const found: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (property.test(String.fromCodePoint(cp))) found.push(cp);
  }
  return found;
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** The ones the review named, by hand: bidi embeddings/overrides, isolates, marks, ALM, zero-width, BOM. */
const NAMED = [...range(0x202a, 0x202e), ...range(0x2066, 0x2069), 0x200e, 0x200f, 0x061c, ...range(0x200b, 0x200d), 0xfeff];
const FORMAT = codePoints(/^\p{Cf}$/u);
const BIDI_CONTROL = codePoints(/^\p{Bidi_Control}$/u);
/** Default-ignorable code points outside Cf that render as nothing, by hand. */
const OTHER_INVISIBLE = [0x2028, 0x2029, 0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180b, 0x180c, 0x180d, 0x180f, 0x3164, 0xffa0];
/** Blank look-alikes (#10.8): visible-width blanks with no ink; U+2800 BRAILLE PATTERN BLANK is not default-ignorable. */
const BLANK_LOOKALIKES = [0x2800, 0x3164, 0x115f, 0x1160, 0xffa0];
const REFUSED = [...new Set([...NAMED, ...FORMAT, ...BIDI_CONTROL, ...OTHER_INVISIBLE, ...BLANK_LOOKALIKES])];

const parseError = (uri: string) => thrown(InvalidKeyURIError, () => parseKeyURI(uri), JSON.stringify(uri));
const buildError = (options: Parameters<typeof buildKeyURI>[0]) => thrown(RangeError, () => buildKeyURI(options));

describe('invisible and bidi formatting characters in names', () => {
  it('the sets are what Unicode says they are', () => {
    expect(FORMAT.length).toBeGreaterThan(150); // Cf has 170 code points in Unicode 15
    for (const cp of NAMED) expect(FORMAT).toContain(cp);
    for (const cp of BIDI_CONTROL) expect(FORMAT).toContain(cp);
  });

  it("the review's example: otpauth://totp/%E2%80%AEA:b is refused, naming the label and U+202E", () => {
    const error = parseError(`otpauth://totp/%E2%80%AEA:b?secret=${SECRET}`);
    expect(error.parameter).toBe('label');
    expect(error.message).toContain('U+202E');
    expect(() => buildKeyURI({ secret: SECRET, issuer: '\u202eA', accountName: 'b' })).toThrow(RangeError);
  });

  it('every refused code point, anywhere in a name: build throws RangeError naming the option and code point', () => {
    const visible = fc.string({ unit: fc.constantFrom(...'abcXYZ019 .@é東😀'), maxLength: 6 });
    fc.assert(
      fc.property(fc.constantFrom(...REFUSED), visible, visible, fc.boolean(), (cp, before, after, inIssuer) => {
        const name = `x${before}${String.fromCodePoint(cp)}${after}`;
        const error = buildError(
          inIssuer ? { secret: SECRET, issuer: name, accountName: 'alice' } : { secret: SECRET, issuer: 'ACME', accountName: name },
        );
        expect(error.message).toContain(inIssuer ? '"issuer"' : '"accountName"');
        expect(error.message).toContain(hex(cp));
      }),
      { numRuns: 3_000 },
    );
    // And each code point once, exhaustively, in both options.
    for (const cp of REFUSED) {
      expect(() => buildKeyURI({ secret: SECRET, issuer: `A${String.fromCodePoint(cp)}`, accountName: 'b' }), hex(cp)).toThrow(RangeError);
      expect(() => buildKeyURI({ secret: SECRET, accountName: `b${String.fromCodePoint(cp)}` }), hex(cp)).toThrow(RangeError);
    }
  });

  it('every refused code point, encoded or raw, in the label issuer, account name or issuer=: InvalidKeyURIError', () => {
    const visible = fc.string({ unit: fc.constantFrom(...'abcXYZ019.é東😀'), maxLength: 6 });
    const where = fc.constantFrom('labelIssuer', 'account', 'labelOnly', 'issuerParameter');
    fc.assert(
      fc.property(fc.constantFrom(...REFUSED), visible, visible, where, fc.boolean(), (cp, before, after, at, raw) => {
        const name = `Bank${before}${String.fromCodePoint(cp)}${after}`;
        const part = raw && at !== 'issuerParameter' ? name : encodeURIComponent(name);
        const uri = {
          labelIssuer: `otpauth://totp/${part}:alice?secret=${SECRET}`,
          account: `otpauth://totp/ACME:${part}?secret=${SECRET}&issuer=ACME`,
          labelOnly: `otpauth://hotp/${part}?secret=${SECRET}&counter=0`,
          issuerParameter: `otpauth://totp/alice?secret=${SECRET}&issuer=${part}`,
        }[at];
        const error = parseError(uri);
        expect(error.parameter).toBe(at === 'issuerParameter' ? 'issuer' : 'label');
        expect(error.message).toContain(hex(cp));
        expect(error.message).not.toContain('Bank');
      }),
      { numRuns: 3_000 },
    );
    for (const cp of REFUSED) {
      const e = encodeURIComponent(String.fromCodePoint(cp));
      expect(parseError(`otpauth://totp/A${e}:b?secret=${SECRET}`).parameter, hex(cp)).toBe('label');
      expect(parseError(`otpauth://totp/A:b${e}?secret=${SECRET}`).parameter, hex(cp)).toBe('label');
      expect(parseError(`otpauth://totp/b?secret=${SECRET}&issuer=A${e}`).parameter, hex(cp)).toBe('issuer');
    }
  });

  it('the blank look-alikes (U+2800, U+3164, U+115F, U+1160, U+FFA0) are refused in every name, built or parsed', () => {
    expect(/\p{Default_Ignorable_Code_Point}/u.test('\u2800')).toBe(false); // why it needs naming
    for (const cp of BLANK_LOOKALIKES) {
      const blank = String.fromCodePoint(cp);
      expect(buildError({ secret: SECRET, issuer: `Bank${blank}`, accountName: 'alice' }).message, hex(cp)).toContain(hex(cp));
      expect(buildError({ secret: SECRET, accountName: `${blank}alice` }).message, hex(cp)).toContain(hex(cp));
      const e = encodeURIComponent(blank);
      expect(parseError(`otpauth://totp/Bank${e}:alice?secret=${SECRET}`).parameter, hex(cp)).toBe('label');
      expect(parseError(`otpauth://totp/Bank:${e}?secret=${SECRET}`).parameter, hex(cp)).toBe('label');
      expect(parseError(`otpauth://totp/alice?secret=${SECRET}&issuer=${e}Bank`).parameter, hex(cp)).toBe('issuer');
      // A name made of the blank alone, the likeliest spoof of "no issuer".
      expect(() => buildKeyURI({ secret: SECRET, issuer: blank, accountName: 'alice' }), hex(cp)).toThrow(RangeError);
    }
  });

  it('visible text stays allowed: emoji with variation selectors, no-break spaces, accents, CJK', () => {
    for (const name of ['I \u2764\ufe0f 2FA', 'ACME\u00a0Co', 'Société Générale', '東京銀行', 'a b']) {
      const uri = buildKeyURI({ secret: SECRET, issuer: name, accountName: name, strict: true });
      const parsed = parseKeyURI(uri, { strict: true });
      expect([parsed.issuer, parsed.accountName]).toEqual([name, name]);
    }
  });
});
