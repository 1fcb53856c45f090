/**
 * Key URIs: the `otpauth://TYPE/LABEL?PARAMETERS` format that authenticator apps (Google
 * Authenticator, Duo Mobile, Authy, FreeOTP, …) read from a QR code. Spec: Google's "Key Uri
 * Format" page (github.com/google/google-authenticator/wiki/Key-Uri-Format), with RFC 3986 for
 * percent-encoding.
 *
 * Scope: building and parsing the URI text, validating every known parameter (`secret`,
 * `issuer`, `algorithm`, `digits`, `period`, `counter`, `image`), keeping unknown ones, and
 * warning about settings many apps have ignored. Out of scope: drawing the QR code (the
 * `otpkit/qr` adapter) and code generation (hotp.ts, totp.ts).
 *
 * Units: `period` in seconds; `counter` is the HOTP moving factor C; `digits` is the code length.
 * Encoding choices (see docs/key-uri.md): every character outside RFC 3986's unreserved set is
 * percent-encoded as UTF-8 (a space is `%20`, never `+`; a colon inside a name is `%3A`), so the
 * label has exactly one literal colon, between issuer and account name; the defaults
 * (`algorithm=SHA1&digits=6&period=30`) are always written. Names must show what they say:
 * invisible and bidirectional formatting characters are refused in issuer and account name, on
 * build and parse. A key under 16 bytes (RFC 4226 §4 R6) draws `short-key` on build only.
 * @module
 */

import { assertBytes, assertOneOf, assertOptions, assertSafeInteger, describe } from '../internal/assert.js';
import { assertAlgorithm, type HmacAlgorithm } from './algorithm.js';
import { InvalidKeyURIError, InvalidSecretError } from './errors.js';
import { MIN_KEY_BYTES } from './hmac-key.js';
import { type Counter, checkCounter, checkDigits, MAX_COUNTER } from './hotp.js';
import { decodeSecret, encodeSecret, MIN_GENERATED_KEY_BYTES } from './secret.js';

/**
 * Longest key URI built or parsed, in UTF-16 code units (4 KiB). A QR code holds at most 2,953
 * bytes (version 40, level L, byte mode), so nothing longer can be scanned; the cap also bounds
 * the parser's work on hostile input.
 */
export const MAX_KEY_URI_LENGTH = 4096;

/** The two OTP types of the Key URI Format. */
export type KeyURIType = 'totp' | 'hotp';

/** What a {@link KeyURIWarning} is about. */
export type KeyURIWarningCode =
  | 'non-default-algorithm'
  | 'non-default-digits'
  | 'non-default-period'
  | 'issuer-mismatch'
  | 'ambiguous-label'
  | 'ignored-parameter'
  | 'short-key';

/**
 * Something legal but risky about a key URI: the phone may show a different name, or compute
 * different codes, than the server expects; or (`short-key`, build only) the key is weaker than
 * RFC 4226 §4 R6 allows for a new enrollment. `strict: true` turns each into an error.
 */
export interface KeyURIWarning {
  /** Stable code to `switch` on. */
  readonly code: KeyURIWarningCode;
  /** The parameter concerned: `'algorithm'`, `'digits'`, `'period'`, `'issuer'`, `'label'`, `'counter'` or (`short-key`) `'secret'`. */
  readonly parameter: string;
  /** Human-readable explanation; never contains the secret. */
  readonly message: string;
}

