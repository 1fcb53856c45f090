// One OS process of the replay race (test/stores/race.test.ts). It builds a verifier over the
// shared store(s) from the built package (dist/) — the one-call store with `oneCall`, else the 0.1 pair — then on each "round" message submits the same
// valid code `concurrency` times at once and reports how each submission ended.
import { Cluster, Redis } from 'ioredis';
import pg from 'pg';
import { createCluster } from 'redis';
import { createTOTPVerifier } from '../../dist/index.js';
import { PostgresReplayStore, PostgresThrottleStore, PostgresVerificationStore } from '../../dist/postgres.js';
import { RedisReplayStore, RedisThrottleStore, RedisVerificationStore } from '../../dist/redis.js';

const KEY = new TextEncoder().encode('12345678901234567890'); // RFC 6238 Appendix B SHA-1 key
const TOKEN = '005924'; // verification.json: the code of T = 41152263 at 1234567890
let verifier;
let close = async () => {};

process.on('message', async (message) => {
  try {
    if (message.type === 'init') {
      let replayStore;
      let throttleStore;
      let store;
      if (message.store === 'redis') {
        const client = new Redis(message.url);
        if (message.oneCall) store = new RedisVerificationStore({ client, prefix: message.prefix });
        else {
          replayStore = new RedisReplayStore({ client, prefix: message.prefix });
          throttleStore = new RedisThrottleStore({ client, prefix: message.prefix });
        }
        await client.ping();
        close = async () => client.disconnect();
      } else if (message.store === 'redis-cluster-ioredis' || message.store === 'redis-cluster-node-redis') {
        const nodes = message.urls.split(',').map((url) => new URL(url));
        const ioredis = message.store === 'redis-cluster-ioredis';
        const client = ioredis
          ? new Cluster(nodes.map((n) => ({ host: n.hostname, port: Number(n.port) })))
          : createCluster({ rootNodes: nodes.map((n) => ({ url: n.href })) });
        if (ioredis) await client.ping();
        else await client.connect();
        if (message.oneCall) store = new RedisVerificationStore({ client, prefix: message.prefix });
        else {
          replayStore = new RedisReplayStore({ client, prefix: message.prefix });
          throttleStore = new RedisThrottleStore({ client, prefix: message.prefix });
        }
        close = async () => (ioredis ? client.disconnect() : client.close());
      } else {
        const pool = new pg.Pool({ connectionString: message.url, max: message.poolSize });
        if (message.oneCall)
          store = new PostgresVerificationStore({ pool, replayTable: message.replayTable, throttleTable: message.throttleTable });
        else {
          replayStore = new PostgresReplayStore({ pool, table: message.replayTable });
          throttleStore = new PostgresThrottleStore({ pool, table: message.throttleTable });
        }
        await Promise.all(Array.from({ length: message.poolSize }, () => pool.query('SELECT 1')));
        close = async () => pool.end();
      }
      verifier = createTOTPVerifier({
        ...(store ? { store } : { replayStore, throttleStore }),
        clock: () => 1234567890,
        // Nothing is throttled inside a round, so every submission reaches the replay guard.
        throttle: { threshold: 100, ceiling: 100 },
        storeTimeoutMs: 10_000,
      });
      process.send({ type: 'ready' });
    } else if (message.type === 'round') {
      const outcomes = await Promise.all(
        Array.from({ length: message.concurrency }, () => verifier.verify({ credentialId: message.credentialId, key: KEY, token: TOKEN })),
      );
      const counts = { ok: 0, replayed: 0, throttled: 0, invalid: 0, unavailable: 0 };
      for (const o of outcomes) counts[o.ok ? 'ok' : o.reason]++;
      process.send({ type: 'result', round: message.round, counts });
    } else if (message.type === 'stop') {
      await close();
      process.exit(0);
    }
  } catch (error) {
    process.send({ type: 'error', message: String(error?.stack ?? error) });
  }
});
