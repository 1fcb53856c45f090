/**
 * Fail closed (#10 fault 2): during any store outage every answer is `unavailable` — right,
 * wrong or replayed code, on TOTP, HOTP, resynchronize and the recovery-code throttle. The table
 * crosses {the single store, the 0.1 replay store, the 0.1 throttle store} × {throws, hangs,
 * rejects, answers late, answers malformed} × {right, wrong, replayed code}, on memory, Redis
 * (ioredis and node-redis clients wrapped to misbehave) and PostgreSQL (a wrapped pg Pool), plus
 * real outages: a disconnected client and an ended pool.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresVerificationStore } from '../../src/adapters/postgres.js';
import { RedisVerificationStore } from '../../src/adapters/redis.js';
import { MemoryReplayStore, type ReplayStore } from '../../src/verify/replay.js';
import { MemoryThrottleStore, type ThrottleStore } from '../../src/verify/throttle.js';
import { MemoryVerificationStore, type VerificationStore } from '../../src/verify/verification-store.js';
import { createHOTPVerifier, createTOTPVerifier } from '../../src/verify/verifier.js';
import { CODES_AROUND_1234567890 as CODES, RFC_KEY, RFC4226_CODES, short } from '../verifier/fixtures.js';
import { DATABASE_URL, postgresTables, REDIS_URL, redisClients, runId, warnSkipped } from './env.js';

if (!REDIS_URL) warnSkipped('REDIS_URL', 'the Redis store suites are');
if (!DATABASE_URL) warnSkipped('DATABASE_URL', 'the PostgreSQL store suites are');

const MODES = ['throws', 'hangs', 'rejects', 'late', 'malformed'] as const;
type Mode = 'ok' | (typeof MODES)[number];
const CODE_KINDS = ['right', 'wrong', 'replayed'] as const;
const TIMEOUT_MS = 40;
/** Real servers: long enough for a first script load or statement plan on a loaded machine. */
const SERVER_TIMEOUT_MS = 400;
const AT = 1234567890;

/** A switch shared by a wrapped store or client: 'ok' passes calls through. */
class Fault {
  mode: Mode = 'ok';
  /** @param timeoutMs - the verifiers' storeTimeoutMs: 'late' answers 40 ms after it. */
  constructor(
    readonly malformed: unknown,
    readonly timeoutMs = TIMEOUT_MS,
  ) {}
  /** Runs `real` or misbehaves as the mode says. */
  call<T>(real: () => Promise<T> | T): Promise<T> | T {
    switch (this.mode) {
      case 'ok':
        return real();
      case 'throws':
        throw new Error('ECONNREFUSED');
      case 'rejects':
        return Promise.reject(new Error('ECONNRESET'));
      case 'hangs':
        return new Promise<T>(() => {});
      case 'late':
        return Promise.resolve(real()).then((v) => new Promise<T>((r) => setTimeout(() => r(v), this.timeoutMs + 40)));
      case 'malformed':
        return Promise.resolve(this.malformed as T);
    }
  }
}