/** Options of {@link buildKeyURI}. Give exactly one of `secret` and `key`. */
export interface BuildKeyURIOptions {
  /** `'totp'` (default) or `'hotp'`. */
  type?: KeyURIType;
  /** K as base32 text (any case, spaces, hyphens, padding tolerated); written canonical: upper case, unpadded. */
  secret?: string;
  /**
   * K as bytes, at least 10. Under 16 (RFC 4226 §4 R6: 128 bits) draws a `short-key` warning,
   * so `strict` refuses it: only re-issue an existing 80-bit enrollment that way.
   */
  key?: Uint8Array;
  /** Who issued the key, e.g. `'ACME Co'`; written as label prefix and `issuer=`. Strongly recommended. */
  issuer?: string;
  /** The account, e.g. `'alice@example.com'`; required, non-empty, must not start with a space. */
  accountName: string;
  /** HMAC hash. Default `'SHA1'`. Anything else draws a warning: many apps ignore it. */
  algorithm?: HmacAlgorithm;
  /** Code length, an integer from 6 to 10. Default 6. */
  digits?: number;
  /** TOTP time-step size X in **seconds**, a safe integer ≥ 1. Default 30. TOTP only. */
  period?: number;
  /** HOTP initial counter C: safe integer ≥ 0 or bigint up to 2^64 − 1. Required for HOTP, refused for TOTP. */
  counter?: Counter;
  /** An `https:` URL of a logo some apps show (FreeOTP's `image` extension). */
  image?: string;
  /** When true, throw RangeError instead of allowing a setting that draws a warning. Default false. */
  strict?: boolean;
  /**
   * Called once per warning, in order, when `strict` is false (with `strict`, the first one is
   * thrown instead): the non-default settings, an ambiguous label, and `short-key`, which
   * {@link parseKeyURI} does not report. Default: none (warnings are dropped).
   */
  onWarning?: (warning: KeyURIWarning) => void;
}

/** Options of {@link parseKeyURI}. */
export interface ParseKeyURIOptions {
  /** When true, the first warning is thrown as an `InvalidKeyURIError` instead. Default false. */
  strict?: boolean;
}

/** Fields shared by both kinds of parsed key URI. */
export interface KeyURIFields {
  /**
   * The issuer: the `issuer=` parameter when present (it wins), else the label's prefix, else
   * `undefined`.
   */
  readonly issuer: string | undefined;
  /** The label's issuer prefix (before the literal colon), decoded; `undefined` without one. */
  readonly labelIssuer: string | undefined;
  /** The account name (after the literal colon), decoded. */
  readonly accountName: string;
  /** HMAC hash, upper case. `'SHA1'` when absent. */
  readonly algorithm: HmacAlgorithm;
  /** Code length, 6 to 10. 6 when absent. */
  readonly digits: number;
  /** The `image` URL (`https:` only), decoded; `undefined` when absent. */
  readonly image: string | undefined;
  /** Unknown parameters, decoded, in URI order, kept verbatim as `[name, value]`. */
  readonly extra: ReadonlyArray<readonly [name: string, value: string]>;
  /** Every warning, in the order found; empty for a URI every app reads the same way. */
  readonly warnings: readonly KeyURIWarning[];
  /** K as bytes (a fresh copy on each read). Not enumerable: absent from JSON, spread and logs. */
  readonly key: Uint8Array;
  /** K as canonical base32 (upper case, unpadded). Not enumerable: absent from JSON, spread and logs. */
  readonly secret: string;
}

/** A parsed `otpauth://totp/…` URI. */
export interface TOTPKeyURI extends KeyURIFields {
  readonly type: 'totp';
  /** Time-step size X in seconds; 30 when absent. */
  readonly period: number;
}

/** A parsed `otpauth://hotp/…` URI. */
export interface HOTPKeyURI extends KeyURIFields {
  readonly type: 'hotp';
  /** Initial counter C: a number when ≤ 2^53 − 1, else a bigint. */
  readonly counter: Counter;
}

/**
 * A parsed key URI. Redacted: `String()`, `JSON.stringify` and `util.inspect` show every field
 * but the key (`secret: '[redacted]'`); `key` and `secret` are getters to read on purpose.
 */
export type KeyURI = TOTPKeyURI | HOTPKeyURI;

const DEFAULT_ALGORITHM: HmacAlgorithm = 'SHA1';
const DEFAULT_DIGITS = 6;
const DEFAULT_PERIOD = 30;
const KNOWN = new Set(['secret', 'issuer', 'algorithm', 'digits', 'period', 'counter', 'image']);
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

// C0 and C1 controls and DEL: never meaningful in a name, and a terminal or log can act on them.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Characters an authenticator draws as nothing, or that reorder what it draws, so that a name
// reads as another (`%E2%80%AEmoc.knab` shows as "bank.com"): every format character (category
// Cf: the bidi embeddings, overrides, isolates and marks, zero-width space/joiners, the BOM, tag
// characters, the soft hyphen), the line and paragraph separators (Zl, Zp), and the other
// default-ignorable code points (combining grapheme joiner, Hangul fillers, …). Variation
// selectors stay allowed: emoji need them.
const INVISIBLE =
  /[\p{Cf}\p{Zl}\p{Zp}\u2800\u3164\u115F\u1160\uFFA0]|(?![\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}])\p{Default_Ignorable_Code_Point}/u;

