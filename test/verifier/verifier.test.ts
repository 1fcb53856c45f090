/**
 * The verifiers beyond verification.json: drift, HOTP counters and resynchronization, every
 * fail-closed path, programmer-input checks and redaction.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReplayStore } from '../../src/verify/replay.js';
import type { ThrottleStore } from '../../src/verify/throttle.js';
import { createHOTPVerifier, createTOTPVerifier, type TOTPVerifierResult } from '../../src/verify/verifier.js';
import {
  CODES_AROUND_1234567890 as CODES,
  manualClock,
  memoryStores,
  RFC_KEY,
  RFC4226_CODES,
  short,
  T_1234567890 as T,
} from './fixtures.js';

const AT = 1234567890;

describe('TOTP drift (RFC 6238 §6)', () => {
  it('learns drift from a success and centres the next window on it; bounded by maxSteps', async () => {
    const t = manualClock(AT - 60); // server at T−2; the client's clock is 2 steps ahead
    const stores = memoryStores(t.clock);
    const verifier = createTOTPVerifier({ ...stores, clock: t.clock, window: 1, drift: { maxSteps: 1 } });
    // At T−2 with ±1 the code of T is out of reach.
    expect(short(await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['0'] }))).toBe('invalid');
    // The code of T−1 matches at +1: drift 1 is learned.
    expect(await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['-1'] })).toEqual({ ok: true, timeStep: T - 1, delta: 1 });
    expect((await stores.replayStore.peek('c'))?.drift).toBe(1);
    // Window now T−2+1 ± 1 = T−2 … T: the code of T matches at delta +2, drift stays capped at 1.
    expect(await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['0'] })).toEqual({ ok: true, timeStep: T, delta: 2 });
    expect((await stores.replayStore.peek('c'))?.drift).toBe(1);
  });

  it('never learns from failures', async () => {
    const t = manualClock(AT);
    const stores = memoryStores(t.clock);
    const verifier = createTOTPVerifier({ ...stores, clock: t.clock, drift: { maxSteps: 2 } });
    await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['2'] }); // out of ±1: invalid
    expect(await stores.replayStore.peek('c')).toBeUndefined();
  });

  it('without drift the window stays on T', async () => {
    const t = manualClock(AT - 60);
    const verifier = createTOTPVerifier({ ...memoryStores(t.clock), clock: t.clock });
    expect((await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['-1'] })).ok).toBe(true);
    expect(short(await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['0'] }))).toBe('invalid');
  });

  it('keeps drift records for rememberSeconds', () => {
    const v = createTOTPVerifier({ ...memoryStores(), drift: { maxSteps: 2, rememberSeconds: 86_400 } });
    expect(v.settings.ttlSeconds).toBe(86_400);
    // Without drift: (1 + 1 + 2) steps × 30 s.
    expect(createTOTPVerifier({ ...memoryStores() }).settings.ttlSeconds).toBe(120);
  });
});

describe('HOTP verifier (RFC 4226 §7.2, §7.4)', () => {
  it('accepts C, then only later counters, each once', async () => {
    const verifier = createHOTPVerifier({ ...memoryStores() });
    expect(await verifier.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[0] })).toEqual({ ok: true, counter: 0, delta: 0 });
    expect(short(await verifier.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[0] }))).toBe('invalid');
    expect(await verifier.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[1] })).toEqual({ ok: true, counter: 1, delta: 0 });
    // Look-ahead 0: counter 3 is not reachable from C = 2.
    expect(short(await verifier.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[3] }))).toBe('invalid');
  });

  it('looks ahead, never back', async () => {
    const verifier = createHOTPVerifier({ ...memoryStores(), lookAhead: 2 });
    expect(await verifier.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[2] })).toEqual({ ok: true, counter: 2, delta: 2 });
    expect(short(await verifier.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[1] }))).toBe('invalid');
    expect(await verifier.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[3] })).toEqual({ ok: true, counter: 3, delta: 0 });
  });

  it('starts at initialCounter for a credential with no stored counter', async () => {
    const verifier = createHOTPVerifier({ ...memoryStores() });
    expect(await verifier.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[5], initialCounter: 5 })).toEqual({
      ok: true,
      counter: 5,
      delta: 0,
    });
    // Once stored, initialCounter is ignored.
    expect(short(await verifier.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[5], initialCounter: 5 }))).toBe('invalid');
  });

  it('resynchronizes from two consecutive codes, and not from two non-consecutive ones', async () => {
    const verifier = createHOTPVerifier({ ...memoryStores(), resyncLookAhead: 20 });
    expect(short(await verifier.resynchronize({ credentialId: 'h', key: RFC_KEY, tokens: [RFC4226_CODES[7], RFC4226_CODES[9]] }))).toBe(
      'invalid',
    );
    expect(await verifier.resynchronize({ credentialId: 'h', key: RFC_KEY, tokens: [RFC4226_CODES[7], RFC4226_CODES[8]] })).toEqual({
      ok: true,
      counter: 8,
      delta: 8,
    });
    expect(await verifier.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[9] })).toEqual({ ok: true, counter: 9, delta: 0 });
    expect(short(await verifier.resynchronize({ credentialId: 'h', key: RFC_KEY, tokens: [RFC4226_CODES[7], RFC4226_CODES[8]] }))).toBe(
      'invalid',
    );
  });

  it('needs allowWideWindow beyond a look-ahead of 2', () => {
    expect(() => createHOTPVerifier({ ...memoryStores(), lookAhead: 3 })).toThrow(/allowWideWindow/);
    expect(createHOTPVerifier({ ...memoryStores(), lookAhead: 10, allowWideWindow: true }).settings.lookAhead).toBe(10);
  });
});

/** A replay store whose every method misbehaves in the given way. */
function brokenReplay(mode: 'reject' | 'throw' | 'hang' | 'garbage'): ReplayStore {
  const act = (): Promise<any> => {
    if (mode === 'throw') throw new Error('boom');
    if (mode === 'reject') return Promise.reject(new Error('ECONNRESET'));
    if (mode === 'hang') return new Promise(() => {});
    return Promise.resolve('yes');
  };
  return { consume: act, peek: act, delete: act };
}
function brokenThrottle(mode: 'reject' | 'throw' | 'hang' | 'garbage'): ThrottleStore {
  const act = (): Promise<any> => {
    if (mode === 'throw') throw new Error('boom');
    if (mode === 'reject') return Promise.reject(new Error('ECONNRESET'));
    if (mode === 'hang') return new Promise(() => {});
    return Promise.resolve({ allowed: 'yes', failures: -1 });
  };
  return { attempt: act, peek: act, reset: act };
}

