/** The conformance suite and the memory bounds of the in-memory stores. */
import { describe, expect, it } from 'vitest';
import { defineConformanceSuite, replayStoreChecks, throttleStoreChecks, verificationStoreChecks } from '../../src/adapters/testkit.js';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { checkThrottlePolicy, MemoryThrottleStore } from '../../src/verify/throttle.js';
import { legacyVerificationStore, MemoryVerificationStore } from '../../src/verify/verification-store.js';

defineConformanceSuite({ describe, it }, 'MemoryReplayStore conformance', replayStoreChecks(new MemoryReplayStore()));
defineConformanceSuite({ describe, it }, 'MemoryThrottleStore conformance', throttleStoreChecks(new MemoryThrottleStore()));
defineConformanceSuite({ describe, it }, 'MemoryVerificationStore conformance', verificationStoreChecks(new MemoryVerificationStore()));
defineConformanceSuite(
  { describe, it },
  'legacy adapter over MemoryReplayStore + MemoryThrottleStore conformance',
  verificationStoreChecks(() => legacyVerificationStore(new MemoryReplayStore(), new MemoryThrottleStore())),
);

describe('MemoryReplayStore bounds', () => {
  it('treats an expired record as absent and sweeps it', async () => {
    const c = { now: 1000 };
    const store = new MemoryReplayStore({ clock: () => c.now });
    expect(await store.consume('a', 10, 60)).toBe(true);
    c.now = 1059.9;
    expect(await store.consume('a', 9, 60)).toBe(false);
    c.now = 1060;
    expect(await store.peek('a')).toBeUndefined();
    expect(await store.consume('a', 9, 60)).toBe(true);
    c.now = 2000;
    expect(store.sweep()).toBe(1);
    expect(store.size).toBe(0);
  });

  it('never holds more than maxEntries, sweeping expired records to make room', async () => {
    const c = { now: 0 };
    const store = new MemoryReplayStore({ maxEntries: 3, clock: () => c.now });
    for (const id of ['a', 'b', 'c']) await store.consume(id, 1, 10);
    c.now = 11; // all three expired
    for (const id of ['d', 'e', 'f']) await store.consume(id, 1, 10);
    expect(store.size).toBe(3);
  });

  it('refuses (rejects) rather than evicting a live watermark when full', async () => {
    const store = new MemoryReplayStore({ maxEntries: 2, clock: () => 0 });
    await store.consume('a', 1, 0);
    await store.consume('b', 1, 100);
    await expect(store.consume('c', 1, 100)).rejects.toThrow(/full/);
    // The live ones still refuse their spent steps.
    expect(await store.consume('a', 1, 0)).toBe(false);
    expect(await store.consume('b', 1, 100)).toBe(false);
  });

  it('sweeps as it goes: 10 000 short-lived credentials leave a bounded map', async () => {
    const c = { now: 0 };
    const store = new MemoryReplayStore({ clock: () => c.now });
    for (let i = 0; i < 10_000; i++) {
      await store.consume(`id${i}`, 1, 5);
      c.now += 1;
    }
    // 5 live records; a sweep at least every 64 inserts leaves under 70.
    expect(store.size).toBeLessThanOrEqual(70);
  });
});

describe('MemoryThrottleStore bounds', () => {
  const policy = checkThrottlePolicy({ threshold: 3, initialDelaySeconds: 10, factor: 2, maxDelaySeconds: 60, ceiling: 10 });

  it('never evicts a record with failures: a new credential is refused when full, held ones keep counting', async () => {
    const store = new MemoryThrottleStore({ maxEntries: 3 });
    await store.attempt('idle', 0, policy);
    for (let i = 0; i < 3; i++) await store.attempt('locked', 0, policy);
    for (let i = 0; i < 10; i++) await store.attempt('ceiling', i * 1000, policy);
    await expect(store.attempt('new', 20_000, policy)).rejects.toThrow(/full/);
    expect((await store.peek('idle')).failures).toBe(1);
    expect((await store.peek('locked')).failures).toBe(3);
    expect((await store.peek('ceiling')).failures).toBe(10);
    expect((await store.attempt('idle', 20_000, policy)).failures).toBe(2);
    // A reset frees the place (the record is gone, not kept at zero).
    await store.reset('idle');
    expect(store.size).toBe(2);
    expect((await store.attempt('new', 20_000, policy)).allowed).toBe(true);
  });
});
