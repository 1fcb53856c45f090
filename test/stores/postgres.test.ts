/**
 * The PostgreSQL stores against a real server (DATABASE_URL): the shipped migration, the
 * conformance suite, and outages (closed port; a backend terminated during a statement) → `unavailable`.
 */
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { PostgresReplayStore, PostgresThrottleStore, PostgresVerificationStore } from '../../src/adapters/postgres.js';
import { DEFAULT_THROTTLE_POLICY } from '../../src/verify/throttle.js';
import { createTOTPVerifier, type TOTPVerifierResult } from '../../src/verify/verifier.js';
import { CODES_AROUND_1234567890, RFC_KEY, short } from '../verifier/fixtures.js';
import { DATABASE_URL, defineStoreConformance, migrationSQL, postgresTables, warnSkipped } from './env.js';

if (!DATABASE_URL) warnSkipped('DATABASE_URL', 'the PostgreSQL store suites are');

describe.skipIf(!DATABASE_URL)('PostgreSQL stores', () => {
  // The migration shipped in the package, run twice (postgresTables ran it once): it must be safe to re-run.
  const db = postgresTables(16);
  const { id, replayTable, throttleTable } = db;
  let pool: pg.Pool;
  let replay: PostgresReplayStore;
  let throttle: PostgresThrottleStore;
  beforeAll(async () => {
    pool = db.pool;
    await pool.query(migrationSQL(replayTable, throttleTable));
    replay = new PostgresReplayStore({ pool, table: replayTable });
    throttle = new PostgresThrottleStore({ pool, table: throttleTable });
  });

  defineStoreConformance({
    replay: () => replay,
    throttle: () => throttle,
    verification: () => new PostgresVerificationStore({ pool, replayTable, throttleTable }),
  });

  it('writes expires_at at least the window ahead for TOTP, NULL for HOTP counters', async () => {
    const verifier = createTOTPVerifier({ replayStore: replay, throttleStore: throttle, clock: () => 1234567890 });
    expect((await verifier.verify({ credentialId: 'ttl', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] })).ok).toBe(true);
    const { rows } = await pool.query(
      `SELECT extract(epoch FROM expires_at - now()) AS left FROM ${replayTable} WHERE credential_id = 'ttl'`,
    );
    expect(Number(rows[0].left)).toBeGreaterThanOrEqual(90);
    await replay.consume('hotp', 3, 0);
    const hotp = await pool.query(`SELECT expires_at FROM ${replayTable} WHERE credential_id = 'hotp'`);
    expect(hotp.rows[0].expires_at).toBeNull();
  });

  it('the one-call function writes no throttle row for a credential that does not fail, and adds each failure to the row', async () => {
    const store = new PostgresVerificationStore({ pool, replayTable, throttleTable });
    const verifier = createTOTPVerifier({ store, clock: () => 1234567890 });
    const failuresOf = async (credentialId: string): Promise<number[]> =>
      (await pool.query(`SELECT failures FROM ${throttleTable} WHERE credential_id = $1`, [credentialId])).rows.map((r) => r.failures);
    expect((await verifier.verify({ credentialId: 'no-row', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] })).ok).toBe(true);
    expect(await failuresOf('no-row')).toEqual([]);
    // A wrong code (two steps back, outside the window) creates the row with one failure; a 0.1
    // store counting meanwhile adds its own; the next wrong code adds to that, not to what it saw.
    const wrong = { credentialId: 'counted', key: RFC_KEY, token: CODES_AROUND_1234567890['-2'] };
    expect(short(await verifier.verify(wrong))).toBe('invalid');
    expect(await failuresOf('counted')).toEqual([1]);
    await throttle.attempt('counted', 1234567890, DEFAULT_THROTTLE_POLICY);
    expect(await failuresOf('counted')).toEqual([2]);
    expect(short(await verifier.verify(wrong))).toBe('invalid');
    expect(await failuresOf('counted')).toEqual([3]);
    // A right code clears it (to zero, in place).
    expect((await verifier.verify({ ...wrong, token: CODES_AROUND_1234567890['0'] })).ok).toBe(true);
    expect(await failuresOf('counted')).toEqual([0]);
  });

  it('an expired row counts as absent and deleteExpired removes it', async () => {
    await replay.consume('old', 50, 60);
    await pool.query(`UPDATE ${replayTable} SET expires_at = now() - interval '1 second' WHERE credential_id = 'old'`);
    expect(await replay.peek('old')).toBeUndefined();
    expect(await replay.deleteExpired()).toBeGreaterThanOrEqual(1);
    const { rowCount } = await pool.query(`SELECT 1 FROM ${replayTable} WHERE credential_id = 'old'`);
    expect(rowCount).toBe(0);
  });

  /**
   * Terminates the backend of one in-flight statement, deterministically: another connection
   * holds the credential's row lock, so the statement waits on it; the test finds that waiting
   * backend in pg_stat_activity and terminates it there, before it can commit. Killing an IDLE
   * connection proves nothing: pg replaces it before the next query, and success is then right.
   */
  async function killInFlight(
    appName: string,
    table: string,
    credentialId: string,
    run: () => Promise<TOTPVerifierResult>,
  ): Promise<TOTPVerifierResult> {
    const locker = await pool.connect();
    try {
      await locker.query('BEGIN');
      const locked = await locker.query(`SELECT 1 FROM ${table} WHERE credential_id = $1 FOR UPDATE`, [credentialId]);
      expect(locked.rowCount).toBe(1);
      const pending = run();
      let pid: number | undefined;
      for (const deadline = Date.now() + 5000; pid === undefined && Date.now() < deadline; ) {
        const { rows } = await pool.query(
          `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock' AND query LIKE $2`,
          [appName, `INSERT INTO ${table} %`],
        );
        pid = (rows[0] as { pid?: number } | undefined)?.pid;
        if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      if (pid === undefined) throw new Error(`no statement on ${table} waited for the row lock`);
      const { rows } = await pool.query('SELECT pg_terminate_backend($1) AS done', [pid]);
      expect(rows[0]).toEqual({ done: true });
      return await pending;
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
  }

  it('a backend terminated during a statement: unavailable, nothing written, then exactly once', async () => {
    const appName = `otpkit_${id}`;
    const own = new pg.Pool({ connectionString: DATABASE_URL, max: 2, application_name: appName });
    own.on('error', () => {});
    const T = 41152263;
    const step = async (table: string, credentialId: string, column: string) =>
      (await pool.query(`SELECT ${column}::text AS v FROM ${table} WHERE credential_id = $1`, [credentialId])).rows[0]?.v;
    try {
      const now = { t: 1234567890 - 60 };
      const verifier = createTOTPVerifier({
        replayStore: new PostgresReplayStore({ pool: own, table: replayTable }),
        throttleStore: new PostgresThrottleStore({ pool: own, table: throttleTable }),
        clock: () => now.t,
        // Far above the time the kill takes: the answer must come from the dead connection, not a timer.
        storeTimeoutMs: 20_000,
      });
      const verify = (token: string) => verifier.verify({ credentialId: 'kill', key: RFC_KEY, token });
      // One wrong code first, so the throttle row exists (and can be locked) before the success resets it.
      expect(await verify('000000')).toEqual({ ok: false, reason: 'invalid' });
      expect(await verify(CODES_AROUND_1234567890['-2'])).toEqual({ ok: true, timeStep: T - 2, delta: 0 });
      expect(await step(replayTable, 'kill', 'time_step')).toBe(String(T - 2));
      await verify('000000');
      now.t = 1234567890;

      // 1. Killed inside the replay guard's INSERT … ON CONFLICT: the watermark is not raised.
      const duringConsume = await killInFlight(appName, replayTable, 'kill', () => verify(CODES_AROUND_1234567890['0']));
      expect(duringConsume).toEqual({ ok: false, reason: 'unavailable' });
      expect(await step(replayTable, 'kill', 'time_step')).toBe(String(T - 2));
      // The statement died before COMMIT, so step T was never used: the same code is accepted now,
      // once (pg opens a new connection for the dead one), and then it is a replay.
      expect(await verify(CODES_AROUND_1234567890['0'])).toEqual({ ok: true, timeStep: T, delta: 0 });
      expect(await step(replayTable, 'kill', 'time_step')).toBe(String(T));
      expect(await verify(CODES_AROUND_1234567890['0'])).toEqual({ ok: false, reason: 'replayed' });

      // 2. Killed inside the throttle's attempt, before any code is checked: nothing counted,
      // nothing accepted; the next code is accepted afterwards.
      const failuresBefore = await step(throttleTable, 'kill', 'failures');
      expect(failuresBefore).toBe('1'); // the replayed submission above
      const duringAttempt = await killInFlight(appName, throttleTable, 'kill', () => verify(CODES_AROUND_1234567890['1']));
      expect(duringAttempt).toEqual({ ok: false, reason: 'unavailable' });
      expect(await step(throttleTable, 'kill', 'failures')).toBe(failuresBefore);
      expect(await step(replayTable, 'kill', 'time_step')).toBe(String(T));
      expect(await verify(CODES_AROUND_1234567890['1'])).toEqual({ ok: true, timeStep: T + 1, delta: 1 });
    } finally {
      await own.end();
    }
  });

  it('an ended pool: unavailable', async () => {
    const ended = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
    await ended.end();
    const verifier = createTOTPVerifier({
      replayStore: new PostgresReplayStore({ pool: ended, table: replayTable }),
      throttleStore: new PostgresThrottleStore({ pool: ended, table: throttleTable }),
      clock: () => 1234567890,
    });
    expect(await verifier.verify({ credentialId: 'ended', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] })).toEqual({
      ok: false,
      reason: 'unavailable',
    });
  });
});

describe('PostgreSQL outages fail closed', () => {
  it('a pool on a closed port: unavailable, not invalid, not accepted', async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'test', connectionTimeoutMillis: 500 });
    pool.on('error', () => {});
    try {
      const verifier = createTOTPVerifier({
        replayStore: new PostgresReplayStore({ pool }),
        throttleStore: new PostgresThrottleStore({ pool }),
        clock: () => 1234567890,
        storeTimeoutMs: 1000,
      });
      expect(await verifier.verify({ credentialId: 'x', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] })).toEqual({
        ok: false,
        reason: 'unavailable',
      });
    } finally {
      await pool.end();
    }
  });

  it('refuses table names that are not plain identifiers', () => {
    const pool = { query: async () => ({ rows: [] }) };
    expect(() => new PostgresReplayStore({ pool, table: 'x; DROP TABLE y' })).toThrow(RangeError);
    expect(() => new PostgresThrottleStore({ pool, table: '"quoted"' })).toThrow(RangeError);
    expect(() => new PostgresThrottleStore({ pool: {} as never })).toThrow(TypeError);
    expect(new PostgresReplayStore({ pool, table: 'auth.otp_replay' })).toBeInstanceOf(PostgresReplayStore);
  });
});
