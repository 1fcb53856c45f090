/**
 * src/core/errors.ts and the `otpkit/errors` entry: one union of every error class, so a `switch`
 * on `code` narrows to the class and its fields (as jose's errors do).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as errors from '../../src/errors.js';
import {
  CredentialRecordError,
  InvalidKeyURIError,
  InvalidPermissionModelError,
  InvalidSnapshotError,
  isOtpkitError,
  KeyVaultError,
  type OtpkitErrors,
  StoredSnapshotError,
  StoreUnavailableError,
} from '../../src/errors.js';

/** What a portal's error handler does: switch on the code, read the narrowed class's fields. */
function fieldOf(error: OtpkitErrors): string {
  switch (error.code) {
    case 'ERR_INVALID_SECRET':
      return error.reason;
    case 'ERR_INVALID_KEY_URI':
      return error.parameter;
    case 'ERR_ENROLLMENT_TRANSITION':
      return `${error.state}/${error.event}`;
    case 'ERR_INVALID_SNAPSHOT':
      return error.path;
    case 'ERR_CREDENTIAL_RECORD':
      return `${error.subject}/${error.field}`;
    case 'ERR_KEY_VAULT':
      return error.reason;
    case 'ERR_INVALID_PERMISSION_MODEL':
      return String(error.findings.length);
    case 'ERR_STORE_UNAVAILABLE':
      return error.operation;
  }
}

describe('otpkit/errors', () => {
  it('narrows by code to the class and its fields', () => {
    expect(fieldOf(new InvalidKeyURIError('period', 'bad period'))).toBe('period');
    expect(fieldOf(new StoreUnavailableError('consume'))).toBe('consume');
    expect(fieldOf(new InvalidPermissionModelError([{ code: 'tree-cycle', path: 'tree' }]))).toBe('1');
    expect(fieldOf(new CredentialRecordError('alice', 'etag'))).toBe('alice/etag');
    expect(fieldOf(new KeyVaultError('malformed', 'bad envelope'))).toBe('malformed');
    expect(fieldOf(new StoredSnapshotError('alice', new InvalidSnapshotError('version', 'bad version')))).toBe('version');
  });

  it('isOtpkitError recognizes every class and nothing else', () => {
    const caught: unknown = new StoreUnavailableError('peek');
    expect(isOtpkitError(caught)).toBe(true);
    if (isOtpkitError(caught)) expectTypeOf(caught).toEqualTypeOf<OtpkitErrors>();
    expect(isOtpkitError(new TypeError('x'))).toBe(false);
    expect(isOtpkitError({ code: 'ERR_STORE_UNAVAILABLE' })).toBe(false);
  });

  it('exports one class for each code of the union, and StoredSnapshotError as a kind of InvalidSnapshotError', () => {
    const classes = Object.values(errors).filter(
      (value) => typeof value === 'function' && value !== errors.OtpkitError && value !== isOtpkitError,
    );
    expect(classes).toHaveLength(9);
    for (const ErrorClass of classes) expect(ErrorClass.prototype).toBeInstanceOf(errors.OtpkitError);
    expect(errors.StoredSnapshotError.prototype).toBeInstanceOf(errors.InvalidSnapshotError);
    const codes = [
      new errors.InvalidSecretError('empty', 'x'),
      new errors.InvalidKeyURIError('uri', 'x'),
      new errors.EnrollmentTransitionError('enabled', 'cancel'),
      new errors.InvalidSnapshotError('version', 'x'),
      new errors.CredentialRecordError('s', 'row'),
      new errors.KeyVaultError('malformed', 'x'),
      new errors.InvalidPermissionModelError([]),
      new errors.StoreUnavailableError('peek'),
    ].map((error) => error.code);
    expect(new Set(codes).size).toBe(8);
  });
});
