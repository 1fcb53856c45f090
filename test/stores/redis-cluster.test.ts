/**
 * The Redis stores on a real Redis Cluster (REDIS_CLUSTER_URLS: comma-separated node URLs of a
 * 3-master cluster; .ci/run starts one with .ci/redis-cluster), with ioredis `Cluster` and
 * node-redis `createCluster`: the conformance suite, and credentials whose keys hash to every
 * master. The cross-process race on the cluster is in race.test.ts.
 */
import { Cluster, Redis } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisReplayStore, RedisThrottleStore, RedisVerificationStore } from '../../src/adapters/redis.js';
import { createTOTPVerifier } from '../../src/verify/verifier.js';
import { CODES_AROUND_1234567890, RFC_KEY } from '../verifier/fixtures.js';
import { defineStoreConformance, expectSharedWatermark, REDIS_CLUSTER_URLS, runId, warnSkipped } from './env.js';

if (!REDIS_CLUSTER_URLS) warnSkipped('REDIS_CLUSTER_URLS', 'the Redis Cluster store suites are');
const nodes = (REDIS_CLUSTER_URLS ?? '')
  .split(',')
  .filter(Boolean)
  .map((url) => new URL(url));
const prefix = `otpkit-cluster:${runId()}:`;

/** Deletes this run's keys on every master (KEYS is per node on a cluster). */
async function cleanUp(match: string): Promise<void> {
  for (const node of nodes) {
    const client = new Redis({ host: node.hostname, port: Number(node.port) });
    try {
      const keys = await client.keys(match);
      // One DEL per key: keys of different slots may not share a command.
      for (const key of keys) await client.del(key);
    } finally {
      client.disconnect();
    }
  }
}

/** Which master holds each of a store's keys, by asking every node CLUSTER KEYSLOT and SLOTS. */
async function mastersOf(keys: string[]): Promise<Set<string>> {
  const node = nodes[0]!;
  const client = new Redis({ host: node.hostname, port: Number(node.port) });
  try {
    const slots = await client.cluster('SLOTS');
    const owners = new Set<string>();
    for (const key of keys) {
      const slot = await client.cluster('KEYSLOT', key);
      const range = slots.find(([from, to]) => slot >= from && slot <= to);
      const master = range?.[2];
      if (master) owners.add(`${master[0]}:${master[1]}`);
    }
    return owners;
  } finally {
    client.disconnect();
  }
}

/**
 * Verifies right, replayed and wrong codes for credentials spread over every master, through
 * the 0.1 stores (replay + throttle) and through the one-call verification store.
 */
function spreadChecks(stores: () => { replay: RedisReplayStore; throttle: RedisThrottleStore; single: RedisVerificationStore }) {
  for (const path of ['replay + throttle stores', 'one-call store'] as const) {
    it(`serves credentials on every master (${path}): right once, replay refused, wrong counted`, async () => {
      const { replay, throttle, single } = stores();
      const ids = Array.from({ length: 24 }, (_, i) => `spread-${path.length}-${i}`);
      // With 24 credentials, keys land on all three masters (checked, not assumed).
      expect((await mastersOf(ids.map((id) => replay.key(id)))).size).toBe(nodes.length);
      const clock = () => 1234567890;
      const verifier =
        path === 'one-call store'
          ? createTOTPVerifier({ store: single, clock })
          : createTOTPVerifier({ replayStore: replay, throttleStore: throttle, clock });
      for (const credentialId of ids) {
        const right = await verifier.verify({ credentialId, key: RFC_KEY, token: CODES_AROUND_1234567890['0'] });
        expect(right.ok).toBe(true);
        expect(await verifier.verify({ credentialId, key: RFC_KEY, token: CODES_AROUND_1234567890['0'] })).toEqual({
          ok: false,
          reason: 'replayed',
        });
        const peek = async () => (path === 'one-call store' ? await single.peek(credentialId) : await throttle.peek(credentialId));
        const before = (await peek()).failures;
        expect(await verifier.verify({ credentialId, key: RFC_KEY, token: '000000' })).toEqual({ ok: false, reason: 'invalid' });
        expect((await peek()).failures).toBe(before + 1);
      }
    });
  }
}

describe.skipIf(!REDIS_CLUSTER_URLS)('Redis Cluster stores (ioredis Cluster)', () => {
  let cluster: Cluster;
  let replay: RedisReplayStore;
  let throttle: RedisThrottleStore;
  let single: RedisVerificationStore;
  beforeAll(async () => {
    cluster = new Cluster(nodes.map((n) => ({ host: n.hostname, port: Number(n.port) })));
    await cluster.ping();
    replay = new RedisReplayStore({ client: cluster, prefix: `${prefix}io:` });
    single = new RedisVerificationStore({ client: cluster, prefix: `${prefix}io2:` });
    throttle = new RedisThrottleStore({ client: cluster, prefix: `${prefix}io:` });
  });
  afterAll(async () => {
    await cleanUp(`${prefix}io:*`);
    cluster.disconnect();
  });

  it('runs against a cluster of three masters in state ok', async () => {
    expect(nodes.length).toBe(3);
    const info = String(await cluster.cluster('INFO'));
    expect(info).toMatch(/cluster_state:ok/);
    expect(info).toMatch(/cluster_size:3/);
  });
  defineStoreConformance(
    {
      replay: () => replay,
      throttle: () => throttle,
      verification: () => new RedisVerificationStore({ client: cluster, prefix: `${prefix}io1:` }),
    },
    'one-call verification store conformance',
  );
  spreadChecks(() => ({ replay, throttle, single }));
});

describe.skipIf(!REDIS_CLUSTER_URLS)('Redis Cluster stores (node-redis createCluster)', () => {
  let cluster: ReturnType<typeof createCluster>;
  let replay: RedisReplayStore;
  let throttle: RedisThrottleStore;
  let single: RedisVerificationStore;
  beforeAll(async () => {
    cluster = createCluster({ rootNodes: nodes.map((n) => ({ url: n.href })) });
    await cluster.connect();
    replay = new RedisReplayStore({ client: cluster, prefix: `${prefix}nr:` });
    single = new RedisVerificationStore({ client: cluster, prefix: `${prefix}nr2:` });
    throttle = new RedisThrottleStore({ client: cluster, prefix: `${prefix}nr:` });
  });
  afterAll(async () => {
    await cleanUp(`${prefix}nr:*`);
    await cluster.close();
  });

  defineStoreConformance(
    {
      replay: () => replay,
      throttle: () => throttle,
      verification: () => new RedisVerificationStore({ client: cluster, prefix: `${prefix}nr1:` }),
    },
    'one-call verification store conformance',
  );
  spreadChecks(() => ({ replay, throttle, single }));

  it('shares state with an ioredis Cluster client', async () => {
    const io = new Cluster(nodes.map((n) => ({ host: n.hostname, port: Number(n.port) })));
    try {
      await expectSharedWatermark(replay, new RedisReplayStore({ client: io, prefix: `${prefix}nr:` }));
    } finally {
      io.disconnect();
    }
  });
});
