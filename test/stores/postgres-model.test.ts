/**
 * PostgresVerificationStore against MemoryVerificationStore as the reference (DATABASE_URL):
 * random sequences of calls for one credential (TOTP with and without drift, HOTP, recovery-code
 * checks; matches inside and outside the window; time moving so locks end), the same sequence
 * sent to both stores. Every answer and the state `peek` reports after each call must be equal.
 * The PostgreSQL function has a one-statement path for TOTP without drift and a full path for
 * everything else (docs/decisions/0205); this is what keeps the two paths answering as one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PostgresVerificationStore } from '../../src/adapters/postgres.js';
import { checkRequest } from '../../src/verify/settle.js';
import { checkThrottlePolicy } from '../../src/verify/throttle.js';
import { MemoryVerificationStore, type VerificationRequest } from '../../src/verify/verification-store.js';
import { DATABASE_URL, postgresTables, warnSkipped } from './env.js';

if (!DATABASE_URL) warnSkipped('DATABASE_URL', 'the PostgreSQL model test is');

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

describe.skipIf(!DATABASE_URL)('PostgresVerificationStore answers as MemoryVerificationStore', () => {
  const db = postgresTables(4, 'model');
  let serial = 0;

  it('for random sequences of TOTP, HOTP and check calls on one credential', { timeout: 120_000 }, async () => {
    const postgres = new PostgresVerificationStore({ pool: db.pool, replayTable: db.replayTable, throttleTable: db.throttleTable });
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
          const actual = await postgres.verify(id, request);
          expect(actual, JSON.stringify(request)).toEqual(expected);
          expect(await postgres.peek(id)).toEqual(await memory.peek(id));
          if (expected.status === 'stale') counter = expected.next;
          if (expected.status === 'accepted' && kind === 'hotp' && !s.check) counter = expected.step + 1;
        }
      }),
      { numRuns: 150 },
    );
  });
});
