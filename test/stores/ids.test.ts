/**
 * Distinct valid ids stay apart in every store otpkit ships (the testkit's id checks), on memory,
 * Redis (both clients) and PostgreSQL; and the ids no store can hold exactly (a lone surrogate,
 * which UTF-8 clients turn into U+FFFD; NUL, which PostgreSQL text refuses) never reach them.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresReplayStore, PostgresThrottleStore } from '../../src/adapters/postgres.js';
import { RedisReplayStore, RedisThrottleStore } from '../../src/adapters/redis.js';
import { defineConformanceSuite, distinctIds, replayStoreIdChecks, throttleStoreIdChecks } from '../../src/adapters/testkit.js';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { MemoryThrottleStore } from '../../src/verify/throttle.js';
import { DATABASE_URL, migrationSQL, REDIS_URL, runId, warnSkipped } from './env.js';

if (!REDIS_URL) warnSkipped('REDIS_URL', 'the Redis store suites are');
if (!DATABASE_URL) warnSkipped('DATABASE_URL', 'the PostgreSQL store suites are');

describe('the id set of the testkit', () => {
  it('holds distinct, valid ids only, the longest 256 code units apart in the last one', () => {
    const ids = distinctIds('p-');
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(new TextDecoder().decode(new TextEncoder().encode(id))).toBe(id); // survives UTF-8 unchanged
      expect(id.includes('\u0000')).toBe(false);
      expect(id.length).toBeGreaterThan(0);
      expect(id.length).toBeLessThanOrEqual(256);
    }
    const [a, b] = ids.slice(-2) as [string, string];
    expect([a.length, b.length]).toEqual([256, 256]);
    expect(a.slice(0, 255)).toBe(b.slice(0, 255));
    // The look-alikes really are look-alikes: they merge under NFC, NFKC or case folding.
    expect('u-\u00e9').toBe('u-e\u0301'.normalize('NFC'));
    expect('u-\uFF21'.normalize('NFKC')).toBe('u-A');
    expect('u-ALICE'.toLowerCase()).toBe('u-alice');
  });

  it('a lossy store would fail the checks: one that writes ids as UTF-8 text and folds case', async () => {
    const inner = new MemoryReplayStore();
    const fold = (id: string) => new TextDecoder().decode(new TextEncoder().encode(id)).toLowerCase();
    const lossy = {
      consume: (id: string, step: number, ttl: number, drift?: number) => inner.consume(fold(id), step, ttl, drift),
      peek: (id: string) => inner.peek(fold(id)),
      delete: (id: string) => inner.delete(fold(id)),
    };
    const [check] = replayStoreIdChecks(lossy);
    await expect(check?.run()).rejects.toThrow(/conformance/);
  });
});

defineConformanceSuite({ describe, it }, 'MemoryReplayStore ids', replayStoreIdChecks(new MemoryReplayStore()));
defineConformanceSuite({ describe, it }, 'MemoryThrottleStore ids', throttleStoreIdChecks(new MemoryThrottleStore()));

describe.skipIf(!REDIS_URL)('Redis stores keep ids apart', () => {
  const prefix = `otpkit-test:${runId()}:ids:`;
  let ioredis: Redis;
  let nodeRedis: ReturnType<typeof createClient>;
  beforeAll(async () => {
    ioredis = new Redis(REDIS_URL as string);
    nodeRedis = createClient({ url: REDIS_URL as string });
    await nodeRedis.connect();
  });
  afterAll(async () => {
    const keys = await ioredis.keys(`${prefix}*`);
    if (keys.length > 0) await ioredis.del(...keys);
    ioredis.disconnect();
    await nodeRedis.quit();
  });
  defineConformanceSuite(
    { describe, it },
    'ioredis replay ids',
    replayStoreIdChecks(() => new RedisReplayStore({ client: ioredis, prefix })),
  );
  defineConformanceSuite(
    { describe, it },
    'ioredis throttle ids',
    throttleStoreIdChecks(() => new RedisThrottleStore({ client: ioredis, prefix })),
  );
  defineConformanceSuite(
    { describe, it },
    'node-redis replay ids',
    replayStoreIdChecks(() => new RedisReplayStore({ client: nodeRedis, prefix })),
  );
  defineConformanceSuite(
    { describe, it },
    'node-redis throttle ids',
    throttleStoreIdChecks(() => new RedisThrottleStore({ client: nodeRedis, prefix })),
  );

  it('why the id rule exists: the client writes a lone surrogate as U+FFFD, one key for two ids', async () => {
    const store = new RedisReplayStore({ client: ioredis, prefix });
    expect(await store.consume('u-\uFFFD', 5, 120)).toBe(true);
    // Called on the store directly (no verifier in between), the lone surrogate reaches the client.
    expect(await store.consume('u-\uD800', 5, 120)).toBe(false);
  });
});

describe.skipIf(!DATABASE_URL)('PostgreSQL stores keep ids apart', () => {
  const id = runId();
  const replayTable = `otpkit_replay_ids_${id}`;
  const throttleTable = `otpkit_throttle_ids_${id}`;
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
    await pool.query(migrationSQL(replayTable, throttleTable));
  });
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${replayTable}, ${throttleTable}`);
    await pool.end();
  });
  defineConformanceSuite(
    { describe, it },
    'replay ids',
    replayStoreIdChecks(() => new PostgresReplayStore({ pool, table: replayTable })),
  );
  defineConformanceSuite(
    { describe, it },
    'throttle ids',
    throttleStoreIdChecks(() => new PostgresThrottleStore({ pool, table: throttleTable })),
  );

  it('why the id rule exists: pg writes a lone surrogate as U+FFFD and cannot store NUL', async () => {
    const store = new PostgresReplayStore({ pool, table: replayTable });
    expect(await store.consume('v-\uFFFD', 5, 120)).toBe(true);
    expect(await store.consume('v-\uD800', 5, 120)).toBe(false);
    await expect(store.consume('v-\u0000', 5, 120)).rejects.toThrow();
  });
});
