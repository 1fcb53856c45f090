/**
 * Key URI model: the public types of the Key URI Format as otpkit reads and writes them, the
 * defaults, and the compatibility warnings shared by build and parse. No logic beyond warnings.
 * Units: `period` in seconds; `counter` is the HOTP moving factor C; `digits` is the code length.
 * @module
 */
import type { HmacAlgorithm } from '../algorithm.js';
import type { CodeEncoder } from '../steam.js';

/**
 * Longest key URI built or parsed, in UTF-16 code units (4 KiB). A QR code holds at most 2,953
 * bytes (version 40, level L, byte mode), so nothing longer can be scanned; the cap also bounds
 * the parser's work on hostile input.
 */
export const MAX_KEY_URI_LENGTH = 4096;

/** @internal The two OTP types of the Key URI Format. */
export type KeyURIType = 'totp' | 'hotp';

/** @internal What a {@link KeyURIWarning} is about. */
export type KeyURIWarningCode = KeyURIWarning['code'];

/**
 * Something legal but risky about a key URI: the phone may show a different name, or compute
 * different codes, than the server expects; or (`short-key`, build only) the key is weaker than
 * RFC 4226 §4 R6 allows for a new enrollment. `strict: true` turns each into an error.
 */
export interface KeyURIWarning {
  /**
   * Stable code to `switch` on (the union is `KeyURIWarning['code']`): `'non-default-algorithm'`,
   * `'non-default-digits'`, `'non-default-period'`, `'non-default-encoder'` (many apps ignore the
   * setting), `'issuer-mismatch'` (label prefix and `issuer=` differ), `'ambiguous-label'`,
   * `'ignored-parameter'`, `'short-key'` (build only: a key under 16 bytes).
   */
  readonly code:
    | 'non-default-algorithm'
    | 'non-default-digits'
    | 'non-default-period'
    | 'issuer-mismatch'
    | 'ambiguous-label'
    | 'ignored-parameter'
    | 'short-key'
    | 'non-default-encoder';
  /** The parameter concerned: `'algorithm'`, `'digits'`, `'period'`, `'issuer'`, `'label'`, `'counter'`, `'encoder'` or (`short-key`) `'secret'`. */
  readonly parameter: string;
  /** Human-readable explanation; never contains the secret. */
  readonly message: string;
}

/** Options of {@link buildKeyURI}. Give exactly one of `secret` and `key`. */
export interface BuildKeyURIOptions {
  /** `'totp'` (default) or `'hotp'`. */
  type?: 'totp' | 'hotp';
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
  counter?: number | bigint;
  /**
   * `'steam'`: Steam Guard codes (5 characters; TOTP only; `digits` absent or 5). Written as
   * `digits=5&encoder=steam` (KeePassXC's extension). Draws `non-default-encoder`. Default: none.
   */
  encoder?: 'steam';
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

/**
 * A parsed key URI: the fields every key URI has, and by `type`: `'totp'` adds `period` and
 * `encoder`, `'hotp'` adds `counter`. Narrow with `if (parsed.type === 'totp')`; name one kind as
 * `Extract<KeyURI, { type: 'totp' }>`.
 *
 * Redacted: `String()`, `JSON.stringify` and `util.inspect` show every field but the key
 * (`secret: '[redacted]'`); `key` and `secret` are getters to read on purpose.
 */
export type KeyURI = {
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
} & (
  | {
      /** An `otpauth://totp/…` URI. */
      readonly type: 'totp';
      /** Time-step size X in seconds; 30 when absent. */
      readonly period: number;
      /**
       * `'steam'` for `encoder=steam` (Steam Guard codes, 5 characters: pass it to generateTOTP /
       * verifyTOTP as `encoder`; `digits` is then 5); `undefined` for decimal codes.
       */
      readonly encoder: 'steam' | undefined;
    }
  | {
      /** An `otpauth://hotp/…` URI. */
      readonly type: 'hotp';
      /** Initial counter C: a number when ≤ 2^53 − 1, else a bigint. */
      readonly counter: number | bigint;
    }
);

export const DEFAULT_ALGORITHM: HmacAlgorithm = 'SHA1';
export const DEFAULT_DIGITS = 6;
export const DEFAULT_PERIOD = 30;

/** The settings that decide which codes a key URI's app shows. */
export interface CodeSettings {
  type: KeyURIType;
  algorithm: HmacAlgorithm;
  digits: number;
  period: number;
  encoder?: CodeEncoder | undefined;
}

/** A frozen warning. */
export function warning(code: KeyURIWarningCode, parameter: string, message: string): KeyURIWarning {
  return Object.freeze({ code, parameter, message });
}

/** The non-default settings some apps have ignored, in the documented order. */
export function settingWarnings(s: CodeSettings): KeyURIWarning[] {
  const found: KeyURIWarning[] = [];
  const ignored = 'several popular authenticator apps have ignored it and would show wrong codes';
  if (s.algorithm !== DEFAULT_ALGORITHM) {
    found.push(warning('non-default-algorithm', 'algorithm', `non-default algorithm ${s.algorithm}: ${ignored}`));
  }
  if (s.encoder === 'steam') {
    found.push(
      warning('non-default-encoder', 'encoder', 'Steam Guard codes (encoder=steam): apps without Steam support show 6-digit codes'),
    );
  } else if (s.digits !== DEFAULT_DIGITS) {
    found.push(warning('non-default-digits', 'digits', `non-default digits ${s.digits}: ${ignored}`));
  }
  if (s.type === 'totp' && s.period !== DEFAULT_PERIOD) {
    found.push(warning('non-default-period', 'period', `non-default period ${s.period} s: ${ignored}`));
  }
  return found;
}