describe('fail closed: any store trouble is unavailable, never ok, never invalid', () => {
  const modes = ['reject', 'throw', 'hang', 'garbage'] as const;
  for (const mode of modes) {
    it(`replay store that ${mode}s`, async () => {
      const { throttleStore } = memoryStores();
      const verifier = createTOTPVerifier({ replayStore: brokenReplay(mode), throttleStore, clock: () => AT, storeTimeoutMs: 50 });
      expect(await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['0'] })).toEqual({ ok: false, reason: 'unavailable' });
      const drift = createTOTPVerifier({
        replayStore: brokenReplay(mode),
        throttleStore,
        clock: () => AT,
        storeTimeoutMs: 50,
        drift: { maxSteps: 1 },
      });
      expect(await drift.verify({ credentialId: 'd', key: RFC_KEY, token: CODES['0'] })).toEqual({ ok: false, reason: 'unavailable' });
      const hotp = createHOTPVerifier({ replayStore: brokenReplay(mode), throttleStore, storeTimeoutMs: 50 });
      expect(await hotp.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[0] })).toEqual({ ok: false, reason: 'unavailable' });
    });

    it(`throttle store that ${mode}s (nothing spent)`, async () => {
      const { replayStore } = memoryStores();
      const verifier = createTOTPVerifier({ replayStore, throttleStore: brokenThrottle(mode), clock: () => AT, storeTimeoutMs: 50 });
      expect(await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['0'] })).toEqual({ ok: false, reason: 'unavailable' });
      expect(await replayStore.peek('c')).toBeUndefined();
    });
  }

  it('a throttle reset failing after the code was spent: unavailable (and the code stays spent)', async () => {
    const { replayStore, throttleStore } = memoryStores();
    const flaky: ThrottleStore = {
      attempt: (...a) => throttleStore.attempt(...a),
      peek: (id) => throttleStore.peek(id),
      reset: () => Promise.reject(new Error('down')),
    };
    const verifier = createTOTPVerifier({ replayStore, throttleStore: flaky, clock: () => AT });
    expect(await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['0'] })).toEqual({ ok: false, reason: 'unavailable' });
    expect((await replayStore.peek('c'))?.timeStep).toBe(T);
  });

  it('throttle.status and reset reject with StoreUnavailableError (code ERR_STORE_UNAVAILABLE)', async () => {
    const verifier = createTOTPVerifier({ replayStore: memoryStores().replayStore, throttleStore: brokenThrottle('reject') });
    await expect(verifier.throttle.status('c')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', operation: 'throttle.peek' });
    await expect(verifier.throttle.reset('c')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', operation: 'throttle.reset' });
    expect(await verifier.throttle.attempt('c')).toEqual({ ok: false, reason: 'unavailable' });
  });
});