/** Wraps every listed method of `target` through the fault switch (a Proxy, so the rest passes through). */
function wrap<T extends object>(target: T, methods: readonly string[], fault: Fault): T {
  return new Proxy(target, {
    get(t, name, receiver) {
      const value = Reflect.get(t, name, receiver);
      if (typeof name === 'string' && methods.includes(name) && typeof value === 'function') {
        return (...args: unknown[]) => fault.call(() => value.apply(t, args));
      }
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

interface Backend {
  name: string;
  fault: Fault;
  /** Verifier options selecting the store(s). */
  options: () => { store: VerificationStore } | { replayStore: ReplayStore; throttleStore: ThrottleStore };
}

let seq = 0;
const freshId = () => `outage-${runId()}-${seq++}`;

/** Runs one path for one kind of code with the fault switched on at the right moment; returns the outcome's reason. */
async function runPath(backend: Backend, path: string, code: (typeof CODE_KINDS)[number], mode: Mode): Promise<string> {
  const options = { ...backend.options(), storeTimeoutMs: backend.fault.timeoutMs, clock: () => AT };
  const id = freshId();
  const fault = backend.fault;
  fault.mode = 'ok';
  if (path === 'totp') {
    const v = createTOTPVerifier(options);
    const token = code === 'wrong' ? '000000' : CODES['0'];
    if (code === 'replayed') expect((await v.verify({ credentialId: id, key: RFC_KEY, token })).ok).toBe(true);
    fault.mode = mode;
    return short(await v.verify({ credentialId: id, key: RFC_KEY, token }));
  }
  if (path === 'totp+drift') {
    const v = createTOTPVerifier({ ...options, drift: { maxSteps: 1 } });
    const token = code === 'wrong' ? '000000' : CODES['0'];
    if (code === 'replayed') expect((await v.verify({ credentialId: id, key: RFC_KEY, token })).ok).toBe(true);
    fault.mode = mode;
    return short(await v.verify({ credentialId: id, key: RFC_KEY, token }));
  }
  if (path === 'hotp') {
    const v = createHOTPVerifier({ ...options, lookAhead: 2 });
    const token = code === 'wrong' ? '000000' : RFC4226_CODES[1];
    if (code === 'replayed') expect((await v.verify({ credentialId: id, key: RFC_KEY, token })).ok).toBe(true);
    fault.mode = mode;
    return short(await v.verify({ credentialId: id, key: RFC_KEY, token }));
  }
  if (path === 'resynchronize') {
    const v = createHOTPVerifier(options);
    const tokens = (code === 'wrong' ? ['000000', '111111'] : [RFC4226_CODES[4], RFC4226_CODES[5]]) as [string, string];
    if (code === 'replayed') expect((await v.resynchronize({ credentialId: id, key: RFC_KEY, tokens })).ok).toBe(true);
    fault.mode = mode;
    return short(await v.resynchronize({ credentialId: id, key: RFC_KEY, tokens }));
  }
  // Recovery codes: the enrollment service checks the code against its hashes, then settles on the throttle.
  const v = createTOTPVerifier(options);
  const matched = code !== 'wrong';
  if (code === 'replayed') expect((await v.throttle.settle(id, true)).ok).toBe(true);
  fault.mode = mode;
  return short(await v.throttle.settle(id, matched));
}

const PATHS = ['totp', 'totp+drift', 'hotp', 'resynchronize', 'recovery code (throttle.settle)'] as const;

function defineTable(backend: () => Backend, label: string): void {
  describe(label, () => {
    for (const mode of MODES) {
      it(`store that ${mode}: unavailable for right, wrong and replayed codes on every path`, async () => {
        const b = backend();
        const got: string[] = [];
        const want: string[] = [];
        for (const path of PATHS) {
          // The 0.1 replay store is not consulted by the recovery-code throttle: nothing to break there.
          if (path.startsWith('recovery') && b.name === 'legacy replay') continue;
          for (const code of CODE_KINDS) {
            got.push(`${path} ${code}: ${await runPath(b, path, code, mode)}`);
            want.push(`${path} ${code}: unavailable`);
          }
        }
        b.fault.mode = 'ok';
        expect(got).toEqual(want);
      });
    }
    it('with the fault off, the same paths answer ok / invalid / replayed (the table can fail)', async () => {
      const b = backend();
      expect(await runPath(b, 'totp', 'right', 'ok')).toBe('ok');
      expect(await runPath(b, 'totp', 'wrong', 'ok')).toBe('invalid');
      expect(await runPath(b, 'hotp', 'right', 'ok')).toBe('ok');
      expect(await runPath(b, 'resynchronize', 'wrong', 'ok')).toBe('invalid');
    });
  });
}

describe('outage table: memory', () => {
  defineTable(() => {
    const fault = new Fault({ status: 'accepted', step: -1 });
    const store = wrap(new MemoryVerificationStore(), ['verify'], fault);
    return { name: 'memory', fault, options: () => ({ store }) };
  }, 'MemoryVerificationStore');
  defineTable(() => {
    const fault = new Fault('yes');
    const replayStore = wrap(new MemoryReplayStore(), ['consume', 'peek'], fault);
    return { name: 'legacy replay', fault, options: () => ({ replayStore, throttleStore: new MemoryThrottleStore() }) };
  }, '0.1 replay store (through the adapter)');
  defineTable(() => {
    const fault = new Fault({ allowed: true, failures: 500, lockedUntil: 0 });
    const throttleStore = wrap(new MemoryThrottleStore(), ['attempt', 'reset'], fault);
    return { name: 'legacy throttle', fault, options: () => ({ replayStore: new MemoryReplayStore(), throttleStore }) };
  }, '0.1 throttle store (through the adapter)');
});

describe.skipIf(!REDIS_URL)('outage table: Redis', () => {
  const prefix = `otpkit-outage:${runId()}:`;
  const redis = redisClients(prefix);
  defineTable(() => {
    // Malformed: a reply that looks like success for a step the verifier never matched.
    const fault = new Fault(['accepted', '99999999'], SERVER_TIMEOUT_MS);
    const client = wrap(redis.io, ['evalsha', 'eval'], fault);
    const store = new RedisVerificationStore({ client, prefix });
    return { name: 'redis', fault, options: () => ({ store }) };
  }, 'RedisVerificationStore, ioredis client');
  defineTable(() => {
    const fault = new Fault(['throttled', 'x', 'y'], SERVER_TIMEOUT_MS);
    const client = wrap(redis.nr as object, ['evalSha', 'eval'], fault) as never;
    const store = new RedisVerificationStore({ client, prefix: `${prefix}nr:` });
    return { name: 'redis', fault, options: () => ({ store }) };
  }, 'RedisVerificationStore, node-redis client');

  it('a real outage: a disconnected client answers unavailable for right, wrong and replayed codes', async () => {
    const client = new Redis(REDIS_URL as string, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    const store = new RedisVerificationStore({ client, prefix });
    const v = createTOTPVerifier({ store, clock: () => AT, storeTimeoutMs: 300 });
    expect((await v.verify({ credentialId: 'real', key: RFC_KEY, token: CODES['0'] })).ok).toBe(true);
    client.disconnect();
    const got = [];
    for (const token of [CODES['1'], '000000', CODES['0']]) got.push(await v.verify({ credentialId: 'real', key: RFC_KEY, token }));
    expect(got).toEqual(Array(3).fill({ ok: false, reason: 'unavailable' }));
  });
});

describe.skipIf(!DATABASE_URL)('outage table: PostgreSQL', () => {
  const db = postgresTables(4);
  const { replayTable, throttleTable } = db;
  defineTable(() => {
    const fault = new Fault({ rows: [{ status: 'accepted', step: '99999999', failures: 0, locked_until: 0 }] }, SERVER_TIMEOUT_MS);
    const store = new PostgresVerificationStore({ pool: wrap(db.pool, ['query'], fault), replayTable, throttleTable });
    return { name: 'postgres', fault, options: () => ({ store }) };
  }, 'PostgresVerificationStore, pg Pool');

  it('a real outage: an ended pool answers unavailable for right, wrong and replayed codes', async () => {
    const own = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
    const store = new PostgresVerificationStore({ pool: own, replayTable, throttleTable });
    const v = createTOTPVerifier({ store, clock: () => AT });
    expect((await v.verify({ credentialId: 'real', key: RFC_KEY, token: CODES['0'] })).ok).toBe(true);
    await own.end();
    const got = [];
    for (const token of [CODES['1'], '000000', CODES['0']]) got.push(await v.verify({ credentialId: 'real', key: RFC_KEY, token }));
    expect(got).toEqual(Array(3).fill({ ok: false, reason: 'unavailable' }));
  });
});
