/**
 * Errors for bad data from outside: secret text, key URIs, stored snapshots and enrollment
 * records, sealed keys, permission models, store failures. Every error class of every subpath is
 * defined here, so that `otpkit/errors` is their one public home (as `jose/errors`).
 *
 * Misuse by the calling program (a wrong option type or value) throws the built-in `TypeError`
 * or `RangeError` instead; see `internal/assert.ts`. No message or field here ever holds a key,
 * secret, token or password: context goes in typed fields (`parameter`, `position`, `state`, …).
 * @module
 */

/** Every stable error code otpkit throws; `switch` on `error.code` of an {@link OtpkitErrors}. */
export type OtpkitErrorCode =
  | 'ERR_INVALID_SECRET'
  | 'ERR_INVALID_KEY_URI'
  | 'ERR_ENROLLMENT_TRANSITION'
  | 'ERR_INVALID_SNAPSHOT'
  | 'ERR_INVALID_PERMISSION_MODEL'
  | 'ERR_STORE_UNAVAILABLE'
  | 'ERR_KEY_VAULT'
  | 'ERR_CREDENTIAL_RECORD';

/**
 * Base class of every error otpkit throws for bad outside data.
 *
 * `code` is stable across versions; `message` is for humans and may change.
 */
export class OtpkitError extends Error {
  /** Stable machine-readable code. */
  readonly code: OtpkitErrorCode;

