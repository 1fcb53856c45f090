/**
 * Parsing a key URI (Key URI Format) as untrusted input: the URI split into scheme, type, label
 * and query; the label split into issuer and account name; each known parameter read by its own
 * entry of a table of readers; the redacted result. Rules: docs/key-uri.md ("How we read").
 * @module
 */
import { assertOptions, describe } from '../../internal/assert.js';
import { ALGORITHM_NAME_RULE, type HmacAlgorithm, parseAlgorithmName } from '../algorithm.js';
import { type Counter, MAX_COUNTER } from '../hotp.js';
import { type CodeEncoder, STEAM_CODE_LENGTH } from '../steam.js';
import { assertBoolean } from './build.js';
import {
  DEFAULT_ALGORITHM,
  DEFAULT_DIGITS,
  DEFAULT_PERIOD,
  type KeyURI,
  type KeyURIType,
  type KeyURIWarning,
  MAX_KEY_URI_LENGTH,
  settingWarnings,
  warning,
} from './model.js';
import { CONTROL, checkDecodedName, decodePart, decodeSecretParameter, fail, isHttpsURL, LONE_SURROGATE } from './names.js';
import { redactedKeyURI } from './result.js';

const DECIMAL = /^[0-9]+$/;

/** What a parameter reader may consult: the type, the label's issuer, the warnings so far. */
interface Reading {
  readonly type: KeyURIType;
  readonly encoder: CodeEncoder | undefined;
  readonly labelIssuer: string | undefined;
  readonly warnings: KeyURIWarning[];
}

/** One known parameter: its value when present (`raw` still percent-encoded) and when absent. */
interface ParameterReader<T> {
  present(raw: string, r: Reading): T;
  absent(r: Reading): T;
}

function readIssuer(raw: string, r: Reading): string {
  const issuer = checkDecodedName(decodePart(raw, 'issuer', true), 'issuer', 'the issuer parameter');
  if (issuer === '') fail('issuer', 'issuer parameter is empty');
  if (r.labelIssuer !== undefined && r.labelIssuer !== issuer) {
    r.warnings.push(warning('issuer-mismatch', 'issuer', "the label's issuer differs from the issuer parameter; the parameter is used"));
  }
  return issuer;
}

function readAlgorithm(raw: string): HmacAlgorithm {
  return parseAlgorithmName(decodePart(raw, 'algorithm', true)) ?? fail('algorithm', ALGORITHM_NAME_RULE);
}

function readDigits(raw: string, r: Reading): number {
  const text = decodePart(raw, 'digits', true);
  if (r.encoder === 'steam') {
    if (text !== String(STEAM_CODE_LENGTH)) {
      r.warnings.push(warning('ignored-parameter', 'digits', 'digits is ignored with encoder=steam (Steam Guard codes are 5 characters)'));
    }
    return STEAM_CODE_LENGTH;
  }
  if (!DECIMAL.test(text) || text.length > 2 || Number(text) < 6 || Number(text) > 10) {
    fail('digits', 'digits must be a whole number from 6 to 10');
  }
  return Number(text);
}

function readPeriod(raw: string, r: Reading): number {
  const text = decodePart(raw, 'period', true);
  if (!DECIMAL.test(text) || text.length > 16 || !Number.isSafeInteger(Number(text)) || Number(text) < 1) {
    fail('period', 'period must be a whole number of seconds ≥ 1');
  }
  if (r.type === 'hotp') r.warnings.push(warning('ignored-parameter', 'period', 'period has no meaning for hotp and is ignored'));
  return Number(text);
}

