/**
 * Steam Guard codes: TOTP (RFC 6238, HMAC-SHA-1, X = 30 s by default) whose dynamic-truncation
 * value (RFC 4226 §5.3, the 31-bit `Snum`) is written as 5 characters of
 * `23456789BCDFGHJKMNPQRTVWXY` instead of decimal digits: 5 times, `char = alphabet[v mod 26]`,
 * `v = floor(v / 26)`. This is the algorithm KeePassXC (`Totp::generateTotp`, STEAM encoder)
 * and Aegis (`SteamInfo`) publish; Steam itself documents none. Key URIs mark it with
 * `encoder=steam` (KeePassXC's extension of the Key URI Format). Decision: docs/decisions/0401.
 * @module
 */
import type { PreparedKey } from './hmac-key.js';
import { INVALID, truncateAt } from './hotp.js';
import { acceptedAt, type VerifyTOTPResult } from './totp.js';

/** The 26 characters of a Steam Guard code, in value order. */
export const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';
/** Characters in a Steam Guard code. */
export const STEAM_CODE_LENGTH = 5;

/** @internal The code encoders otpkit knows besides decimal digits. */
export type CodeEncoder = 'steam';

const STEAM_MODULUS = 26 ** STEAM_CODE_LENGTH;

/** @internal The 5-character code of a dynamic-truncation value (31-bit Snum). */
export function steamCode(snum: number): string {
  let v = snum;
  let code = '';
  for (let i = 0; i < STEAM_CODE_LENGTH; i++) {
    code += STEAM_ALPHABET[v % 26];
    v = Math.floor(v / 26);
  }
  return code;
}

/**
 * @internal A typed Steam Guard code as its value mod 26^5 (the same number {@link steamCode}
 * writes), or -1. ASCII whitespace is ignored, case is not significant; never throws.
 */
export function parseSteamToken(token: unknown): number {
  if (typeof token !== 'string' || token.length > 64) return -1;
  const chars = token.replace(/[\t\n\v\f\r ]/g, '').toUpperCase();
  if (chars.length !== STEAM_CODE_LENGTH) return -1;
  let value = 0;
  for (let i = STEAM_CODE_LENGTH - 1; i >= 0; i--) {
    const digit = STEAM_ALPHABET.indexOf(chars[i] as string);
    if (digit < 0) return -1;
    value = value * 26 + digit;
  }
  return value;
}

/**
 * @internal Finds `wanted` (from {@link parseSteamToken}) among the Steam codes of steps
 * `center − past … center + future`, nearest first, as verifyTOTP does for digits.
 */
export function matchSteamWindow(key: PreparedKey, wanted: number, center: number, past: number, future: number): VerifyTOTPResult {
  const at = (step: number): boolean => step >= 0 && truncateAt(key, step) % STEAM_MODULUS === wanted;
  for (let distance = 0; distance <= Math.max(past, future); distance++) {
    if (distance <= past && at(center - distance)) return acceptedAt(center - distance, 0 - distance);
    if (distance > 0 && distance <= future && at(center + distance)) {
      return acceptedAt(center + distance, distance);
    }
  }
  return INVALID;
}
