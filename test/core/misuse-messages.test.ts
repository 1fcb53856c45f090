/**
 * #12 kind 7, case pre-1970-date-message, and its table: for every misuse of every option of
 * generateTOTP, verifyTOTP, generateHOTP, verifyHOTP, buildKeyURI and parseKeyURI, the error kind
 * and a message that names the option and says what is wrong (never echoing a string's text).
 */
import { describe, expect, it } from 'vitest';
import type { HmacAlgorithm } from '../../src/core/algorithm.js';
import { InvalidKeyURIError } from '../../src/core/errors.js';
import { generateHOTP, verifyHOTP } from '../../src/core/hotp.js';
import { type BuildKeyURIOptions, buildKeyURI, parseKeyURI } from '../../src/core/key-uri.js';
import { generateTOTP, verifyTOTP } from '../../src/core/totp.js';
import { fixtureJSON } from '../helpers.js';

const key = new Uint8Array(20);
const U = 'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP';
type Kind = typeof TypeError | typeof RangeError | typeof InvalidKeyURIError;
const bad = <T>(value: unknown) => value as T;
const build = (o: object) => () => buildKeyURI({ accountName: 'a', key, ...o } as BuildKeyURIOptions);

// [function, option, misuse, call, error kind, message]
const TABLE: [string, string, string, () => unknown, Kind, RegExp][] = [
  // time, shared by generateTOTP and verifyTOTP (one parser: src/core/time.ts)
  [
    'generateTOTP',
    'time',
    'a Date before 1970',
    () => generateTOTP(key, { time: new Date('1969-12-31T23:59:00Z') }),
    RangeError,
    /^"time" expected a Date at or after the Unix epoch \(1970-01-01T00:00:00Z\), got 1969-12-31T23:59:00\.000Z: before the Unix epoch$/,
  ],
  [
    'generateTOTP',
    'time',
    'negative seconds',
    () => generateTOTP(key, { time: -60 }),
    RangeError,
    /^"time" expected Unix seconds ≥ 0, got -60: before the Unix epoch$/,
  ],
  [
    'verifyTOTP',
    'time',
    'a Date before 1970',
    () => verifyTOTP(key, '123456', { time: new Date(-1) }),
    RangeError,
    /before the Unix epoch/,
  ],
  [
    'generateTOTP',
    'time',
    'before T0',
    () => generateTOTP(key, { t0: 100, time: 50 }),
    RangeError,
    /^"time" expected a time at or after t0 \(100 Unix seconds\), got 50: before T0$/,
  ],
  ['verifyTOTP', 'time', 'a Date before T0', () => verifyTOTP(key, '123456', { t0: 100, time: new Date(50_000) }), RangeError, /before T0/],
  [
    'generateTOTP',
    'time',
    'milliseconds',
    () => generateTOTP(key, { time: 1_700_000_000_000 }),
    RangeError,
    /"time" expected Unix seconds below 10\^12.*looks like milliseconds/,
  ],
  [
    'generateTOTP',
    'time',
    'NaN',
    () => generateTOTP(key, { time: Number.NaN }),
    RangeError,
    /"time" expected finite Unix seconds, got NaN/,
  ],
  [
    'generateTOTP',
    'time',
    'Infinity',
    () => generateTOTP(key, { time: Number.POSITIVE_INFINITY }),
    RangeError,
    /"time" expected finite Unix seconds/,
  ],
  [
    'generateTOTP',
    'time',
    'an invalid Date',
    () => generateTOTP(key, { time: new Date('x') }),
    RangeError,
    /"time" expected a valid Date, got an invalid Date/,
  ],
  [
    'generateTOTP',
    'time',
    'a string',
    () => generateTOTP(key, { time: bad('1700000000') }),
    TypeError,
    /"time" expected Unix seconds \(a number\) or a Date, got a string of 10 characters/,
  ],
  ['generateTOTP', 'time', 'a bigint', () => generateTOTP(key, { time: bad(1n) }), TypeError, /"time" expected Unix seconds/],
  // key
  [
    'generateTOTP',
    'key',
    'base32 text',
    () => generateTOTP(bad('JBSWY3DPEHPK3PXP')),
    TypeError,
    /^"key" expected a Uint8Array, got a string of 16 characters$/,
  ],
  [
    'generateHOTP',
    'key',
    'under 10 bytes',
    () => generateHOTP(new Uint8Array(9), 0),
    RangeError,
    /"key" expected at least 10 bytes, got 9/,
  ],
  // options
  ['generateTOTP', 'options', 'a number', () => generateTOTP(key, bad(5)), TypeError, /"options" expected an options object, got 5/],
  [
    'verifyHOTP',
    'options',
    'missing',
    () => verifyHOTP(key, '123456', bad(undefined)),
    TypeError,
    /"options" expected an object with "counter"/,
  ],
  // period, t0
  ['generateTOTP', 'period', '0', () => generateTOTP(key, { period: 0 }), RangeError, /"period" expected a safe integer ≥ 1, got 0/],
  [
    'verifyTOTP',
    'period',
    'a fraction',
    () => verifyTOTP(key, '1', { period: 1.5 }),
    RangeError,
    /"period" expected a safe integer ≥ 1, got 1\.5/,
  ],
  [
    'generateTOTP',
    't0',
    'negative',
    () => generateTOTP(key, { t0: -1 }),
    RangeError,
    /"t0" expected an integer from 0 to 999999999999, got -1/,
  ],
  // digits, algorithm, encoder
  ['generateTOTP', 'digits', '5', () => generateTOTP(key, { digits: 5 }), RangeError, /"digits" expected an integer from 6 to 10, got 5/],
  [
    'generateHOTP',
    'digits',
    'a string',
    () => generateHOTP(key, 0, { digits: bad('6') }),
    TypeError,
    /"digits" expected an integer from 6 to 10, got a string/,
  ],
  [
    'verifyHOTP',
    'digits',
    '11',
    () => verifyHOTP(key, '1', { counter: 0, digits: 11 }),
    RangeError,
    /"digits" expected an integer from 6 to 10, got 11/,
  ],
  [
    'generateTOTP',
    'algorithm',
    'lower case',
    () => generateTOTP(key, { algorithm: bad<HmacAlgorithm>('sha1') }),
    RangeError,
    /"algorithm" expected one of SHA1, SHA256, SHA512/,
  ],
  ['generateHOTP', 'algorithm', 'a number', () => generateHOTP(key, 0, { algorithm: bad(1) }), TypeError, /"algorithm"/],
  [
    'generateTOTP',
    'encoder',
    'unknown',
    () => generateTOTP(key, { encoder: bad('base26') }),
    RangeError,
    /"encoder" expected one of steam/,
  ],
  [
    'verifyTOTP',
    'encoder',
    'with digits 6',
    () => verifyTOTP(key, 'ABCDE', { encoder: 'steam', digits: 6 }),
    TypeError,
    /"digits" does not apply with encoder "steam"/,
  ],
  // window, counter, lookAhead
  [
    'verifyTOTP',
    'window',
    '11',
    () => verifyTOTP(key, '1', { window: 11 }),
    RangeError,
    /"window" expected an integer from 0 to 10, got 11/,
  ],
  [
    'verifyTOTP',
    'window',
    'half an object',
    () => verifyTOTP(key, '1', { window: bad({ past: 1 }) }),
    TypeError,
    /"window\.future" expected an integer from 0 to 10, got undefined/,
  ],
  ['generateHOTP', 'counter', 'negative', () => generateHOTP(key, -1), RangeError, /"counter" expected an integer ≥ 0, got -1/],
  [
    'generateHOTP',
    'counter',
    'over 2^64 − 1',
    () => generateHOTP(key, 2n ** 64n),
    RangeError,
    /"counter" expected a bigint from 0 to 2\^64 − 1/,
  ],
  [
    'verifyHOTP',
    'counter',
    'missing',
    () => verifyHOTP(key, '1', bad({})),
    TypeError,
    /"counter" expected a safe integer or a bigint, got undefined/,
  ],
  [
    'verifyHOTP',
    'lookAhead',
    '101',
    () => verifyHOTP(key, '1', { counter: 0, lookAhead: 101 }),
    RangeError,
    /"lookAhead" expected an integer from 0 to 100, got 101/,
  ],
  // buildKeyURI
  [
    'buildKeyURI',
    'options',
    'missing',
    () => buildKeyURI(bad(undefined)),
    TypeError,
    /"options" expected an options object, got undefined/,
  ],
  ['buildKeyURI', 'type', 'unknown', build({ type: 'motp' }), RangeError, /"type" expected one of totp, hotp/],
  [
    'buildKeyURI',
    'secret',
    'a number',
    () => buildKeyURI(bad({ accountName: 'a', secret: 5 })),
    TypeError,
    /"secret" expected a string, got 5/,
  ],
  [
    'buildKeyURI',
    'secret',
    'not base32',
    () => buildKeyURI({ accountName: 'a', secret: 'JBSW1' }),
    InvalidKeyURIError,
    /invalid secret: .*"1" at position 4/,
  ],
  ['buildKeyURI', 'secret/key', 'both', build({ secret: 'JBSWY3DPEHPK3PXP' }), TypeError, /"secret" and "key" were both given/],
  ['buildKeyURI', 'secret/key', 'neither', () => buildKeyURI(bad({ accountName: 'a' })), TypeError, /"secret" or "key" is required/],
  ['buildKeyURI', 'key', 'under 10 bytes', build({ key: new Uint8Array(3) }), RangeError, /"key" expected at least 10 bytes, got 3/],
  ['buildKeyURI', 'issuer', 'empty', build({ issuer: '' }), RangeError, /"issuer" expected a non-empty string, got ""/],
  ['buildKeyURI', 'issuer', 'a control character', build({ issuer: 'a\nb' }), RangeError, /"issuer" expected printable text/],
  ['buildKeyURI', 'issuer', 'a colon, strict', build({ issuer: 'localhost:8000', strict: true }), RangeError, /issuer has a colon/],
  ['buildKeyURI', 'accountName', 'a number', build({ accountName: 5 }), TypeError, /"accountName" expected a string, got 5/],
  ['buildKeyURI', 'accountName', 'a leading space', build({ accountName: ' a' }), RangeError, /"accountName" expected no leading space/],
  ['buildKeyURI', 'accountName', 'U+202E', build({ accountName: 'a\u202eb' }), RangeError, /"accountName" expected visible text.*U\+202E/],
  [
    'buildKeyURI',
    'algorithm',
    'SHA-256 (typed option)',
    build({ algorithm: 'SHA-256' }),
    RangeError,
    /"algorithm" expected one of SHA1, SHA256, SHA512/,
  ],
  ['buildKeyURI', 'digits', '5', build({ digits: 5 }), RangeError, /"digits" expected an integer from 6 to 10, got 5/],
  ['buildKeyURI', 'period', '0', build({ period: 0 }), RangeError, /"period" expected a safe integer ≥ 1, got 0/],
  [
    'buildKeyURI',
    'period',
    'with hotp',
    build({ type: 'hotp', counter: 0, period: 30 }),
    TypeError,
    /"period" applies to type "totp" only/,
  ],
  ['buildKeyURI', 'counter', 'with totp', build({ counter: 1 }), TypeError, /"counter" applies to type "hotp" only/],
  ['buildKeyURI', 'counter', 'missing for hotp', build({ type: 'hotp' }), TypeError, /"counter" is required for type "hotp"/],
  ['buildKeyURI', 'image', 'http:', build({ image: 'http://example.com/a.png' }), RangeError, /"image" expected an https: URL/],
  ['buildKeyURI', 'strict', 'a string', build({ strict: 'yes' }), TypeError, /"strict" expected a boolean, got a string of 3 characters/],
  ['buildKeyURI', 'onWarning', 'a string', build({ onWarning: 'log' }), TypeError, /"onWarning" expected a function/],
  ['buildKeyURI', 'encoder', 'unknown', build({ encoder: 'x' }), RangeError, /"encoder" expected one of steam/],
  [
    'buildKeyURI',
    'encoder',
    'with hotp',
    build({ type: 'hotp', counter: 0, encoder: 'steam' }),
    TypeError,
    /"encoder" applies to type "totp" only/,
  ],
  // parseKeyURI
  ['parseKeyURI', 'uri', 'a number', () => parseKeyURI(bad(5)), TypeError, /"uri" expected a string, got 5/],
  ['parseKeyURI', 'uri', 'another scheme', () => parseKeyURI('https://example.com'), InvalidKeyURIError, /must start with otpauth:\/\//],
  ['parseKeyURI', 'options', 'a number', () => parseKeyURI(U, bad(5)), TypeError, /"options" expected an options object, got 5/],
  ['parseKeyURI', 'strict', 'a number', () => parseKeyURI(U, bad({ strict: 1 })), TypeError, /"strict" expected a boolean, got 1/],
];

describe('pre-1970-date-message: a misuse message that does not say what was wrong', () => {
  it('the case', () => {
    const c = fixtureJSON<{ cases: { id: string; given: string }[] }>('cases/outside-2.json').cases.find(
      (x) => x.id === 'pre-1970-date-message',
    );
    expect(c?.given).toContain("new Date('1969-12-31T23:59:00Z')");
    expect(() => generateTOTP(key, { time: new Date('1969-12-31T23:59:00Z') })).toThrow(/before the Unix epoch/);
  });
});

describe('misuse messages of every option (table)', () => {
  it.each(TABLE)('%s %s: %s', (_fn, _option, _misuse, call, kind, message) => {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(kind);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/got an object$/); // the old non-answer for a Date
  });
});
