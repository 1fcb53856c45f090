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
 *
 * Files, one job each (src/core/key-uri/): `model.ts` (public types, defaults, warnings),
 * `names.ts` (name and Unicode checks, percent-encoding), `build.ts`, `parse.ts` (a table of
 * parameter readers), `result.ts` (the redacted parse result), `canonical.ts` (parse, then build). This module re-exports them.
 * @module
 */

export { buildKeyURI } from './key-uri/build.js';
export { canonicalKeyURI } from './key-uri/canonical.js';
export type { BuildKeyURIOptions, KeyURI, KeyURIType, KeyURIWarning, KeyURIWarningCode } from './key-uri/model.js';
export { MAX_KEY_URI_LENGTH } from './key-uri/model.js';
export { parseKeyURI } from './key-uri/parse.js';