describe('the race harness can fail: a read-then-write store lets replays through', () => {
  it('two successes in one round with a non-atomic store', async () => {
    const data = new Map<string, number>();
    const naive: ReplayStore = {
      async consume(id, step) {
        const current = data.get(id);
        await new Promise((r) => setTimeout(r, 1)); // the gap a read-then-write leaves
        if (current !== undefined && current >= step) return false;
        data.set(id, step);
        return true;
      },
      async peek() {
        return undefined;
      },
      async delete() {},
    };
    const verifier = createTOTPVerifier({
      replayStore: naive,
      throttleStore: memoryStores().throttleStore,
      clock: () => AT,
      throttle: { threshold: 100 },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, () => verifier.verify({ credentialId: 'r', key: RFC_KEY, token: CODES['0'] })),
    );
    expect(outcomes.filter((o) => o.ok).length).toBeGreaterThan(1);
  });
});

describe('programmer input throws at once; user input never throws', () => {
  const verifier = createTOTPVerifier({ ...memoryStores(), clock: () => AT });

  it('bad credentialId, key or fields throw synchronously', () => {
    expect(() => verifier.verify({ credentialId: '', key: RFC_KEY, token: '1' })).toThrow(RangeError);
    expect(() => verifier.verify({ credentialId: 'x'.repeat(257), key: RFC_KEY, token: '1' })).toThrow(RangeError);
    expect(() => verifier.verify({ credentialId: 5 as never, key: RFC_KEY, token: '1' })).toThrow(TypeError);
    expect(() => verifier.verify({ credentialId: 'c', key: new Uint8Array(4), token: '1' })).toThrow(RangeError);
    expect(() => verifier.verify({ credentialId: 'c', key: 'secret' as never, token: '1' })).toThrow(TypeError);
    expect(() => verifier.verify(null as never)).toThrow(TypeError);
    expect(() => verifier.verify({ credentialId: 'c', key: RFC_KEY, token: '1', credentialID: 'x' } as never)).toThrow(TypeError);
  });

  it('options out of range throw', () => {
    const s = memoryStores();
    expect(() => createTOTPVerifier({ ...s, storeTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => createTOTPVerifier({ ...s, throttle: { ceiling: 101 } })).toThrow(RangeError);
    expect(() => createTOTPVerifier({ ...s, throttle: { threshold: 0 } })).toThrow(RangeError);
    expect(() => createTOTPVerifier({ ...s, throttle: { initialDelaySeconds: 10, maxDelaySeconds: 5 } })).toThrow(RangeError);
    expect(() => createTOTPVerifier({ ...s, profile: 'lax' as never })).toThrow(RangeError);
    expect(() => createTOTPVerifier({ ...s, drift: { maxSteps: 11 } })).toThrow(RangeError);
    expect(() => createTOTPVerifier({ replayStore: {} as never, throttleStore: s.throttleStore })).toThrow(TypeError);
    expect(() => createTOTPVerifier({ ...s, clock: 5 as never })).toThrow(TypeError);
    const ms = createTOTPVerifier({ ...s, clock: () => Date.now() });
    expect(() => ms.verify({ credentialId: 'c', key: RFC_KEY, token: '1' })).toThrow(/milliseconds/);
    expect(() => createTOTPVerifier({ ...s, allowWideWindow: 'yes' as never })).toThrow(TypeError);
  });

  it('any token resolves to a failure, never a throw (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.anything()), async (token) => {
        const v = createTOTPVerifier({ ...memoryStores(), clock: () => AT, throttle: { threshold: 100 } });
        const outcome = await v.verify({ credentialId: 'c', key: RFC_KEY, token });
        // A random value can be a valid code only by being one of the three window codes.
        if (outcome.ok) expect([CODES['-1'], CODES['0'], CODES['1']]).toContain(String(token).replace(/\s/g, ''));
        else expect(outcome.reason).toBe('invalid');
      }),
      { numRuns: 300 },
    );
  });
});

describe('no secret in any output', () => {
  it('outcomes, settings, errors and the throttle print no key or token', async () => {
    const secretToken = CODES['0'];
    const t = manualClock(AT);
    const verifier = createTOTPVerifier({ ...memoryStores(t.clock), clock: t.clock });
    const printed: string[] = [];
    const outcomes: TOTPVerifierResult[] = [
      await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: '123456' }),
      await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: secretToken }),
      await verifier.verify({ credentialId: 'c', key: RFC_KEY, token: secretToken }),
    ];
    for (const o of outcomes) printed.push(JSON.stringify(o), String(o), inspect(o));
    printed.push(JSON.stringify(verifier.settings), inspect(verifier), inspect(verifier.throttle));
    try {
      verifier.verify({ credentialId: 'c', key: RFC_KEY, token: secretToken, time: 1 } as never);
    } catch (error) {
      printed.push(String(error), inspect(error));
    }
    const all = printed.join('\n');
    expect(all).not.toContain(secretToken);
    expect(all).not.toContain('12345678901234567890');
    expect(all).not.toContain('3132333435');
  });
});
