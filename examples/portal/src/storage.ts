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
 * - Enrollments (snapshots, TOTP keys, recovery-code hashes) are otpkit's
 *   `PostgresCredentialStore` in the same database, every key sealed by a key vault
 *   (`createKeyVault`, AES-256-GCM). The vault's wrapping key is `PORTAL_WRAPPING_KEY` (32 bytes,
 *   base64) when set, else a key generated at first start into `<data dir>/wrapping-key` (mode
 *   0600). Losing it makes every stored second factor unusable; keep it outside the database.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplayStore, ThrottleStore } from 'otpkit';
import { type CredentialStore, createKeyVault, type KeyVault } from 'otpkit/enrollment';
import { migrate, PostgresCredentialStore, PostgresReplayStore, PostgresThrottleStore } from 'otpkit/postgres';
import { RedisReplayStore, RedisThrottleStore } from 'otpkit/redis';

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
  PORTAL_WRAPPING_KEY?: string | undefined;
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

async function migratePortal(db: Db): Promise<void> {
  for (const sql of PORTAL_SCHEMA.split(';').map((x) => x.trim())) if (sql) await db.query(sql);
}

/** The vault's wrapping key: PORTAL_WRAPPING_KEY, else the key file in the data directory (made once). */
async function openVault(env: StorageEnv, dataDir: string): Promise<{ vault: KeyVault; source: string }> {
  let key: Buffer;
  let id: string;
  let source: string;
  if (env.PORTAL_WRAPPING_KEY) {
    key = Buffer.from(env.PORTAL_WRAPPING_KEY, 'base64');
    id = 'env-1';
    source = 'PORTAL_WRAPPING_KEY';
  } else {
    const file = join(dataDir, 'wrapping-key');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    id = 'file-1';
    source = file;
  }
  if (key.length !== 32) throw new RangeError(`the wrapping key (${source}) must be 32 bytes, base64`);
  const vault = await createKeyVault({ keys: [{ id, key: new Uint8Array(key) }] });
  key.fill(0);
  return { vault, source };
}

/**
 * Opens the database (PGlite or PostgreSQL), migrates it, and builds the stores.
 *
 * otpkit's `migrate` creates its tables (replay, throttle, enrollment) from the shipped SQL.
 */
export async function openStorage(env: StorageEnv): Promise<Storage> {
  const closers: Array<() => Promise<void>> = [];
  const dataDir = env.PORTAL_DATA_DIR ?? DEFAULT_DATA_DIR;
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
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const { PGlite } = await import('@electric-sql/pglite');
    const lite = await PGlite.create(join(dataDir, 'pglite'));
    closers.push(() => lite.close());
    db = lite as unknown as Db;
    where = `PGlite (${join(dataDir, 'pglite')})`;
  }
  await migratePortal(db);
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

  const { vault, source } = await openVault(env, dataDir);
  const credentialStore = new PostgresCredentialStore({ client: db, vault });
  return {
    db,
    credentialStore,
    replayStore,
    throttleStore,
    description: `data: ${where}; replay and throttle: ${codes}; enrollments: PostgresCredentialStore, keys sealed with ${source}`,
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}
