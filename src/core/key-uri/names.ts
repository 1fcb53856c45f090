/**
 * Key URI text rules shared by build and parse: which characters a name may hold (no controls,
 * no lone surrogates, nothing invisible or bidirectional), percent-encoding and -decoding
 * (RFC 3986 §2.1, §2.3), the `image` URL check and the `secret` parameter's decoding.
 * @module
 */
import { describe } from '../../internal/assert.js';
import { InvalidKeyURIError, InvalidSecretError } from '../errors.js';
import { decodeSecret } from '../secret.js';

// C0 and C1 controls and DEL: never meaningful in a name, and a terminal or log can act on them.
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Characters an authenticator draws as nothing, or that reorder what it draws, so that a name
// reads as another (`%E2%80%AEmoc.knab` shows as "bank.com"): every format character (category
// Cf: the bidi embeddings, overrides, isolates and marks, zero-width space/joiners, the BOM, tag
// characters, the soft hyphen), the line and paragraph separators (Zl, Zp), and the other
// default-ignorable code points (combining grapheme joiner, Hangul fillers, …). Variation
// selectors stay allowed: emoji need them. Also the blank look-alikes that are not default-ignorable:
// U+2800 (braille blank), U+3164, U+115F, U+1160 and U+FFA0 (Hangul fillers).
const INVISIBLE =
  /[\p{Cf}\p{Zl}\p{Zp}\u2800\u3164\u115F\u1160\uFFA0]|(?![\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}])\p{Default_Ignorable_Code_Point}/u;
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `U+202E`, for messages: names the first invisible character, never the text around it. */
export function invisibleCodePoint(text: string): string | undefined {
  const match = INVISIBLE.exec(text);
  return match === null ? undefined : `U+${(match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Percent-encodes every character outside RFC 3986 §2.3's unreserved set (`A-Z a-z 0-9 - . _ ~`)
 * as UTF-8. encodeURIComponent leaves `! ' ( ) *` alone; they are encoded too, so no reader can
 * give them a meaning.
 */
export function encodePart(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A name given to build (the program's input): TypeError/RangeError naming the option. */
export function checkName(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`"${name}" expected a string, got ${describe(value)}`);
  if (value.length === 0) throw new RangeError(`"${name}" expected a non-empty string, got ""`);
  if (LONE_SURROGATE.test(value)) throw new RangeError(`"${name}" expected well-formed Unicode, got a lone surrogate`);
  if (CONTROL.test(value)) throw new RangeError(`"${name}" expected printable text, got a control character`);
  const invisible = invisibleCodePoint(value);
  if (invisible !== undefined) {
    throw new RangeError(`"${name}" expected visible text, got the invisible or bidirectional formatting character ${invisible}`);
  }
  return value;
}

/** The `image` option of build. */
export function checkImage(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`"image" expected an https: URL string, got ${describe(value)}`);
  // Not echoed: a URL can carry tokens in its query.
  if (!isHttpsURL(value)) throw new RangeError('"image" expected an https: URL, got another scheme or an invalid URL');
  return value;
}

/** True for an absolute `https:` URL with a host and no control character or lone surrogate. */
export function isHttpsURL(value: string): boolean {
  if (CONTROL.test(value) || LONE_SURROGATE.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Throws the parser's error for `parameter`. */
export function fail(parameter: string, message: string): never {
  throw new InvalidKeyURIError(parameter, message);
}

/** A decoded issuer or account name: refuses what would make the app show another name. */
export function checkDecodedName(text: string, parameter: 'label' | 'issuer', what: string): string {
  const invisible = invisibleCodePoint(text);
  if (invisible !== undefined) fail(parameter, `${what} contains the invisible or bidirectional formatting character ${invisible}`);
  return text;
}

/** Percent-decodes one URI component; `plusIsSpace` for the query (form encoding). */
export function decodePart(raw: string, parameter: string, plusIsSpace: boolean, what = parameter): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    fail(parameter, `${what} has a malformed percent-encoding (not %XX of valid UTF-8)`);
  }
  if (CONTROL.test(decoded)) fail(parameter, `${what} decodes to a control character`);
  return decoded;
}

/** Base32 secret text to K; a bad secret becomes InvalidKeyURIError (`'secret'`) with the cause. */
export function decodeSecretParameter(text: string): Uint8Array {
  try {
    return decodeSecret(text);
  } catch (error) {
    if (error instanceof InvalidSecretError) {
      // InvalidSecretError messages name a character and position, never the secret.
      throw new InvalidKeyURIError('secret', `invalid secret: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
