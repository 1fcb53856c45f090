/**
 * Unbounded input (#10.8): every text parser of the core has a documented maximum length and
 * refuses longer text before any work: secrets (MAX_SECRET_CHARS), key URIs
 * (MAX_KEY_URI_LENGTH), tokens (MAX_TOKEN_CHARS). Each is tried at its limit (accepted), one
 * over (refused) and at 10 MB (refused, with the documented error type). Timing is not
 * asserted here (speed targets live in bench/).
 */
import { describe, expect, it } from 'vitest';
import { ascii } from '../helpers.js';
import { errors, otpkit } from './target.js';

const K = otpkit;
const KEY = ascii('12345678901234567890');
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of KEY (RFC 4648 §6, by hand)
const TEN_MB = 10_000_000;

/** The error `run` throws (fails the test when it does not throw). */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('secrets: MAX_SECRET_CHARS', () => {
  it('is 2048 characters, room for the largest generated key (128 bytes, 205 symbols) with separators and padding', () => {
    expect(K.MAX_SECRET_CHARS).toBe(2048);
    const largest = K.encodeSecret(new Uint8Array(128).fill(7));
    expect(K.formatSecret(largest).length).toBeLessThanOrEqual(K.MAX_SECRET_CHARS);
  });

  it('accepts a secret of exactly the limit (padded with spaces) and refuses one character more', () => {
    const atLimit = SECRET + ' '.repeat(K.MAX_SECRET_CHARS - SECRET.length);
    expect(K.decodeSecret(atLimit)).toEqual(KEY);
    const error = thrown(() => K.decodeSecret(`${atLimit} `));
    expect(error).toBeInstanceOf(errors.InvalidSecretError);
    expect((error as InstanceType<typeof errors.InvalidSecretError>).reason).toBe('too-long');
  });

  for (const [name, text] of [
    ['10 MB of base32 (would decode to a 6.25 MB key)', 'A'.repeat(TEN_MB)],
    ['10 MB of spaces', ' '.repeat(TEN_MB)],
    ['10 MB of hyphens around a valid secret', `${SECRET}${'-'.repeat(TEN_MB)}`],
    ['10 MB of a character outside the alphabet', '!'.repeat(TEN_MB)],
  ] as const) {
    it(`refuses ${name}: InvalidSecretError 'too-long', secret not in the message`, () => {
      const error = thrown(() => K.decodeSecret(text));
      expect(error).toBeInstanceOf(errors.InvalidSecretError);
      expect((error as InstanceType<typeof errors.InvalidSecretError>).reason).toBe('too-long');
      expect(error.message).not.toContain('AAAA');
      expect(error.message.length).toBeLessThan(200);
    });
  }
});

describe('key URIs: MAX_KEY_URI_LENGTH', () => {
  const uri = (pad: number) => `otpauth://totp/ACME:alice?secret=${SECRET}&issuer=ACME&x=${'a'.repeat(pad)}`;
  const base = uri(0).length;

  it('accepts a URI of exactly the limit and refuses one character more, naming "uri"', () => {
    expect(K.parseKeyURI(uri(K.MAX_KEY_URI_LENGTH - base)).accountName).toBe('alice');
    const error = thrown(() => K.parseKeyURI(uri(K.MAX_KEY_URI_LENGTH - base + 1)));
    expect(error).toBeInstanceOf(errors.InvalidKeyURIError);
    expect((error as InstanceType<typeof errors.InvalidKeyURIError>).parameter).toBe('uri');
  });

  for (const [name, text] of [
    ['a 10 MB secret', `otpauth://totp/a?secret=${'A'.repeat(TEN_MB)}`],
    ['a 10 MB label of control characters', `otpauth://totp/${'\u0001'.repeat(TEN_MB)}?secret=${SECRET}`],
    ['10 MB of lone surrogates', `otpauth://totp/a?secret=${SECRET}&x=${'\uD800'.repeat(TEN_MB)}`],
    ['10 MB of percent escapes', `otpauth://totp/${'%41'.repeat(TEN_MB / 3)}?secret=${SECRET}`],
  ] as const) {
    it(`refuses ${name}, naming "uri", before looking inside`, () => {
      const error = thrown(() => K.parseKeyURI(text));
      expect(error).toBeInstanceOf(errors.InvalidKeyURIError);
      expect((error as InstanceType<typeof errors.InvalidKeyURIError>).parameter).toBe('uri');
      expect(error.message).toMatch(/limit/);
    });
  }
});

describe('tokens: MAX_TOKEN_CHARS', () => {
  it('is 64; a right code padded with spaces to the limit is accepted, one over is not', () => {
    expect(K.MAX_TOKEN_CHARS).toBe(64);
    // RFC 6238 Appendix B: SHA-1, T = 59 s, 8 digits → 94287082.
    const atLimit = `94287082${' '.repeat(K.MAX_TOKEN_CHARS - 8)}`;
    expect(K.verifyTOTP(KEY, atLimit, { time: 59, digits: 8, window: { past: 0, future: 0 } }).valid).toBe(true);
    expect(K.verifyTOTP(KEY, `${atLimit} `, { time: 59, digits: 8, window: { past: 0, future: 0 } }).valid).toBe(false);
    // RFC 4226 Appendix D: counter 0 → 755224.
    expect(K.verifyHOTP(KEY, `755224${' '.repeat(K.MAX_TOKEN_CHARS - 6)}`, { counter: 0 }).valid).toBe(true);
    expect(K.verifyHOTP(KEY, `755224${' '.repeat(K.MAX_TOKEN_CHARS - 5)}`, { counter: 0 }).valid).toBe(false);
  });

  it('a 10 MB token is invalid (a value, never a throw) for TOTP and HOTP', () => {
    for (const token of ['1'.repeat(TEN_MB), ' '.repeat(TEN_MB), `94287082${' '.repeat(TEN_MB)}`]) {
      expect(K.verifyTOTP(KEY, token, { time: 59, digits: 8 })).toEqual({ valid: false });
      expect(K.verifyHOTP(KEY, token, { counter: 0 })).toEqual({ valid: false });
    }
  });
});
