/**
 * outside-2.json "throttle-state-is-not-a-cache" (#10 fault 1): a throttle record with failures
 * or a lock is security state, never evicted; a full memory store answers `unavailable`. The case
 * as given, then a property: no interleaving of other credentials' traffic, clock moves and
 * successes lets more guesses be evaluated for a victim between two successes than the policy's
 * ceiling, nor more than K at one instant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { MemoryThrottleStore } from '../../src/verify/throttle.js';
import { MemoryVerificationStore } from '../../src/verify/verification-store.js';
import { createTOTPVerifier, type TOTPVerifierOptions } from '../../src/verify/verifier.js';
import { fixtureJSON } from '../helpers.js';
import { RFC_KEY } from '../verifier/fixtures.js';

const theCase = fixtureJSON<{ cases: { id: string; kind: string; given: string; expect: string }[] }>('cases/outside-2.json').cases.find(
  (c) => c.id === 'throttle-state-is-not-a-cache',
)!;

/** A guess that is never a right code: counted as a failure like any wrong code (see verifier.ts). */
const WRONG = '12345';

const stores: [string, (maxEntries: number) => Pick<TOTPVerifierOptions, 'store' | 'replayStore' | 'throttleStore'>][] = [
  ['MemoryVerificationStore', (maxEntries) => ({ store: new MemoryVerificationStore({ maxEntries }) })],
  [
    'MemoryReplayStore + MemoryThrottleStore',
    (maxEntries) => ({ replayStore: new MemoryReplayStore({ maxEntries }), throttleStore: new MemoryThrottleStore({ maxEntries }) }),
  ],
];

describe(`outside-2.json ${theCase.id}: ${theCase.kind}`, () => {
  for (const [name, make] of stores) {
    it(`${name}: rounds of 4 wrong codes for the victim, then one on each of 50 fresh ids, never reset the victim's count`, async () => {
      const now = { t: 1_700_000_000 };
      const v = createTOTPVerifier({ ...make(50), clock: () => now.t });
      const policy = v.settings.throttle;
      let evaluated = 0;
      let refused = 0;
      const flood: string[] = [];
      for (let round = 0; round < 60; round++) {
        for (let i = 0; i < 4; i++) {
          const o = await v.verify({ credentialId: 'victim', key: RFC_KEY, token: WRONG });
          if (!o.ok && o.reason === 'invalid') evaluated++;
          else if (!o.ok && o.reason === 'throttled') refused++;
          else throw new Error(`unexpected outcome ${JSON.stringify(o)}`);
        }
        for (let i = 0; i < 50; i++) {
          const o = await v.verify({ credentialId: `fresh-${round}-${i}`, key: RFC_KEY, token: WRONG });
          flood.push(o.ok ? 'ok' : o.reason);
        }
        now.t += 3600; // past every backoff: only the count can stop the victim's guesses
      }
      // 240 guesses for the victim: at most `ceiling` (100) were evaluated, the rest refused.
      expect(evaluated).toBeLessThanOrEqual(policy.ceiling);
      expect(evaluated + refused).toBe(240);
      expect(refused).toBeGreaterThanOrEqual(240 - policy.ceiling);
      // The full store refused new ids (fail closed) instead of forgetting anyone's failures.
      expect(flood.filter((r) => r === 'unavailable').length).toBeGreaterThan(0);
      expect(flood.every((r) => r === 'invalid' || r === 'unavailable')).toBe(true);
      // Every evaluated guess is still counted: nothing reset the victim's count.
      expect((await v.throttle.status('victim')).failures).toBe(evaluated);
      // Without the fix: every round's 4 guesses evaluated (240), the count back at 0 after each flood.
      expect(evaluated).toBeLessThan(240);
    });
  }
});

type Op =
  | { kind: 'victim' }
  | { kind: 'other'; id: number }
  | { kind: 'tick'; seconds: number }
  | { kind: 'victim-success' }
  | { kind: 'other-success'; id: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.constant<Op>({ kind: 'victim' }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 40 }).map<Op>((id) => ({ kind: 'other', id })), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 120 }).map<Op>((seconds) => ({ kind: 'tick', seconds })), weight: 2 },
  { arbitrary: fc.constant<Op>({ kind: 'victim-success' }), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 40 }).map<Op>((id) => ({ kind: 'other-success', id })), weight: 1 },
);

describe('property: other traffic never buys the victim extra guesses', () => {
  for (const [name, make] of stores) {
    it(`${name}: between two successes at most ceiling guesses are evaluated, and at most K without the clock moving`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 120 }), fc.integer({ min: 1, max: 12 }), async (ops, maxEntries) => {
          const now = { t: 1_700_000_000 };
          const throttle = { threshold: 3, initialDelaySeconds: 5, factor: 2, maxDelaySeconds: 60, ceiling: 8 };
          const v = createTOTPVerifier({ ...make(maxEntries), clock: () => now.t, throttle });
          let sinceSuccess = 0;
          let sinceTick = 0;
          for (const o of ops) {
            if (o.kind === 'tick') {
              now.t += o.seconds;
              if (o.seconds > 0) sinceTick = 0;
            } else if (o.kind === 'victim') {
              const out = await v.verify({ credentialId: 'victim', key: RFC_KEY, token: WRONG });
              if (!out.ok && out.reason === 'invalid') {
                sinceSuccess++;
                sinceTick++;
              }
            } else if (o.kind === 'victim-success') {
              // A recovery code that matched: clears the count only when the throttle admits it.
              const out = await v.throttle.settle('victim', true);
              if (out.ok) {
                sinceSuccess = 0;
                sinceTick = 0;
              }
            } else if (o.kind === 'other') {
              await v.verify({ credentialId: `other-${o.id}`, key: RFC_KEY, token: WRONG });
            } else {
              await v.throttle.settle(`other-${o.id}`, true);
            }
            if (sinceSuccess > throttle.ceiling || sinceTick > throttle.threshold) return false;
          }
          return true;
        }),
        { numRuns: 150 },
      );
    });
  }
});
