/**
 * The conformance kit itself: a store given as a factory is created once per check (not once per
 * operation), so the library's own stores pass with `() => new MemoryReplayStore()`, and stores
 * that break the rules fail the checks that describe those rules.
 */
import { describe, expect, it } from 'vitest';
import {
  type ConformanceCheck,
  defineConformanceSuite,
  replayStoreChecks,
  throttleStoreChecks,
  verificationStoreChecks,
} from '../../src/adapters/testkit.js';
import { MemoryReplayStore, type ReplayRecord, type ReplayStore } from '../../src/verify/replay.js';
import {
  MemoryThrottleStore,
  type ThrottleAttempt,
  type ThrottlePolicy,
  type ThrottleState,
  type ThrottleStore,
} from '../../src/verify/throttle.js';
import { legacyVerificationStore, MemoryVerificationStore, type VerificationStore } from '../../src/verify/verification-store.js';

/** Runs every check; returns the names of those that rejected. */
async function failures(checks: readonly ConformanceCheck[]): Promise<string[]> {
  const failed: string[] = [];
  for (const check of checks) {
    try {
      await check.run();
    } catch {
      failed.push(check.name);
    }
  }
  return failed;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Read, yield, then write: two concurrent consumes of one step can both succeed. */
class NonAtomicReplayStore implements ReplayStore {
  readonly #records = new Map<string, ReplayRecord>();
  async consume(credentialId: string, timeStep: number, _ttlSeconds: number, drift = 0): Promise<boolean> {
    const current = this.#records.get(credentialId);
    await tick();
    if (current !== undefined && current.timeStep >= timeStep) return false;
    this.#records.set(credentialId, { timeStep, drift });
    return true;
  }
  async peek(credentialId: string): Promise<ReplayRecord | undefined> {
    return this.#records.get(credentialId);
  }
  async delete(credentialId: string): Promise<void> {
    this.#records.delete(credentialId);
  }
}

/** Refuses a spent step but stores a lower one anyway: the watermark goes down. */
class LoweringReplayStore extends NonAtomicReplayStore {
  readonly #last = new Map<string, number>();
  override async consume(credentialId: string, timeStep: number, ttlSeconds: number, drift = 0): Promise<boolean> {
    const last = this.#last.get(credentialId);
    this.#last.set(credentialId, timeStep);
    await super.delete(credentialId);
    await super.consume(credentialId, timeStep, ttlSeconds, drift);
    return last === undefined || timeStep !== last;
  }
}

/** A throttle whose reset does nothing: an unlock that never unlocks. */
class StuckThrottleStore implements ThrottleStore {
  readonly #inner = new MemoryThrottleStore();
  attempt(credentialId: string, nowSeconds: number, policy: ThrottlePolicy): Promise<ThrottleAttempt> {
    return this.#inner.attempt(credentialId, nowSeconds, policy);
  }
  peek(credentialId: string): Promise<ThrottleState> {
    return this.#inner.peek(credentialId);
  }
  async reset(_credentialId: string): Promise<void> {}
}

describe('a factory is called once per check', () => {
  // Registered as tests too, so a failing check shows under its own name.
  defineConformanceSuite(
    { describe, it },
    'MemoryReplayStore from () => new MemoryReplayStore()',
    replayStoreChecks(() => new MemoryReplayStore()),
  );
  defineConformanceSuite(
    { describe, it },
    'MemoryThrottleStore from () => new MemoryThrottleStore()',
    throttleStoreChecks(() => new MemoryThrottleStore()),
  );

  it('every replay and throttle check passes on a fresh memory store per check', async () => {
    expect(await failures(replayStoreChecks(() => new MemoryReplayStore()))).toEqual([]);
    expect(await failures(throttleStoreChecks(() => new MemoryThrottleStore()))).toEqual([]);
  });

  it('counts the calls: exactly one per check run, none when the checks are built', async () => {
    let replayCalls = 0;
    let throttleCalls = 0;
    const replay = replayStoreChecks(() => {
      replayCalls++;
      return new MemoryReplayStore();
    });
    const throttle = throttleStoreChecks(() => {
      throttleCalls++;
      return new MemoryThrottleStore();
    });
    expect([replayCalls, throttleCalls]).toEqual([0, 0]);
    await failures(replay);
    await failures(throttle);
    expect(replayCalls).toBe(replay.length);
    expect(throttleCalls).toBe(throttle.length);
    await replay[0]?.run();
    expect(replayCalls).toBe(replay.length + 1);
  });

  it('a factory that returns no store fails the check, saying so', async () => {
    const [check] = replayStoreChecks((() => undefined) as unknown as () => ReplayStore);
    await expect(check?.run()).rejects.toThrow(/factory returned undefined/);
  });
});

describe('broken stores fail', () => {
  it('a non-atomic replay store fails both race checks, as an instance or from a factory', async () => {
    const asInstance = await failures(replayStoreChecks(new NonAtomicReplayStore(), { concurrency: 8 }));
    expect(asInstance).toEqual([
      '8 concurrent consumes of one step: exactly one succeeds',
      'concurrent consumes of different steps: every success raised the watermark, the highest is stored',
    ]);
    const fromFactory = await failures(replayStoreChecks(() => new NonAtomicReplayStore(), { concurrency: 8 }));
    expect(fromFactory).toEqual(asInstance);
  });

  it('a replay store that lowers its watermark fails the watermark checks', async () => {
    const failed = await failures(replayStoreChecks(() => new LoweringReplayStore()));
    expect(failed).toContain('the watermark never lowers (verification.json watermark-never-lowers)');
    expect(failed).toContain('a refused consume changes neither step nor drift');
  });

  it('a throttle store whose reset does nothing fails the reset checks', async () => {
    const failed = await failures(throttleStoreChecks(() => new StuckThrottleStore()));
    expect(failed.sort()).toEqual([
      'at the ceiling every attempt is refused, however late, until reset',
      'reset forgets failures and lock',
    ]);
  });
});

describe('broken verification stores fail', () => {
  it('a VerificationStore over a non-atomic replay store fails the concurrent right-codes check', async () => {
    const failed = await failures(
      verificationStoreChecks(() => legacyVerificationStore(new NonAtomicReplayStore(), new MemoryThrottleStore()), { concurrency: 8 }),
    );
    expect(failed).toContain('8 concurrent right codes: exactly one accepted, every other one replayed');
  });

  it('a store that reads, yields, then writes the failure count fails the concurrent wrong-guesses check', async () => {
    const inner = new MemoryVerificationStore();
    const racy: VerificationStore = {
      // Decides on a snapshot taken before yielding: concurrent guesses all see the same count.
      async verify(id, request) {
        const before = await inner.peek(id);
        await tick();
        if (before.failures >= request.policy.ceiling || before.lockedUntil > request.now) {
          return { status: 'throttled', failures: before.failures, lockedUntil: before.lockedUntil };
        }
        await inner.reset(id);
        for (let i = 0; i < before.failures; i++)
          inner.verify(id, { ...request, policy: { ...request.policy, threshold: 100, ceiling: 100 }, matches: [] });
        return inner.verify(id, request);
      },
      peek: (id) => inner.peek(id),
      reset: (id) => inner.reset(id),
      delete: (id) => inner.delete(id),
    };
    const failed = await failures(verificationStoreChecks(() => racy, { concurrency: 8 }));
    expect(failed).toContain('8 concurrent wrong guesses at one instant: exactly K evaluated, the rest throttled');
  });

  it('the memory store passes every check (so the failures above come from the faults)', async () => {
    expect(await failures(verificationStoreChecks(() => new MemoryVerificationStore(), { concurrency: 8 }))).toEqual([]);
  });
});
