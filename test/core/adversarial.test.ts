/**
 * An adversarial corpus against every public function of the core. Options and keys are
 * programmer input: each parameter lists the corpus values it accepts, and every other value must
 * throw TypeError/RangeError at once (never return, never another error). Tokens
 * and secret text are outside input: tokens never throw, secrets throw only InvalidSecretError.
 */
import { describe, expect, it } from 'vitest';
import { ascii } from '../helpers.js';
import { errors, otpkit } from './target.js';

const K = otpkit;
const key = ascii('12345678901234567890');

const corpus: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
  ['-1', -1],
  ['0.5', 0.5],
  ['2^53', 2 ** 53],
  ['2^64', 2 ** 64],
  ['1e300', 1e300],
  ['-1n', -1n],
  ['2^64 n', 2n ** 64n],
  ['true', true],
  ['empty string', ''],
  ['"6"', '6'],
  ['"SHA-1"', 'SHA-1'],
  ['"sha1"', 'sha1'],
  ['huge string', 'A'.repeat(1 << 20)],
  ['fullwidth digits', '７５５２２４'],
  ['symbol', Symbol('x')],
  ['function', () => 6],
  ['object', {}],
  ['null-prototype object', Object.create(null)],
  ['array', [6]],
  ['boxed number', new Number(6)],
  ['boxed string', new String('SHA1')],
  ['invalid Date', new Date(Number.NaN)],
  ['Date before 1970', new Date(-1000)],
  ['Int8Array', new Int8Array(20)],
  ['Uint16Array', new Uint16Array(20)],
  ['Float64Array', new Float64Array(20)],
  ['DataView', new DataView(new ArrayBuffer(20))],
  ['ArrayBuffer', new ArrayBuffer(20)],
  ['short Uint8Array', new Uint8Array(9)],
  [
    'throwing getter',
    Object.defineProperty({}, 'x', {
      get: () => {
        throw new Error('boom');
      },
    }),
  ],
];

/**
 * The corpus values a parameter accepts; every other corpus value is known-invalid for it and
 * must throw TypeError or RangeError. Decided by hand from each parameter's docstring.
 */
const OBJECTS = [
  'undefined',
  'object',
  'null-prototype object',
  'boxed number',
  'boxed string',
  'invalid Date',
  'Date before 1970',
  'Int8Array',
  'Uint16Array',
  'Float64Array',
  'DataView',
  'ArrayBuffer',
  'short Uint8Array',
  'throwing getter',
];
const accepts = {
  /** A key K: a Uint8Array of at least 10 bytes; no corpus value is one. */
  key: [],
  /** Any Uint8Array (encodeSecret, assessKey). */
  bytes: ['short Uint8Array'],
  /** A counter C: safe integer ≥ 0 or bigint 0 … 2^64 − 1 (-0 is 0). */
  counter: ['-0'],
  /** An options object; any non-array object is read for its own fields, none set here. */
  options: OBJECTS,
  /** An option with a default: only absent. */
  defaulted: ['undefined'],
  /** A count with a default whose range starts at 0 (-0 is 0). */
  fromZero: ['undefined', '-0'],
  /** A time: Unix seconds ≥ 0 (fractions allowed), a valid Date, or absent (now). */
  time: ['undefined', '-0', '0.5'],
} satisfies Record<string, string[]>;

