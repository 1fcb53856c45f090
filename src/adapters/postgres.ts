/**
 * `otpkit/postgres`: the replay and throttle stores on PostgreSQL (≥ 12), for verifiers that run
 * on many processes and servers.
 *
 * Takes a `pg` Pool (or Client, or anything with `query(text, values)`) that you create and end;
 * `pg` is an optional peer dependency. Every operation is ONE statement: the watermark is raised
 * by `INSERT … ON CONFLICT DO UPDATE … WHERE time_step < $step RETURNING`, the failure count by
 * one `INSERT … ON CONFLICT DO UPDATE … RETURNING`; PostgreSQL re-checks the conflicting row's
 * latest version under its row lock, so concurrent statements serialize per credential at the
 * default READ COMMITTED level.
 *
 * Create the tables with the migration shipped in the package: `sql/otpkit-postgres.sql`.
 * Units: Unix seconds for throttle times (from the verifier's clock); seconds for TTLs, which
 * become `expires_at` from the database's `now()`. Expired replay rows count as absent; delete
 * them now and then with `deleteExpired()`.
 * @module
 */
import { describe as describeValue } from '../internal/assert.js';
import { checkRecordArguments, type ReplayRecord, type ReplayStore } from '../verify/replay.js';
import type { ThrottleAttempt, ThrottlePolicy, ThrottleState, ThrottleStore } from '../verify/throttle.js';
import type { VerificationAnswer, VerificationRequest, VerificationState, VerificationStore } from '../verify/verification-store.js';
import type { SqlClient } from './postgres-credentials.js';

/** Options of {@link PostgresReplayStore} and {@link PostgresThrottleStore}. */
export interface PostgresStoreOptions {
  /** A `pg` Pool (recommended) or Client; you own its lifecycle. */
  pool: SqlClient;
  /**
   * Table name, optionally schema-qualified, plain identifiers only. Default `'otpkit_replay'`
   * (replay store) or `'otpkit_throttle'` (throttle store).
   */
  table?: string;
}

/** The part of a `pg` Pool or Client these stores call. */
type PgQueryable = SqlClient;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;

function checkTable(table: unknown, fallback: string): string {
  if (table === undefined) return fallback;
  if (typeof table !== 'string') throw new TypeError(`"table" expected a string, got ${describeValue(table)}`);
  if (!IDENTIFIER.test(table)) {
    throw new RangeError(`"table" expected a plain identifier, optionally schema-qualified, got ${describeValue(table)}`);
  }
  return table;
}

function checkPool(pool: unknown): PgQueryable {
  if (typeof (pool as Partial<PgQueryable> | null | undefined)?.query !== 'function') {
    throw new TypeError(`"pool" expected a pg Pool or Client, got ${describeValue(pool)}`);
  }
  return pool as PgQueryable;
}

function unexpected(operation: string): Error {
  return new Error(`PostgreSQL ${operation}: unexpected result`);
}

/**
 * A {@link ReplayStore} on PostgreSQL: one row per credential in `otpkit_replay`.
 * @example
 * import pg from 'pg';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const replayStore = new PostgresReplayStore({ pool });
 */
export class PostgresReplayStore implements ReplayStore {
  readonly #pool: PgQueryable;
  readonly #consume: string;
  readonly #peek: string;
  readonly #delete: string;
  readonly #deleteExpired: string;

