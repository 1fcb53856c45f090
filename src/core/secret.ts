/**
 * Keys and their base32 text form, the `secret` of the Key URI Format (RFC 4648 §6 alphabet,
 * upper case, no padding). This file is the only importer of `base32-encode`; decoding writes
 * bytes directly (internal/base32.ts), without an intermediate string.
 *
 * Bytes inside, text at the edges: the rest of otpkit takes `key: Uint8Array`.
 * @module
 */
import base32Encode from 'base32-encode';
import { assertBytes, assertInteger, assertOptions, describe } from '../internal/assert.js';
import { decodeBase32Into } from '../internal/base32.js';
import { InvalidSecretError } from './errors.js';
import { MIN_KEY_BYTES } from './hmac-key.js';

/** Default key size in bytes: 160 bits, the SHA-1 output length (RFC 4226 §4 R6 recommends it). */
export const DEFAULT_KEY_BYTES = 20;
/** Smallest key `generateKey` makes, in bytes: 128 bits (RFC 4226 §4 R6). */
export const MIN_GENERATED_KEY_BYTES = 16;
/** Largest key `generateKey` makes, in bytes (a SHA-512 block). */
export const MAX_GENERATED_KEY_BYTES = 128;

/**
 * Makes a new random key K from `crypto.getRandomValues` (a CSPRNG in every runtime).
 * @param options.bytes - key length in bytes, an integer from 16 to 128. Default 20 (160 bits).
 * @returns a fresh `Uint8Array` of `bytes` random bytes.
 * @throws RangeError if `bytes` is below 16 (RFC 4226 §4 R6 requires ≥ 128 bits) or above 128;
 *   TypeError if it is not a number.
 * @see RFC 4226 §4 R6, §7.5
 * @example
 * const key = generateKey(); // 20 bytes
 * const secret = encodeSecret(key); // show once, store encrypted
 */
export function generateKey(options?: { bytes?: number }): Uint8Array {
  const opts = assertOptions('options', options);
  const bytes =
    opts.bytes === undefined ? DEFAULT_KEY_BYTES : assertInteger('bytes', opts.bytes, MIN_GENERATED_KEY_BYTES, MAX_GENERATED_KEY_BYTES);
  return globalThis.crypto.getRandomValues(new Uint8Array(bytes));
}

/**
 * Encodes a key as base32 text: RFC 4648 §6 alphabet, upper case, no `=` padding, the form the
 * Key URI Format's `secret=` parameter uses.
 * @param key - K as bytes (any length ≥ 1).
 * @returns the base32 text, e.g. `'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'` for "12345678901234567890".
 * @throws TypeError if `key` is not a Uint8Array; RangeError if it is empty.
 * @see RFC 4648 §6
 */
export function encodeSecret(key: Uint8Array): string {
  return base32Encode(assertBytes('key', key, 1), 'RFC4648', { padding: false });
}

