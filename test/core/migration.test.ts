/**
 * #12 kind 6, case cli-names-the-uri-scheme (library half): Google Authenticator exports
 * (`otpauth-migration://offline?data=…`) decoded into key URIs. Payloads are encoded here by a
 * small protobuf writer of the test's own (varint, length-delimited), from
 * Google Authenticator's OtpMigration.proto field numbers; expected URIs are written by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidKeyURIError } from '../../src/core/errors.js';
import { parseKeyURI } from '../../src/core/key-uri.js';
import { decodeMigrationURI } from '../../src/core/migration.js';
import { encodeSecret } from '../../src/core/secret.js';
import { fixtureJSON } from '../helpers.js';

const varint = (n: bigint | number): number[] => {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return out;
};
const field = (number: number, wire: number): number[] => varint((number << 3) | wire);
const lengthDelimited = (number: number, bytes: ArrayLike<number>): number[] => [
  ...field(number, 2),
  ...varint(bytes.length),
  ...Array.from(bytes),
];
const utf8 = (text: string) => new TextEncoder().encode(text);

interface Entry {
  secret: Uint8Array;
  name: string;
  issuer: string;
  algorithm: number;
  digits: number;
  type: number;
  counter: bigint;
}
const entryBytes = (e: Entry): number[] => [
  ...lengthDelimited(1, e.secret),
  ...lengthDelimited(2, utf8(e.name)),
  ...lengthDelimited(3, utf8(e.issuer)),
  ...field(4, 0),
  ...varint(e.algorithm),
  ...field(5, 0),
  ...varint(e.digits),
  ...field(6, 0),
  ...varint(e.type),
  ...field(7, 0),
  ...varint(e.counter),
];
const exportURI = (payload: number[]): string =>
  `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(payload).toString('base64'))}`;

const CASE = fixtureJSON<{ cases: { id: string; given: string; expect: string }[] }>('cases/outside-2.json').cases.find(
  (c) => c.id === 'cli-names-the-uri-scheme',
);

describe("cli-names-the-uri-scheme: the CLI recognises only 'otpauth:' and mistakes other URIs for base32 secrets (decoder)", () => {
  it("the case's payload decodes to its expected key URI", () => {
    const given = /'(otpauth-migration:[^']+)'/.exec(CASE?.given ?? '')?.[1] as string;
    const expectedStart = /(otpauth:\/\/totp\/Example:alice%40example\.com\?secret=JBSWY3DPEHPK3PXP&issuer=Example)&/.exec(
      CASE?.expect ?? '',
    )?.[1];
    expect(expectedStart).toBeDefined();
    const uris = decodeMigrationURI(given);
    expect(uris).toEqual([`${expectedStart}&algorithm=SHA1&digits=6&period=30`]);
  });

  it('every entry round-trips: secret, names, algorithm, digits, type, counter (property)', () => {
    const entry = fc.record({
      secret: fc.uint8Array({ minLength: 10, maxLength: 64 }),
      name: fc
        .string({ unit: fc.constantFrom(...'abcXYZ019 .-_@+&=?#%/éü東😀'), minLength: 1, maxLength: 20 })
        .filter((s) => !s.startsWith(' ')),
      issuer: fc.string({ unit: fc.constantFrom(...'abcXYZ019 .-_@+&=?#%/éü東😀'), minLength: 0, maxLength: 12 }),
      algorithm: fc.constantFrom(0, 1, 2, 3),
      digits: fc.constantFrom(0, 1, 2),
      type: fc.constantFrom(1, 2),
      counter: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 5 }), (entries, batch) => {
        const payload = [
          ...entries.flatMap((e) => lengthDelimited(1, entryBytes(e))),
          ...field(2, 0),
          ...varint(1),
          ...field(3, 0),
          ...varint(batch),
        ];
        const uris = decodeMigrationURI(exportURI(payload));
        expect(uris.length).toBe(entries.length);
        entries.forEach((e, i) => {
          const p = parseKeyURI(uris[i] as string);
          expect(p.secret).toBe(encodeSecret(e.secret));
          expect(p.accountName).toBe(e.name);
          expect(p.issuer).toBe(e.issuer === '' ? undefined : e.issuer);
          expect(p.algorithm).toBe(['SHA1', 'SHA1', 'SHA256', 'SHA512'][e.algorithm]);
          expect(p.digits).toBe(e.digits === 2 ? 8 : 6);
          expect(p.type).toBe(e.type === 1 ? 'hotp' : 'totp');
          if (p.type === 'hotp') expect(BigInt(p.counter)).toBe(e.counter);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('strips an issuer prefix repeated in the name; skips unknown fields', () => {
    const e = { secret: new Uint8Array(16), name: 'Example: alice', issuer: 'Example', algorithm: 1, digits: 1, type: 2, counter: 0n };
    const payload = [
      ...lengthDelimited(1, [...entryBytes(e), ...field(15, 5), 1, 2, 3, 4, ...field(16, 1), 1, 2, 3, 4, 5, 6, 7, 8]),
      ...lengthDelimited(9, [1, 2]),
    ];
    expect(decodeMigrationURI(exportURI(payload))).toEqual([
      'otpauth://totp/Example:alice?secret=AAAAAAAAAAAAAAAAAAAAAAAAAA&issuer=Example&algorithm=SHA1&digits=6&period=30',
    ]);
  });

  it('variants of malformed input: a typed error naming the part, never a secret', () => {
    const good = {
      secret: Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6]),
      name: 'a',
      issuer: '',
      algorithm: 1,
      digits: 1,
      type: 2,
      counter: 0n,
    };
    const one = (over: Partial<Entry>) => exportURI(lengthDelimited(1, entryBytes({ ...good, ...over })));
    const valid = one({});
    const variants: [string, string, RegExp][] = [
      ['otpauth://totp/a?secret=JBSWY3DPEHPK3PXP', 'scheme', /otpauth-migration:\/\/offline/],
      ['otpauth-migration://online?data=AA', 'scheme', /offline/],
      ['otpauth-migration://offline?x=1', 'data', /no data parameter/],
      [`${valid}&data=AA`, 'data', /more than one data/],
      ['otpauth-migration://offline?data=%ZZ', 'data', /percent-encoding/],
      ['otpauth-migration://offline?data=Ci4*', 'data', /not base64: unexpected character at position 3/],
      ['otpauth-migration://offline?data=C', 'data', /bad length/],
      ['otpauth-migration://offline?data=', 'data', /no account/],
      [exportURI([0x0a, 0x2e, 0x0a]), 'data', /runs past the end/],
      [exportURI([0x0a]), 'data', /truncated varint at byte 1/],
      [exportURI([0x0a, 0x80, 0x80]), 'data', /truncated varint/],
      [exportURI([0x08, ...Array(11).fill(0xff), 0x01]), 'data', /varint too long/],
      [exportURI([0x0b]), 'data', /unsupported wire type 3/],
      [exportURI([0x00]), 'data', /bad field number/],
      [exportURI([0x0d, 1, 2]), 'data', /truncated fixed-width/],
      [one({ algorithm: 4 }), 'entry', /entry 1: MD5/],
      [one({ algorithm: 9 }), 'entry', /entry 1: unknown algorithm/],
      [one({ digits: 3 }), 'entry', /unknown digit count/],
      [one({ type: 0 }), 'entry', /unknown or missing OTP type/],
      [one({ secret: new Uint8Array(0) }), 'entry', /no secret/],
      [one({ secret: new Uint8Array(5) }), 'entry', /"key" expected/],
      [one({ name: '' }), 'entry', /"accountName"/],
      [
        exportURI(lengthDelimited(1, [...lengthDelimited(1, good.secret), ...lengthDelimited(2, [0xc3, 0x28]), ...field(6, 0), 2])),
        'entry',
        /not valid UTF-8/,
      ],
      [one({ name: 'a\u202eb' }), 'entry', /U\+202E/],
      [`otpauth-migration://offline?data=${'A'.repeat(70_000)}`, 'data', /over the 65536 limit/],
    ];
    for (const [input, parameter, message] of variants) {
      let error: unknown;
      try {
        decodeMigrationURI(input);
      } catch (e) {
        error = e;
      }
      expect(error, input.slice(0, 80)).toBeInstanceOf(InvalidKeyURIError);
      expect((error as InvalidKeyURIError).parameter, input.slice(0, 80)).toBe(parameter);
      expect((error as Error).message, input.slice(0, 80)).toMatch(message);
      expect((error as Error).message).not.toMatch(/3q2\+7w|DEADBEEF|N2W7PX/i);
    }
    expect(() => decodeMigrationURI(42 as unknown as string)).toThrow(TypeError);
  });
});
