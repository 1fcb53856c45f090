/**
 * PostgresCredentialStore against a real server (DATABASE_URL) where only a server can show it:
 * a `pg_dump` of the otpkit tables after enrolling 100 subjects holds none of their keys (in
 * base32, hex or base64), and a backend terminated in the middle of a commit leaves the previous
 * state whole.
 */
import { execFileSync } from 'node:child_process';
import base32Decode from 'base32-decode';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, PostgresCredentialStore } from '../../src/adapters/postgres.js';
import { createKeyVault } from '../../src/enrollment/index.js';
import { hasCommand, hasOathtool } from '../helpers.js';
import { DATABASE_URL, dropMigration, enrollmentTables, runId, warnSkipped } from '../stores/env.js';
import { phoneCode, portal } from './harness.js';

const hasPgDump = hasCommand('pg_dump', ['--version']);
if (!DATABASE_URL) warnSkipped('DATABASE_URL', 'the PostgreSQL credential-store server tests are');
if (!hasPgDump) console.warn('pg_dump is not installed: the dump test is skipped (apt-get install postgresql-client)');
if (!hasOathtool) console.warn('oathtool is not installed: the PostgreSQL enrollment tests are skipped');

describe.skipIf(!DATABASE_URL || !hasOathtool)('PostgresCredentialStore on a PostgreSQL server', () => {
  const id = runId();
  const tables = enrollmentTables(id);
  const table = tables.enrollmentTable;
  let pool: pg.Pool;
  let store: PostgresCredentialStore;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 });
    await migrate(pool, tables);
    store = new PostgresCredentialStore({
      client: pool,
      vault: await createKeyVault({ keys: [{ id: 'dump-1', key: crypto.getRandomValues(new Uint8Array(32)) }] }),
      table,
    });
  });
  afterAll(async () => {
    await dropMigration(pool, tables);
    await pool?.end();
  });

  it.skipIf(!hasPgDump)(
    'a pg_dump after enrolling 100 subjects holds none of their keys in base32, hex or base64',
    { timeout: 180_000 },
    async () => {
      const p = portal({
        credentialStore: store,
        permissions: { mayManageTwoFactor: () => ({ allowed: true }) },
        verifyPassword: () => true,
      });
      const keys: Buffer[] = [];
      for (let i = 0; i < 100; i++) {
        const subject = `dump-subject-${i}`;
        await p.service.beginEnable(subject, subject);
        const issued = await p.service.submitPassword(subject, subject, 'pw');
        if (!issued.ok || issued.result !== 'secret-issued') throw new Error('no secret issued');
        const secret = issued.secret.secret();
        const done = await p.service.confirm(subject, subject, phoneCode(secret, p.clock.now));
        expect(done).toMatchObject({ ok: true, result: 'enrollment-complete' });
        keys.push(Buffer.from(base32Decode(secret, 'RFC4648')));
      }
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE active_key IS NOT NULL`);
      expect((rows[0] as { n: number }).n).toBe(100);
      const url = new URL(DATABASE_URL as string);
      const dump = execFileSync('pg_dump', ['--dbname', url.toString(), '--table', table, '--table', tables.schemaTable], {
        maxBuffer: 64 << 20,
      }).toString('utf8');
      expect(dump).toContain('dump-subject-99');
      expect(dump).toContain('otpkit:v1:dump-1:');
      const upper = dump.toUpperCase();
      for (const [i, key] of keys.entries()) {
        const forms: Record<string, string> = {
          base32: encodeBase32(key),
          hex: key.toString('hex'),
          base64: key.toString('base64').replace(/=+$/, ''),
          base64url: key.toString('base64url'),
          // A 12-byte prefix catches a key split or partly encoded.
          'hex prefix': key.toString('hex').slice(0, 24),
        };
        for (const [name, form] of Object.entries(forms)) expect(upper.includes(form.toUpperCase()), `key ${i} as ${name}`).toBe(false);
      }
    },
  );

  it('a backend terminated in the middle of a commit leaves the previous state whole', async () => {
    const subject = `kill-${id}`;
    const a = new pg.Client({ connectionString: DATABASE_URL });
    a.on('error', () => undefined); // the terminated connection reports here
    await a.connect();
    const pidA = ((await a.query('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid;
    const storeA = new PostgresCredentialStore({
      client: a,
      vault: await createKeyVault({ keys: [{ id: 'k', key: new Uint8Array(32).fill(3) }] }),
      table,
    });
    const storeP = new PostgresCredentialStore({
      client: pool,
      vault: await createKeyVault({ keys: [{ id: 'k', key: new Uint8Array(32).fill(3) }] }),
      table,
    });
    const pp = portal({
      credentialStore: storeP,
      permissions: { mayManageTwoFactor: () => ({ allowed: true }) },
      verifyPassword: () => true,
    });
    await pp.service.beginEnable(subject, subject);
    const issued = await pp.service.submitPassword(subject, subject, 'pw');
    if (!issued.ok || issued.result !== 'secret-issued') throw new Error('no secret issued');
    const before = await pool.query(`SELECT * FROM ${table} WHERE subject = $1`, [subject]);
    // The same portal state, but its commits go through connection A.
    const pa = portal({
      credentialStore: storeA,
      permissions: { mayManageTwoFactor: () => ({ allowed: true }) },
      verifyPassword: () => true,
    });
    pa.clock.now = pp.clock.now;
    const locker = await pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM ${table} WHERE subject = $1 FOR UPDATE`, [subject]);
      const confirming = pa.service.confirm(subject, subject, phoneCode(issued.secret.secret(), pa.clock.now)).then(
        () => 'resolved',
        () => 'rejected',
      );
      // Wait until A's UPDATE is blocked on the row lock, i.e. in the middle of its commit.
      for (let i = 0; i < 200; i++) {
        const w = await pool.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pidA]);
        if ((w.rows[0] as { wait_event_type?: string } | undefined)?.wait_event_type === 'Lock') break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const blocked = await pool.query(`SELECT query FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [pidA]);
      expect((blocked.rows[0] as { query: string }).query).toMatch(/^UPDATE/);
      await pool.query('SELECT pg_terminate_backend($1)', [pidA]);
      expect(await confirming).toBe('rejected');
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
      await a.end().catch(() => undefined);
    }
    const after = await pool.query(`SELECT * FROM ${table} WHERE subject = $1`, [subject]);
    expect(after.rows).toEqual(before.rows);
    expect(await pp.service.status(subject, subject)).toMatchObject({ ok: true, state: 'enable-confirm' });
    // And the flow still completes afterwards through a healthy connection.
    pp.clock.now += 30;
    expect(await pp.service.confirm(subject, subject, phoneCode(issued.secret.secret(), pp.clock.now))).toMatchObject({
      ok: true,
      result: 'enrollment-complete',
    });
  });
});

/** RFC 4648 base32 without padding, as authenticator secrets are written. */
function encodeBase32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}
