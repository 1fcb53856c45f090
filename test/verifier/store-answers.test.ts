/**
 * A port's output is not taken on trust (#10 fault 5, second bullet; fault 4 for store answers and
 * verifier options): contradictory or malformed store answers are `unavailable`, every field of an
 * answer or of the options is read once into a copy, and a Proxy whose getters change between
 * reads cannot show one value to the check and another to the use.
 */
import { describe, expect, it } from 'vitest';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import type { ThrottleStore } from '../../src/verify/throttle.js';
import { MemoryVerificationStore, type VerificationRequest, type VerificationStore } from '../../src/verify/verification-store.js';
import { createHOTPVerifier, createTOTPVerifier } from '../../src/verify/verifier.js';
import { CODES_AROUND_1234567890 as CODES, RFC_KEY, T_1234567890 as T } from './fixtures.js';

const AT = 1234567890;
const UNAVAILABLE = { ok: false, reason: 'unavailable' };

/** A Proxy over `values` whose n-th read of a field returns values[field][min(n, last)]; counts reads. */
function shifting(values: Record<string, unknown[]>): { proxy: object; reads: Record<string, number> } {
  const reads: Record<string, number> = {};
  const proxy = new Proxy(
    {},
    {
      get(_t, name) {
        if (typeof name !== 'string' || !(name in values)) return undefined;
        const n = reads[name] ?? 0;
        reads[name] = n + 1;
        const list = values[name] as unknown[];
        return list[Math.min(n, list.length - 1)];
      },
    },
  );
  return { proxy, reads };
}

/** A single store whose verify answers `answer` (a value or a function of the request). */
function answering(answer: unknown | ((r: VerificationRequest) => unknown)): VerificationStore {
  const inner = new MemoryVerificationStore();
  return {
    verify: (_id, r) => (typeof answer === 'function' ? (answer as (r: VerificationRequest) => unknown)(r) : answer) as never,
    peek: (id) => inner.peek(id),
    reset: (id) => inner.reset(id),
    delete: (id) => inner.delete(id),
  };
}

describe('contradictory answers of a VerificationStore are unavailable', () => {
  const later = AT + 100;
  const cases: [string, unknown][] = [
    ['accepted for a step the verifier never matched', { status: 'accepted', step: T + 7 }],
    ['accepted with a step that is not a number', { status: 'accepted', step: String(T) }],
    ['invalid with no failure counted', { status: 'invalid', failures: 0, lockedUntil: 0 }],
    ['invalid with failures above the ceiling', { status: 'invalid', failures: 500, lockedUntil: later }],
    ['invalid below K with a future lock', { status: 'invalid', failures: 1, lockedUntil: later }],
    ['invalid from K on with no lock', { status: 'invalid', failures: 7, lockedUntil: 0 }],
    ['invalid with a lock longer than the longest delay', { status: 'invalid', failures: 6, lockedUntil: AT + 1e6 }],
    ['invalid with a negative count', { status: 'invalid', failures: -1, lockedUntil: 0 }],
    ['invalid with a fractional count', { status: 'invalid', failures: 1.5, lockedUntil: 0 }],
    ['invalid with NaN lockedUntil', { status: 'invalid', failures: 1, lockedUntil: Number.NaN }],
    ['throttled with nothing that locks', { status: 'throttled', failures: 1, lockedUntil: 0 }],
    ['throttled with counts as strings', { status: 'throttled', failures: '100', lockedUntil: '0' }],
    ['replayed for a code that matched nothing (wrong code)', { status: 'replayed', failures: 1, lockedUntil: 0 }],
    ['stale from a TOTP verification', { status: 'stale', next: 5 }],
    ['an unknown status', { status: 'ok' }],
    ['ok: true in the 0.1 shape', { ok: true, timeStep: T, delta: 0 }],
    ['null', null],
    ['an array', ['accepted', T]],
    ['a string', 'accepted'],
    [
      'a getter that throws',
      Object.defineProperty({}, 'status', {
        get: () => {
          throw new Error('boom');
        },
      }),
    ],
    // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the point of this case
    ['a thenable resolving garbage', { then: (ok: (v: unknown) => void) => ok({ status: 'accepted' }) }],
  ];
  for (const [name, answer] of cases) {
    it(name, async () => {
      const v = createTOTPVerifier({ store: answering(answer), clock: () => AT, storeTimeoutMs: 50 });
      // A replay answer is consistent for a right code; for every other case both codes are checked.
      const tokens = name.startsWith('replayed') ? ['000000'] : [CODES['0'], '000000'];
      for (const token of tokens) expect(await v.verify({ credentialId: 'c', key: RFC_KEY, token })).toEqual(UNAVAILABLE);
    });
  }

  it('a consistent answer is believed (so the cases above can fail)', async () => {
    const v = createTOTPVerifier({ store: answering({ status: 'accepted', step: T }), clock: () => AT });
    expect(await v.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['0'] })).toEqual({ ok: true, timeStep: T, delta: 0 });
    const w = createTOTPVerifier({ store: answering({ status: 'throttled', failures: 100, lockedUntil: 0 }), clock: () => AT });
    expect(await w.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['0'] })).toEqual({ ok: false, reason: 'throttled' });
  });

  it('an answer Proxy is read once per field: good values first, then bad ones, is the good answer', async () => {
    const { proxy, reads } = shifting({ status: ['accepted', 'accepted'], step: [T, T + 9] });
    const v = createTOTPVerifier({ store: answering(proxy), clock: () => AT });
    expect(await v.verify({ credentialId: 'c', key: RFC_KEY, token: CODES['0'] })).toEqual({ ok: true, timeStep: T, delta: 0 });
    expect(reads).toEqual({ status: 1, step: 1 });
  });

  it('an answer Proxy whose first reads contradict and later reads look fine is unavailable', async () => {
    const { proxy, reads } = shifting({ status: ['invalid', 'invalid'], failures: [500, 1], lockedUntil: [0, 0] });
    const v = createTOTPVerifier({ store: answering(proxy), clock: () => AT });
    expect(await v.verify({ credentialId: 'c', key: RFC_KEY, token: '000000' })).toEqual(UNAVAILABLE);
    expect(Math.max(...Object.values(reads))).toBe(1);
  });
});

