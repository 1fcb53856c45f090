/**
 * The credential-store conformance suite (src/adapters/credential-testkit.ts) on every store
 * otpkit ships: MemoryCredentialStore (plain and with a vault), PostgresCredentialStore on PGlite
 * (always) and on PostgreSQL (DATABASE_URL). Plus what is particular to PostgreSQL: the shipped
 * migration is idempotent and records its version, keys are sealed in the table, corrupt rows
 * are typed errors with the subject, and rotation reseals a table.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, PostgresCredentialStore, type SqlClient, schemaVersion } from '../../src/adapters/postgres.js';
import { credentialStoreChecks, defineConformanceSuite } from '../../src/adapters/testkit.js';
import { createKeyVault, MemoryCredentialStore } from '../../src/enrollment/index.js';
import { CredentialRecordError, KeyVaultError, StoredSnapshotError } from '../../src/errors.js';
import { hasOathtool } from '../helpers.js';
import { DATABASE_URL, runId, warnSkipped } from '../stores/env.js';
import { enroll, phoneCode, portal } from './harness.js';

if (!DATABASE_URL) warnSkipped('DATABASE_URL', 'the PostgreSQL credential-store suites are');

const vault = await createKeyVault({ keys: [{ id: 'test-1', key: new Uint8Array(32).fill(0x5a) }] });

defineConformanceSuite(
  { describe, it },
  'MemoryCredentialStore conformance',
  credentialStoreChecks(() => new MemoryCredentialStore()),
);
defineConformanceSuite(
  { describe, it },
  'MemoryCredentialStore with a vault, conformance',
  credentialStoreChecks(() => new MemoryCredentialStore({ vault })),
);

/** The tests every PostgreSQL-speaking client gets. */
function postgresSuite(
  name: string,
  connect: () => Promise<{ client: SqlClient & { exec?: (sql: string) => Promise<unknown> }; close: () => Promise<void> }>,
) {
  describe(name, () => {
    const table = `otpkit_enrollment_${runId()}`;
    const schemaTable = `otpkit_schema_${runId()}`;
    let client: SqlClient;
    let close: () => Promise<void>;
    let store: PostgresCredentialStore;
    beforeAll(async () => {
      ({ client, close } = await connect());
      // Run twice: the migration must be safe to re-run.
      for (let i = 0; i < 2; i++) {
        await migrate(client, {
          enrollmentTable: table,
          schemaTable,
          replayTable: `otpkit_replay_${table}`,
          throttleTable: `otpkit_throttle_${table}`,
        });
      }
      store = new PostgresCredentialStore({ client, vault, table });
    }, 300_000);
    afterAll(async () => {
      await client?.query(`DROP TABLE IF EXISTS ${table}, ${schemaTable}, otpkit_replay_${table}, otpkit_throttle_${table}`);
      await client?.query(`DROP FUNCTION IF EXISTS otpkit_throttle_${table}_verify`);
      await close?.();
    });

    defineConformanceSuite(
      { describe, it },
      'conformance',
      credentialStoreChecks(() => store),
    );

    it('under other table names, the verification function and the sweep index are named after them', async () => {
      const throttle = `otpkit_throttle_${table}`;
      const args =
        'text, text, double precision, integer, double precision, integer, double precision, integer, bigint, integer, integer, integer, bigint, integer, bigint[]';
      const found = await client.query('SELECT to_regprocedure($1::text) IS NOT NULL AS fn, to_regclass($2::text) IS NOT NULL AS idx', [
        `${throttle}_verify(${args})`,
        `otpkit_replay_${table}_expires_at`,
      ]);
      expect(found.rows[0]).toEqual({ fn: true, idx: true });
      // The function works on the renamed tables: a first code is accepted, the same one replayed.
      const call = `SELECT ${throttle}_verify('x', 'totp', 1e9, 3, 10, 2, 60, 8, 100, 1, 1, 0, 0, 90, '{100}') AS answer`;
      expect((await client.query(call)).rows[0]).toEqual({ answer: 'accepted 100' });
      expect((await client.query(call)).rows[0]).toEqual({ answer: 'replayed 1 0' });
      const rows = await client.query(`SELECT time_step::int AS step FROM otpkit_replay_${table} WHERE credential_id = 'x'`);
      expect(rows.rows).toEqual([{ step: 100 }]);
    });

    it('records schema version 1 for enrollment', async () => {
      expect(await schemaVersion(client, 'enrollment', schemaTable)).toBe(1);
      expect(await schemaVersion(client, 'enrollment', `${schemaTable}_absent`)).toBe(0);
    });

    it.skipIf(!hasOathtool)('holds keys sealed: the key columns hold envelopes bound to the row, never key bytes', async () => {
      const p = portal({ credentialStore: store });
      const secret = await enroll(p, 'alice');
      const { rows } = await client.query(`SELECT active_key, active_key_ref FROM ${table} WHERE subject = 'alice'`);
      const row = rows[0] as { active_key: string; active_key_ref: string };
      expect(row.active_key).toMatch(/^otpkit:v1:test-1:/);
      const key = Buffer.from((await store.getActiveKey('alice'))!.key);
      for (const form of [secret, key.toString('hex'), key.toString('base64').replace(/=+$/, ''), key.toString('base64url')]) {
        expect(row.active_key).not.toContain(form);
      }
      // The envelope copied to another subject's row does not open there.
      await enroll(p, 'bob');
      await client.query(`UPDATE ${table} SET active_key = $1, active_key_ref = $2 WHERE subject = 'bob'`, [
        row.active_key,
        row.active_key_ref,
      ]);
      await expect(store.getActiveKey('bob')).rejects.toMatchObject({
        code: 'ERR_KEY_VAULT',
        reason: 'authentication-failed',
        subject: 'bob',
      });
      p.clock.now += 60;
      await expect(p.service.verifyLogin('bob', phoneCode(secret, p.clock.now))).rejects.toBeInstanceOf(KeyVaultError);
    });

    it.skipIf(!hasOathtool)('a corrupt row is a typed error naming its subject, never a crash or a secret', async () => {
      const p = portal({ credentialStore: store });
      await enroll(p, 'owner');
      const { rows } = await client.query(`SELECT active_key FROM ${table} WHERE subject = 'owner'`);
      const envelope = (rows[0] as { active_key: string }).active_key;
      await client.query(`UPDATE ${table} SET active_key = 'otpkit:v1:test-1:garbage' WHERE subject = 'owner'`);
      const sealed = await store.getActiveKey('owner').catch((e: unknown) => e);
      expect(sealed).toMatchObject({ code: 'ERR_KEY_VAULT', reason: 'malformed', subject: 'owner' });
      await client.query(`UPDATE ${table} SET active_key = $1, recovery_hashes = ARRAY['zz'] WHERE subject = 'owner'`, [envelope]);
      const codes = await store.getRecoveryCodes('owner').catch((e: unknown) => e);
      expect(codes).toBeInstanceOf(CredentialRecordError);
      expect(codes).toMatchObject({ code: 'ERR_CREDENTIAL_RECORD', subject: 'owner', field: 'recovery-codes' });
      await client.query(`UPDATE ${table} SET snapshot = '{"version":1,"status":"enab' WHERE subject = 'owner'`);
      const snap = await p.service.status('owner', 'owner').catch((e: unknown) => e);
      expect(snap).toBeInstanceOf(StoredSnapshotError);
      expect(snap).toMatchObject({ code: 'ERR_INVALID_SNAPSHOT', subject: 'owner', path: '' });
      for (const error of [sealed, codes, snap]) expect(String((error as Error).message)).not.toContain(envelope.slice(-12));
    });

    it.skipIf(!hasOathtool)(
      'rotation: resealAll moves every key to the current wrapping key, in batches, and keys still open',
      async () => {
        // The rows the tests above broke on purpose would (rightly) stop the run: remove them.
        await client.query(`DELETE FROM ${table} WHERE subject IN ('bob', 'owner')`);
        const next = await createKeyVault({
          keys: [
            { id: 'test-2', key: new Uint8Array(32).fill(0x6b) },
            { id: 'test-1', key: new Uint8Array(32).fill(0x5a) },
          ],
        });
        const rotated = new PostgresCredentialStore({ client, vault: next, table });
        const before = await client.query(
          `SELECT count(*)::int AS n FROM ${table} WHERE active_key LIKE 'otpkit:v1:test-1:%' OR pending_key LIKE 'otpkit:v1:test-1:%'`,
        );
        const n = (before.rows[0] as { n: number }).n;
        expect(n).toBeGreaterThan(0);
        const report = await rotated.resealAll({ batchSize: 3 });
        expect(report.resealed + report.skipped).toBeGreaterThanOrEqual(n);
        const after = await client.query(
          `SELECT count(*)::int AS n FROM ${table} WHERE active_key LIKE 'otpkit:v1:test-1:%' OR pending_key LIKE 'otpkit:v1:test-1:%'`,
        );
        expect((after.rows[0] as { n: number }).n).toBe(0);
        expect((await rotated.getActiveKey('alice'))?.key.length).toBe(20);
        // The old vault alone no longer opens them: a typed error, not "no key".
        await expect(store.getActiveKey('alice')).rejects.toMatchObject({
          code: 'ERR_KEY_VAULT',
          reason: 'unknown-key-id',
          keyId: 'test-2',
        });
        expect(await rotated.resealAll({ batchSize: 3 })).toMatchObject({ resealed: 0 });
      },
    );
  });
}

postgresSuite('PostgresCredentialStore on PGlite', async () => {
  const db = new PGlite();
  await db.waitReady;
  return { client: db, close: () => db.close() };
});

describe.skipIf(!DATABASE_URL)('PostgreSQL server', () => {
  postgresSuite('PostgresCredentialStore on PostgreSQL', async () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 16 });
    return { client: pool, close: () => pool.end() };
  });
});
