/**
 * Every piece of storage the portal uses, built in one place: switching a store is a change to
 * this file only.
 *
 * - The portal's own tables (accounts, contacts, sessions) and otpkit's replay and throttle
 *   tables live in **PGlite** (embedded PostgreSQL, data directory `examples/portal/.data/pglite`,
 *   created and migrated at first start), or in a real PostgreSQL when `DATABASE_URL` is set
 *   (schema `PORTAL_PG_SCHEMA`, default `otpkit_portal`).
 * - With `REDIS_URL` set, the verifier's replay and throttle stores are otpkit's Redis stores
 *   (key prefix `PORTAL_REDIS_PREFIX`, default `otpkit-portal:`).
 * - The credential store (enrollment snapshots, TOTP keys, recovery-code hashes): see
 *   {@link openStorage}.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplayStore, ThrottleStore } from 'otpkit';
import { type CredentialStore, MemoryCredentialStore } from 'otpkit/enrollment';
import { PostgresReplayStore, PostgresThrottleStore } from 'otpkit/postgres';
import { RedisReplayStore, RedisThrottleStore } from 'otpkit/redis';

declare const OTPKIT_SQL_DIR: string;

/** What the portal needs of a database client: `pg`'s Pool and PGlite both have it. */
export interface Db {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: T[] }>;
}

/** Everything the portal stores, opened and migrated. */
export interface Storage {
  readonly db: Db;
  readonly credentialStore: CredentialStore;
  readonly replayStore: ReplayStore;
  readonly throttleStore: ThrottleStore;
  /** Human-readable, for the start-up banner. */
  readonly description: string;
  close(): Promise<void>;
}

export interface StorageEnv {
  DATABASE_URL?: string | undefined;
  REDIS_URL?: string | undefined;
  PORTAL_DATA_DIR?: string | undefined;
  PORTAL_PG_SCHEMA?: string | undefined;
  PORTAL_REDIS_PREFIX?: string | undefined;
}

const here = dirname(fileURLToPath(import.meta.url));
/** examples/portal/.data (the bundle runs from examples/portal/dist). */
export const DEFAULT_DATA_DIR = join(here, '..', '.data');

const PORTAL_SCHEMA = `
CREATE TABLE IF NOT EXISTS portal_accounts (
  id    text PRIMARY KEY,
  name  text NOT NULL
);
CREATE TABLE IF NOT EXISTS portal_contacts (
  id            text PRIMARY KEY,
  account_id    text NOT NULL REFERENCES portal_accounts (id),
  name          text NOT NULL,
  title         text NOT NULL DEFAULT '',
  phone         text NOT NULL DEFAULT '',
  email         text NOT NULL UNIQUE,
  is_primary    boolean NOT NULL DEFAULT false,
  active        boolean NOT NULL DEFAULT true,
  password_hash text NOT NULL,
  grants        jsonb NOT NULL DEFAULT '{}'::jsonb,
  enroll_flow   text
);
CREATE TABLE IF NOT EXISTS portal_sessions (
  id_hash     text PRIMARY KEY,
  contact_id  text REFERENCES portal_contacts (id),
  stage       text NOT NULL,
  csrf        text NOT NULL,
  expires_at  timestamptz NOT NULL
);
`;

/** Splits a SQL script into statements (no semicolons inside strings in our scripts). */
function statements(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function otpkitSql(name: string): string {
  const dir = OTPKIT_SQL_DIR || join(dirname(createRequire(import.meta.url).resolve('otpkit/package.json')), 'sql');
  return readFileSync(join(dir, name), 'utf8');
}

async function migrate(db: Db): Promise<void> {
  for (const sql of [...statements(PORTAL_SCHEMA), ...statements(otpkitSql('otpkit-postgres.sql'))]) await db.query(sql);
}

/**
 * Opens the database (PGlite or PostgreSQL), migrates it, and builds the stores.
 *
 * The credential store is otpkit's `MemoryCredentialStore` for now: enrollments are lost when the
 * process ends (the portal's contacts, sessions, replay watermarks and throttles are kept).
 */
export async function openStorage(env: StorageEnv): Promise<Storage> {
  const closers: Array<() => Promise<void>> = [];
  let db: Db;
  let where: string;
  if (env.DATABASE_URL) {
    const schema = env.PORTAL_PG_SCHEMA ?? 'otpkit_portal';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new RangeError('PORTAL_PG_SCHEMA must be a plain lower-case identifier');
    const { default: pg } = await import('pg');
    const setup = new pg.Client({ connectionString: env.DATABASE_URL });
    await setup.connect();
    await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await setup.end();
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, options: `-c search_path=${schema}`, max: 5 });
    closers.push(() => pool.end());
    db = pool as unknown as Db;
    where = `PostgreSQL (schema ${schema})`;
  } else {
    const dataDir = env.PORTAL_DATA_DIR ?? DEFAULT_DATA_DIR;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const { PGlite } = await import('@electric-sql/pglite');
    const lite = await PGlite.create(join(dataDir, 'pglite'));
    closers.push(() => lite.close());
    db = lite as unknown as Db;
    where = `PGlite (${join(dataDir, 'pglite')})`;
  }
  await migrate(db);

  let replayStore: ReplayStore;
  let throttleStore: ThrottleStore;
  let codes: string;
  if (env.REDIS_URL) {
    const { Redis } = await import('ioredis');
    const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    closers.push(async () => {
      await redis.quit();
    });
    const prefix = env.PORTAL_REDIS_PREFIX ?? 'otpkit-portal:';
    replayStore = new RedisReplayStore({ client: redis, prefix });
    throttleStore = new RedisThrottleStore({ client: redis, prefix });
    codes = `Redis (${prefix}*)`;
  } else {
    replayStore = new PostgresReplayStore({ pool: db });
    throttleStore = new PostgresThrottleStore({ pool: db });
    codes = 'the same database';
  }

  const credentialStore = new MemoryCredentialStore();
  return {
    db,
    credentialStore,
    replayStore,
    throttleStore,
    description: `data: ${where}; replay and throttle: ${codes}; enrollments: in memory (lost on restart)`,
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}
