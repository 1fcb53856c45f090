/**
 * The PostgreSQL stores against a real server (DATABASE_URL): the shipped migration, the
 * conformance suite, and outages (closed port; backends terminated mid-run) → `unavailable`.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresReplayStore, PostgresThrottleStore } from '../../src/adapters/postgres.js';
import { defineConformanceSuite, replayStoreChecks, throttleStoreChecks } from '../../src/testkit.js';
import { createTOTPVerifier, type VerifyOutcome } from '../../src/verifier.js';
import { CODES_AROUND_1234567890, RFC_KEY } from '../verifier/fixtures.js';
import { DATABASE_URL, migrationSQL, runId, warnSkipped } from './env.js';

if (!DATABASE_URL) warnSkipped('DATABASE_URL', 'the PostgreSQL store suites are');
const id = runId();
const replayTable = `otpkit_replay_${id}`;
const throttleTable = `otpkit_throttle_${id}`;

describe.skipIf(!DATABASE_URL)('PostgreSQL stores', () => {
  let pool: pg.Pool;
  let replay: PostgresReplayStore;
  let throttle: PostgresThrottleStore;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 16 });
    // The migration shipped in the package, run twice: it must be safe to re-run.
    await pool.query(migrationSQL(replayTable, throttleTable));
    await pool.query(migrationSQL(replayTable, throttleTable));
    replay = new PostgresReplayStore({ pool, table: replayTable });
    throttle = new PostgresThrottleStore({ pool, table: throttleTable });
  });
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${replayTable}, ${throttleTable}`);
    await pool.end();
  });

  defineConformanceSuite({ describe, it }, 'replay conformance', replayStoreChecks(() => replay));
  defineConformanceSuite({ describe, it }, 'throttle conformance', throttleStoreChecks(() => throttle));

  it('writes expires_at at least the window ahead for TOTP, NULL for HOTP counters', async () => {
    const verifier = createTOTPVerifier({ replayStore: replay, throttleStore: throttle, clock: () => 1234567890 });
    expect((await verifier.verify({ credentialId: 'ttl', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] })).ok).toBe(true);
    const { rows } = await pool.query(`SELECT extract(epoch FROM expires_at - now()) AS left FROM ${replayTable} WHERE credential_id = 'ttl'`);
    expect(Number(rows[0].left)).toBeGreaterThanOrEqual(90);
    await replay.consume('hotp', 3, 0);
    const hotp = await pool.query(`SELECT expires_at FROM ${replayTable} WHERE credential_id = 'hotp'`);
    expect(hotp.rows[0].expires_at).toBeNull();
  });

  it('an expired row counts as absent and deleteExpired removes it', async () => {
    await replay.consume('old', 50, 60);
    await pool.query(`UPDATE ${replayTable} SET expires_at = now() - interval '1 second' WHERE credential_id = 'old'`);
    expect(await replay.peek('old')).toBeUndefined();
    expect(await replay.deleteExpired()).toBeGreaterThanOrEqual(1);
    const { rowCount } = await pool.query(`SELECT 1 FROM ${replayTable} WHERE credential_id = 'old'`);
    expect(rowCount).toBe(0);
  });

  it('backends terminated mid-run: unavailable while down, never accepted, then back to normal', async () => {
    const appName = `otpkit_${id}`;
    const own = new pg.Pool({ connectionString: DATABASE_URL, max: 2, application_name: appName });
    own.on('error', () => {});
    try {
      const now = { t: 1234567890 - 60 };
      const verifier = createTOTPVerifier({
        replayStore: new PostgresReplayStore({ pool: own, table: replayTable }),
        throttleStore: new PostgresThrottleStore({ pool: own, table: throttleTable }),
        clock: () => now.t,
        storeTimeoutMs: 2000,
      });
      expect((await verifier.verify({ credentialId: 'kill', key: RFC_KEY, token: CODES_AROUND_1234567890['-2'] })).ok).toBe(true);
      // Kill the idle backends of this pool from another connection.
      const killed = await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName]);
      expect(killed.rowCount).toBeGreaterThanOrEqual(1);
      now.t = 1234567890;
      const outcome: VerifyOutcome = await verifier.verify({ credentialId: 'kill', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] });
      expect(outcome).toEqual({ ok: false, reason: 'unavailable' });
      // pg replaces the dead connection; the code was not used, so it is accepted now, once.
      let recovered: VerifyOutcome = outcome;
      for (let i = 0; i < 5 && !recovered.ok; i++) {
        recovered = await verifier.verify({ credentialId: 'kill', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] });
      }
      expect(recovered).toEqual({ ok: true, timeStep: 41152263, delta: 0 });
      expect(await verifier.verify({ credentialId: 'kill', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] })).toEqual({ ok: false, reason: 'replayed' });
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
    expect(await verifier.verify({ credentialId: 'ended', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] })).toEqual({ ok: false, reason: 'unavailable' });
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
      expect(await verifier.verify({ credentialId: 'x', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] })).toEqual({ ok: false, reason: 'unavailable' });
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