/** Groups a base32 secret in blocks of four for reading aloud or typing by hand: `'GEZD GNBV …'`. */
export function formatSecret(secret: string): string {
  if (typeof secret !== 'string') throw new TypeError(`"secret" expected a string, got ${describe(secret)}`);
  return secret
    .replace(/[\s=-]/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Longest secret text {@link decodeSecret} reads, in UTF-16 code units (whitespace, hyphens and
 * padding included); longer text is refused before it is looked at. The largest key
 * {@link generateKey} makes (128 bytes) is 205 base32 symbols, 256 when grouped by four; the
 * limit leaves room for other spacing, line breaks and padding.
 */
export const MAX_SECRET_CHARS = 2048;

// Base32 lengths whose last group cannot come from whole bytes (RFC 4648 §6: 8 chars per 5
// bytes): a remainder of 1, 3 or 6 modulo 8, as bits of a mask (a Set lookup costs more).
const IMPOSSIBLE_REMAINDERS = (1 << 1) | (1 << 3) | (1 << 6);

// Longest text decoded in one pass into a buffer sized from its length (about 2.5 times the
// largest key generateKey makes); longer texts are counted first so that, say, a megabyte of
// spaces never allocates a large buffer.
const MAX_ONE_PASS_CHARS = 512;

/**
 * Decodes base32 secret text into key bytes, tolerant of how people copy secrets: lower case,
 * spaces and other ASCII whitespace, hyphens, and missing or present trailing `=` padding.
 * @param text - the secret as typed or stored, e.g. `'gezd gnbv gy3t qojq'`.
 * @returns the key K as a new Uint8Array of at least 10 bytes.
 * @throws InvalidSecretError (`code: 'ERR_INVALID_SECRET'`) when the text is longer than
 *   {@link MAX_SECRET_CHARS} (`reason: 'too-long'`, refused before any decoding), is empty
 *   (`reason: 'empty'`), has a character outside the alphabet or `=` before the end
 *   (`reason: 'character'`, with `character` and its 0-based `position` in `text`), has a
 *   length no whole number of bytes encodes to (`reason: 'length'`), or decodes to fewer than
 *   10 bytes, the 80-bit legacy floor (`reason: 'too-short'`, with `byteLength`). The message
 *   never contains the secret. Keys of 10–15 bytes are accepted for existing enrollments; see
 *   {@link assessKey}.
 * @throws TypeError if `text` is not a string.
 * @see RFC 4648 §6; Key URI Format, `secret`
 */
export function decodeSecret(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError(`"secret" expected a string, got ${describe(text)}`);
  if (text.length > MAX_SECRET_CHARS) {
    throw new InvalidSecretError('too-long', `secret text is ${text.length} characters, over the ${MAX_SECRET_CHARS} limit`);
  }
  // One pass into a buffer sized for the text without separators (the usual case: then it is
  // the key itself); texts long enough to be mostly separators are counted first instead.
  let out = new Uint8Array(text.length <= MAX_ONE_PASS_CHARS ? Math.floor((text.length * 5) / 8) : 0);
  const symbols = decodeBase32Into(text, out);
  if (symbols < 0) throw characterError(text, ~symbols);
  if (symbols === 0) throw new InvalidSecretError('empty', 'secret is empty');
  if ((IMPOSSIBLE_REMAINDERS >>> (symbols % 8)) & 1) {
    throw new InvalidSecretError('length', `secret has ${symbols} base32 characters, a length no key encodes to`);
  }
  const length = Math.floor((symbols * 5) / 8);
  if (out.length === 0) {
    out = new Uint8Array(length);
    decodeBase32Into(text, out);
  }
  let key = out;
  if (length !== out.length) {
    key = out.slice(0, length);
    out.fill(0);
  }
  if (key.length < MIN_KEY_BYTES) {
    throw new InvalidSecretError(
      'too-short',
      `secret decodes to ${key.length} bytes; at least ${MIN_KEY_BYTES} (80 bits) are required, 16 recommended`,
      { byteLength: key.length },
    );
  }
  return key;
}

/** The error for the character at `position`, which `decodeBase32Into` refused. */
function characterError(text: string, position: number): InvalidSecretError {
  const c = text.charCodeAt(position);
  const upper = c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
  // An alphabet character is only refused after an `=`: then the `=` is what is reported.
  const afterPadding = (upper >= 0x41 && upper <= 0x5a) || (upper >= 0x32 && upper <= 0x37);
  const character = afterPadding ? '=' : String.fromCodePoint(text.codePointAt(position) ?? c);
  const at = afterPadding ? text.lastIndexOf('=', position) : position;
  return new InvalidSecretError(
    'character',
    `secret has a character outside the base32 alphabet (A-Z, 2-7): ${JSON.stringify(character)} at position ${at}`,
    { character, position: at },
  );
}

/**
 * Rates a key's length against RFC 4226 §4 R6 (128 bits required, 160 recommended).
 * @param key - K as bytes.
 * @returns `bytes` and `bits` (the key's length); `strength`: `'ok'` for ≥ 16 bytes, `'legacy'`
 *   for 10–15 bytes (accepted, re-enroll when you can), `'too-short'` below; `meetsRFC4226`
 *   (≥ 128 bits); `recommended` (at least the 160 bits RFC 4226 §4 R6 recommends).
 * @throws TypeError if `key` is not a Uint8Array.
 * @see RFC 4226 §4 R6
 */
export function assessKey(key: Uint8Array): {
  readonly bytes: number;
  readonly bits: number;
  readonly strength: 'ok' | 'legacy' | 'too-short';
  readonly meetsRFC4226: boolean;
  readonly recommended: boolean;
} {
  const bytes = assertBytes('key', key, 0).length;
  return Object.freeze({
    bytes,
    bits: bytes * 8,
    strength: bytes >= MIN_GENERATED_KEY_BYTES ? 'ok' : bytes >= MIN_KEY_BYTES ? 'legacy' : 'too-short',
    meetsRFC4226: bytes >= MIN_GENERATED_KEY_BYTES,
    recommended: bytes >= DEFAULT_KEY_BYTES,
  });
}