function readCounter(raw: string, r: Reading): Counter {
  const text = decodePart(raw, 'counter', true);
  if (!DECIMAL.test(text) || text.length > 20 || BigInt(text) > MAX_COUNTER) {
    fail('counter', 'counter must be a whole number from 0 to 2^64 - 1');
  }
  const big = BigInt(text);
  if (r.type === 'totp') r.warnings.push(warning('ignored-parameter', 'counter', 'counter has no meaning for totp and is ignored'));
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function readImage(raw: string): string {
  const image = decodePart(raw, 'image', true);
  if (!isHttpsURL(image)) fail('image', 'image must be an https: URL');
  return image;
}

/** `encoder`: read first, since it decides what `digits` means. Only `steam`, and only for totp. */
function readEncoder(raw: string | undefined, type: KeyURIType): CodeEncoder | undefined {
  if (raw === undefined) return undefined;
  // Not echoed: an unknown encoder's name is outside text.
  if (decodePart(raw, 'encoder', true).toLowerCase() !== 'steam')
    fail('encoder', 'encoder must be steam, the only code encoder otpkit knows');
  if (type !== 'totp') fail('encoder', 'encoder=steam applies to totp only');
  return 'steam';
}

/** The known parameters' values after reading, defaults filled in. */
interface Parameters {
  secret: Uint8Array;
  issuer: string | undefined;
  algorithm: HmacAlgorithm;
  digits: number;
  period: number;
  counter: Counter;
  image: string | undefined;
}

/** Every known parameter, in the order they are read (and so the order of their errors). */
const READERS: { readonly [N in keyof Parameters]: ParameterReader<Parameters[N]> } = {
  secret: {
    present: (raw) => decodeSecretParameter(decodePart(raw, 'secret', true)),
    absent: () => fail('secret', 'key URI has no secret parameter'),
  },
  issuer: { present: readIssuer, absent: (r) => r.labelIssuer },
  algorithm: { present: readAlgorithm, absent: () => DEFAULT_ALGORITHM },
  digits: { present: readDigits, absent: (r) => (r.encoder === 'steam' ? STEAM_CODE_LENGTH : DEFAULT_DIGITS) },
  period: { present: readPeriod, absent: () => DEFAULT_PERIOD },
  counter: {
    present: readCounter,
    absent: (r) => (r.type === 'hotp' ? fail('counter', 'an hotp key URI needs a counter parameter') : 0),
  },
  image: { present: readImage, absent: () => undefined },
};

type KnownName = keyof Parameters;
const KNOWN = new Set<string>([...Object.keys(READERS), 'encoder']);

function readParameters(seen: ReadonlyMap<string, string>, r: Reading): Parameters {
  const read = <N extends KnownName>(name: N): Parameters[N] => {
    const reader: ParameterReader<Parameters[N]> = READERS[name];
    const raw = seen.get(name);
    return raw === undefined ? reader.absent(r) : reader.present(raw, r);
  };
  return {
    secret: read('secret'),
    issuer: read('issuer'),
    algorithm: read('algorithm'),
    digits: read('digits'),
    period: read('period'),
    counter: read('counter'),
    image: read('image'),
  };
}

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
export function parseKeyURI(uri: string, options?: { strict?: boolean }): KeyURI {
  if (typeof uri !== 'string') throw new TypeError(`"uri" expected a string, got ${describe(uri)}`);
  const opts = assertOptions('options', options);
  const strict = opts.strict === undefined ? false : assertBoolean('strict', opts.strict);
  const { type, rawLabel, rawQuery } = splitURI(uri);
  const warnings: KeyURIWarning[] = [];
  const { labelIssuer, accountName } = splitLabel(rawLabel, warnings);
  const { seen, extra } = collectParameters(rawQuery);
  const encoder = readEncoder(seen.get('encoder'), type);
  const p = readParameters(seen, { type, encoder, labelIssuer, warnings });

  warnings.push(...settingWarnings({ type, algorithm: p.algorithm, digits: p.digits, period: p.period, encoder }));
  const first = warnings[0];
  if (strict && first !== undefined) fail(first.parameter, `strict: ${first.message}`);

  const common = { issuer: p.issuer, labelIssuer, accountName, algorithm: p.algorithm, digits: p.digits };
  const tail = { image: p.image, extra: Object.freeze(extra), warnings: Object.freeze(warnings) };
  return type === 'totp'
    ? redactedKeyURI({ type, ...common, period: p.period, encoder, ...tail }, p.secret)
    : redactedKeyURI({ type, ...common, counter: p.counter, ...tail }, p.secret);
}

/** Whole-URI checks, then the type and the raw (still encoded) label and query. */
function splitURI(uri: string): { type: KeyURIType; rawLabel: string; rawQuery: string } {
  if (uri.length > MAX_KEY_URI_LENGTH) fail('uri', `key URI is ${uri.length} characters, over the ${MAX_KEY_URI_LENGTH} limit`);
  if (CONTROL.test(uri)) fail('uri', 'key URI contains a control character');
  if (LONE_SURROGATE.test(uri)) fail('uri', 'key URI contains a lone surrogate');

  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(uri);
  if (schemeMatch === null || (schemeMatch[1] ?? '').toLowerCase() !== 'otpauth') {
    fail('scheme', 'key URI must start with otpauth://');
  }
  let rest = uri.slice('otpauth://'.length);
  const typeEnd = rest.search(/[/?#]/);
  const lowerType = (typeEnd === -1 ? rest : rest.slice(0, typeEnd)).toLowerCase();
  if (lowerType !== 'totp' && lowerType !== 'hotp') fail('type', 'key URI type must be totp or hotp');
  rest = typeEnd === -1 ? '' : rest.slice(typeEnd);
  if (rest.includes('#')) fail('uri', 'key URI has a fragment (#); a # inside a name must be written %23');
  if (!rest.startsWith('/')) fail('label', 'key URI has no label (otpauth://TYPE/LABEL?…)');

  const queryStart = rest.indexOf('?');
  return {
    type: lowerType,
    rawLabel: queryStart === -1 ? rest.slice(1) : rest.slice(1, queryStart),
    rawQuery: queryStart === -1 ? '' : rest.slice(queryStart + 1),
  };
}

/**
 * Label (Key URI Format: issuer and account name "separated by a literal or url-encoded colon"):
 * a literal colon separates, and encoded ones (%3A) then stay inside the names; with no literal
 * colon, the first encoded one separates when there is a name on each side of it. A colon left
 * in either name draws `ambiguous-label`: the format forbids it, and readers that decode before
 * splitting (pyotp) split there.
 */
function splitLabel(rawLabel: string, warnings: KeyURIWarning[]): { labelIssuer: string | undefined; accountName: string } {
  const colons = rawLabel.split(':').length - 1;
  if (colons > 1) fail('label', `label has ${colons} unencoded colons; exactly one may separate issuer and account name`);
  let labelIssuer: string | undefined;
  let accountName: string;
  const at = colons === 1 ? rawLabel.indexOf(':') : encodedSeparator(rawLabel);
  if (at !== undefined) {
    labelIssuer = checkDecodedName(decodePart(rawLabel.slice(0, at), 'label', false), 'label', "the label's issuer");
    if (labelIssuer === '') fail('label', 'label has an empty issuer before the colon');
    accountName = decodePart(afterSeparator(rawLabel, at), 'label', false);
  } else {
    accountName = decodePart(rawLabel, 'label', false);
  }
  checkDecodedName(accountName, 'label', 'the account name');
  if (accountName === '') fail('label', 'label has an empty account name');
  if (labelIssuer?.includes(':') || accountName.includes(':')) {
    warnings.push(
      warning(
        'ambiguous-label',
        'label',
        'the label has a colon inside the issuer or account name (the Key URI Format forbids it); some apps split the label there',
      ),
    );
  }
  return { labelIssuer, accountName };
}

/** The label without its separator and the spaces after it (the format's `":" *"%20"`). */
function afterSeparator(rawLabel: string, at: number): string {
  return rawLabel.slice(at + (rawLabel[at] === ':' ? 1 : 3)).replace(/^(?:%20| )+/, '');
}

/** Index of the first `%3A` when it has a non-empty issuer before it and an account name after it. */
function encodedSeparator(rawLabel: string): number | undefined {
  const at = rawLabel.search(/%3A/i);
  if (at <= 0 || afterSeparator(rawLabel, at) === '') return undefined;
  return at;
}

/** Query pairs: known names once each (raw values), unknown ones decoded into `extra`, in order. */
function collectParameters(rawQuery: string): { seen: Map<string, string>; extra: (readonly [string, string])[] } {
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
  return { seen, extra };
}
