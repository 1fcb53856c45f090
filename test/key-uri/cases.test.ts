/**
 * Every case of test/fixtures/cases/key-uri.json, plus hand-computed expectations for the encoding
 * rules. Expected URIs and fields come from the case file, the Key URI Format page or were
 * percent-encoded by hand (UTF-8 bytes of each character written out below); the WHATWG URL
 * parser built into Node serves as an independent reader of the structure.
 */
import { describe, expect, it } from 'vitest';
import { InvalidKeyURIError, InvalidSecretError } from '../../src/core/errors.js';
import { type BuildKeyURIOptions, buildKeyURI, type KeyURI, MAX_KEY_URI_LENGTH, parseKeyURI } from '../../src/core/key-uri.js';
import { fixtureJSON, thrown } from '../helpers.js';

interface Case {
  id: string;
  given: { build?: BuildKeyURIOptions; parse?: string | string[]; property?: string };
  expect: Record<string, unknown>;
}
const { cases } = fixtureJSON<{ cases: Case[] }>('cases/key-uri.json');
const byId = (id: string): Case => {
  const found = cases.find((c) => c.id === id);
  if (!found) throw new Error(`case ${id} missing from key-uri.json`);
  return found;
};

/** Raw (still encoded) label and query pairs, split by hand. */
function rawParts(uri: string): { label: string; pairs: [string, string][] } {
  const afterType = uri.slice(uri.indexOf('/', 'otpauth://'.length) + 1);
  const [label = '', query = ''] = afterType.split('?');
  const pairs = query.split('&').map((p) => {
    const eq = p.indexOf('=');
    return [p.slice(0, eq), p.slice(eq + 1)] as [string, string];
  });
  return { label, pairs };
}

const parseError = (uri: string) => thrown(InvalidKeyURIError, () => parseKeyURI(uri), uri);

// Cases handled in other files of this suite or of test/qr.
const ELSEWHERE = new Set(['round-trip', 'qr-decodes-to-uri']);
const HANDLED = new Set([
  'space-encoding',
  'colon-in-names',
  'issuer-injection',
  'issuer-with-spaces',
  'non-default-parameters-warning',
  'hotp-needs-counter',
  'bad-scheme-or-type',
  'bad-values',
]);