const calls: [string, (v: unknown) => unknown, readonly string[]][] = [
  ['generateHOTP key', (v) => K.generateHOTP(v as any, 0), accepts.key],
  ['generateHOTP counter', (v) => K.generateHOTP(key, v as any), accepts.counter],
  ['generateHOTP options', (v) => K.generateHOTP(key, 0, v as any), accepts.options],
  ['generateHOTP digits', (v) => K.generateHOTP(key, 0, { digits: v as any }), accepts.defaulted],
  ['generateHOTP algorithm', (v) => K.generateHOTP(key, 0, { algorithm: v as any }), accepts.defaulted],
  ['verifyHOTP key', (v) => K.verifyHOTP(v as any, '755224', { counter: 0 }), accepts.key],
  ['verifyHOTP options', (v) => K.verifyHOTP(key, '755224', v as any), []],
  ['verifyHOTP counter', (v) => K.verifyHOTP(key, '755224', { counter: v as any }), accepts.counter],
  ['verifyHOTP lookAhead', (v) => K.verifyHOTP(key, '755224', { counter: 0, lookAhead: v as any }), accepts.fromZero],
  ['timeStep time', (v) => K.timeStep(v as any), accepts.time],
  ['timeStep options', (v) => K.timeStep(59, v as any), accepts.options],
  ['timeStep period', (v) => K.timeStep(59, { period: v as any }), accepts.defaulted],
  ['timeStep t0', (v) => K.timeStep(59, { t0: v as any }), accepts.fromZero],
  ['generateTOTP key', (v) => K.generateTOTP(v as any, { time: 59 }), accepts.key],
  ['generateTOTP time', (v) => K.generateTOTP(key, { time: v as any }), accepts.time],
  ['generateTOTP options', (v) => K.generateTOTP(key, v as any), accepts.options],
  ['verifyTOTP window', (v) => K.verifyTOTP(key, '287082', { time: 59, window: v as any }), accepts.fromZero],
  [
    'verifyTOTP window.past',
    (v) => K.verifyTOTP(key, '287082', { time: 59, window: { past: v as any, future: 1 } }),
    ['-0'], // a window object names both sides
  ],
  ['verifyTOTP digits', (v) => K.verifyTOTP(key, '287082', { time: 59, digits: v as any }), accepts.defaulted],
  ['prepareKey key', (v) => K.prepareKey(v as any), accepts.key],
  ['new PreparedKey key', (v) => new K.PreparedKey(v as any, 'SHA1'), accepts.key],
  ['new PreparedKey algorithm', (v) => new K.PreparedKey(key, v as any), []],
  ['prepareKey options', (v) => K.prepareKey(key, v as any), accepts.options],
  ['generateKey options', (v) => K.generateKey(v as any), accepts.options],
  ['generateKey bytes', (v) => K.generateKey({ bytes: v as any }), accepts.defaulted],
  ['encodeSecret', (v) => K.encodeSecret(v as any), accepts.bytes],
  ['assessKey', (v) => K.assessKey(v as any), accepts.bytes],
];

