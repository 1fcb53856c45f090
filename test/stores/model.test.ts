/**
 * The server stores against MemoryVerificationStore as the reference: PostgresVerificationStore
 * (DATABASE_URL) and RedisVerificationStore with both clients (REDIS_URL). Random sequences of
 * calls for one credential (TOTP with and without drift, HOTP, recovery-code checks; matches
 * inside and outside the window; time moving so locks end), the same sequence sent to both
 * stores. Every answer and the state `peek` reports after each call must be equal.
 * The PostgreSQL function has a one-statement path for TOTP without drift and a full path for
 * everything else (docs/decisions/0205); the Redis script reads its request from two packed
 * arguments (docs/decisions/0206). This is what keeps each answering as the reference does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PostgresVerificationStore } from '../../src/adapters/postgres.js';
import { RedisVerificationStore } from '../../src/adapters/redis.js';
import { checkRequest } from '../../src/verify/settle.js';
import { checkThrottlePolicy } from '../../src/verify/throttle.js';
import { MemoryVerificationStore, type VerificationRequest, type VerificationStore } from '../../src/verify/verification-store.js';
import { DATABASE_URL, postgresTables, REDIS_URL, redisClients, runId, warnSkipped } from './env.js';

if (!DATABASE_URL) warnSkipped('DATABASE_URL', 'the PostgreSQL model test is');
if (!REDIS_URL) warnSkipped('REDIS_URL', 'the Redis model tests are');

const POLICY = checkThrottlePolicy({ threshold: 3, initialDelaySeconds: 10, factor: 2, maxDelaySeconds: 60, ceiling: 8 });
const T = 41152263; // a TOTP step of 2009
const C = 100; // the HOTP initial counter of these runs
const NOW = T * 30;

/** One call: an offset of the base from the sequence's start, the window, drift, match offsets, seconds later. */
const step = fc.record({
  check: fc.nat(9).map((n) => n === 0), // one call in ten is a recovery-code check
  base: fc.integer({ min: -1, max: 3 }),
  past: fc.integer({ min: 0, max: 2 }),
  future: fc.integer({ min: 0, max: 2 }),
  matches: fc.uniqueArray(fc.integer({ min: -4, max: 4 }), { maxLength: 3 }),
  later: fc.constantFrom(0, 0, 1, 5, 11, 40, 3600),
});

const sequence = fc.record({
  kind: fc.constantFrom('totp' as const, 'hotp' as const),
  maxDrift: fc.constantFrom(0, 0, 1, 2),
  steps: fc.array(step, { minLength: 1, maxLength: 12 }),
});

let serial = 0;

/** Runs random call sequences on `store` and on a fresh memory store each; asserts equal answers and state. */
async function answersAsMemory(store: () => VerificationStore): Promise<void> {
  const actualStore = store();
  await fc.assert(
    fc.asyncProperty(sequence, async ({ kind, maxDrift, steps }) => {
      // A store per run (its clock never passes a TOTP watermark's hour) and a credential per run.
      const memory = new MemoryVerificationStore({ clock: () => 0 });
      const id = `model-${process.pid}-${serial++}`;
      let now = NOW;
      let counter = C; // HOTP: the base the verifier would send, the next counter it believes in
      for (const s of steps) {
        now += s.later;
        const base = kind === 'totp' ? T + s.base : counter;
        const matches = [...new Set(s.matches.map((m) => base + m))].filter((m) => m >= 0).sort((a, b) => a - b);
        const request: VerificationRequest = s.check
          ? checkRequest(now, POLICY, matches.length > 0)
          : {
              kind,
              now,
              policy: POLICY,
              base,
              past: s.past,
              future: s.future,
              maxDrift: kind === 'totp' ? maxDrift : 0,
              initialCounter: C,
              ttlSeconds: kind === 'totp' ? 3600 : 0,
              matches,
            };
        const expected = await memory.verify(id, request);
        const actual = await actualStore.verify(id, request);
        expect(actual, JSON.stringify(request)).toEqual(expected);
        expect(await actualStore.peek(id)).toEqual(await memory.peek(id));
        if (expected.status === 'stale') counter = expected.next;
        if (expected.status === 'accepted' && kind === 'hotp' && !s.check) counter = expected.step + 1;
      }
    }),
    { numRuns: 150 },
  );
}

const CASES = 'for random sequences of TOTP, HOTP and check calls on one credential';

describe.skipIf(!DATABASE_URL)('PostgresVerificationStore answers as MemoryVerificationStore', () => {
  const db = postgresTables(4, 'model');
  it(CASES, { timeout: 120_000 }, () =>
    answersAsMemory(() => new PostgresVerificationStore({ pool: db.pool, replayTable: db.replayTable, throttleTable: db.throttleTable })),
  );
});

describe.skipIf(!REDIS_URL)('RedisVerificationStore answers as MemoryVerificationStore', () => {
  const prefix = `otpkit-test:${runId()}:model:`;
  const clients = redisClients(prefix);
  it(`ioredis: ${CASES}`, { timeout: 120_000 }, () => answersAsMemory(() => new RedisVerificationStore({ client: clients.io, prefix })));
  it(`node-redis: ${CASES}`, { timeout: 120_000 }, () =>
    answersAsMemory(() => new RedisVerificationStore({ client: clients.nr, prefix: `${prefix}nr:` })),
  );
});