describe('contradictory answers of a 0.1 ThrottleStore are unavailable', () => {
  /** A 0.1 throttle store answering `answer` to attempt. */
  const throttleAnswering = (answer: unknown): ThrottleStore => ({
    attempt: async () => answer as never,
    peek: async () => ({ failures: 0, lockedUntil: 0 }),
    reset: async () => {},
  });
  const cases: [string, unknown][] = [
    ['allowed with failures ≥ the ceiling (500)', { allowed: true, failures: 500, lockedUntil: 0 }],
    ['allowed below K with a future lock', { allowed: true, failures: 1, lockedUntil: AT + 60 }],
    ['allowed with no failure counted', { allowed: true, failures: 0, lockedUntil: 0 }],
    ['allowed with a negative count', { allowed: true, failures: -3, lockedUntil: 0 }],
    ['allowed with a fractional count', { allowed: true, failures: 2.5, lockedUntil: 0 }],
    ['allowed: "yes"', { allowed: 'yes', failures: 1, lockedUntil: 0 }],
    ['refused with nothing that locks', { allowed: false, failures: 1, lockedUntil: 0 }],
    ['refused with Infinity lockedUntil', { allowed: false, failures: 1, lockedUntil: Number.POSITIVE_INFINITY }],
  ];
  for (const [name, answer] of cases) {
    it(name, async () => {
      const v = createTOTPVerifier({ replayStore: new MemoryReplayStore(), throttleStore: throttleAnswering(answer), clock: () => AT });
      for (const token of [CODES['0'], '000000']) expect(await v.verify({ credentialId: 'c', key: RFC_KEY, token })).toEqual(UNAVAILABLE);
      expect(await v.throttle.attempt('c')).toEqual(UNAVAILABLE);
    });
  }

  it('a Proxy answer is read once per field', async () => {
    const { proxy, reads } = shifting({ allowed: [true, true], failures: [1, 500], lockedUntil: [0, AT + 999] });
    const v = createTOTPVerifier({ replayStore: new MemoryReplayStore(), throttleStore: throttleAnswering(proxy), clock: () => AT });
    expect(await v.throttle.attempt('c')).toEqual({ ok: true, failures: 1 });
    expect(reads).toEqual({ allowed: 1, failures: 1, lockedUntil: 1 });
  });
});

describe('verifier options are read once', () => {
  it('a Proxy options object whose getters change between reads: each option read at most once, the first value used', () => {
    const store = new MemoryVerificationStore();
    const { proxy, reads } = shifting({
      store: [store],
      window: [1, 50],
      allowWideWindow: [false, true],
      digits: [6, 11],
      period: [30, 0],
      storeTimeoutMs: [100, -1],
      drift: [{ maxSteps: 1 }, { maxSteps: 99 }],
    });
    // ownKeys of the Proxy's target is empty, so spread-copying it reads nothing: give it keys.
    const options = new Proxy(proxy, {
      ownKeys: () => ['store', 'window', 'allowWideWindow', 'digits', 'period', 'storeTimeoutMs', 'drift'],
      getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
    });
    const v = createTOTPVerifier(options as never);
    expect(v.settings.window).toEqual({ past: 1, future: 1 });
    expect(v.settings.digits).toBe(6);
    expect(v.settings.maxDriftSteps).toBe(1);
    expect(Math.max(...Object.values(reads))).toBe(1);
  });

  it('HOTP options too', () => {
    const { proxy, reads } = shifting({ store: [new MemoryVerificationStore()], lookAhead: [2, 100], allowWideWindow: [false, true] });
    const options = new Proxy(proxy, {
      ownKeys: () => ['store', 'lookAhead', 'allowWideWindow'],
      getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
    });
    expect(createHOTPVerifier(options as never).settings.lookAhead).toBe(2);
    expect(Math.max(...Object.values(reads))).toBe(1);
  });
});
