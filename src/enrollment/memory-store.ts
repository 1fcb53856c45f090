/**
 * An in-memory {@link CredentialStore} for tests, demos and single-process tools.
 *
 * Each method finishes its check-and-set before its first `await` point, so within one process
 * commits and recovery-code consumption are atomic. Data is lost on restart, keys are held in
 * plain memory: do not use it for real accounts. Prints as `MemoryCredentialStore { subjects: n }`.
 * @module
 */
import type { CredentialStore, EnrollmentCommit, StoredEnrollment, StoredKey } from './credential-store.js';
import type { RecoveryCodeSet } from './recovery-codes.js';

interface Entry {
  snapshot: string;
  etag: string;
  pending: StoredKey | null;
  active: StoredKey | null;
  recovery: RecoveryCodeSet | null;
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * In-memory credential store. Keys are copied in and out, so zeroing a caller's buffer never
 * changes what is stored.
 * @example
 * const service = createEnrollmentService({ credentialStore: new MemoryCredentialStore(), … });
 */
export class MemoryCredentialStore implements CredentialStore {
  readonly #entries = new Map<string, Entry>();
  #nextEtag = 1;

  async read(subject: string): Promise<StoredEnrollment | null> {
    const entry = this.#entries.get(subject);
    return entry ? { snapshot: entry.snapshot, etag: entry.etag } : null;
  }

  async commit(subject: string, change: EnrollmentCommit): Promise<{ ok: true; etag: string } | { ok: false }> {
    const entry = this.#entries.get(subject);
    if ((entry?.etag ?? null) !== change.expectedEtag) return { ok: false };
    const next: Entry = entry ? { ...entry } : { snapshot: '', etag: '', pending: null, active: null, recovery: null };
    const key = change.key;
    if (key?.op === 'put-pending') next.pending = { keyRef: key.keyRef, key: key.key.slice() };
    else if (key?.op === 'discard-pending') next.pending = null;
    else if (key?.op === 'activate-pending') {
      if (next.pending?.keyRef !== key.keyRef) return { ok: false };
      next.active = next.pending;
      next.pending = null;
    } else if (key?.op === 'remove-active') {
      next.active = null;
      next.recovery = null;
    }
    if (change.recoveryCodes) next.recovery = { ...change.recoveryCodes, hashes: [...change.recoveryCodes.hashes] };
    next.snapshot = change.snapshot;
    next.etag = String(this.#nextEtag++);
    this.#entries.set(subject, next);
    return { ok: true, etag: next.etag };
  }

  async getPendingKey(subject: string, keyRef: string): Promise<Uint8Array | null> {
    const pending = this.#entries.get(subject)?.pending;
    return pending && pending.keyRef === keyRef ? pending.key.slice() : null;
  }

  async getActiveKey(subject: string): Promise<StoredKey | null> {
    const active = this.#entries.get(subject)?.active;
    return active ? { keyRef: active.keyRef, key: active.key.slice() } : null;
  }

  async getRecoveryCodes(subject: string): Promise<RecoveryCodeSet | null> {
    const recovery = this.#entries.get(subject)?.recovery;
    return recovery ? { ...recovery, hashes: [...recovery.hashes] } : null;
  }

  async consumeRecoveryCode(subject: string, hash: string): Promise<boolean> {
    const entry = this.#entries.get(subject);
    const hashes = entry?.recovery?.hashes;
    if (!entry?.recovery || !hashes?.includes(hash)) return false;
    entry.recovery = { ...entry.recovery, hashes: hashes.filter((h) => h !== hash) };
    return true;
  }

  /** How many pending keys are held for `subject` (0 or 1); for tests and diagnostics. */
  pendingKeyCount(subject: string): number {
    return this.#entries.get(subject)?.pending ? 1 : 0;
  }

  /** Redacted. */
  toString(): string {
    return `MemoryCredentialStore { subjects: ${this.#entries.size} }`;
  }

  /** Redacted: `{ subjects }` only. */
  toJSON(): { subjects: number } {
    return { subjects: this.#entries.size };
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}
