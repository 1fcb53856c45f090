/**
 * Building a key URI (Key URI Format): options checked, warnings collected, the text written in
 * the canonical form described in docs/key-uri.md ("What we write, and why").
 * @module
 */
import { assertBytes, assertOneOf, assertOptions, assertSafeInteger, describe } from '../../internal/assert.js';
import { assertAlgorithm, type HmacAlgorithm } from '../algorithm.js';
import { MIN_KEY_BYTES } from '../hmac-key.js';
import { type Counter, checkCounter, checkDigits } from '../hotp.js';
import { encodeSecret, MIN_GENERATED_KEY_BYTES } from '../secret.js';
import { type CodeEncoder, STEAM_CODE_LENGTH } from '../steam.js';
import {
  type BuildKeyURIOptions,
  type CodeSettings,
  DEFAULT_ALGORITHM,
  DEFAULT_PERIOD,
  type KeyURIType,
  type KeyURIWarning,
  MAX_KEY_URI_LENGTH,
  settingWarnings,
  warning,
} from './model.js';
import { checkImage, checkName, decodeSecretParameter, encodePart } from './names.js';

/** Everything build writes, checked. */
interface BuildValues extends CodeSettings {
  key: Uint8Array;
  issuer: string | undefined;
  accountName: string;
  counter: Counter;
  image: string | undefined;
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
  const key = readKey(opts);
  const issuer = opts.issuer === undefined ? undefined : checkName('issuer', opts.issuer);
  const accountName = checkName('accountName', opts.accountName);
  // The Key URI Format lets readers drop spaces after the colon ("*%20"), so one there would be lost.
  if (accountName.startsWith(' ')) throw new RangeError('"accountName" expected no leading space, got one');
  const algorithm: HmacAlgorithm = opts.algorithm === undefined ? DEFAULT_ALGORITHM : assertAlgorithm(opts.algorithm);
  const encoder = readEncoder(type, opts);
  const digits = encoder === 'steam' ? STEAM_CODE_LENGTH : checkDigits(opts.digits);
  const { period, counter } = readMovingFactor(type, opts);
  const image = opts.image === undefined ? undefined : checkImage(opts.image);
  const onWarning = opts.onWarning === undefined ? undefined : assertFunction('onWarning', opts.onWarning);

  const values: BuildValues = { type, key, issuer, accountName, algorithm, digits, period, counter, image, encoder };
  const found = buildWarnings(values);
  const first = found[0];
  if (strict && first !== undefined) throw new RangeError(`strict: ${first.message}`);
  const uri = writeKeyURI(values);
  if (onWarning !== undefined) for (const w of found) onWarning(w);
  return uri;
}

/** K from exactly one of `secret` (base32 text) and `key` (bytes). */
function readKey(opts: Partial<BuildKeyURIOptions>): Uint8Array {
  if (opts.secret !== undefined && opts.key !== undefined) {
    throw new TypeError('"secret" and "key" were both given; pass exactly one');
  }
  if (opts.secret !== undefined) {
    if (typeof opts.secret !== 'string') throw new TypeError(`"secret" expected a string, got ${describe(opts.secret)}`);
    return decodeSecretParameter(opts.secret);
  }
  if (opts.key !== undefined) return assertBytes('key', opts.key, MIN_KEY_BYTES);
  throw new TypeError('"secret" or "key" is required');
}

/** `encoder: 'steam'`: TOTP only, and instead of `digits`. */
function readEncoder(type: KeyURIType, opts: Partial<BuildKeyURIOptions>): CodeEncoder | undefined {
  if (opts.encoder === undefined) return undefined;
  const encoder = assertOneOf('encoder', opts.encoder, ['steam'] as const);
  if (type !== 'totp') throw new TypeError('"encoder" applies to type "totp" only');
  if (opts.digits !== undefined && opts.digits !== STEAM_CODE_LENGTH) {
    throw new TypeError('"digits" does not apply with encoder "steam" (Steam Guard codes are 5 characters)');
  }
  return encoder;
}

/** `period` (TOTP) or `counter` (HOTP, required); the other one is refused. */
function readMovingFactor(type: KeyURIType, opts: Partial<BuildKeyURIOptions>): { period: number; counter: Counter } {
  if (type === 'totp') {
    if (opts.counter !== undefined) throw new TypeError('"counter" applies to type "hotp" only');
    return { period: opts.period === undefined ? DEFAULT_PERIOD : assertSafeInteger('period', opts.period, 1), counter: 0 };
  }
  if (opts.period !== undefined) throw new TypeError('"period" applies to type "totp" only');
  if (opts.counter === undefined) throw new TypeError('"counter" is required for type "hotp"');
  return { period: DEFAULT_PERIOD, counter: checkCounter(opts.counter) };
}

/** The warnings of build, in the documented order. */
function buildWarnings(v: BuildValues): KeyURIWarning[] {
  const found = settingWarnings(v);
  // The Key URI Format: "Neither issuer nor account name may themselves contain a colon."
  if (v.issuer?.includes(':') || v.accountName.includes(':')) {
    const where = v.issuer?.includes(':') ? 'issuer' : 'account name';
    found.push(
      warning('ambiguous-label', 'label', `${where} has a colon, which the Key URI Format forbids; some apps split the label there`),
    );
  }
  // Build only: a new enrollment must not get an 80-bit key. Parse does not warn, since existing
  // enrollments (and the shared key-uri cases) carry 10-byte secrets; check those with assessKey.
  if (v.key.length < MIN_GENERATED_KEY_BYTES) {
    found.push(
      warning(
        'short-key',
        'secret',
        `key is ${v.key.length * 8} bits; RFC 4226 §4 R6 requires at least ${MIN_GENERATED_KEY_BYTES * 8} for a new enrollment`,
      ),
    );
  }
  return found;
}

/** The URI text: label, then `secret`, `issuer`, `algorithm`, `digits`, `period`/`counter`, `encoder`, `image`. */
function writeKeyURI(v: BuildValues): string {
  const label = v.issuer === undefined ? encodePart(v.accountName) : `${encodePart(v.issuer)}:${encodePart(v.accountName)}`;
  let uri = `otpauth://${v.type}/${label}?secret=${encodeSecret(v.key)}`;
  if (v.issuer !== undefined) uri += `&issuer=${encodePart(v.issuer)}`;
  uri += `&algorithm=${v.algorithm}&digits=${v.digits}`;
  uri += v.type === 'totp' ? `&period=${v.period}` : `&counter=${v.counter}`;
  if (v.encoder !== undefined) uri += `&encoder=${v.encoder}`;
  if (v.image !== undefined) uri += `&image=${encodePart(v.image)}`;
  if (uri.length > MAX_KEY_URI_LENGTH) {
    throw new RangeError(
      `key URI would be ${uri.length} characters, over the ${MAX_KEY_URI_LENGTH} limit (shorten issuer, accountName or image)`,
    );
  }
  return uri;
}

function assertFunction<T>(name: string, value: T): T {
  if (typeof value !== 'function') throw new TypeError(`"${name}" expected a function, got ${describe(value)}`);
  return value;
}

/** Also used by parse. */
export function assertBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`"${name}" expected a boolean, got ${describe(value)}`);
  return value;
}
