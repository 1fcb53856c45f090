/**
 * `PostgresCredentialStore`: the enrollment service's credential store on PostgreSQL (≥ 12) or
 * PGlite (`@electric-sql/pglite`, PostgreSQL in WebAssembly): the same SQL on both.
 *
 * One row per subject in `otpkit_enrollment` (see sql/otpkit-postgres.sql, or run
 * {@link migrate}). Keys are sealed with a {@link KeyVault} (AES-256-GCM, bound to subject and
 * keyRef) before they reach the database: a dump holds envelopes, never key bytes. Every
 * operation is ONE statement (`commit` is one `UPDATE … WHERE etag = $2` or one
 * `INSERT … ON CONFLICT DO NOTHING`; `consumeRecoveryCode` one `UPDATE … array_remove`), so it
 * is atomic without a transaction: PostgreSQL takes the row lock and, at READ COMMITTED,
 * re-checks the WHERE clause against the row's latest version before writing, so of two
 * commits with the same expected etag exactly one matches, and of two consumers of one hash
 * exactly one removes it. A connection lost mid-statement rolls the statement back whole.
 * Units: none (no clock here; times live in the snapshot, in Unix seconds).
 * @module
 */

import {
  CredentialRecordError,
  type CredentialStore,
  type EnrollmentCommit,
  type StoredEnrollment,
  type StoredKey,
} from '../enrollment/credential-store.js';
import { type KeyVault, type ResealReport, resealAll, type SealedRow } from '../enrollment/key-vault.js';
import { checkRecoveryCodeSet, type RecoveryCodeSet } from '../enrollment/recovery-codes.js';
import { describe as describeValue } from '../internal/assert.js';
import { OTPKIT_POSTGRES_SQL } from './postgres-sql.js';

/**
 * The part of a database client these stores call: `query(text, values)` resolving to
 * `{ rows, rowCount? }`. A `pg` Pool or Client; `PostgresCredentialStore` and `migrate` also take
 * a PGlite instance.
 */
export interface SqlClient {
  /** Runs one parameterized statement (`$1`, `$2`, … bound to `values`); resolves to its rows (and, from pg, `rowCount`). */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount?: number | null }>;
}

/** Options of {@link PostgresCredentialStore}. */
export interface PostgresCredentialStoreOptions {
  /** A `pg` Pool (recommended), Client, or PGlite; you own its lifecycle. */
  client: SqlClient;
  /** Seals keys at rest (from `createKeyVault` in `otpkit/enrollment`). Required. */
  vault: KeyVault;
  /** Table name, optionally schema-qualified, plain identifiers only. Default `'otpkit_enrollment'`. */
  table?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;
const ETAG = /^[1-9][0-9]{0,17}$/;
const OPS: ReadonlySet<string> = new Set(['', 'put-pending', 'discard-pending', 'activate-pending', 'remove-active', 'remove-all']);
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * A {@link CredentialStore} on PostgreSQL or PGlite, keys sealed with a vault.
 * Prints as `PostgresCredentialStore { table }`.
 * @example
 * import pg from 'pg';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const vault = await createKeyVault({ keys: [{ id: '2026-11', key: wrappingKeyBytes }] });
 * const credentialStore = new PostgresCredentialStore({ client: pool, vault });
 */
export class PostgresCredentialStore implements CredentialStore {
  readonly #client: SqlClient;
  readonly #vault: KeyVault;
  readonly #table: string;
  readonly #sql: Record<'read' | 'insert' | 'update' | 'pending' | 'active' | 'recovery' | 'consume' | 'batch', string>;

