/**
 * The `credentialStore` port of the enrollment service: where a subject's enrollment snapshot,
 * its pending and active TOTP keys and its recovery-code hashes live.
 *
 * Atomicity rule: {@link CredentialStore.commit} applies a new snapshot and its key/recovery
 * changes as one compare-and-set on the etag, so two browser tabs (or two servers) cannot both
 * move the same enrollment; {@link CredentialStore.consumeRecoveryCode} removes one hash
 * atomically, so a code works once. Keys are bytes; a store never puts them in a snapshot, a log
 * or an error message, and should encrypt them at rest.
 * @module
 */
import type { RecoveryCodeSet } from './recovery-codes.js';

/** A stored snapshot with its version tag. */
export interface StoredEnrollment {
  /** The snapshot as JSON text, as the service wrote it (untrusted when read: parse it with `parseSnapshot`). */
  readonly snapshot: string;
  /** Opaque version tag; changes on every successful commit. */
  readonly etag: string;
}

/** A key with the id that names it (the verifier's `credentialId`). */
export interface StoredKey {
  /** 32 lower-case hex digits. */
  readonly keyRef: string;
  /** The TOTP key K. */
  readonly key: Uint8Array;
}

/** One atomic change of a subject's enrollment. */
export interface EnrollmentCommit {
  /** The etag read before the change, or `null` when there was no record. */
  readonly expectedEtag: string | null;
  /** The new snapshot as JSON text (store it as given). */
  readonly snapshot: string;
  /**
   * A key change to apply in the same operation, if any, told apart by `op` (name one as
   * `Extract<NonNullable<EnrollmentCommit['key']>, { op: 'put-pending' }>`): `put-pending` stores
   * a new pending key, replacing (and so invalidating) any earlier one; `discard-pending` deletes
   * the pending key; `activate-pending` makes the pending key named `keyRef` the active key
   * (replacing any) and deletes it as pending; `remove-active` deletes the active key and the
   * recovery codes; `remove-all` deletes the pending key, the active key and the recovery codes
   * (an administrator's reset).
   */
  readonly key?:
    | { readonly op: 'put-pending'; readonly keyRef: string; readonly key: Uint8Array }
    | { readonly op: 'discard-pending' }
    | { readonly op: 'activate-pending'; readonly keyRef: string }
    | { readonly op: 'remove-active' }
    | { readonly op: 'remove-all' };
  /** A new recovery-code set replacing the old one, if any. */
  readonly recoveryCodes?: RecoveryCodeSet;
}

/**
 * Storage for enrollments. Every method may be async; a thrown error or rejected promise is
 * passed through to the caller of the service (fail closed).
 */
export interface CredentialStore {
  /** The subject's record, or `null` if it never enrolled. */
  read(subject: string): Promise<StoredEnrollment | null>;
  /**
   * Applies `change` only if the stored etag still equals `change.expectedEtag` (`null`: no record
   * yet), all or nothing.
   * @returns `{ ok: true, etag }` with the new etag, or `{ ok: false }` if someone else committed first.
   * For `activate-pending`, a store whose pending key does not carry `keyRef` must refuse the commit.
   */
  commit(subject: string, change: EnrollmentCommit): Promise<{ ok: true; etag: string } | { ok: false }>;
  /** The pending key named `keyRef`, or `null` if it is not the current pending key. */
  getPendingKey(subject: string, keyRef: string): Promise<Uint8Array | null>;
  /** The active key, or `null` when two-factor is off. */
  getActiveKey(subject: string): Promise<StoredKey | null>;
  /** The current recovery-code set, or `null`. */
  getRecoveryCodes(subject: string): Promise<RecoveryCodeSet | null>;
  /** Removes `hash` from the current set in one atomic step; `true` only for the caller that removed it. */
  consumeRecoveryCode(subject: string, hash: string): Promise<boolean>;
}

// The errors a store's records can raise live with every other error in core/errors.ts (the
// `otpkit/errors` subpath); the enrollment modules import them from here.
export { CredentialRecordError, StoredSnapshotError } from '../core/errors.js';
