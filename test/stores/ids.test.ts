/**
 * Distinct valid ids stay apart in every store otpkit ships (the testkit's id checks), on memory,
 * Redis (both clients) and PostgreSQL; and the ids no store can hold exactly (a lone surrogate,
 * which UTF-8 clients turn into U+FFFD; NUL, which PostgreSQL text refuses) never reach them.
 */
import { describe, expect, it } from 'vitest';
import { PostgresReplayStore, PostgresThrottleStore } from '../../src/adapters/postgres.js';
import { RedisReplayStore, RedisThrottleStore } from '../../src/adapters/redis.js';
import { defineConformanceSuite, distinctIds, replayStoreIdChecks, throttleStoreIdChecks } from '../../src/adapters/testkit.js';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { MemoryThrottleStore } from '../../src/verify/throttle.js';
import { DATABASE_URL, postgresTables, REDIS_URL, redisClients, runId, warnSkipped } from './env.js';

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
  const redis = redisClients(prefix);
  defineConformanceSuite(
    { describe, it },
    'ioredis replay ids',
    replayStoreIdChecks(() => new RedisReplayStore({ client: redis.io, prefix })),
  );
  defineConformanceSuite(
    { describe, it },
    'ioredis throttle ids',
    throttleStoreIdChecks(() => new RedisThrottleStore({ client: redis.io, prefix })),
  );
  defineConformanceSuite(
    { describe, it },
    'node-redis replay ids',
    replayStoreIdChecks(() => new RedisReplayStore({ client: redis.nr, prefix })),
  );
  defineConformanceSuite(
    { describe, it },
    'node-redis throttle ids',
    throttleStoreIdChecks(() => new RedisThrottleStore({ client: redis.nr, prefix })),
  );

  it('why the id rule exists: the client writes a lone surrogate as U+FFFD, one key for two ids', async () => {
    const store = new RedisReplayStore({ client: redis.io, prefix });
    expect(await store.consume('u-\uFFFD', 5, 120)).toBe(true);
    // Called on the store directly (no verifier in between), the lone surrogate reaches the client.
    expect(await store.consume('u-\uD800', 5, 120)).toBe(false);
  });
});

describe.skipIf(!DATABASE_URL)('PostgreSQL stores keep ids apart', () => {
  const db = postgresTables(4, 'ids_');
  const { replayTable, throttleTable } = db;
  defineConformanceSuite(
    { describe, it },
    'replay ids',
    replayStoreIdChecks(() => new PostgresReplayStore({ pool: db.pool, table: replayTable })),
  );
  defineConformanceSuite(
    { describe, it },
    'throttle ids',
    throttleStoreIdChecks(() => new PostgresThrottleStore({ pool: db.pool, table: throttleTable })),
  );

  it('why the id rule exists: pg writes a lone surrogate as U+FFFD and cannot store NUL', async () => {
    const store = new PostgresReplayStore({ pool: db.pool, table: replayTable });
    expect(await store.consume('v-\uFFFD', 5, 120)).toBe(true);
    expect(await store.consume('v-\uD800', 5, 120)).toBe(false);
    await expect(store.consume('v-\u0000', 5, 120)).rejects.toThrow();
  });
});
