/**
 * Every case of test/fixtures/cases/core.json, by id. Expected values come from the case file
 * (checked there against oathtool and pyotp). A case id this file does not handle fails the run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ascii, caseName, fixtureJSON, hex } from '../helpers.js';
import { errors, otpkit } from './target.js';

const K = otpkit;
const file = fixtureJSON('cases/core.json');
const cases = new Map<string, any>(file.cases.map((c: any) => [c.id, c]));
const handled = new Set<string>();

function testCase(id: string, body: (c: any) => void) {
  handled.add(id);
  it(caseName(cases.get(id) ?? { id }), () => {
    const c = cases.get(id);
    expect(c, `case ${id} exists in core.json`).toBeDefined();
    body(c);
  });
}

function keyOf(given: any): Uint8Array {
  if (given.keyAscii !== undefined) return ascii(given.keyAscii);
  if (given.keyHex !== undefined) return hex(given.keyHex);
  return K.decodeSecret(given.secret);
}

function thrown(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('test/fixtures/cases/core.json', () => {
  testCase('seed-example-key', (c) => {
    const error = thrown(() => K.decodeSecret(c.given.decodeSecret));
    expect(error).toBeInstanceOf(errors.InvalidSecretError);
    expect(error).toBeInstanceOf(errors.OtpkitError);
    expect(error.code).toBe(c.expect.code);
    expect(error.character).toBe(c.expect.character);
    expect(error.position).toBe(c.expect.position);
    expect(error.message).not.toContain(c.given.decodeSecret);
  });

  testCase('invalid-character', (c) => {
    const error = thrown(() => K.decodeSecret(c.given.decodeSecret));
    expect(error).toBeInstanceOf(errors.InvalidSecretError);
    expect([error.character, error.position]).toEqual([c.expect.character, c.expect.position]);
    expect(error.message).not.toContain(c.given.decodeSecret);
  });

  for (const id of ['spaces-in-secret', 'lowercase-secret', 'hyphens-and-padding']) {
    testCase(id, (c) => {
      const key = K.decodeSecret(c.given.secret);
      expect(K.generateTOTP(key, { time: c.given.time, digits: c.given.digits })).toBe(c.expect.totp);
    });
  }

  testCase('legacy-80-bit-secret', (c) => {
    const key = K.decodeSecret(c.given.secret);
    expect(key.length).toBe(c.expect.keyBytes);
    expect(K.generateTOTP(key, { time: c.given.time })).toBe(c.expect.totp);
    expect(K.assessKey(key).strength).toBe('legacy');
    expect(() => K.generateKey({ bytes: c.expect.keyBytes })).toThrow(RangeError);
  });

  testCase('too-short-or-empty-secret', (c) => {
    const reasons = c.given.decodeSecret.map((text: string) => {
      const error = thrown(() => K.decodeSecret(text));
      expect(error).toBeInstanceOf(errors.InvalidSecretError);
      expect(error.code).toBe('ERR_INVALID_SECRET');
      if (text !== '') expect(error.message).not.toContain(text);
      return error.reason;
    });
    // Empty; 5 bytes, under the 10-byte floor; a character outside the alphabet.
    expect(reasons).toEqual(['empty', 'too-short', 'character']);
    const bang = thrown(() => K.decodeSecret('not-base32!!'));
    // By hand: "not-" → 0–3 ('-' skipped), "base32" → 4–9, all in the alphabet; '!' is at 10.
    expect([bang.character, bang.position]).toEqual(['!', 10]);
  });

  testCase('empty-key-bytes', (c) => {
    expect(() => K.generateHOTP(hex(c.given.generateHOTP.keyHex), c.given.generateHOTP.counter)).toThrow(RangeError);
  });

  testCase('default-key-length', (c) => {
    expect(K.generateKey().length).toBe(c.expect.bytes);
    expect(K.generateKey({ bytes: c.expect.minimumAllowed }).length).toBe(c.expect.minimumAllowed);
    expect(() => K.generateKey({ bytes: c.expect.minimumAllowed - 1 })).toThrow(RangeError);
    // Two fresh keys differ (a 2^-160 chance of a false failure).
    expect(K.generateKey()).not.toEqual(K.generateKey());
  });

  testCase('leading-zero-code', (c) => {
    expect(K.generateHOTP(keyOf(c.given), c.given.counter)).toBe(c.expect.hotp);
  });

  for (const id of ['leading-zero-more', 'counter-2pow31-2pow32']) {
    testCase(id, (c) => {
      const key = keyOf(c.given);
      expect(c.given.counters.map((n: number) => K.generateHOTP(key, n))).toEqual(c.expect.hotp);
      expect(c.given.counters.map((n: number) => K.generateHOTP(key, BigInt(n)))).toEqual(c.expect.hotp);
    });
  }

  testCase('large-counter', (c) => {
    expect(K.generateHOTP(keyOf(c.given), c.given.counter)).toBe(c.expect.hotp);
  });

  testCase('unsafe-number-counter', (c) => {
    const key = keyOf(c.given);
    expect(Number.isSafeInteger(c.given.counterNumber)).toBe(false);
    const error = thrown(() => K.generateHOTP(key, c.given.counterNumber));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(/not a safe integer, pass a bigint/);
    expect(c.given.counterBigints.map((s: string) => K.generateHOTP(key, BigInt(s)))).toEqual(c.expect.bigint);
  });

  testCase('invalid-counters', (c) => {
    const key = ascii('12345678901234567890');
    const values = c.given.counters.map((v: number | string) =>
      typeof v === 'number' ? v : v === 'NaN' ? Number.NaN : v === 'Infinity' ? Number.POSITIVE_INFINITY : BigInt(v.slice(0, -1)),
    );
    expect(values).toHaveLength(5);
    for (const counter of values) {
      expect(() => K.generateHOTP(key, counter)).toThrow(RangeError);
      expect(() => K.verifyHOTP(key, '755224', { counter })).toThrow(RangeError);
    }
  });

  testCase('negative-time', (c) => {
    const key = ascii('12345678901234567890');
    expect(() => K.timeStep(c.given.time)).toThrow(RangeError);
    expect(() => K.generateTOTP(key, { time: c.given.time })).toThrow(RangeError);
    expect(() => K.verifyTOTP(key, '000000', { time: c.given.time })).toThrow(RangeError);
  });

  testCase('milliseconds-passed-as-time', (c) => {
    const key = ascii('12345678901234567890');
    for (const fn of [() => K.timeStep(c.given.time), () => K.generateTOTP(key, { time: c.given.time })]) {
      const error = thrown(fn);
      expect(error).toBeInstanceOf(RangeError);
      expect(error.message).toMatch(/milliseconds/);
    }
  });

  testCase('period-60', (c) => {
    const key = keyOf(c.given);
    expect(c.given.times.map((time: number) => K.generateTOTP(key, { time, digits: c.given.digits, period: c.given.period }))).toEqual(
      c.expect.totp,
    );
    expect(K.timeStep(1111111109, { period: c.given.period })).toBe(c.expect.timeStepAt1111111109);
  });

  testCase('digits-9-and-10', (c) => {
    const key = keyOf(c.given);
    expect(c.given.cases.map((x: any) => K.generateHOTP(key, x.counter, { digits: x.digits }))).toEqual(c.expect.hotp);
  });

  testCase('digits-out-of-range', (c) => {
    const key = ascii('12345678901234567890');
    for (const digits of c.given.digits) {
      expect(() => K.generateHOTP(key, 0, { digits })).toThrow(RangeError);
      expect(() => K.generateTOTP(key, { digits })).toThrow(RangeError);
      expect(() => K.verifyTOTP(key, '123456', { digits })).toThrow(RangeError);
    }
  });

  testCase('token-canonical-only', (c) => {
    const key = keyOf(c.given);
    for (const token of c.expect.valid) {
      expect(K.verifyTOTP(key, token, { time: c.given.time })).toMatchObject({ valid: true, delta: 0 });
    }
    for (const token of c.expect.invalid) {
      expect(K.verifyTOTP(key, token, { time: c.given.time })).toEqual({ valid: false });
    }
  });

  testCase('token-whitespace', (c) => {
    const key = keyOf(c.given);
    for (const token of c.given.tokens) {
      expect(K.verifyTOTP(key, token, { time: c.given.time })).toMatchObject({ valid: true, delta: 0 });
    }
  });

  testCase('token-odd-values', (c) => {
    const key = keyOf(c.given);
    // The right code at C = 0 is 755224 (RFC 4226 Appendix D); none of these forms of it may pass.
    const tokens = c.given.tokens.map((t: unknown) =>
      typeof t === 'string' && t.startsWith('(a string of 100,000') ? '7'.repeat(100_000) : t,
    );
    tokens.push({ toString: () => '755224' }, ['755224'], 755224n, new String('755224'), '755224'.repeat(2));
    expect(tokens.some((t: unknown) => typeof t === 'string' && t.length === 100_000)).toBe(true);
    for (const token of tokens) {
      expect(K.verifyHOTP(key, token, { counter: c.given.counter })).toEqual({ valid: false });
      expect(K.verifyTOTP(key, token, { time: 59 })).toEqual({ valid: false });
    }
    expect(K.verifyHOTP(key, '755224', { counter: c.given.counter }).valid).toBe(true);
  });

  for (const id of ['hotp-lookahead-zero', 'hotp-no-look-behind', 'hotp-lookahead-match']) {
    testCase(id, (c) => {
      const result = K.verifyHOTP(keyOf(c.given), c.given.token, { counter: c.given.counter, lookAhead: c.given.lookAhead });
      expect(result).toEqual(c.expect);
    });
  }

  testCase('totp-window', (c) => {
    const key = keyOf(c.given);
    for (const [name, token] of Object.entries<string>(c.given.codes)) {
      const result = K.verifyTOTP(key, token, { time: c.given.time, window: c.given.window });
      const want = c.expect[name];
      if (want === false) expect(result).toEqual({ valid: false });
      else expect(result).toMatchObject(want);
      if (want !== false) expect((result as any).timeStep).toBe(41152263 + want.delta);
    }
  });

  testCase('totp-asymmetric-window', (c) => {
    const key = keyOf(c.given);
    for (const [name, token] of Object.entries<string>(c.given.codes)) {
      expect(K.verifyTOTP(key, token, { time: c.given.time, window: c.given.window }).valid).toBe(c.expect[name]);
    }
  });

  testCase('no-secret-in-output', (c) => {
    const secret: string = c.given.secret;
    const key = K.decodeSecret(secret);
    const forms = [secret, secret.toLowerCase(), Buffer.from(key).toString('hex'), Buffer.from(key).toString('base64')];
    const outputs: unknown[] = [];
    const capture = (fn: () => unknown) => {
      try {
        outputs.push(fn());
      } catch (error) {
        outputs.push(error);
      }
    };
    // Everything a caller can get back from otpkit when the canary is involved, right or wrong.
    capture(() => K.prepareKey(key));
    capture(() => K.prepareKey(key, { algorithm: 'SHA512' }));
    capture(() => K.verifyTOTP(key, '123456'));
    capture(() => K.verifyTOTP(key, secret));
    capture(() => K.verifyHOTP(key, secret, { counter: 0 }));
    capture(() => K.generateHOTP(key, -1));
    capture(() => K.generateTOTP(key, { digits: 11 }));
    capture(() => K.generateTOTP(K.prepareKey(key), { algorithm: 'SHA256' }));
    capture(() => K.decodeSecret(`${secret}!`));
    capture(() => K.decodeSecret(`${secret}A`));
    capture(() => K.decodeSecret(secret.slice(0, 8)));
    capture(() => K.decodeSecret(`${secret.slice(0, 16)}=${secret.slice(16)}`));
    capture(() => K.decodeSecret(`otpauth://totp/x?secret=${secret}`));
    capture(() => K.decodeSecret(Buffer.from(key).toString('hex')));
    capture(() => K.decodeSecret(Buffer.from(key).toString('base64')));
    capture(() => K.assessKey(key));
    expect(outputs.filter((o) => o instanceof Error).length).toBeGreaterThanOrEqual(9);
    for (const output of outputs) {
      const texts = [String(output), JSON.stringify(output) ?? '', inspect(output, { depth: 5, showHidden: true })];
      if (output instanceof Error) texts.push(output.message, output.stack ?? '', inspect({ ...output }));
      for (const text of texts) for (const form of forms) expect(text).not.toContain(form);
    }
  });

  testCase('no-weak-randomness', (c) => {
    expect(c.expect['Math.random']).toBe(0);
    const scanned: string[] = [];
    const scan = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = `${dir}/${name}`;
        if (statSync(path).isDirectory()) scan(path);
        else if (/\.(ts|js|cjs|mjs)$/.test(name)) {
          scanned.push(path);
          expect(readFileSync(path, 'utf8'), path).not.toMatch(/Math\.random/);
        }
      }
    };
    const root = new URL('../../', import.meta.url).pathname;
    scan(`${root}src`);
    scan(`${root}dist`);
    expect(scanned.some((p) => p.includes('/dist/'))).toBe(true);
    // Keys come from the platform CSPRNG, byte for byte: no reduction that could bias them.
    expect(readFileSync(`${root}src/core/secret.ts`, 'utf8')).toMatch(/crypto\.getRandomValues\(new Uint8Array\(bytes\)\)/);
  });
});

describe('coverage of the case file', () => {
  it('handles every case id in core.json', () => {
    expect([...cases.keys()].filter((id) => !handled.has(id))).toEqual([]);
  });
});
