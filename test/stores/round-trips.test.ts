/**
 * One store round trip per verification (#11 item 1): a wrapped client counts the calls each path
 * makes — right, wrong, replayed and throttled TOTP codes, TOTP with drift, HOTP look-ahead,
 * resynchronization and the recovery-code throttle — with ioredis, node-redis and pg; the memory
 * store counts its `verify` calls.
 */
import { describe, expect, it } from 'vitest';
import { PostgresVerificationStore } from '../../src/adapters/postgres.js';
import { RedisVerificationStore } from '../../src/adapters/redis.js';
import { checkRequest } from '../../src/verify/settle.js';
import { MemoryVerificationStore, type VerificationStore } from '../../src/verify/verification-store.js';
import { createHOTPVerifier, createTOTPVerifier } from '../../src/verify/verifier.js';
import { CODES_AROUND_1234567890 as CODES, RFC_KEY, RFC4226_CODES, short } from '../verifier/fixtures.js';
import { DATABASE_URL, postgresTables, REDIS_URL, redisClients, runId, warnSkipped } from './env.js';

if (!REDIS_URL) warnSkipped('REDIS_URL', 'the Redis store suites are');
if (!DATABASE_URL) warnSkipped('DATABASE_URL', 'the PostgreSQL store suites are');

/** A Proxy that counts calls of the listed methods. */
function counting<T extends object>(target: T, methods: readonly string[]): { client: T; calls: () => number } {
  let n = 0;
  const client = new Proxy(target, {
    get(t, name, receiver) {
      const value = Reflect.get(t, name, receiver);
      if (typeof value !== 'function') return value;
      if (typeof name === 'string' && methods.includes(name)) {
        return (...args: unknown[]) => {
          n++;
          return value.apply(t, args);
        };
      }
      return value.bind(t);
    },
  });
  return { client, calls: () => n };
}

/** Runs every path once, counting the calls each makes; returns "path: calls (outcome)". */
async function countPaths(store: VerificationStore, calls: () => number): Promise<string[]> {
  const now = { t: 1234567890 };
  const clock = () => now.t;
  const id = `rt-${runId()}`;
  const totp = createTOTPVerifier({ store, clock, throttle: { threshold: 2 } });
  const drift = createTOTPVerifier({ store, clock, drift: { maxSteps: 2 } });
  const hotp = createHOTPVerifier({ store, clock, lookAhead: 2 });
  const rows: string[] = [];
  const measure = async (path: string, run: () => Promise<{ ok: boolean; reason?: string }>) => {
    const before = calls();
    const outcome = await run();
    rows.push(`${path}: ${calls() - before} (${short(outcome)})`);
  };
  await measure('totp right', () => totp.verify({ credentialId: `${id}-t`, key: RFC_KEY, token: CODES['0'] }));
  await measure('totp replayed', () => totp.verify({ credentialId: `${id}-t`, key: RFC_KEY, token: CODES['0'] }));
  await measure('totp wrong', () => totp.verify({ credentialId: `${id}-t`, key: RFC_KEY, token: '000000' }));
  await measure('totp throttled', () => totp.verify({ credentialId: `${id}-t`, key: RFC_KEY, token: CODES['1'] }));
  await measure('totp+drift right', () => drift.verify({ credentialId: `${id}-d`, key: RFC_KEY, token: CODES['1'] }));
  await measure('totp+drift wrong', () => drift.verify({ credentialId: `${id}-d`, key: RFC_KEY, token: '000000' }));
  await measure('hotp look-ahead right', () => hotp.verify({ credentialId: `${id}-h`, key: RFC_KEY, token: RFC4226_CODES[2] }));
  await measure('hotp wrong', () => hotp.verify({ credentialId: `${id}-h`, key: RFC_KEY, token: '000000' }));
  await measure('hotp next code', () => hotp.verify({ credentialId: `${id}-h`, key: RFC_KEY, token: RFC4226_CODES[3] }));
  await measure('resynchronize', () =>
    hotp.resynchronize({ credentialId: `${id}-h`, key: RFC_KEY, tokens: [RFC4226_CODES[7], RFC4226_CODES[8]] }),
  );
  await measure('recovery code wrong', () => totp.throttle.settle(`${id}-r`, false));
  await measure('recovery code right', () => totp.throttle.settle(`${id}-r`, true));
  return rows;
}

const EXPECTED = [
  'totp right: 1 (ok)',
  'totp replayed: 1 (replayed)',
  'totp wrong: 1 (invalid)',
  'totp throttled: 1 (throttled)',
  'totp+drift right: 1 (ok)',
  'totp+drift wrong: 1 (invalid)',
  'hotp look-ahead right: 1 (ok)',
  'hotp wrong: 1 (invalid)',
  'hotp next code: 1 (ok)',
  'resynchronize: 1 (ok)',
  'recovery code wrong: 1 (invalid)',
  'recovery code right: 1 (ok)',
];

describe('one store call per verification', () => {
  it('memory: one synchronous verify call per path', async () => {
    const inner = new MemoryVerificationStore();
    const { client, calls } = counting(inner, ['verify']);
    expect(await countPaths(client, calls)).toEqual(EXPECTED);
  });

  it('HOTP: a second call only when another process moved the counter (the stale hint is corrected)', async () => {
    const store = new MemoryVerificationStore();
    const { client, calls } = counting(store, ['verify']);
    const a = createHOTPVerifier({ store: client });
    const b = createHOTPVerifier({ store: client });
    expect((await a.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[0] })).ok).toBe(true);
    expect((await b.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[1] })).ok).toBe(true); // b: stale, then accepted
    const before = calls();
    expect(await a.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[2] })).toEqual({ ok: true, counter: 2, delta: 0 });
    expect(calls() - before).toBe(2);
  });
});

describe.skipIf(!REDIS_URL)('one store call per verification: Redis', () => {
  const prefix = `otpkit-rt:${runId()}:`;
  const redis = redisClients(prefix);

  it('ioredis: one EVALSHA per path', async () => {
    const { io } = redis;
    await io.script('LOAD', 'return 1'); // any script; ours are loaded by their first EVAL below
    const warm = new RedisVerificationStore({ client: io, prefix });
    await warm.verify('warm', checkRequest(0, createTOTPVerifier({ store: warm }).settings.throttle, false));
    const { client, calls } = counting(io, ['evalsha', 'eval', 'call', 'sendCommand']);
    expect(await countPaths(new RedisVerificationStore({ client, prefix }), calls)).toEqual(EXPECTED);
  });

  it('node-redis: one evalSha per path', async () => {
    const { client, calls } = counting(redis.nr as object, ['evalSha', 'eval', 'sendCommand']);
    // Loaded on the server by the ioredis test or by this first run; count from a warm run.
    await countPaths(new RedisVerificationStore({ client: client as never, prefix: `${prefix}nr:` }), calls);
    expect(await countPaths(new RedisVerificationStore({ client: client as never, prefix: `${prefix}nr:` }), calls)).toEqual(EXPECTED);
  });
});

describe.skipIf(!DATABASE_URL)('one store call per verification: PostgreSQL', () => {
  const db = postgresTables(2);
  const { replayTable, throttleTable } = db;

  it('pg: one query (a named statement calling the migration function) per path', async () => {
    const { client, calls } = counting(db.pool, ['query', 'connect']);
    expect(await countPaths(new PostgresVerificationStore({ pool: client, replayTable, throttleTable }), calls)).toEqual(EXPECTED);
  });
});
