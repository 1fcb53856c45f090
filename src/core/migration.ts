/**
 * Google Authenticator exports: `otpauth-migration://offline?data=…`, where `data` is base64 of a
 * protobuf `MigrationPayload` (Google Authenticator's `OtpMigration.proto`, as published with
 * its export format): repeated `otp_parameters = 1` { bytes `secret` = 1, string `name` = 2,
 * string `issuer` = 3, enum `algorithm` = 4 (0/1 SHA1, 2 SHA256, 3 SHA512, 4 MD5), enum
 * `digits` = 5 (0/1 six, 2 eight), enum `type` = 6 (1 HOTP, 2 TOTP), int64 `counter` = 7 },
 * then batch fields 2–5 (ignored). Each entry becomes a key URI written by `buildKeyURI`.
 *
 * Scope: the few protobuf rules this payload needs (varints, length-delimited fields, skipping
 * fixed-width fields of unknown numbers), written here with strict bounds: this is OTP-domain
 * parsing of untrusted input. Every malformed input is an `InvalidKeyURIError` whose
 * `parameter` is `'scheme'`, `'data'` or `'entry'`, with a byte offset or entry number and never
 * a secret or name. No I/O.
 * @module
 */
import { HMAC_ALGORITHMS, type HmacAlgorithm } from './algorithm.js';
import { InvalidKeyURIError } from './errors.js';
import { buildKeyURI } from './key-uri/build.js';
import { CONTROL } from './key-uri/names.js';

/** Longest export accepted, in characters: several QR codes' worth (one holds 2,953 bytes). */
export const MAX_MIGRATION_URI_LENGTH = 65_536;
/** Most entries accepted in one export. */
export const MAX_MIGRATION_ENTRIES = 1000;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function fail(parameter: 'scheme' | 'data' | 'entry', message: string): never {
  throw new InvalidKeyURIError(parameter, message);
}

/** True when `text` starts with the `otpauth-migration:` scheme (case-insensitive, leading spaces allowed). */
export function isMigrationURI(text: string): boolean {
  return /^\s*otpauth-migration:/i.test(text);
}

/**
 * Decodes a Google Authenticator export into key URIs, one per account, in export order.
 * @param uri - `otpauth-migration://offline?data=BASE64` (the text of the export's QR code);
 *   at most `MAX_MIGRATION_URI_LENGTH` characters, at most `MAX_MIGRATION_ENTRIES` entries.
 * @returns the key URIs as `buildKeyURI` writes them (HOTP entries with their counter; the
 *   account name without an `issuer:` prefix repeating the issuer). They contain the secrets:
 *   never log them.
 * @throws TypeError if `uri` is not a string.
 * @throws InvalidKeyURIError (`code: 'ERR_INVALID_KEY_URI'`) with `parameter` `'scheme'` (not
 *   `otpauth-migration://offline`), `'data'` (missing, not base64, a truncated or malformed
 *   protobuf: the message gives the byte offset) or `'entry'` (an entry otpkit cannot express as a
 *   key URI: MD5, no type, an empty or too short secret, a bad name; the message gives its number).
 * @see Key URI Format; Google Authenticator's OtpMigration.proto; protobuf encoding (varint, wire types 0, 1, 2, 5)
 * @example
 * for (const keyURI of decodeMigrationURI(scannedExport)) await importAccount(parseKeyURI(keyURI));
 */
export function decodeMigrationURI(uri: string): string[] {
  if (typeof uri !== 'string') throw new TypeError(`"uri" expected a string, got ${typeof uri}`);
  if (uri.length > MAX_MIGRATION_URI_LENGTH) fail('data', `export is ${uri.length} characters, over the ${MAX_MIGRATION_URI_LENGTH} limit`);
  const bytes = payloadBytes(uri.trim());
  const entries: Uint8Array[] = [];
  const reader = new ProtoReader(bytes, 0, bytes.length);
  while (!reader.done()) {
    const { field, wire } = reader.tag();
    if (field === 1 && wire === 2) {
      if (entries.length === MAX_MIGRATION_ENTRIES) fail('data', `export has more than ${MAX_MIGRATION_ENTRIES} entries`);
      entries.push(reader.bytes());
    } else {
      reader.skip(wire);
    }
  }
  if (entries.length === 0) fail('data', 'export holds no account');
  return entries.map((entry, i) => entryToKeyURI(entry, i + 1));
}

