/**
 * Where the real servers are: REDIS_URL and DATABASE_URL (set and checked by .ci/run). Without
 * them the suites that need a server are skipped, and say why once. Also the setup those suites
 * share: clients and tables opened before a suite's tests and cleaned up after them (only when
 * the suite runs: a skipped suite opens nothing), and the store conformance suites.
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConformanceSuite, replayStoreChecks, throttleStoreChecks, verificationStoreChecks } from '../../src/adapters/testkit.js';
import type { ReplayStore } from '../../src/verify/replay.js';
import type { ThrottleStore } from '../../src/verify/throttle.js';
import type { VerificationStore } from '../../src/verify/verification-store.js';

export const REDIS_URL = process.env.REDIS_URL;
export const DATABASE_URL = process.env.DATABASE_URL;
/** Comma-separated node URLs of a Redis Cluster (three masters; .ci/redis-cluster starts one). */
export const REDIS_CLUSTER_URLS = process.env.REDIS_CLUSTER_URLS;

const warned = new Set<string>();
/** Prints the reason a suite is skipped, once per variable. */
export function warnSkipped(variable: string, what: string): void {
  if (warned.has(variable)) return;
  warned.add(variable);
  console.warn(`${variable} is not set: ${what} skipped (set ${variable} to run them against a real server)`);
}

/** A name no other test run uses: lower case letters, digits and underscores. */
export function runId(): string {
  return `t${process.pid}_${Date.now().toString(36)}_${Math.floor(performance.now() * 1000).toString(36)}`;
}

/** The shipped migration, with its default table names replaced. */
export function migrationSQL(replayTable: string, throttleTable: string): string {
  const sql = readFileSync(new URL('../../sql/otpkit-postgres.sql', import.meta.url), 'utf8');
  return sql.replaceAll('otpkit_replay', replayTable).replaceAll('otpkit_throttle', throttleTable);
}

/** The tables of the enrollment store's migration, under names of their own (`id`: a {@link runId}). */
export function enrollmentTables(id: string) {
  return {
    enrollmentTable: `otpkit_enrollment_${id}`,
    schemaTable: `otpkit_schema_${id}`,
    replayTable: `otpkit_replay_${id}`,
    throttleTable: `otpkit_throttle_${id}`,
  };
}

/** Drops what `migrate(client, tables)` created under those names: the tables and the function. */
export async function dropMigration(
  client: { query: (text: string) => Promise<unknown> } | undefined,
  tables: ReturnType<typeof enrollmentTables>,
): Promise<void> {
  await client?.query(`DROP TABLE IF EXISTS ${Object.values(tables).join(', ')}`);
  await client?.query(`DROP FUNCTION IF EXISTS ${tables.throttleTable}_verify`);
}

/** The node-redis client type. */
export type NodeRedisClient = ReturnType<typeof createClient>;

/**
 * Call inside a describe: an ioredis (`io`) and a node-redis (`nr`) client on REDIS_URL, set before
 * the suite's tests; after them this run's keys (under `prefix`) are deleted and both closed.
 */
export function redisClients(prefix: string): { readonly io: Redis; readonly nr: NodeRedisClient } {
  const clients = {} as { io: Redis; nr: NodeRedisClient };
  beforeAll(async () => {
    clients.io = new Redis(REDIS_URL as string);
    clients.nr = createClient({ url: REDIS_URL as string });
    await clients.nr.connect();
  });
  afterAll(async () => {
    const keys = await clients.io.keys(`${prefix}*`);
    if (keys.length > 0) await clients.io.del(...keys);
    clients.io.disconnect();
    await clients.nr.quit();
  });
  return clients;
}

/** A pool on DATABASE_URL and the names of the shipped migration's tables for one suite. */
export interface PostgresTables {
  /** The {@link runId} in the table names. */
  readonly id: string;
  readonly replayTable: string;
  readonly throttleTable: string;
  readonly pool: pg.Pool;
}

/**
 * Call inside a describe: a pool of `max` connections on DATABASE_URL and the shipped migration
 * run once under this run's table names (`otpkit_replay_<tag><id>`, `otpkit_throttle_<tag><id>`),
 * before the suite's tests; after them the tables and the migration's function are dropped.
 */
export function postgresTables(max: number, tag = ''): PostgresTables {
  const id = runId();
  const db = { id, replayTable: `otpkit_replay_${tag}${id}`, throttleTable: `otpkit_throttle_${tag}${id}` } as {
    id: string;
    replayTable: string;
    throttleTable: string;
    pool: pg.Pool;
  };
  beforeAll(async () => {
    db.pool = new pg.Pool({ connectionString: DATABASE_URL, max });
    await db.pool.query(migrationSQL(db.replayTable, db.throttleTable));
  });
  afterAll(async () => {
    await db.pool.query(`DROP TABLE IF EXISTS ${db.replayTable}, ${db.throttleTable}`);
    await db.pool.query(`DROP FUNCTION IF EXISTS ${db.throttleTable}_verify`);
    await db.pool.end();
  });
  return db;
}

/**
 * The conformance suites of one backend: 'replay conformance', 'throttle conformance' and
 * `verificationName` (default 'verification store conformance') over the stores the getters give.
 */
export function defineStoreConformance(
  stores: { replay: () => ReplayStore; throttle: () => ThrottleStore; verification: () => VerificationStore },
  verificationName = 'verification store conformance',
): void {
  defineConformanceSuite({ describe, it }, 'replay conformance', replayStoreChecks(stores.replay));
  defineConformanceSuite({ describe, it }, 'throttle conformance', throttleStoreChecks(stores.throttle));
  defineConformanceSuite({ describe, it }, verificationName, verificationStoreChecks(stores.verification));
}

/** Two replay stores on different clients of the same server and prefix share one watermark. */
export async function expectSharedWatermark(replay: ReplayStore, other: ReplayStore): Promise<void> {
  expect(await replay.consume('shared', 10, 60)).toBe(true);
  expect(await other.consume('shared', 10, 60)).toBe(false);
  expect(await other.consume('shared', 11, 60)).toBe(true);
  expect((await replay.peek('shared'))?.timeStep).toBe(11);
}