/** `U+202E`, for messages: names the first invisible character, never the text around it. */
function invisibleCodePoint(text: string): string | undefined {
  const match = INVISIBLE.exec(text);
  return match === null ? undefined : `U+${(match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Percent-encodes every character outside RFC 3986 §2.3's unreserved set (`A-Z a-z 0-9 - . _ ~`)
 * as UTF-8. encodeURIComponent leaves `! ' ( ) *` alone; they are encoded too, so no reader can
 * give them a meaning.
 */
function encodePart(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// ---------------------------------------------------------------------------------------------
// Warnings, shared by build and parse

interface Settings {
  type: KeyURIType;
  algorithm: HmacAlgorithm;
  digits: number;
  period: number;
}

function settingWarnings(s: Settings): KeyURIWarning[] {
  const found: KeyURIWarning[] = [];
  const ignored = 'several popular authenticator apps have ignored it and would show wrong codes';
  if (s.algorithm !== DEFAULT_ALGORITHM) {
    found.push(warning('non-default-algorithm', 'algorithm', `non-default algorithm ${s.algorithm}: ${ignored}`));
  }
  if (s.digits !== DEFAULT_DIGITS) {
    found.push(warning('non-default-digits', 'digits', `non-default digits ${s.digits}: ${ignored}`));
  }
  if (s.type === 'totp' && s.period !== DEFAULT_PERIOD) {
    found.push(warning('non-default-period', 'period', `non-default period ${s.period} s: ${ignored}`));
  }
  return found;
}

function warning(code: KeyURIWarningCode, parameter: string, message: string): KeyURIWarning {
  return Object.freeze({ code, parameter, message });
}

// ---------------------------------------------------------------------------------------------
// Build

function checkName(name: string, value: unknown): string {
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

function checkImage(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`"image" expected an https: URL string, got ${describe(value)}`);
  // Not echoed: a URL can carry tokens in its query.
  if (!isHttpsURL(value)) throw new RangeError('"image" expected an https: URL, got another scheme or an invalid URL');
  return value;
}

function isHttpsURL(value: string): boolean {
  if (CONTROL.test(value) || LONE_SURROGATE.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Builds an `otpauth://` key URI for an authenticator app, to show as a QR code (`otpkit/qr`)
 * beside the grouped secret.
 *
 * Output shape: `otpauth://TYPE/ISSUER:ACCOUNT?secret=…&issuer=ISSUER&algorithm=SHA1&digits=6&period=30`
 * (`counter=C` instead of `period` for HOTP; `&image=…` last when given; no issuer → label is the
 * account name alone and no `issuer=`). Every character outside RFC 3986's unreserved set is
 * percent-encoded as UTF-8, so a space is `%20` (never `+`) and a colon in a name is `%3A`,
 * leaving exactly one literal colon in the label. Defaults are always written, so every app
 * reads the same values whatever its own defaults.
 *
 * @param options - `{ type?, secret | key, issuer?, accountName, algorithm?, digits?, period?, counter?, image?, strict? }`;
 *   `type` default `'totp'`; `secret` base32 text or `key` bytes (≥ 10 bytes), exactly one;
 *   `algorithm` default `'SHA1'`; `digits` 6–10, default 6; `period` in **seconds**, default 30
 *   (TOTP only); `counter` required for HOTP (safe integer or bigint ≤ 2^64 − 1); `image` an
 *   `https:` URL; `strict` default false: when true, a setting that would draw a warning (see
 *   {@link KeyURIWarning}; including `short-key`, a key under 16 bytes) throws RangeError
 *   instead; `onWarning` receives each warning when not strict.
 * @returns the key URI, pure ASCII, at most {@link MAX_KEY_URI_LENGTH} characters. It contains
 *   the secret: show it only to the account's owner, never log it.
 * @throws TypeError for an option of the wrong type, for giving both or neither of `secret` and
 *   `key`, or for `counter` with TOTP / `period` with HOTP.
 * @throws RangeError for an option out of range (an empty name; control characters, or invisible
 *   or bidirectional formatting characters such as U+202E or U+200B, in a name; an account name starting with a space, digits 5, a non-https image, a key under 10 bytes, a URI
 *   over {@link MAX_KEY_URI_LENGTH}), or, with `strict`, a setting that draws a warning.
 * @throws InvalidKeyURIError (`parameter: 'secret'`, the InvalidSecretError as `cause`) when
 *   `secret` is not valid base32 text; the message names the character and position, never the secret.
 * @see Key URI Format; RFC 3986 §2.1 (percent-encoding), §2.3 (unreserved characters)
 * @example
 * const key = generateKey();
 * const uri = buildKeyURI({ key, issuer: 'ACME Co', accountName: 'alice@example.com' });
 * // otpauth://totp/ACME%20Co:alice%40example.com?secret=…&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30
 * // Store `key` encrypted; render `uri` as a QR code for this user only.
 */
export function buildKeyURI(options: BuildKeyURIOptions): string {
  if (options === undefined) throw new TypeError('"options" expected an options object, got undefined');
  const opts = assertOptions('options', options);
  const type = opts.type === undefined ? 'totp' : assertOneOf('type', opts.type, ['totp', 'hotp'] as const);
  const strict = opts.strict === undefined ? false : assertBoolean('strict', opts.strict);

  let key: Uint8Array;
  if (opts.secret !== undefined && opts.key !== undefined) {
    throw new TypeError('"secret" and "key" were both given; pass exactly one');
  } else if (opts.secret !== undefined) {
    if (typeof opts.secret !== 'string') throw new TypeError(`"secret" expected a string, got ${describe(opts.secret)}`);
    key = decodeSecretParameter(opts.secret);
  } else if (opts.key !== undefined) {
    key = assertBytes('key', opts.key, MIN_KEY_BYTES);
  } else {
    throw new TypeError('"secret" or "key" is required');
  }

  const issuer = opts.issuer === undefined ? undefined : checkName('issuer', opts.issuer);
  const accountName = checkName('accountName', opts.accountName);
  // The Key URI Format lets readers drop spaces after the colon ("*%20"), so one there would be lost.
  if (accountName.startsWith(' ')) throw new RangeError('"accountName" expected no leading space, got one');
  const algorithm = opts.algorithm === undefined ? DEFAULT_ALGORITHM : assertAlgorithm(opts.algorithm);
  const digits = checkDigits(opts.digits);
  let period = DEFAULT_PERIOD;
  let counter: Counter = 0;
  if (type === 'totp') {
    if (opts.counter !== undefined) throw new TypeError('"counter" applies to type "hotp" only');
    if (opts.period !== undefined) period = assertSafeInteger('period', opts.period, 1);
  } else {
    if (opts.period !== undefined) throw new TypeError('"period" applies to type "totp" only');
    if (opts.counter === undefined) throw new TypeError('"counter" is required for type "hotp"');
    counter = checkCounter(opts.counter);
  }
  const image = opts.image === undefined ? undefined : checkImage(opts.image);

  const onWarning = opts.onWarning === undefined ? undefined : assertFunction('onWarning', opts.onWarning);

  const found = settingWarnings({ type, algorithm, digits, period });
  if (issuer === undefined && accountName.includes(':')) {
    found.push(warning('ambiguous-label', 'label', 'account name has a colon and no issuer; some apps split the label there'));
  }
  // Build only: a new enrollment must not get an 80-bit key. Parse does not warn, since existing
  // enrollments (and the shared key-uri cases) carry 10-byte secrets; check those with assessKey.
  if (key.length < MIN_GENERATED_KEY_BYTES) {
    found.push(
      warning(
        'short-key',
        'secret',
        `key is ${key.length * 8} bits; RFC 4226 §4 R6 requires at least ${MIN_GENERATED_KEY_BYTES * 8} for a new enrollment`,
      ),
    );
  }
  const first = found[0];
  if (strict && first !== undefined) throw new RangeError(`strict: ${first.message}`);

  const label = issuer === undefined ? encodePart(accountName) : `${encodePart(issuer)}:${encodePart(accountName)}`;
  let uri = `otpauth://${type}/${label}?secret=${encodeSecret(key)}`;
  if (issuer !== undefined) uri += `&issuer=${encodePart(issuer)}`;
  uri += `&algorithm=${algorithm}&digits=${digits}`;
  uri += type === 'totp' ? `&period=${period}` : `&counter=${counter}`;
  if (image !== undefined) uri += `&image=${encodePart(image)}`;
  if (uri.length > MAX_KEY_URI_LENGTH) {
    throw new RangeError(
      `key URI would be ${uri.length} characters, over the ${MAX_KEY_URI_LENGTH} limit (shorten issuer, accountName or image)`,
    );
  }
  if (onWarning !== undefined) for (const w of found) onWarning(w);
  return uri;
}

function assertFunction<T>(name: string, value: T): T {
  if (typeof value !== 'function') throw new TypeError(`"${name}" expected a function, got ${describe(value)}`);
  return value;
}

function assertBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`"${name}" expected a boolean, got ${describe(value)}`);
  return value;
}

function decodeSecretParameter(text: string): Uint8Array {
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

// ---------------------------------------------------------------------------------------------
// Parse

function fail(parameter: string, message: string): never {
  throw new InvalidKeyURIError(parameter, message);
}

/** A decoded issuer or account name: refuses what would make the app show another name. */
function checkDecodedName(text: string, parameter: 'label' | 'issuer', what: string): string {
  const invisible = invisibleCodePoint(text);
  if (invisible !== undefined) fail(parameter, `${what} contains the invisible or bidirectional formatting character ${invisible}`);
  return text;
}

/** Percent-decodes one URI component; `plusIsSpace` for the query (form encoding). */
function decodePart(raw: string, parameter: string, plusIsSpace: boolean, what = parameter): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    fail(parameter, `${what} has a malformed percent-encoding (not %XX of valid UTF-8)`);
  }
  if (CONTROL.test(decoded)) fail(parameter, `${what} decodes to a control character`);
  return decoded;
}

const DECIMAL = /^[0-9]+$/;

/**
 * Parses an `otpauth://` key URI, as read from a QR code or pasted by a user (untrusted input).
 *
 * Label: split on its one literal colon *before* percent-decoding, so an encoded `%3A` stays
 * inside a name; spaces (`%20`) right after the colon are dropped, as the format allows; `+` in
 * the label is a literal plus. Query: `name=value` pairs split on `&`; values are
 * percent-decoded and `+` there means a space (form encoding, as written by Python's
 * `urlencode` and read by `URLSearchParams`). The scheme and type are case-insensitive.
 * The `issuer=` parameter wins over the label's prefix; a disagreement is a warning.
 * Unknown parameters are kept in `extra`; each known one is validated and may appear once.
 *
 * @param uri - the key URI text, at most {@link MAX_KEY_URI_LENGTH} characters.
 * @param options - `{ strict? }`; `strict` default false: when true, the first warning is thrown.
 * @returns a frozen, redacted {@link KeyURI}: `{ type, issuer, labelIssuer, accountName,
 *   algorithm, digits, period (TOTP, seconds) | counter (HOTP), image, extra, warnings }` plus
 *   the getters `key` (bytes) and `secret` (canonical base32), which `JSON.stringify`, `String()`
 *   and `util.inspect` never show.
 * @throws TypeError if `uri` is not a string or `options` is not an object.
 * @throws InvalidKeyURIError (`code: 'ERR_INVALID_KEY_URI'`) for any malformed URI, with
 *   `parameter` naming the part: `'uri'` (too long, control characters, a fragment), `'scheme'`,
 *   `'type'`, `'label'` (including an issuer prefix or account name with an invisible or
 *   bidirectional formatting character), `'secret'` (missing, or bad base32: the InvalidSecretError is the
 *   `cause`), `'issuer'` (empty, or with such a character), `'algorithm'`, `'digits'`, `'period'`, `'counter'` (missing for HOTP),
 *   `'image'`, or any known parameter given twice (how issuer injection works). With `strict`,
 *   also for a warning, with that warning's `parameter`. Messages never contain the secret.
 * @see Key URI Format; RFC 3986 §2.1, §3
 * @example
 * const parsed = parseKeyURI(scannedText);
 * if (parsed.warnings.length > 0) showCompatibilityNotice(parsed.warnings);
 * if (parsed.type === 'totp') verifyTOTP(parsed.key, token, { algorithm: parsed.algorithm, digits: parsed.digits, period: parsed.period });
 */
export function parseKeyURI(uri: string, options?: ParseKeyURIOptions): KeyURI {
  if (typeof uri !== 'string') throw new TypeError(`"uri" expected a string, got ${describe(uri)}`);
  const opts = assertOptions('options', options);
  const strict = opts.strict === undefined ? false : assertBoolean('strict', opts.strict);
  if (uri.length > MAX_KEY_URI_LENGTH) fail('uri', `key URI is ${uri.length} characters, over the ${MAX_KEY_URI_LENGTH} limit`);
  if (CONTROL.test(uri)) fail('uri', 'key URI contains a control character');
  if (LONE_SURROGATE.test(uri)) fail('uri', 'key URI contains a lone surrogate');

  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(uri);
  if (schemeMatch === null || (schemeMatch[1] ?? '').toLowerCase() !== 'otpauth') {
    fail('scheme', 'key URI must start with otpauth://');
  }
  let rest = uri.slice('otpauth://'.length);
  const typeEnd = rest.search(/[/?#]/);
  const rawType = typeEnd === -1 ? rest : rest.slice(0, typeEnd);
  const lowerType = rawType.toLowerCase();
  if (lowerType !== 'totp' && lowerType !== 'hotp') fail('type', 'key URI type must be totp or hotp');
  const type: KeyURIType = lowerType;
  rest = typeEnd === -1 ? '' : rest.slice(typeEnd);
  if (rest.includes('#')) fail('uri', 'key URI has a fragment (#); a # inside a name must be written %23');
  if (!rest.startsWith('/')) fail('label', 'key URI has no label (otpauth://TYPE/LABEL?…)');

  const queryStart = rest.indexOf('?');
  const rawLabel = queryStart === -1 ? rest.slice(1) : rest.slice(1, queryStart);
  const rawQuery = queryStart === -1 ? '' : rest.slice(queryStart + 1);

  // Label: the literal colon separates; an encoded one (%3A) belongs to a name.
  const colons = rawLabel.split(':').length - 1;
  if (colons > 1) fail('label', `label has ${colons} unencoded colons; exactly one may separate issuer and account name`);
  let labelIssuer: string | undefined;
  let accountName: string;
  const found: KeyURIWarning[] = [];
  if (colons === 1) {
    const at = rawLabel.indexOf(':');
    labelIssuer = checkDecodedName(decodePart(rawLabel.slice(0, at), 'label', false), 'label', "the label's issuer");
    if (labelIssuer === '') fail('label', 'label has an empty issuer before the colon');
    accountName = decodePart(rawLabel.slice(at + 1).replace(/^(?:%20| )+/, ''), 'label', false);
  } else {
    accountName = decodePart(rawLabel, 'label', false);
    if (accountName.includes(':')) {
      found.push(
        warning('ambiguous-label', 'label', 'label has an encoded colon and no literal one; some apps split it there as issuer:account'),
      );
    }
  }
  checkDecodedName(accountName, 'label', 'the account name');
  if (accountName === '') fail('label', 'label has an empty account name');

  // Query parameters.
  const seen = new Map<string, string>();
  const extra: (readonly [string, string])[] = [];
  for (const pair of rawQuery === '' ? [] : rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    // Unknown names and values are outside text: errors about them name no part of them.
    const name = decodePart(eq === -1 ? pair : pair.slice(0, eq), 'uri', true, 'a parameter name');
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    if (KNOWN.has(name)) {
      if (seen.has(name)) fail(name, `parameter ${name} appears more than once`);
      seen.set(name, value);
    } else {
      extra.push(Object.freeze([name, decodePart(value, 'uri', true, 'an unknown parameter')] as const));
    }
  }

  const rawSecret = seen.get('secret');
  if (rawSecret === undefined) fail('secret', 'key URI has no secret parameter');
  const key = decodeSecretParameter(decodePart(rawSecret, 'secret', true));

  let issuer = labelIssuer;
  const rawIssuer = seen.get('issuer');
  if (rawIssuer !== undefined) {
    const issuerParameter = checkDecodedName(decodePart(rawIssuer, 'issuer', true), 'issuer', 'the issuer parameter');
    if (issuerParameter === '') fail('issuer', 'issuer parameter is empty');
    if (labelIssuer !== undefined && labelIssuer !== issuerParameter) {
      found.push(warning('issuer-mismatch', 'issuer', "the label's issuer differs from the issuer parameter; the parameter is used"));
    }
    issuer = issuerParameter;
  }

  let algorithm = DEFAULT_ALGORITHM;
  const rawAlgorithm = seen.get('algorithm');
  if (rawAlgorithm !== undefined) {
    const upper = decodePart(rawAlgorithm, 'algorithm', true).toUpperCase();
    if (upper !== 'SHA1' && upper !== 'SHA256' && upper !== 'SHA512') fail('algorithm', 'algorithm must be SHA1, SHA256 or SHA512');
    algorithm = upper;
  }

  let digits = DEFAULT_DIGITS;
  const rawDigits = seen.get('digits');
  if (rawDigits !== undefined) {
    const text = decodePart(rawDigits, 'digits', true);
    if (!DECIMAL.test(text) || text.length > 2 || Number(text) < 6 || Number(text) > 10) {
      fail('digits', 'digits must be a whole number from 6 to 10');
    }
    digits = Number(text);
  }

  let period = DEFAULT_PERIOD;
  const rawPeriod = seen.get('period');
  if (rawPeriod !== undefined) {
    const text = decodePart(rawPeriod, 'period', true);
    if (!DECIMAL.test(text) || text.length > 16 || !Number.isSafeInteger(Number(text)) || Number(text) < 1) {
      fail('period', 'period must be a whole number of seconds ≥ 1');
    }
    period = Number(text);
    if (type === 'hotp') found.push(warning('ignored-parameter', 'period', 'period has no meaning for hotp and is ignored'));
  }

  let counter: Counter = 0;
  const rawCounter = seen.get('counter');
  if (rawCounter !== undefined) {
    const text = decodePart(rawCounter, 'counter', true);
    if (!DECIMAL.test(text) || text.length > 20 || BigInt(text) > MAX_COUNTER) {
      fail('counter', 'counter must be a whole number from 0 to 2^64 - 1');
    }
    const big = BigInt(text);
    counter = big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    if (type === 'totp') found.push(warning('ignored-parameter', 'counter', 'counter has no meaning for totp and is ignored'));
  } else if (type === 'hotp') {
    fail('counter', 'an hotp key URI needs a counter parameter');
  }

  let image: string | undefined;
  const rawImage = seen.get('image');
  if (rawImage !== undefined) {
    image = decodePart(rawImage, 'image', true);
    if (!isHttpsURL(image)) fail('image', 'image must be an https: URL');
  }

  found.push(...settingWarnings({ type, algorithm, digits, period }));
  const first = found[0];
  if (strict && first !== undefined) fail(first.parameter, `strict: ${first.message}`);

  const fields: Record<string, unknown> = { type, issuer, labelIssuer, accountName, algorithm, digits };
  if (type === 'totp') fields.period = period;
  else fields.counter = counter;
  fields.image = image;
  fields.extra = Object.freeze(extra);
  fields.warnings = Object.freeze(found);
  return new ParsedKeyURI(fields, key) as unknown as KeyURI;
}

/** The object {@link parseKeyURI} returns: plain enumerable fields, key held privately. */
class ParsedKeyURI {
  readonly #key: Uint8Array;

  constructor(fields: Record<string, unknown>, key: Uint8Array) {
    Object.assign(this, fields);
    this.#key = key;
    Object.freeze(this);
  }

  /** K as bytes, a fresh copy. */
  get key(): Uint8Array {
    return this.#key.slice();
  }

  /** K as canonical base32 text. */
  get secret(): string {
    return encodeSecret(this.#key);
  }

  /** Redacted: the label and type, never the key. */
  toString(): string {
    const self = this as unknown as KeyURI;
    const label = self.labelIssuer === undefined ? self.accountName : `${self.labelIssuer}:${self.accountName}`;
    return `KeyURI { type: '${self.type}', label: ${JSON.stringify(label)}, secret: [redacted] }`;
  }

  /** Redacted: every field but the key; a bigint counter becomes a decimal string. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(this)) out[name] = typeof value === 'bigint' ? String(value) : value;
    out.secret = '[redacted]';
    return out;
  }

  [inspectSymbol](_depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    const shown = { ...Object.fromEntries(Object.entries(this)), secret: '[redacted]' };
    return `KeyURI ${typeof inspect === 'function' ? inspect(shown, options) : JSON.stringify(this.toJSON())}`;
  }
}