describe('key-uri.json', () => {
  it('has a test for every case in the file', () => {
    for (const c of cases) expect(HANDLED.has(c.id) || ELSEWHERE.has(c.id), c.id).toBe(true);
    expect(cases.length).toBe(HANDLED.size + ELSEWHERE.size);
  });

  it('space-encoding: %20 for a space, %40 for @, never +', () => {
    const c = byId('space-encoding');
    const uri = buildKeyURI(c.given.build as BuildKeyURIOptions);
    expect(uri.startsWith(c.expect.startsWith as string)).toBe(true);
    expect(uri).toContain(c.expect.contains as string);
    expect(uri).not.toContain('+');
    // The whole URI by hand: defaults written, Google's parameter order.
    expect(uri).toBe(
      'otpauth://totp/ACME%20Co:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' +
        '&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('colon-in-names: one literal colon in the label, names round-trip', () => {
    const c = byId('colon-in-names');
    const uri = buildKeyURI(c.given.build as BuildKeyURIOptions);
    const { label } = rawParts(uri);
    expect(label.split(':').length - 1).toBe(c.expect.labelColonsUnencoded);
    expect(label).toBe('ACME%3ACo:alice%3Ax%40example.com');
    const parsed = parseKeyURI(uri);
    expect({ issuer: parsed.issuer, accountName: parsed.accountName }).toEqual(c.expect.roundTrip);
    expect(parsed.labelIssuer).toBe('ACME:Co');
  });

  it('issuer-injection: one secret parameter, the real secret, the issuer kept whole', () => {
    const c = byId('issuer-injection');
    const build = c.given.build as BuildKeyURIOptions;
    const uri = buildKeyURI(build);
    const { pairs } = rawParts(uri);
    expect(pairs.filter(([name]) => name === 'secret').length).toBe(c.expect.parsedSecretParams);
    expect(new URL(uri).searchParams.getAll('secret')).toEqual([c.expect.parsedSecret]);
    expect(pairs.find(([name]) => name === 'issuer')?.[1]).toBe('Evil%3ABank%26secret%3DAAAAAAAAAAAAAAAA');
    const parsed = parseKeyURI(uri);
    expect(parsed.secret).toBe(c.expect.parsedSecret);
    expect(parsed.issuer).toBe(c.expect.roundTripIssuer);
    expect(parsed.labelIssuer).toBe(c.expect.roundTripIssuer);
    // The issuer holds a colon, which the Key URI Format forbids: warned since #12 (kind 4).
    expect(parsed.warnings.map((w) => w.code)).toEqual(['ambiguous-label']);
  });

  it('issuer-injection: a hand-made URI with a second secret is refused, naming secret', () => {
    // What a naive builder produces from the same issuer: the injected secret= becomes a parameter.
    const naive =
      'otpauth://totp/Evil:Bank&secret=AAAAAAAAAAAAAAAA:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Evil:Bank&secret=AAAAAAAAAAAAAAAA';
    const error = parseError(naive);
    expect(error.parameter).toBe('label'); // two literal colons: ambiguous label
    const second = parseError('otpauth://totp/Evil:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Evil&secret=AAAAAAAAAAAAAAAA');
    expect(second.parameter).toBe('secret');
    expect(second.message).not.toContain('AAAAAAAAAAAAAAAA');
    expect(second.message).not.toContain('GEZDGNBV');
    for (const name of ['issuer', 'algorithm', 'digits', 'period', 'counter', 'image']) {
      const value = name === 'algorithm' ? 'SHA1' : name === 'image' ? 'https%3A%2F%2Fexample.com%2Fa.png' : name === 'issuer' ? 'X' : '30';
      const dup = parseError(`otpauth://hotp/X:a?secret=GEZDGNBVGY3TQOJQ&counter=1&${name}=${value}&${name}=${value}`);
      expect(dup.parameter).toBe(name);
    }
  });

  it('issuer-with-spaces: encoded path and issuer parameter', () => {
    const c = byId('issuer-with-spaces');
    const uri = buildKeyURI(c.given.build as BuildKeyURIOptions);
    const url = new URL(uri); // WHATWG URL: host is the type, pathname the label
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(url.pathname).toBe(c.expect.path);
    expect(rawParts(uri).pairs.find(([n]) => n === 'issuer')?.[1]).toBe(c.expect.issuerParam);
    expect(url.searchParams.get('issuer')).toBe('Very Trustworthy Source');
  });

  it('non-default-parameters-warning: values parsed, one warning', () => {
    const c = byId('non-default-parameters-warning');
    const parsed = parseKeyURI(c.given.parse as string);
    expect(parsed.algorithm).toBe(c.expect.algorithm);
    expect(parsed.digits).toBe(c.expect.digits);
    expect(parsed.type === 'totp' && parsed.period).toBe(c.expect.period);
    const expected = c.expect.warnings as string[];
    expect(parsed.warnings.length).toBe(expected.length);
    for (const [i, text] of expected.entries()) expect(parsed.warnings[i]?.message).toContain(text);
    expect(parsed.warnings.map((w) => [w.code, w.parameter])).toEqual([['non-default-algorithm', 'algorithm']]);
    // strict turns the warning into an error naming the parameter
    const strict = (() => {
      try {
        parseKeyURI(c.given.parse as string, { strict: true });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(strict).toBeInstanceOf(InvalidKeyURIError);
    expect((strict as InvalidKeyURIError).parameter).toBe('algorithm');
  });

  it('hotp-needs-counter', () => {
    const c = byId('hotp-needs-counter');
    const error = parseError(c.given.parse as string);
    expect(error.code).toBe('ERR_INVALID_KEY_URI');
    expect(error.parameter).toBe(c.expect.parameter);
  });

  it('bad-scheme-or-type: scheme, type, secret', () => {
    const c = byId('bad-scheme-or-type');
    const params = (c.given.parse as string[]).map((uri) => parseError(uri).parameter);
    expect(params).toEqual(['scheme', 'type', 'secret']);
  });

  it('bad-values: each refused naming its parameter, never echoing the secret', () => {
    const c = byId('bad-values');
    const errors = (c.given.parse as string[]).map(parseError);
    expect(errors.map((e) => e.parameter)).toEqual(['digits', 'period', 'algorithm', 'secret']);
    const last = errors[3] as InvalidKeyURIError;
    expect(last.cause).toBeInstanceOf(InvalidSecretError);
    expect((last.cause as InvalidSecretError).character).toBe('8');
    expect((last.cause as InvalidSecretError).position).toBe(12);
    for (const e of errors) expect(e.message).not.toMatch(/QHNATAPG|GEZDGNBV/);
  });
});

describe('parseKeyURI: label rules', () => {
  const S = 'secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

  it('splits on the literal colon before decoding; %3A stays in a name', () => {
    const p = parseKeyURI(`otpauth://totp/A%3AB:c%3Ad?${S}`);
    expect([p.labelIssuer, p.accountName]).toEqual(['A:B', 'c:d']);
  });

  it('treats + in the label as a literal plus and in the query as a space', () => {
    const p = parseKeyURI(`otpauth://totp/C++%20Shop:bob+tag@example.com?${S}&issuer=C%2B%2B+Shop`);
    expect(p.labelIssuer).toBe('C++ Shop');
    expect(p.accountName).toBe('bob+tag@example.com');
    expect(p.issuer).toBe('C++ Shop');
    expect(p.warnings).toEqual([]);
  });

  it('drops spaces after the colon (Key URI Format: issuer ":" *"%20" accountname)', () => {
    expect(parseKeyURI(`otpauth://totp/ACME:%20%20alice?${S}`).accountName).toBe('alice');
    expect(parseKeyURI(`otpauth://totp/ACME: alice?${S}`).accountName).toBe('alice');
  });

  it('keeps both issuers; the parameter wins; a mismatch is a warning (Microsoft 365 style)', () => {
    const p = parseKeyURI(`otpauth://totp/Microsoft:alice%40contoso.com?${S}&issuer=Microsoft%20365`);
    expect(p.labelIssuer).toBe('Microsoft');
    expect(p.issuer).toBe('Microsoft 365');
    expect(p.warnings.map((w) => w.code)).toEqual(['issuer-mismatch']);
    expect(() => parseKeyURI(`otpauth://totp/Microsoft:a?${S}&issuer=Other`, { strict: true })).toThrow(InvalidKeyURIError);
  });

  it('label without issuer; issuer from the parameter only', () => {
    const p = parseKeyURI(`otpauth://totp/alice%40example.com?${S}&issuer=ACME`);
    expect([p.labelIssuer, p.issuer, p.accountName]).toEqual([undefined, 'ACME', 'alice@example.com']);
    const q = parseKeyURI(`otpauth://totp/alice?${S}`);
    expect([q.labelIssuer, q.issuer]).toEqual([undefined, undefined]);
  });

  it('an encoded colon separates issuer and account name when there is no literal one (#12 kind 4)', () => {
    const p = parseKeyURI(`otpauth://totp/ACME%3Aalice?${S}`);
    expect([p.labelIssuer, p.issuer, p.accountName]).toEqual(['ACME', 'ACME', 'alice']);
    expect(p.warnings).toEqual([]);
    // No name on one side: not a separator; the colon stays in the account name, with a warning.
    for (const label of ['%3Aalice', 'alice%3A', 'alice%3A%20']) {
      const q = parseKeyURI(`otpauth://totp/${label}?${S}`);
      expect([q.labelIssuer, q.accountName.replace(/ $/, '')], label).toEqual([undefined, decodeURIComponent(label).trim()]);
      expect(q.warnings.map((w) => w.code)).toEqual(['ambiguous-label']);
    }
  });

  it('decodes UTF-8 percent-encoding', () => {
    // "Café" = 43 61 66 C3 A9; "Zürich" ü = C3 BC; "東京" = E6 9D B1 E4 BA AC; "😀" = F0 9F 98 80
    const p = parseKeyURI(`otpauth://totp/Caf%C3%A9%20Z%C3%BCrich:%E6%9D%B1%E4%BA%AC%F0%9F%98%80?${S}`);
    expect([p.labelIssuer, p.accountName]).toEqual(['Café Zürich', '東京😀']);
  });

  it('is case-insensitive in scheme, type and algorithm; tolerant of secret padding, case, spaces', () => {
    const p = parseKeyURI('OTPAUTH://TOTP/A:b?secret=gezd%20gnbv%20gy3t%20qojq%3D%3D%3D%3D%3D%3D&algorithm=sha512');
    expect(p.type).toBe('totp');
    expect(p.algorithm).toBe('SHA512');
    expect(p.secret).toBe('GEZDGNBVGY3TQOJQ');
  });

  it('keeps unknown parameters, decoded, in order', () => {
    const p = parseKeyURI(`otpauth://totp/A:b?color=%2300ff00&${S}&lock=&flag&color=red`);
    expect(p.extra).toEqual([
      ['color', '#00ff00'],
      ['lock', ''],
      ['flag', ''],
      ['color', 'red'],
    ]);
  });

  it('reads hotp counters up to 2^64 - 1, as bigint above 2^53 - 1', () => {
    const big = parseKeyURI(`otpauth://hotp/A:b?${S}&counter=18446744073709551615`);
    expect(big.type === 'hotp' && big.counter).toBe(18446744073709551615n);
    const small = parseKeyURI(`otpauth://hotp/A:b?${S}&counter=9007199254740991`);
    expect(small.type === 'hotp' && small.counter).toBe(9007199254740991);
    expect(parseError(`otpauth://hotp/A:b?${S}&counter=18446744073709551616`).parameter).toBe('counter');
    expect(parseError(`otpauth://hotp/A:b?${S}&counter=-1`).parameter).toBe('counter');
  });

  it('warns about parameters that do not apply to the type', () => {
    expect(parseKeyURI(`otpauth://totp/A:b?${S}&counter=3`).warnings.map((w) => w.parameter)).toEqual(['counter']);
    expect(parseKeyURI(`otpauth://hotp/A:b?${S}&counter=3&period=30`).warnings.map((w) => w.parameter)).toEqual(['period']);
  });

  it('warns about each non-default setting; digits 9 and 10 accepted', () => {
    const p = parseKeyURI(`otpauth://totp/A:b?${S}&algorithm=SHA512&digits=10&period=60`);
    expect(p.warnings.map((w) => w.code)).toEqual(['non-default-algorithm', 'non-default-digits', 'non-default-period']);
    expect(parseKeyURI(`otpauth://totp/A:b?${S}&algorithm=SHA1&digits=6&period=30`).warnings).toEqual([]);
  });

  it.each([
    ['', 'scheme'],
    ['otpauth:/totp/A:b?secret=GEZDGNBVGY3TQOJQ', 'scheme'],
    ['otpauth://totp', 'label'],
    ['otpauth://totp?secret=GEZDGNBVGY3TQOJQ', 'label'],
    ['otpauth://totp/?secret=GEZDGNBVGY3TQOJQ', 'label'],
    ['otpauth://totp/:b?secret=GEZDGNBVGY3TQOJQ', 'label'],
    ['otpauth://totp/A:?secret=GEZDGNBVGY3TQOJQ', 'label'],
    ['otpauth://totp/A:%20?secret=GEZDGNBVGY3TQOJQ', 'label'],
    ['otpauth://totp/A:b:c?secret=GEZDGNBVGY3TQOJQ', 'label'],
    ['otpauth://totp/A%ZZ:b?secret=GEZDGNBVGY3TQOJQ', 'label'],
    ['otpauth://totp/A%C3:b?secret=GEZDGNBVGY3TQOJQ', 'label'],
    ['otpauth://totp/A%0A:b?secret=GEZDGNBVGY3TQOJQ', 'label'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ#frag', 'uri'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ\n', 'uri'],
    ['otpauth://totp/A:b?secret=', 'secret'],
    ['otpauth://totp/A:b?secret=GEZDGNBV', 'secret'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&issuer=', 'issuer'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&digits=', 'digits'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&digits=11', 'digits'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&digits=6.0', 'digits'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&digits=%206', 'digits'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&period=-30', 'period'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&period=1e3', 'period'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&period=9007199254740992', 'period'],
    // SHA-256 is accepted since #12 (one algorithm parser); misspellings stay refused.
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&algorithm=SHA2-56', 'algorithm'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&image=http%3A%2F%2Fexample.com%2Fa.png', 'image'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&image=javascript%3Aalert(1)', 'image'],
    ['otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&x=%E0%A4', 'uri'],
    [`otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&x=${'y'.repeat(MAX_KEY_URI_LENGTH)}`, 'uri'],
  ])('refuses %j naming %s', (uri, parameter) => {
    expect(parseError(uri).parameter).toBe(parameter);
  });

  it('throws TypeError for a non-string', () => {
    for (const value of [undefined, null, 42, new Uint8Array(4), {}, ['otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ']]) {
      expect(() => parseKeyURI(value as unknown as string)).toThrow(TypeError);
    }
    expect(() => parseKeyURI('otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ', { strict: 'yes' as unknown as boolean })).toThrow(TypeError);
  });
});

describe('buildKeyURI', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  // "12345678901234567890" as bytes: RFC 4226 Appendix D's key, whose base32 is `secret`.
  const key = new TextEncoder().encode('12345678901234567890');

  it('writes hotp with counter instead of period, and image last', () => {
    expect(
      buildKeyURI({ type: 'hotp', key, issuer: 'ACME', accountName: 'bob', counter: 7, image: 'https://example.com/logo.png?x=1' }),
    ).toBe(
      `otpauth://hotp/ACME:bob?secret=${secret}&issuer=ACME&algorithm=SHA1&digits=6&counter=7&image=https%3A%2F%2Fexample.com%2Flogo.png%3Fx%3D1`,
    );
    expect(buildKeyURI({ type: 'hotp', key, accountName: 'bob', counter: 18446744073709551615n })).toBe(
      `otpauth://hotp/bob?secret=${secret}&algorithm=SHA1&digits=6&counter=18446744073709551615`,
    );
  });

  it("encodes everything outside RFC 3986 unreserved, including ! ' ( ) * and non-ASCII as UTF-8", () => {
    const uri = buildKeyURI({ secret, issuer: "O'Brien (Ltd)*!", accountName: 'ü~._-x' });
    expect(uri.startsWith('otpauth://totp/O%27Brien%20%28Ltd%29%2A%21:%C3%BC~._-x?')).toBe(true);
    expect(uri).toMatch(/^[\x21-\x7e]+$/);
  });

  it('normalises the secret to upper case, unpadded, no spaces', () => {
    expect(buildKeyURI({ secret: 'gezd-gnbv gy3t qojq gezd gnbv gy3t qojq====', accountName: 'a' })).toContain(`secret=${secret}&`);
  });

  it('wraps a bad secret in InvalidKeyURIError with the InvalidSecretError as cause', () => {
    let caught: unknown;
    try {
      buildKeyURI({ secret: 'QHNATAPGLOMF8XZ2', accountName: 'a' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidKeyURIError);
    expect((caught as InvalidKeyURIError).parameter).toBe('secret');
    expect((caught as InvalidKeyURIError).cause).toBeInstanceOf(InvalidSecretError);
    expect(String(caught)).not.toContain('QHNATAPG');
  });

  it('strict refuses non-default settings and an issuer-less colon; default allows them', () => {
    expect(() => buildKeyURI({ secret, accountName: 'a', algorithm: 'SHA256', strict: true })).toThrow(RangeError);
    expect(() => buildKeyURI({ secret, accountName: 'a', digits: 8, strict: true })).toThrow(RangeError);
    expect(() => buildKeyURI({ secret, accountName: 'a', period: 60, strict: true })).toThrow(RangeError);
    expect(() => buildKeyURI({ secret, accountName: 'a:b', strict: true })).toThrow(RangeError);
    expect(buildKeyURI({ secret, accountName: 'a', strict: true })).toContain('period=30');
    expect(buildKeyURI({ secret, accountName: 'a', algorithm: 'SHA256', digits: 8, period: 60 })).toContain(
      'algorithm=SHA256&digits=8&period=60',
    );
  });

  it.each<[string, Record<string, unknown>, typeof TypeError | typeof RangeError]>([
    ['no secret or key', { accountName: 'a' }, TypeError],
    ['both secret and key', { secret, key, accountName: 'a' }, TypeError],
    ['secret not a string', { secret: 42, accountName: 'a' }, TypeError],
    ['key not bytes', { key: [1, 2, 3], accountName: 'a' }, TypeError],
    ['key under 10 bytes', { key: new Uint8Array(9), accountName: 'a' }, RangeError],
    ['no accountName', { secret }, TypeError],
    ['empty accountName', { secret, accountName: '' }, RangeError],
    ['accountName with leading space', { secret, issuer: 'A', accountName: ' a' }, RangeError],
    ['empty issuer', { secret, issuer: '', accountName: 'a' }, RangeError],
    ['issuer with newline', { secret, issuer: 'A\nB', accountName: 'a' }, RangeError],
    ['accountName with NUL', { secret, accountName: 'a\u0000' }, RangeError],
    ['lone surrogate', { secret, accountName: 'a\ud800' }, RangeError],
    ['type motp', { type: 'motp', secret, accountName: 'a' }, RangeError],
    ['digits 5', { secret, accountName: 'a', digits: 5 }, RangeError],
    ['digits "6"', { secret, accountName: 'a', digits: '6' }, TypeError],
    ['period 0', { secret, accountName: 'a', period: 0 }, RangeError],
    ['period 1.5', { secret, accountName: 'a', period: 1.5 }, RangeError],
    ['algorithm MD5', { secret, accountName: 'a', algorithm: 'MD5' }, RangeError],
    ['counter with totp', { secret, accountName: 'a', counter: 1 }, TypeError],
    ['period with hotp', { type: 'hotp', secret, accountName: 'a', counter: 1, period: 30 }, TypeError],
    ['hotp without counter', { type: 'hotp', secret, accountName: 'a' }, TypeError],
    ['negative counter', { type: 'hotp', secret, accountName: 'a', counter: -1 }, RangeError],
    ['counter 2^64', { type: 'hotp', secret, accountName: 'a', counter: 2n ** 64n }, RangeError],
    ['http image', { secret, accountName: 'a', image: 'http://example.com/a.png' }, RangeError],
    ['data image', { secret, accountName: 'a', image: 'data:image/png;base64,AAAA' }, RangeError],
    ['strict not boolean', { secret, accountName: 'a', strict: 1 }, TypeError],
    ['too long', { secret, accountName: 'a'.repeat(MAX_KEY_URI_LENGTH) }, RangeError],
  ])('throws for %s', (_name, options, kind) => {
    expect(() => buildKeyURI(options as unknown as BuildKeyURIOptions)).toThrow(kind);
  });

  it('throws TypeError for a missing or non-object options argument', () => {
    expect(() => buildKeyURI(undefined as unknown as BuildKeyURIOptions)).toThrow(TypeError);
    expect(() => buildKeyURI('otpauth' as unknown as BuildKeyURIOptions)).toThrow(TypeError);
  });
});

describe('redaction of the parsed result', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const uri = `otpauth://hotp/ACME:alice?secret=${secret}&issuer=ACME&counter=18446744073709551615`;

  it('String, JSON and util.inspect never show the secret or key; getters do', async () => {
    const { inspect } = await import('node:util');
    const parsed: KeyURI = parseKeyURI(uri);
    const keyHex = Buffer.from(parsed.key).toString('hex');
    for (const text of [
      String(parsed),
      `${parsed}`,
      JSON.stringify(parsed),
      inspect(parsed),
      inspect(parsed, { showHidden: true, getters: true, depth: 5 }),
      inspect({ ...parsed }),
    ]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(keyHex);
      expect(text).not.toMatch(/\bkey\b/);
    }
    expect(JSON.parse(JSON.stringify(parsed))).toMatchObject({
      type: 'hotp',
      issuer: 'ACME',
      secret: '[redacted]',
      counter: '18446744073709551615',
    });
    expect(inspect(parsed)).toContain('[redacted]');
    expect(Object.keys(parsed)).not.toContain('secret');
    expect(Object.keys(parsed)).not.toContain('key');
    expect(parsed.secret).toBe(secret);
    expect(Buffer.from(parsed.key).toString('latin1')).toBe('Hello!\xde\xad\xbe\xefHello!\xde\xad\xbe\xef');
  });

  it('is frozen and hands out a copy of the key', () => {
    const parsed = parseKeyURI(uri);
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(parsed.warnings)).toBe(true);
    parsed.key.fill(0);
    expect(parsed.secret).toBe(secret);
  });
});