/** `'throws'` (TypeError or RangeError), `'returns'`, or the unexpected error itself. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'returns';
  } catch (error) {
    return error instanceof TypeError || error instanceof RangeError ? 'throws' : `throws ${String(error)}`;
  }
}

describe('adversarial corpus: known-invalid programmer input throws TypeError/RangeError', () => {
  for (const [name, call, accepted] of calls) {
    it(name, () => {
      const got = Object.fromEntries(corpus.map(([label, value]) => [label, outcome(() => call(value))]));
      const want = Object.fromEntries(corpus.map(([label]) => [label, accepted.includes(label) ? 'returns' : 'throws']));
      expect(got).toEqual(want);
    });
  }
});

describe('adversarial corpus: tokens never throw', () => {
  it('verifyHOTP and verifyTOTP answer { valid: false } for every odd token', () => {
    for (const [label, value] of corpus) {
      expect(K.verifyHOTP(key, value, { counter: 0 }), label).toEqual({ valid: false });
      expect(K.verifyTOTP(key, value, { time: 59 }), label).toEqual({ valid: false });
      expect(K.verifyTOTP(K.prepareKey(key), value, { time: 59 }), label).toEqual({ valid: false });
    }
  });

  it('a megabyte token is refused without scanning it', () => {
    const huge = `755224${' '.repeat(1 << 20)}`;
    expect(K.verifyHOTP(key, huge, { counter: 0 })).toEqual({ valid: false });
  });

  it('Unicode look-alikes and separators never pass', () => {
    // The right code at C = 0 is 755224 (RFC 4226 Appendix D).
    const lookAlikes = [
      '７５５２２４',
      '٧٥٥٢٢٤',
      '۷۵۵۲۲۴',
      '755\u00a0224',
      '755\u2003224',
      '755\u200b224',
      '755224\u0000',
      '755_224',
      '755-224',
      '755.224',
      '75522４',
    ];
    for (const token of lookAlikes) expect(K.verifyHOTP(key, token, { counter: 0 }), token).toEqual({ valid: false });
    expect(K.verifyHOTP(key, ' 755\t224\r\n', { counter: 0 }).valid).toBe(true);
  });

  it('new PreparedKey applies the same key floor as prepareKey', () => {
    expect(() => new K.PreparedKey(new Uint8Array(9), 'SHA1')).toThrow(RangeError);
    expect(() => new K.PreparedKey(key, 'MD5' as any)).toThrow(RangeError);
  });

  it('misuse is reported even when the token is bad (options are checked first)', () => {
    expect(() => K.verifyTOTP(key, 'nonsense', { digits: 4 })).toThrow(RangeError);
    expect(() => K.verifyHOTP(new Uint8Array(3), 'nonsense', { counter: 0 })).toThrow(RangeError);
  });
});

describe('adversarial corpus: secret text throws only InvalidSecretError (or TypeError for a non-string)', () => {
  it('decodeSecret', () => {
    const texts = [
      ...corpus.map(([, v]) => v),
      'A=AAAAAAAAAAAAAAA',
      '=AAAAAAAAAAAAAAAA',
      'AAAAAAAAAAAAAAAAA',
      '\u0000',
      '\ud800',
      '😀'.repeat(20),
      'ÄBCDEFGH',
    ];
    for (const text of texts) {
      try {
        K.decodeSecret(text as any);
      } catch (error) {
        if (typeof text === 'string') expect(error, JSON.stringify(text.slice(0, 20))).toBeInstanceOf(errors.InvalidSecretError);
        else expect(error).toBeInstanceOf(TypeError);
      }
    }
  });

  it('names the first bad character and its position, padding in the middle included', () => {
    const at = (text: string) => {
      try {
        K.decodeSecret(text);
      } catch (error: any) {
        return [error.reason, error.character, error.position];
      }
      return null;
    };
    expect(at('GEZDGNBV=GY3TQOJQ')).toEqual(['character', '=', 8]);
    expect(at('GEZDGNBVGY3TQOJ1')).toEqual(['character', '1', 15]);
    expect(at('GEZD GNBV GY3T QOJ0')).toEqual(['character', '0', 18]);
    expect(at('GEZDGNBVGY3TQOJQ😀')).toEqual(['character', '😀', 16]);
    expect(at('GEZDGNBVGY3TQOJQG')).toEqual(['length', undefined, undefined]);
    expect(at('GEZDGNBVGY3TQOJQ==')).toBeNull();
  });
});

describe('misuse messages never show a string argument', () => {
  it('a base32 secret passed where bytes or options belong is described, not echoed', () => {
    const secret = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
    const attempts = [
      () => K.verifyTOTP(secret as any, '123456'),
      () => K.verifyHOTP(secret as any, '123456', { counter: 0 }),
      () => K.generateTOTP(secret as any),
      () => K.generateHOTP(secret as any, 0),
      () => K.prepareKey(secret as any),
      () => K.encodeSecret(secret as any),
      () => K.assessKey(secret as any),
      () => K.generateHOTP(new Uint8Array(20), 0, { algorithm: secret as any }),
      () => K.generateHOTP(new Uint8Array(20), secret as any),
      () => K.timeStep(secret as any),
      () => K.verifyTOTP(new Uint8Array(20), '123456', { window: secret as any }),
    ];
    for (const attempt of attempts) {
      let message = '';
      try {
        attempt();
      } catch (error) {
        expect(error instanceof TypeError || error instanceof RangeError).toBe(true);
        message = (error as Error).message;
      }
      expect(message).toMatch(/a string of 32 characters/);
      expect(message).not.toContain(secret.slice(0, 8));
    }
  });
});