  /**
   * @param options - `pool`, `table` (default `'otpkit_replay'`).
   * @throws TypeError if `pool` has no `query`; TypeError/RangeError for a bad table name.
   */
  constructor(options: PostgresStoreOptions) {
    this.#pool = checkPool(options?.pool);
    const t = checkTable(options.table, 'otpkit_replay');
    // An expired row counts as absent, as an expired Redis key does.
    this.#consume = `INSERT INTO ${t} AS r (credential_id, time_step, drift, expires_at)
VALUES ($1, $2::bigint, $3::integer, CASE WHEN $4::integer > 0 THEN now() + make_interval(secs => $4::integer) END)
ON CONFLICT (credential_id) DO UPDATE
SET time_step = excluded.time_step, drift = excluded.drift, expires_at = excluded.expires_at
WHERE r.time_step < excluded.time_step OR r.expires_at <= now()
RETURNING 1 AS raised`;
    this.#peek = `SELECT time_step::text AS time_step, drift FROM ${t}
WHERE credential_id = $1 AND (expires_at IS NULL OR expires_at > now())`;
    this.#delete = `DELETE FROM ${t} WHERE credential_id = $1`;
    this.#deleteExpired = `DELETE FROM ${t} WHERE expires_at <= now()`;
  }

  async consume(credentialId: string, timeStep: number, ttlSeconds: number, drift = 0): Promise<boolean> {
    checkRecordArguments(timeStep, ttlSeconds, drift);
    const result = await this.#pool.query(this.#consume, [credentialId, String(timeStep), drift, ttlSeconds]);
    if (!Array.isArray(result?.rows) || result.rows.length > 1) throw unexpected('consume');
    return result.rows.length === 1;
  }

  async peek(credentialId: string): Promise<ReplayRecord | undefined> {
    const result = await this.#pool.query(this.#peek, [credentialId]);
    const row = result?.rows?.[0] as { time_step?: unknown; drift?: unknown } | undefined;
    if (row === undefined) return undefined;
    const timeStep = Number(row.time_step);
    if (!Number.isSafeInteger(timeStep) || typeof row.drift !== 'number') throw unexpected('peek');
    return Object.freeze({ timeStep, drift: row.drift });
  }

  async delete(credentialId: string): Promise<void> {
    await this.#pool.query(this.#delete, [credentialId]);
  }

  /**
   * Deletes expired rows (they already count as absent); run it from a periodic job.
   * @returns how many rows were deleted.
   */
  async deleteExpired(): Promise<number> {
    const result = await this.#pool.query(this.#deleteExpired, []);
    return result.rowCount ?? 0;
  }
}

/**
 * A {@link ThrottleStore} on PostgreSQL: one row per credential in `otpkit_throttle`.
 * @example
 * const throttleStore = new PostgresThrottleStore({ pool });
 */
export class PostgresThrottleStore implements ThrottleStore {
  readonly #pool: PgQueryable;
  readonly #attempt: string;
  readonly #peek: string;
  readonly #reset: string;

  /**
   * @param options - `pool`, `table` (default `'otpkit_throttle'`).
   * @throws TypeError if `pool` has no `query`; TypeError/RangeError for a bad table name.
   */
  constructor(options: PostgresStoreOptions) {
    this.#pool = checkPool(options?.pool);
    const t = checkTable(options.table, 'otpkit_throttle');
    // $2 now (Unix s), $3 K, $4 initial delay (s), $5 factor, $6 max delay (s), $7 ceiling.
    // Every SET expression reads the row as it was before this statement, so `admit` is the
    // lock check and the new values are computed from the old count, all under the row lock.
    const admit = `(s.failures < $7::integer AND s.locked_until <= $2::float8)`;
    const lockAfter = (n: string) =>
      `CASE WHEN ${n} >= $3::integer THEN $2::float8 + LEAST($6::float8, $4::float8 * power($5::float8, ${n} - $3::integer)) ELSE 0 END`;
    this.#attempt = `INSERT INTO ${t} AS s (credential_id, failures, locked_until, refused)
VALUES ($1, 1, ${lockAfter('1')}, false)
ON CONFLICT (credential_id) DO UPDATE SET
  refused = NOT ${admit},
  failures = CASE WHEN ${admit} THEN s.failures + 1 ELSE s.failures END,
  locked_until = CASE WHEN ${admit} THEN ${lockAfter('(s.failures + 1)')} ELSE s.locked_until END
RETURNING NOT refused AS allowed, failures, locked_until`;
    this.#peek = `SELECT failures, locked_until FROM ${t} WHERE credential_id = $1`;
    this.#reset = `DELETE FROM ${t} WHERE credential_id = $1`;
  }

  async attempt(credentialId: string, nowSeconds: number, policy: ThrottlePolicy): Promise<ThrottleAttempt> {
    const result = await this.#pool.query(this.#attempt, [
      credentialId,
      nowSeconds,
      policy.threshold,
      policy.initialDelaySeconds,
      policy.factor,
      policy.maxDelaySeconds,
      policy.ceiling,
    ]);
    const row = result?.rows?.[0] as { allowed?: unknown; failures?: unknown; locked_until?: unknown } | undefined;
    if (result.rows.length !== 1 || typeof row?.allowed !== 'boolean') throw unexpected('attempt');
    return Object.freeze({ allowed: row.allowed, ...parseState(row) });
  }

  async peek(credentialId: string): Promise<ThrottleState> {
    const result = await this.#pool.query(this.#peek, [credentialId]);
    const row = result?.rows?.[0] as { failures?: unknown; locked_until?: unknown } | undefined;
    return row === undefined ? Object.freeze({ failures: 0, lockedUntil: 0 }) : parseState(row);
  }

  async reset(credentialId: string): Promise<void> {
    await this.#pool.query(this.#reset, [credentialId]);
  }
}

function parseState(row: { failures?: unknown; locked_until?: unknown }): ThrottleState {
  const { failures, locked_until: lockedUntil } = row;
  if (typeof failures !== 'number' || !Number.isInteger(failures) || typeof lockedUntil !== 'number' || !Number.isFinite(lockedUntil)) {
    throw unexpected('throttle row');
  }
  return Object.freeze({ failures, lockedUntil });
}

/** Options of {@link PostgresVerificationStore}. */
export interface PostgresVerificationStoreOptions {
  /**
   * A `pg` Pool (recommended) or Client; you own its lifecycle. It must also take a query config,
   * `query({ name, text, values })`, for named (prepared) statements: pg prepares `text` once per
   * connection under `name`.
   */
  pool: {
    /** Runs one named (prepared) statement: pg prepares `text` once per connection under `name`. */
    query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount?: number | null }>;
  };
  /** The replay table, as in the migration. Default `'otpkit_replay'`. */
  replayTable?: string;
  /** The throttle table; the migration's function is `<throttleTable>_verify`. Default `'otpkit_throttle'`. */
  throttleTable?: string;
}

/** A `pg` Pool or Client that also takes a query config, for named (prepared) statements. */
type PgNamedQueryable = PostgresVerificationStoreOptions['pool'];

/** A short statement name for pg's prepared-statement cache, unique per text. */
function statementName(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `otpkit_${(h >>> 0).toString(36)}_${text.length.toString(36)}`;
}

/** Non-negative integer or decimal text, as PostgreSQL prints a bigint, integer or double precision. */
const NUMBER_TEXT = /^\d+(?:\.\d+)?(?:e[+-]?\d+)?$/;

/**
 * Reads the function's answer (sql/otpkit-postgres.sql): `accepted <step>`, `stale <next>`, or
 * `<invalid|replayed|throttled> <failures> <locked_until>`, words separated by one space.
 * @throws Error ("unexpected result") for anything else.
 */
function readAnswer(answer: unknown): VerificationAnswer {
  if (typeof answer !== 'string') throw unexpected('verify');
  const words = answer.split(' ');
  for (let i = 1; i < words.length; i++) if (!NUMBER_TEXT.test(words[i] as string)) throw unexpected('verify');
  const status = words[0];
  if (words.length === 2 && (status === 'accepted' || status === 'stale')) {
    const value = Number(words[1]);
    if (status === 'accepted') {
      if (!Number.isSafeInteger(value)) throw unexpected('verify');
      return { status, step: value };
    }
    // After counter 2^53 − 1 the next one is 2^53: exact as a double, and past every counter.
    return { status, next: value };
  }
  if (words.length === 3 && (status === 'invalid' || status === 'replayed' || status === 'throttled')) {
    const failures = Number(words[1]);
    if (!Number.isSafeInteger(failures)) throw unexpected('verify');
    return { status, failures, lockedUntil: Number(words[2]) };
  }
  throw unexpected('verify');
}

/**
 * A {@link VerificationStore} on PostgreSQL: ONE call per verification of the function the
 * migration ships (`otpkit_throttle_verify`, named after the throttle table), as a named
 * (prepared) statement. It uses the same tables as {@link PostgresReplayStore} and
 * {@link PostgresThrottleStore}, so it reads the state they wrote.
 * @example
 * const verifier = createTOTPVerifier({ store: new PostgresVerificationStore({ pool }) });
 */
export class PostgresVerificationStore implements VerificationStore {
  readonly #pool: PgNamedQueryable;
  readonly #verify: { name: string; text: string };
  readonly #peek: { name: string; text: string };
  readonly #reset: { name: string; text: string };
  readonly #deleteReplay: { name: string; text: string };

  /**
   * @param options - `pool`, `replayTable` (default `'otpkit_replay'`), `throttleTable` (default `'otpkit_throttle'`).
   * @throws TypeError if `pool` has no `query`; TypeError/RangeError for a bad table name.
   */
  constructor(options: PostgresVerificationStoreOptions) {
    this.#pool = checkPool(options?.pool) as unknown as PgNamedQueryable;
    const replay = checkTable(options.replayTable, 'otpkit_replay');
    const throttle = checkTable(options.throttleTable, 'otpkit_throttle');
    const named = (text: string) => ({ name: statementName(text), text });
    this.#verify = named(
      `SELECT ${throttle}_verify($1, $2, $3, $4, $5, $6, $7, $8, $9::bigint, $10, $11, $12, $13::bigint, $14, $15::bigint[]) AS answer`,
    );
    this.#peek = named(`SELECT t.failures, t.locked_until, r.time_step::text AS time_step, r.drift
FROM (SELECT $1::text AS id) AS k
LEFT JOIN ${throttle} AS t ON t.credential_id = k.id
LEFT JOIN ${replay} AS r ON r.credential_id = k.id AND (r.expires_at IS NULL OR r.expires_at > now())`);
    this.#reset = named(`UPDATE ${throttle} SET failures = 0, locked_until = 0 WHERE credential_id = $1`);
    this.#deleteReplay = named(
      `WITH t AS (DELETE FROM ${throttle} WHERE credential_id = $1) DELETE FROM ${replay} WHERE credential_id = $1`,
    );
  }

  async verify(credentialId: string, request: VerificationRequest): Promise<VerificationAnswer> {
    const p = request.policy;
    const matches: string[] = [];
    for (const m of request.matches) matches.push(String(m));
    const result = await this.#pool.query({
      ...this.#verify,
      values: [
        credentialId,
        request.kind,
        request.now,
        p.threshold,
        p.initialDelaySeconds,
        p.factor,
        p.maxDelaySeconds,
        p.ceiling,
        String(request.base),
        request.past,
        request.future,
        request.maxDrift,
        String(request.initialCounter),
        request.ttlSeconds,
        matches,
      ],
    });
    const rows = result?.rows;
    if (!Array.isArray(rows) || rows.length !== 1) throw unexpected('verify');
    return readAnswer((rows[0] as { answer?: unknown }).answer);
  }

  async peek(credentialId: string): Promise<VerificationState> {
    const result = await this.#pool.query({ ...this.#peek, values: [credentialId] });
    const row = result?.rows?.[0] as { failures?: unknown; locked_until?: unknown; time_step?: unknown; drift?: unknown } | undefined;
    if (row === undefined) throw unexpected('peek');
    const failures = row.failures ?? 0;
    const lockedUntil = row.locked_until ?? 0;
    const watermark = row.time_step === null || row.time_step === undefined ? null : Number(row.time_step);
    if (typeof failures !== 'number' || typeof lockedUntil !== 'number' || (watermark !== null && !Number.isSafeInteger(watermark))) {
      throw unexpected('peek');
    }
    return { failures, lockedUntil, watermark, drift: watermark === null ? 0 : Number(row.drift) };
  }

  async reset(credentialId: string): Promise<void> {
    await this.#pool.query({ ...this.#reset, values: [credentialId] });
  }

  async delete(credentialId: string): Promise<void> {
    await this.#pool.query({ ...this.#deleteReplay, values: [credentialId] });
  }
}
export type { PostgresCredentialStoreOptions, SqlClient } from './postgres-credentials.js';
export { migrate, PostgresCredentialStore, schemaVersion } from './postgres-credentials.js';
export { OTPKIT_POSTGRES_SQL } from './postgres-sql.js';