  /**
   * @param options - `client`, `vault` (required), `table` (default `'otpkit_enrollment'`).
   * @throws TypeError if `client` has no `query` or `vault` is not a KeyVault; TypeError/RangeError for a bad table name.
   */
  constructor(options: PostgresCredentialStoreOptions) {
    const client = options?.client;
    if (typeof client?.query !== 'function')
      throw new TypeError(`"client" expected a pg Pool, Client or PGlite, got ${describeValue(client)}`);
    const vault = options.vault;
    if (typeof vault?.seal !== 'function' || typeof vault.open !== 'function' || typeof vault.needsReseal !== 'function') {
      throw new TypeError(`"vault" expected a KeyVault from createKeyVault (keys are never stored in plain), got ${describeValue(vault)}`);
    }
    const t = checkTable(options.table);
    this.#client = client;
    this.#vault = vault;
    this.#table = t;
    // $4 is the key operation ('' for none); $7 says whether a new recovery-code set is written.
    const movePending = (column: string, value: string) =>
      `CASE $4::text WHEN 'put-pending' THEN ${value} WHEN 'discard-pending' THEN NULL WHEN 'activate-pending' THEN NULL WHEN 'remove-all' THEN NULL ELSE e.${column} END`;
    const keepActive = (column: string, from: string) =>
      `CASE $4::text WHEN 'activate-pending' THEN e.${from} WHEN 'remove-active' THEN NULL WHEN 'remove-all' THEN NULL ELSE e.${column} END`;
    const recovery = (column: string, value: string) =>
      `CASE WHEN $7::boolean THEN ${value} WHEN $4::text IN ('remove-active', 'remove-all') THEN NULL ELSE e.${column} END`;
    this.#sql = {
      read: `SELECT snapshot, etag::text AS etag FROM ${t} WHERE subject = $1::text`,
      // No record yet: at most one of concurrent inserts wins the primary key.
      insert: `INSERT INTO ${t} (subject, snapshot, etag, pending_key_ref, pending_key, recovery_salt, recovery_hashes)
SELECT $1::text, $2::text, 1,
  CASE WHEN $3::text = 'put-pending' THEN $4::text END, CASE WHEN $3::text = 'put-pending' THEN $5::text END,
  CASE WHEN $6::boolean THEN $7::text END, CASE WHEN $6::boolean THEN $8::text[] END
WHERE $3::text <> 'activate-pending'
ON CONFLICT (subject) DO NOTHING
RETURNING etag::text AS etag`,
      update: `UPDATE ${t} AS e SET
  snapshot = $3::text,
  etag = e.etag + 1,
  pending_key_ref = ${movePending('pending_key_ref', '$5::text')},
  pending_key = ${movePending('pending_key', '$6::text')},
  active_key_ref = ${keepActive('active_key_ref', 'pending_key_ref')},
  active_key = ${keepActive('active_key', 'pending_key')},
  recovery_salt = ${recovery('recovery_salt', '$8::text')},
  recovery_hashes = ${recovery('recovery_hashes', '$9::text[]')}
WHERE e.subject = $1::text AND e.etag = $2::bigint
  AND ($4::text <> 'activate-pending' OR e.pending_key_ref = $5::text)
RETURNING e.etag::text AS etag`,
      pending: `SELECT pending_key_ref, pending_key FROM ${t} WHERE subject = $1::text`,
      active: `SELECT active_key_ref, active_key FROM ${t} WHERE subject = $1::text`,
      recovery: `SELECT recovery_salt, recovery_hashes FROM ${t} WHERE subject = $1::text`,
      consume: `UPDATE ${t} SET recovery_hashes = array_remove(recovery_hashes, $2::text)
WHERE subject = $1::text AND $2::text = ANY (recovery_hashes)
RETURNING 1 AS removed`,
      batch: `SELECT subject, pending_key_ref, pending_key, active_key_ref, active_key FROM ${t}
WHERE ($1::text IS NULL OR subject > $1::text) AND (pending_key IS NOT NULL OR active_key IS NOT NULL)
ORDER BY subject LIMIT $2::integer`,
    };
  }

  async read(subject: string): Promise<StoredEnrollment | null> {
    const row = await this.#row(this.#sql.read, subject);
    if (row === undefined) return null;
    if (typeof row.snapshot !== 'string') throw new CredentialRecordError(subject, 'snapshot');
    if (typeof row.etag !== 'string' || !ETAG.test(row.etag)) throw new CredentialRecordError(subject, 'etag');
    return { snapshot: row.snapshot, etag: row.etag };
  }