/** The `data` parameter's bytes. */
function payloadBytes(uri: string): Uint8Array {
  if (CONTROL.test(uri)) fail('data', 'export contains a control character');
  const match = /^otpauth-migration:\/\/offline\?(.*)$/is.exec(uri);
  if (match === null) fail('scheme', 'an export must start with otpauth-migration://offline?');
  const data = (match[1] as string).split('&').filter((pair) => pair.startsWith('data='));
  if (data.length !== 1) fail('data', data.length === 0 ? 'export has no data parameter' : 'export has more than one data parameter');
  let text: string;
  try {
    text = decodeURIComponent((data[0] as string).slice('data='.length));
  } catch {
    fail('data', 'data has a malformed percent-encoding');
  }
  // A form decoder may have turned '+' into a space; base64url spellings are accepted too.
  const base64 = text.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/');
  const at = base64.search(/[^A-Za-z0-9+/=]/);
  if (at !== -1) fail('data', `data is not base64: unexpected character at position ${at}`);
  const body = base64.replace(/=+$/, '');
  if (body.includes('=') || base64.length - body.length > 2 || body.length % 4 === 1)
    fail('data', 'data is not base64: bad length or padding');
  const binary = atob(body + '='.repeat((4 - (body.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

interface Entry {
  secret?: Uint8Array;
  name?: string;
  issuer?: string;
  algorithm: number;
  digits: number;
  type: number;
  counter: bigint;
}

/** One `OtpParameters` message → a key URI. */
function entryToKeyURI(bytes: Uint8Array, number: number): string {
  const e = readEntry(bytes, number);
  const bad = (what: string): never => fail('entry', `entry ${number}: ${what}`);
  const algorithm: HmacAlgorithm =
    e.algorithm === 0
      ? 'SHA1'
      : (HMAC_ALGORITHMS[e.algorithm - 1] ?? bad(e.algorithm === 4 ? 'MD5 is not an RFC 6238 algorithm' : 'unknown algorithm'));
  const digits = e.digits === 0 || e.digits === 1 ? 6 : e.digits === 2 ? 8 : bad('unknown digit count');
  if (e.type !== 1 && e.type !== 2) bad('unknown or missing OTP type');
  if (e.secret === undefined || e.secret.length === 0) bad('no secret');
  const issuer = e.issuer === '' ? undefined : e.issuer;
  // Exports often repeat the issuer as a prefix of the name ("Example:alice").
  const name = issuer !== undefined && e.name?.startsWith(`${issuer}:`) ? e.name.slice(issuer.length + 1).trimStart() : e.name;
  try {
    return buildKeyURI({
      type: e.type === 1 ? 'hotp' : 'totp',
      key: e.secret as Uint8Array,
      accountName: name ?? '',
      ...(issuer !== undefined && { issuer }),
      algorithm,
      digits,
      ...(e.type === 1 && { counter: e.counter }),
    });
  } catch (error) {
    // buildKeyURI's messages name the option and the rule, never the value.
    if (error instanceof RangeError || error instanceof TypeError) bad(error.message);
    throw error;
  }
}

function readEntry(bytes: Uint8Array, number: number): Entry {
  const e: Entry = { algorithm: 0, digits: 0, type: 0, counter: 0n };
  const reader = new ProtoReader(bytes, 0, bytes.length);
  const text = (b: Uint8Array): string => {
    try {
      return UTF8.decode(b);
    } catch {
      return fail('entry', `entry ${number}: a name is not valid UTF-8`);
    }
  };
  while (!reader.done()) {
    const { field, wire } = reader.tag();
    if (field === 1 && wire === 2) e.secret = reader.bytes().slice();
    else if (field === 2 && wire === 2) e.name = text(reader.bytes());
    else if (field === 3 && wire === 2) e.issuer = text(reader.bytes());
    else if (field === 4 && wire === 0) e.algorithm = reader.enumValue();
    else if (field === 5 && wire === 0) e.digits = reader.enumValue();
    else if (field === 6 && wire === 0) e.type = reader.enumValue();
    else if (field === 7 && wire === 0) e.counter = reader.varint();
    else reader.skip(wire);
  }
  return e;
}

/** A bounded reader over `bytes[start, end)`: protobuf wire format, never reading past `end`. */
class ProtoReader {
  #at: number;

  constructor(
    private readonly buf: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.#at = start;
  }

  done(): boolean {
    return this.#at >= this.end;
  }

  /** A field key: field number ≥ 1 and wire type. */
  tag(): { field: number; wire: number } {
    const at = this.#at;
    const key = this.varint();
    if (key >> 3n < 1n || key >> 3n > 536_870_911n) fail('data', `malformed protobuf: bad field number at byte ${at}`);
    return { field: Number(key >> 3n), wire: Number(key & 7n) };
  }

  /** An unsigned varint up to 2^64 − 1 (at most 10 bytes). */
  varint(): bigint {
    const start = this.#at;
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.#at >= this.end) fail('data', `malformed protobuf: truncated varint at byte ${start}`);
      const byte = this.buf[this.#at++] as number;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        if (value > 0xffff_ffff_ffff_ffffn) break;
        return value;
      }
    }
    return fail('data', `malformed protobuf: varint too long at byte ${start}`);
  }

  /** An enum: a small varint. */
  enumValue(): number {
    const at = this.#at;
    const value = this.varint();
    return value > 1000n ? fail('data', `malformed protobuf: enum value out of range at byte ${at}`) : Number(value);
  }

  /** A length-delimited field's bytes (a view, not a copy). */
  bytes(): Uint8Array {
    const at = this.#at;
    const length = this.varint();
    if (length > BigInt(this.end - this.#at)) fail('data', `malformed protobuf: field at byte ${at} runs past the end`);
    const start = this.#at;
    this.#at += Number(length);
    return this.buf.subarray(start, this.#at);
  }

  /** Skips a field of an unknown number; groups (wire types 3, 4) and 6, 7 are malformed here. */
  skip(wire: number): void {
    const at = this.#at;
    if (wire === 0) this.varint();
    else if (wire === 2) this.bytes();
    else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (this.end - this.#at < size) fail('data', `malformed protobuf: truncated fixed-width field at byte ${at}`);
      this.#at += size;
    } else {
      fail('data', `malformed protobuf: unsupported wire type ${wire} at byte ${at}`);
    }
  }
}