  constructor(code: OtpkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * A base32 secret (RFC 4648 §6) could not be decoded, or decodes to too short a key.
 *
 * `reason`: `'empty'`, `'character'` (a character outside the alphabet), `'length'` (a length no
 * base32 text has), `'too-short'` (the key is under 10 bytes) or `'too-long'` (text over
 * `MAX_SECRET_CHARS`); name the union as `InvalidSecretError['reason']`. `character` and
 * `position` (0-based, in the text as given) name the first character outside the alphabet; the
 * secret itself is never included.
 */
export class InvalidSecretError extends OtpkitError {
  declare readonly code: 'ERR_INVALID_SECRET';
  /** Which rule the text broke. */
  readonly reason: 'empty' | 'character' | 'length' | 'too-short' | 'too-long';
  /** The offending character, for `reason: 'character'`. */
  readonly character: string | undefined;
  /** 0-based position of `character` in the text as given, for `reason: 'character'`. */
  readonly position: number | undefined;
  /** Decoded key length in bytes, for `reason: 'too-short'`. */
  readonly byteLength: number | undefined;

  constructor(
    reason: InvalidSecretError['reason'],
    message: string,
    context: { character?: string; position?: number; byteLength?: number } = {},
  ) {
    super('ERR_INVALID_SECRET', message);
    this.reason = reason;
    this.character = context.character;
    this.position = context.position;
    this.byteLength = context.byteLength;
  }
}

/**
 * An `otpauth://` key URI (Key URI Format) is malformed or has an invalid parameter.
 *
 * `parameter` names the part at fault: `'scheme'`, `'type'`, `'label'`, `'secret'`,
 * `'algorithm'`, `'digits'`, `'period'`, `'counter'`, `'issuer'`, `'image'` or `'uri'`.
 */
export class InvalidKeyURIError extends OtpkitError {
  declare readonly code: 'ERR_INVALID_KEY_URI';
  /** The part of the URI at fault. */
  readonly parameter: string;

  constructor(parameter: string, message: string, options?: { cause?: unknown }) {
    super('ERR_INVALID_KEY_URI', message, options);
    this.parameter = parameter;
  }
}

/** An enrollment event is not allowed in the current state. */
export class EnrollmentTransitionError extends OtpkitError {
  declare readonly code: 'ERR_ENROLLMENT_TRANSITION';
  /** The state the machine was in. */
  readonly state: string;
  /** The event that was refused. */
  readonly event: string;

  constructor(state: string, event: string) {
    super('ERR_ENROLLMENT_TRANSITION', `event "${event}" is not allowed in state "${state}"`);
    this.state = state;
    this.event = event;
  }
}

/** A stored enrollment snapshot failed validation (wrong version, shape or values). */
export class InvalidSnapshotError extends OtpkitError {
  declare readonly code: 'ERR_INVALID_SNAPSHOT';
  /** Dotted path of the first invalid field, e.g. `'version'` or `'pending.issuedAt'`. */
  readonly path: string;

  constructor(path: string, message: string) {
    super('ERR_INVALID_SNAPSHOT', message);
    this.path = path;
  }
}

/**
 * A stored snapshot failed validation (see `parseSnapshot`): an {@link InvalidSnapshotError}
 * (`ERR_INVALID_SNAPSHOT`, same `path`) that also names the row's `subject`. The enrollment
 * service throws it instead of trusting or skipping the record.
 */
export class StoredSnapshotError extends InvalidSnapshotError {
  /** The subject whose stored snapshot is invalid. */
  readonly subject: string;

  constructor(subject: string, cause: InvalidSnapshotError) {
    super(cause.path, cause.message);
    this.subject = subject;
  }
}

/**
 * A stored enrollment record is corrupt: a column a credential store cannot read back (a
 * non-numeric etag, a recovery-code set of the wrong shape, a key of the wrong type). Fail
 * closed: the enrollment service passes it through, never treating the record as absent.
 *
 * Fields: `subject` (the row's subject) and `field`, the unreadable part: `'snapshot'`, `'etag'`,
 * `'pending-key'`, `'active-key'`, `'recovery-codes'` or `'row'` (the union is
 * `CredentialRecordError['field']`); never a key, envelope or hash.
 */
export class CredentialRecordError extends OtpkitError {
  declare readonly code: 'ERR_CREDENTIAL_RECORD';
  /** The subject whose record is corrupt. */
  readonly subject: string;
  /** The unreadable part. */
  readonly field: 'snapshot' | 'etag' | 'pending-key' | 'active-key' | 'recovery-codes' | 'row';

  constructor(subject: string, field: CredentialRecordError['field'], options?: { cause?: unknown }) {
    super('ERR_CREDENTIAL_RECORD', `stored enrollment record is corrupt (${field})`, options);
    this.subject = subject;
    this.field = field;
  }
}

/**
 * A sealed key could not be opened (wrong or unknown wrapping key, a changed or moved envelope,
 * a malformed envelope), or Web Crypto is missing (`otpkit/enrollment`'s key vault). Fail closed:
 * never treat it as "no key".
 *
 * Fields: `reason` (`'unknown-key-id'`, `'malformed'`, `'authentication-failed'` or
 * `'crypto-unavailable'`; the union is `KeyVaultError['reason']`), `keyId` (the wrapping key's id
 * named by the envelope, when readable) and `subject` (the row's subject, when known). Never
 * holds a key, a plaintext or an envelope.
 */
export class KeyVaultError extends OtpkitError {
  declare readonly code: 'ERR_KEY_VAULT';
  /** Which rule failed. */
  readonly reason: 'unknown-key-id' | 'malformed' | 'authentication-failed' | 'crypto-unavailable';
  /** The wrapping key id named by the envelope, if it could be read. */
  readonly keyId: string | undefined;
  /** The subject of the row, if known. */
  readonly subject: string | undefined;

  constructor(reason: KeyVaultError['reason'], message: string, context: { keyId?: string; subject?: string; cause?: unknown } = {}) {
    super('ERR_KEY_VAULT', message, context.cause === undefined ? undefined : { cause: context.cause });
    this.reason = reason;
    this.keyId = context.keyId;
    this.subject = context.subject;
  }
}

/** One problem found in a permission model by `validate(model)`. */
export interface PermissionModelFinding {
  /** Stable finding code, e.g. `'tree-cycle'`, `'duplicate-resource-id'`. */
  readonly code: string;
  /** Where in the model, e.g. `'tree.resources[3].parent'` or `'grants.sec.reports.create'`. */
  readonly path: string;
}

/** A permission model is invalid; `findings` lists every problem found. */
export class InvalidPermissionModelError extends OtpkitError {
  declare readonly code: 'ERR_INVALID_PERMISSION_MODEL';
  /** Every finding, in model order. */
  readonly findings: readonly PermissionModelFinding[];

  constructor(findings: readonly PermissionModelFinding[]) {
    const first = findings[0];
    super(
      'ERR_INVALID_PERMISSION_MODEL',
      `invalid permission model: ${findings.length} finding(s)${first ? `, first ${first.code} at ${first.path}` : ''}`,
    );
    this.findings = Object.freeze([...findings]);
  }
}

/** A replay or throttle store could not be reached or answered wrongly; verification fails closed. */
export class StoreUnavailableError extends OtpkitError {
  declare readonly code: 'ERR_STORE_UNAVAILABLE';
  /** Which store operation failed, e.g. `'consume'`. */
  readonly operation: string;

  constructor(operation: string, options?: { cause?: unknown }) {
    super('ERR_STORE_UNAVAILABLE', `store operation "${operation}" failed`, options);
    this.operation = operation;
  }
}

/**
 * Every error class otpkit throws for bad outside data, as one union: `switch (error.code)`
 * narrows to the class and its fields (`parameter`, `findings`, …). `ERR_INVALID_SNAPSHOT` may be
 * a {@link StoredSnapshotError} (a subclass that adds `subject`). The base class
 * {@link OtpkitError} is not a member: otpkit never throws it bare.
 * @example
 * if (isOtpkitError(error)) {
 *   switch (error.code) {
 *     case 'ERR_INVALID_KEY_URI': return badRequest(`bad ${error.parameter}`);
 *     case 'ERR_STORE_UNAVAILABLE': return unavailable(error.operation);
 *   }
 * }
 */
export type OtpkitErrors =
  | InvalidSecretError
  | InvalidKeyURIError
  | EnrollmentTransitionError
  | InvalidSnapshotError
  | CredentialRecordError
  | KeyVaultError
  | InvalidPermissionModelError
  | StoreUnavailableError;

/**
 * `true` when `error` is one of otpkit's errors ({@link OtpkitErrors}); narrows it so that a
 * `switch` on `error.code` narrows further. Works across the package's subpaths (one class each).
 * @param error - anything caught.
 */
export function isOtpkitError(error: unknown): error is OtpkitErrors {
  return error instanceof OtpkitError;
}
