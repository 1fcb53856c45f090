/**
 * Published vectors: RFC 4226 Appendix D (HOTP, SHA1) and RFC 6238 Appendix B (TOTP, SHA1/256/512),
 * plus the extra regression points in test/fixtures/vectors/rfc-and-extras.json (computed there with
 * node:crypto, independently of otpkit).
 */
import { describe, expect, it } from 'vitest';
import { ascii, fixtureJSON } from '../helpers.js';
import { otpkit } from './target.js';

const { generateHOTP, generateTOTP, verifyHOTP, verifyTOTP, timeStep, decodeSecret, encodeSecret } = otpkit;
const V = fixtureJSON('vectors/rfc-and-extras.json');
const rfcKey = ascii(V.rfc4226_appendix_d.secret.ascii);

describe('RFC 4226 Appendix D', () => {
  it('has the ten published vectors', () => expect(V.rfc4226_appendix_d.vectors).toHaveLength(10));
  for (const v of V.rfc4226_appendix_d.vectors) {
    it(`C = ${v.counter}: HOTP ${v.hotp6}, Snum ${v.truncatedDecimal}`, () => {
      expect(generateHOTP(rfcKey, v.counter)).toBe(v.hotp6);
      expect(generateHOTP(rfcKey, BigInt(v.counter))).toBe(v.hotp6);
      // With 10 digits the code is Snum itself (Snum < 2^31 < 10^10), so this checks the
      // dynamic truncation value of Appendix D exactly.
      expect(generateHOTP(rfcKey, v.counter, { digits: 10 })).toBe(String(v.truncatedDecimal).padStart(10, '0'));
      expect(verifyHOTP(rfcKey, v.hotp6, { counter: v.counter })).toEqual({ valid: true, counter: v.counter, delta: 0 });
    });
  }
  it('the base32 form of the seed decodes to the same bytes', () => {
    expect(decodeSecret(V.rfc4226_appendix_d.secret.base32)).toEqual(rfcKey);
    expect(encodeSecret(rfcKey)).toBe(V.rfc4226_appendix_d.secret.base32);
  });
});

describe('RFC 6238 Appendix B', () => {
  const B = V.rfc6238_appendix_b;
  it('has the eighteen published vectors', () => expect(B.vectors).toHaveLength(18));
  for (const v of B.vectors) {
    it(`${v.algorithm} at ${v.time} (${v.utc}): T = ${v.counterHex}, TOTP ${v.totp8}`, () => {
      const seed = B.seeds[v.algorithm];
      const key = ascii(seed.ascii);
      expect(decodeSecret(seed.base32)).toEqual(key);
      expect(timeStep(v.time)).toBe(Number.parseInt(v.counterHex, 16));
      expect(timeStep(v.time)).toBe(v.counter);
      const options = { time: v.time, digits: 8, algorithm: v.algorithm, period: B.period, t0: B.T0 };
      expect(generateTOTP(key, options)).toBe(v.totp8);
      expect(generateTOTP(key, { ...options, time: new Date(v.time * 1000) })).toBe(v.totp8);
      expect(generateHOTP(key, v.counter, { digits: 8, algorithm: v.algorithm })).toBe(v.totp8);
      expect(verifyTOTP(key, v.totp8, options)).toEqual({ valid: true, timeStep: v.counter, delta: 0 });
    });
  }
});

describe('extra regression points (computed with node:crypto)', () => {
  const X = V.extra_computed_not_published;
  it('6-digit SHA1 at 1111111109', () => expect(generateTOTP(rfcKey, { time: 1111111109 })).toBe(X.rfc_seed_sha1_6digit_at_1111111109));
  it('step boundary at 1111111110', () => {
    expect(timeStep(1111111110)).toBe(X.boundary_time_1111111110_counter);
    expect(generateTOTP(rfcKey, { time: 1111111110, digits: 8 })).toBe(X.boundary_time_1111111110_sha1_8digit);
  });
  it.each([
    [2n ** 31n, X.hotp_rfc_seed_counter_2pow31],
    [2n ** 32n, X.hotp_rfc_seed_counter_2pow32],
    [2n ** 32n + 1n, X.hotp_rfc_seed_counter_2pow32_plus1],
    [2n ** 53n, X.hotp_rfc_seed_counter_2pow53],
    [2n ** 53n + 1n, X.hotp_rfc_seed_counter_2pow53_plus1],
    [2n ** 64n - 1n, X.hotp_rfc_seed_counter_2pow64_minus1],
  ])('counter %s', (counter, code) => {
    expect(generateHOTP(rfcKey, counter)).toBe(code);
    if (counter <= BigInt(Number.MAX_SAFE_INTEGER)) expect(generateHOTP(rfcKey, Number(counter))).toBe(code);
  });
  it('9 and 10 digits', () => {
    expect(generateHOTP(rfcKey, 0, { digits: 10 })).toBe(X.hotp_rfc_seed_counter0_10digits);
    expect(generateHOTP(rfcKey, 0, { digits: 9 })).toBe(X.hotp_rfc_seed_counter0_9digits);
    expect(generateHOTP(rfcKey, 7, { digits: 10 })).toBe(X.hotp_rfc_seed_counter7_10digits);
  });
  it('codes with leading zeros keep them', () => {
    for (const [counter, code] of X.hotp_rfc_seed_counters_with_leading_zero_6digit) {
      expect(generateHOTP(rfcKey, counter)).toBe(code);
    }
  });
  it('T0 and period', () => {
    expect(generateTOTP(rfcKey, { time: 1059, t0: 1000, digits: 8 })).toBe(X.totp_rfc_seed_sha1_8digit_T0_1000_time_1059);
    expect(generateTOTP(rfcKey, { time: 59, period: 60, digits: 8 })).toBe(X.totp_rfc_seed_sha1_8digit_period60_time_59);
    expect(generateTOTP(rfcKey, { time: 1111111109, period: 60, digits: 8 })).toBe(X.totp_rfc_seed_sha1_8digit_period60_time_1111111109);
  });
  it('a key longer than the hash block is hashed first, never truncated (RFC 2104 §2)', () => {
    const long = new Uint8Array(100).fill(0x61);
    expect(generateHOTP(long, 0)).toBe(X.hotp_sha1_key_100_bytes_of_0x61_counter0);
    expect(generateHOTP(long, 0)).not.toBe(X.hotp_sha1_key_first20_of_that_key_counter0_WRONG_if_truncated);
    expect(generateHOTP(long.subarray(0, 20), 0)).toBe(X.hotp_sha1_key_first20_of_that_key_counter0_WRONG_if_truncated);
  });
  it('SHA256 with the 20-byte seed', () => {
    expect(generateHOTP(rfcKey, 1, { digits: 8, algorithm: 'SHA256' })).toBe(X.hotp_sha256_20byte_rfc_seed_counter1_8digit);
  });
  it('the Google Authenticator wiki secret', () => {
    const key = decodeSecret('JBSWY3DPEHPK3PXP');
    expect(Buffer.from(key).toString('hex')).toBe(X.ga_wiki_secret_JBSWY3DPEHPK3PXP_hex);
    expect(generateTOTP(key, { time: 59 })).toBe(X.totp_JBSWY3DPEHPK3PXP_sha1_6digit_time59);
  });
  it('an empty key is refused (node:crypto would compute a code for it)', () => {
    expect(X.hotp_empty_key_counter0_6digit_node_crypto).toMatch(/^\d{6}$/);
    expect(() => generateHOTP(new Uint8Array(0), 0)).toThrow(RangeError);
  });
});
