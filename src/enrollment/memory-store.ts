/**
 * An in-memory {@link CredentialStore} for tests, demos and single-process tools.
 *
 * Each method finishes its check-and-set without an `await` in between (sealing happens before,
 * opening after), so within one process commits and recovery-code consumption are atomic. Data
 * is lost on restart. Without a vault keys are held as plain bytes; with `{ vault }` they are
 * held sealed, as a database store holds them. Prints as `MemoryCredentialStore { subjects: n }`.
 * @module
 */
import { describe } from '../internal/assert.js';
import type { CredentialStore, EnrollmentCommit, StoredEnrollment, StoredKey } from './credential-store.js';
import type { KeyVault } from './key-vault.js';
import type { RecoveryCodeSet } from './recovery-codes.js';

/** A held key: plain bytes, or an envelope when the store has a vault. */
interface HeldKey {
  readonly keyRef: string;
  readonly key: Uint8Array | string;
}

interface Entry {
  snapshot: string;
  etag: string;
  pending: HeldKey | null;
  active: HeldKey | null;
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
  readonly #vault: KeyVault | undefined;
  #nextEtag = 1;

  /**
   * @param options - `vault` (optional, from `createKeyVault`): keys are sealed with it, bound to
   *   subject and keyRef. Default: keys held as plain bytes.
   * @throws TypeError if `vault` lacks `seal`/`open`.
   */
  constructor(options: { vault?: KeyVault } = {}) {
    const vault = options?.vault;
    if (vault !== undefined && (typeof vault?.seal !== 'function' || typeof vault.open !== 'function')) {
      throw new TypeError(`"vault" expected a KeyVault from createKeyVault, got ${describe(vault)}`);
    }
    this.#vault = vault;
  }

  async read(subject: string): Promise<StoredEnrollment | null> {
    const entry = this.#entries.get(subject);
    return entry ? { snapshot: entry.snapshot, etag: entry.etag } : null;
  }

  async commit(subject: string, change: EnrollmentCommit): Promise<{ ok: true; etag: string } | { ok: false }> {
    const key = change.key;
    // Seal before the check-and-set: from here to the write below there is no await.
    let held: HeldKey | null = null;
    if (key?.op === 'put-pending') {
      const binding = { subject, keyRef: key.keyRef };
      held = { keyRef: key.keyRef, key: this.#vault ? await this.#vault.seal(key.key, binding) : key.key.slice() };
    }
    const entry = this.#entries.get(subject);
    if ((entry?.etag ?? null) !== change.expectedEtag) return { ok: false };
    const next: Entry = entry ? { ...entry } : { snapshot: '', etag: '', pending: null, active: null, recovery: null };
    if (key?.op === 'put-pending') next.pending = held;
    else if (key?.op === 'discard-pending') next.pending = null;
    else if (key?.op === 'activate-pending') {
      if (next.pending?.keyRef !== key.keyRef) return { ok: false };
      next.active = next.pending;
      next.pending = null;
    } else if (key?.op === 'remove-active') {
      next.active = null;
      next.recovery = null;
    } else if (key?.op === 'remove-all') {
      next.pending = null;
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
    return pending && pending.keyRef === keyRef ? this.#open(subject, pending) : null;
  }

  async getActiveKey(subject: string): Promise<StoredKey | null> {
    const active = this.#entries.get(subject)?.active;
    return active ? { keyRef: active.keyRef, key: await this.#open(subject, active) } : null;
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

  /** What `util.inspect` shows in Node: a redacted summary, never key material. */
  [inspectSymbol](): string {
    return this.toString();
  }

  async #open(subject: string, held: HeldKey): Promise<Uint8Array> {
    if (typeof held.key !== 'string') return held.key.slice();
    return (this.#vault as KeyVault).open(held.key, { subject, keyRef: held.keyRef });
  }
}