  /**
   * One statement: with `expectedEtag: null` an `INSERT … ON CONFLICT DO NOTHING` (a second
   * creator finds the row and inserts nothing); otherwise an `UPDATE … WHERE etag = expected`
   * that also moves keys and recovery codes in the same row (for `activate-pending`, only if the
   * stored pending keyRef is the one named). The new key is sealed before the statement runs.
   */
  async commit(subject: string, change: EnrollmentCommit): Promise<{ ok: true; etag: string } | { ok: false }> {
    const key = change.key;
    const op = key?.op ?? '';
    if (!OPS.has(op)) throw new TypeError(`"change.key.op" expected one of ${[...OPS].filter(Boolean).join(', ')}`);
    const keyRef = key?.op === 'put-pending' || key?.op === 'activate-pending' ? key.keyRef : null;
    const envelope = key?.op === 'put-pending' ? await this.#vault.seal(key.key, { subject, keyRef: key.keyRef }) : null;
    const codes = change.recoveryCodes;
    const salt = codes ? codes.salt : null;
    const hashes = codes ? [...codes.hashes] : null;
    let rows: unknown[];
    if (change.expectedEtag === null) {
      rows = (
        await this.#client.query(this.#sql.insert, [subject, change.snapshot, op, keyRef, envelope, codes !== undefined, salt, hashes])
      ).rows;
    } else {
      if (typeof change.expectedEtag !== 'string' || !ETAG.test(change.expectedEtag)) return { ok: false };
      const values = [subject, change.expectedEtag, change.snapshot, op, keyRef, envelope, codes !== undefined, salt, hashes];
      rows = (await this.#client.query(this.#sql.update, values)).rows;
    }
    if (!Array.isArray(rows) || rows.length > 1) throw new Error('PostgreSQL commit: unexpected result');
    const etag = (rows[0] as { etag?: unknown } | undefined)?.etag;
    if (rows.length === 0) return { ok: false };
    if (typeof etag !== 'string' || !ETAG.test(etag)) throw new CredentialRecordError(subject, 'etag');
    return { ok: true, etag };
  }

  async getPendingKey(subject: string, keyRef: string): Promise<Uint8Array | null> {
    const row = await this.#row(this.#sql.pending, subject);
    if (row === undefined || row.pending_key_ref === null || row.pending_key_ref !== keyRef) return null;
    if (typeof row.pending_key !== 'string') throw new CredentialRecordError(subject, 'pending-key');
    return this.#vault.open(row.pending_key, { subject, keyRef });
  }

  async getActiveKey(subject: string): Promise<StoredKey | null> {
    const row = await this.#row(this.#sql.active, subject);
    if (row === undefined || (row.active_key_ref === null && row.active_key === null)) return null;
    if (typeof row.active_key_ref !== 'string' || typeof row.active_key !== 'string')
      throw new CredentialRecordError(subject, 'active-key');
    const keyRef = row.active_key_ref;
    return { keyRef, key: await this.#vault.open(row.active_key, { subject, keyRef }) };
  }

  async getRecoveryCodes(subject: string): Promise<RecoveryCodeSet | null> {
    const row = await this.#row(this.#sql.recovery, subject);
    if (row === undefined || (row.recovery_salt === null && row.recovery_hashes === null)) return null;
    const set = { version: 1 as const, salt: row.recovery_salt, hashes: row.recovery_hashes };
    try {
      checkRecoveryCodeSet(set);
    } catch (cause) {
      throw new CredentialRecordError(subject, 'recovery-codes', { cause });
    }
    return { version: 1, salt: set.salt, hashes: [...set.hashes] };
  }

  async consumeRecoveryCode(subject: string, hash: string): Promise<boolean> {
    const result = await this.#client.query(this.#sql.consume, [subject, hash]);
    if (!Array.isArray(result?.rows) || result.rows.length > 1) throw new Error('PostgreSQL consumeRecoveryCode: unexpected result');
    return result.rows.length === 1;
  }

  /**
   * Reseals every key not yet under the vault's current wrapping key (rotation), `batchSize`
   * subjects at a time (default 500), each write a compare-and-set on the old envelope, so it is
   * safe while the portal runs and safe to repeat. Give the store a vault holding the old and new keys.
   * @returns `{ scanned, resealed, skipped }`.
   * @throws KeyVaultError if a stored envelope does not open with any key of the vault.
   */
  async resealAll(options: { batchSize?: number } = {}): Promise<ResealReport> {
    const client = this.#client;
    const sql = this.#sql;
    const t = this.#table;
    return resealAll(this.#vault, {
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      async fetchBatch(after, limit) {
        const cursor = after === null ? null : (JSON.parse(after) as [string, string])[0];
        const { rows } = await client.query(sql.batch, [cursor, limit]);
        const out: SealedRow[] = [];
        for (const row of rows as Record<string, unknown>[]) {
          const subject = row.subject as string;
          for (const column of ['pending', 'active'] as const) {
            const envelope = row[`${column}_key`];
            const keyRef = row[`${column}_key_ref`];
            if (envelope === null) continue;
            if (typeof envelope !== 'string' || typeof keyRef !== 'string') throw new CredentialRecordError(subject, `${column}-key`);
            out.push({ id: JSON.stringify([subject, column]), envelope, binding: { subject, keyRef } });
          }
        }
        // The cursor is the last subject of the batch even when it had only a pending key.
        return out;
      },
      async update(row, envelope) {
        const [subject, column] = JSON.parse(row.id) as [string, 'pending' | 'active'];
        const text = `UPDATE ${t} SET ${column}_key = $3::text
WHERE subject = $1::text AND ${column}_key = $2::text AND ${column}_key_ref = $4::text RETURNING 1 AS done`;
        const { rows } = await client.query(text, [subject, row.envelope, envelope, row.binding.keyRef]);
        return rows.length === 1;
      },
    });
  }

  /** Redacted. */
  toString(): string {
    return `PostgresCredentialStore { table: ${this.#table} }`;
  }

  /** Redacted: `{ table }` only. */
  toJSON(): { table: string } {
    return { table: this.#table };
  }

  /** What `util.inspect` shows in Node: a redacted summary, never key material. */
  [inspectSymbol](): string {
    return this.toString();
  }

  async #row(text: string, subject: string): Promise<Record<string, unknown> | undefined> {
    const result = await this.#client.query(text, [subject]);
    if (!Array.isArray(result?.rows) || result.rows.length > 1) throw new Error('PostgreSQL read: unexpected result');
    const row = result.rows[0];
    if (row === undefined) return undefined;
    if (row === null || typeof row !== 'object') throw new CredentialRecordError(subject, 'row');
    return row as Record<string, unknown>;
  }
}

/**
 * Runs the shipped migration (sql/otpkit-postgres.sql, embedded as {@link OTPKIT_POSTGRES_SQL}):
 * creates the replay, throttle, enrollment and schema-version tables if missing. Idempotent; run
 * it at every start. On PGlite it uses `exec` (several statements); on `pg` one simple query.
 * @param client - a `pg` Pool or Client, or PGlite.
 * @param options - other table names than the defaults (each a plain identifier, optionally
 *   schema-qualified).
 * @throws TypeError/RangeError for a bad client or table name; database errors pass through.
 * @example
 * const db = new PGlite('./data/otpkit'); await migrate(db);
 */
export async function migrate(
  client: SqlClient & { exec?: (sql: string) => Promise<unknown> },
  options: {
    /** Default `'otpkit_enrollment'`. */
    enrollmentTable?: string;
    /** Default `'otpkit_replay'`. */
    replayTable?: string;
    /** Default `'otpkit_throttle'`. */
    throttleTable?: string;
    /** Default `'otpkit_schema'`. */
    schemaTable?: string;
  } = {},
): Promise<void> {
  if (typeof client?.query !== 'function')
    throw new TypeError(`"client" expected a pg Pool, Client or PGlite, got ${describeValue(client)}`);
  let sql = OTPKIT_POSTGRES_SQL;
  const renames: [string, string | undefined][] = [
    ['otpkit_enrollment', options.enrollmentTable],
    ['otpkit_replay', options.replayTable],
    ['otpkit_throttle', options.throttleTable],
    ['otpkit_schema', options.schemaTable],
  ];
  // Names derived from a table follow it: the function `<throttle table>_verify` (which the
  // verification store calls) and the replay table's index (unqualified: an index lives in its
  // table's schema). Then the tables themselves, as whole words.
  if (options.throttleTable !== undefined) sql = sql.replaceAll('otpkit_throttle_verify', `${checkTable(options.throttleTable)}_verify`);
  if (options.replayTable !== undefined)
    sql = sql.replaceAll('otpkit_replay_expires_at', `${checkTable(options.replayTable).split('.').pop()}_expires_at`);
  for (const [from, to] of renames) if (to !== undefined) sql = sql.replace(new RegExp(`\\b${from}\\b`, 'g'), checkTable(to));
  if (typeof client.exec === 'function') await client.exec(sql);
  else await client.query(sql);
}

/**
 * The schema version recorded for `component` (e.g. `'enrollment'`), or 0 when none is.
 * @param client - a `pg` Pool or Client, or PGlite.
 * @param component - default `'enrollment'`.
 */
export async function schemaVersion(client: SqlClient, component = 'enrollment', schemaTable = 'otpkit_schema'): Promise<number> {
  const t = checkTable(schemaTable);
  const exists = await client.query('SELECT to_regclass($1::text) IS NOT NULL AS present', [t]);
  if ((exists.rows[0] as { present?: unknown } | undefined)?.present !== true) return 0;
  const { rows } = await client.query(`SELECT version FROM ${t} WHERE component = $1::text`, [component]);
  const version = (rows[0] as { version?: unknown } | undefined)?.version;
  return typeof version === 'number' ? version : 0;
}

function checkTable(table: unknown): string {
  if (table === undefined) return 'otpkit_enrollment';
  if (typeof table !== 'string') throw new TypeError(`"table" expected a string, got ${describeValue(table)}`);
  if (!IDENTIFIER.test(table))
    throw new RangeError(`"table" expected a plain identifier, optionally schema-qualified, got ${describeValue(table)}`);
  return table;
}
