/**
 * Every case of test/fixtures/cases/verification.json is a test here (the multi-process race and the
 * real-server outage cases also run against Redis and PostgreSQL in test/stores/).
 */
import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { RedisReplayStore, RedisThrottleStore } from '../../src/adapters/redis.js';
import { prepareKey } from '../../src/core/hmac-key.js';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { createTOTPVerifier, type TOTPVerifierResult } from '../../src/verify/verifier.js';
import { fixtureJSON, hasOathtool } from '../helpers.js';
import { CODES_AROUND_1234567890, manualClock, memoryStores, RFC_KEY, T_1234567890 } from './fixtures.js';

interface Case {
  id: string;
  about?: string;
  given: any;
  expect: any;
  stored?: number;
}
const { cases } = fixtureJSON<{ cases: Case[] }>('cases/verification.json');
const byId = new Map(cases.map((c) => [c.id, c]));

const short = (o: TOTPVerifierResult) => (o.ok ? 'ok' : o.reason);
/** The fixture codes as [offset from T, code], T−2 first. */
const ORDERED_CODES = ([-2, -1, 0, 1, 2] as const).map((k) => [k, CODES_AROUND_1234567890[k]] as const);

const handlers: Record<string, (c: Case) => Promise<void>> = {
  async 'replay-same-code'(c) {
    const { clock } = manualClock(c.given.time);
    const verifier = createTOTPVerifier({ ...memoryStores(clock), clock, window: c.given.window });
    const got: string[] = [];
    for (const token of c.given.submissions) got.push(short(await verifier.verify({ credentialId: 'cred', key: RFC_KEY, token })));
    expect(got).toEqual(c.expect);
  },

  async 'replay-same-code-next-step'(c) {
    const t = manualClock(0);
    const verifier = createTOTPVerifier({ ...memoryStores(t.clock), clock: t.clock });
    const got: string[] = [];
    for (const { time, token } of c.given.submissions) {
      t.now = time;
      got.push(short(await verifier.verify({ credentialId: 'cred', key: RFC_KEY, token })));
    }
    expect(got).toEqual(c.expect);
  },

  async 'replay-is-a-watermark'(c) {
    const { clock } = manualClock(c.given.time);
    const verifier = createTOTPVerifier({ ...memoryStores(clock), clock, window: c.given.window });
    const got: string[] = [];
    for (const token of c.given.submissions) got.push(short(await verifier.verify({ credentialId: 'cred', key: RFC_KEY, token })));
    expect(got).toEqual(c.expect);
  },

  async 'watermark-never-lowers'(c) {
    const store = new MemoryReplayStore();
    const got: boolean[] = [];
    for (const step of c.given.consume) got.push(await store.consume('cred', step, 120));
    expect(got).toEqual(c.expect);
    expect((await store.peek('cred'))?.timeStep).toBe(c.stored);
  },

  async 'replay-race'(c) {
    // The memory store is one process only; test/stores/race.test.ts runs the OS-process version.
    const perRound = c.given.processes * c.given.concurrentPerProcess;
    const { clock } = manualClock(1234567890);
    const verifier = createTOTPVerifier({
      ...memoryStores(clock),
      clock,
      throttle: { threshold: 100, ceiling: 100 },
    });
    let successes = 0;
    let acceptedReplays = 0;
    for (let round = 0; round < c.given.rounds; round++) {
      const outcomes = await Promise.all(
        Array.from({ length: perRound }, () => verifier.verify({ credentialId: `race-${round}`, key: RFC_KEY, token: '005924' })),
      );
      const ok = outcomes.filter((o) => o.ok).length;
      expect(ok).toBe(c.expect.successesPerRound);
      expect(outcomes.filter((o) => !o.ok && o.reason !== 'replayed')).toEqual([]);
      successes += ok;
      acceptedReplays += ok - 1;
    }
    expect(successes).toBe(c.given.rounds);
    expect(acceptedReplays).toBe(c.expect.acceptedReplays);
  },

  async 'clock-behind-watermark'(c) {
    const { clock } = manualClock(c.given.time);
    const stores = memoryStores(clock);
    await stores.replayStore.consume('cred', c.given.storedStep, 120);
    const verifier = createTOTPVerifier({ ...stores, clock });
    const outcome = await verifier.verify({ credentialId: 'cred', key: RFC_KEY, token: c.given.token });
    expect(outcome).toEqual(c.expect);
    // The stored step ahead of the clock is left as it was.
    expect((await stores.replayStore.peek('cred'))?.timeStep).toBe(c.given.storedStep);
  },

  async 'throttle-per-account'(c) {
    const t = manualClock(1234567890);
    const stores = memoryStores(t.clock);
    const prepared = prepareKey(RFC_KEY);
    const spy = vi.spyOn(prepared, 'truncate');
    // One verifier per session (as each web worker or server would build its own), one store.
    const sessions = Array.from({ length: c.given.fromSessions }, () =>
      createTOTPVerifier({ ...stores, clock: t.clock, throttle: { threshold: c.given.K } }),
    );
    const got: string[] = [];
    for (let i = 0; i < c.given.failures; i++) {
      const session = sessions[i % sessions.length]!;
      got.push(short(await session.verify({ credentialId: 'cred', key: prepared, token: '000000' })));
    }
    const lockedAfter = got.indexOf('throttled');
    expect(lockedAfter).toBe(c.expect.lockedAfter);
    expect(got.slice(0, lockedAfter).every((r) => r === 'invalid')).toBe(true);
    expect(got.slice(lockedAfter).every((r) => r === 'throttled')).toBe(true);

    // hmacComputedWhileLocked: with one store call per verification (#11) the window is computed
    // before the store decides, so the case's "no code checked while locked" is asserted as what
    // it protects: the store's answer alone decides, and a right code changes nothing while locked.
    expect(c.expect.hmacComputedWhileLocked).toBe(0);
    const before = await stores.throttleStore.peek('cred');
    const valid = await sessions[0]!.verify({ credentialId: 'cred', key: prepared, token: CODES_AROUND_1234567890['0'] });
    expect(short(valid)).toBe(c.expect.validCodeWhileLocked);
    expect(await stores.replayStore.peek('cred')).toBeUndefined();
    expect(await stores.throttleStore.peek('cred')).toEqual(before);
    // The same right code on a credential that is not locked is accepted (so the refusal above can fail).
    spy.mockClear();
    const other = await sessions[0]!.verify({ credentialId: 'other', key: prepared, token: CODES_AROUND_1234567890['0'] });
    expect(other.ok).toBe(true);
    expect(spy.mock.calls.length).toBeGreaterThan(0);
  },

  async 'throttle-backoff'(c) {
    const base = 1234567890; // the first second of step T: every time below stays in step T
    const t = manualClock(base);
    const verifier = createTOTPVerifier({
      ...memoryStores(t.clock),
      clock: t.clock,
      throttle: { threshold: 1, initialDelaySeconds: c.given.initialDelaySeconds, factor: 2, maxDelaySeconds: 60 },
    });
    const id = 'cred';
    const failures: string[] = [];
    for (const at of c.given.failuresAt) {
      t.now = base + at;
      failures.push(short(await verifier.verify({ credentialId: id, key: RFC_KEY, token: '000000' })));
    }
    // The first wrong code is checked and locks for 1 s; the two inside that second are refused unchecked.
    expect(failures).toEqual(['invalid', 'throttled', 'throttled']);
    const [early, late] = c.given.validCodeAt;
    t.now = base + early;
    expect(short(await verifier.verify({ credentialId: id, key: RFC_KEY, token: CODES_AROUND_1234567890['0'] }))).toBe(c.expect['at0.95']);
    t.now = base + late;
    expect(short(await verifier.verify({ credentialId: id, key: RFC_KEY, token: CODES_AROUND_1234567890['0'] }))).toBe(c.expect['at1.1']);
    expect((await verifier.throttle.status(id)).failures).toBe(c.expect.failuresAfterSuccess);
  },

  async 'throttle-all-paths'(c) {
    const t = manualClock(1234567890);
    const stores = memoryStores(t.clock);
    const throttle = { threshold: c.given.K };
    // Login, enrollment confirmation and disable each build their own verifier over the shared
    // store; the recovery-code path uses the throttle object of the login verifier.
    const login = createTOTPVerifier({ ...stores, clock: t.clock, throttle });
    const enrollConfirm = createTOTPVerifier({ ...stores, clock: t.clock, throttle });
    const disable = createTOTPVerifier({ ...stores, clock: t.clock, throttle });
    const paths: Record<string, () => Promise<string>> = {
      login: async () => short(await login.verify({ credentialId: 'cred', key: RFC_KEY, token: '000000' })),
      'enroll-confirm': async () => short(await enrollConfirm.verify({ credentialId: 'cred', key: RFC_KEY, token: '000000' })),
      disable: async () => short(await disable.verify({ credentialId: 'cred', key: RFC_KEY, token: '000000' })),
      'recovery-code': async () => {
        const gate = await login.throttle.attempt('cred');
        return gate.ok ? 'invalid' : gate.reason; // the recovery code was wrong: no reset
      },
    };
    expect(Object.keys(paths).sort()).toEqual([...c.given.paths].sort());
    for (let round = 0; round < c.given.failuresEach; round++) {
      for (const path of c.given.paths) {
        expect(await paths[path]!()).toBe('invalid');
        t.now += 7200; // past any delay, so every attempt is admitted and counted
      }
    }
    t.now -= 7200;
    const status = await login.throttle.status('cred');
    expect(status.failures).toBe(c.expect.sharedFailures);
    expect(status.lock !== 'none').toBe(c.expect.locked);
  },

  async 'throttle-other-credentials'(c) {
    const t = manualClock(1234567890);
    const stores = memoryStores(t.clock);
    const verifier = createTOTPVerifier({ ...stores, clock: t.clock });
    const [a, b] = c.given.credentials;
    let logins = 0;
    while (logins < c.given.successfulLoginsWithA) {
      // The five fixture codes, oldest step first; A's watermark is cleared between passes so
      // that they can be used again.
      await stores.replayStore.delete(a);
      for (const [offset, code] of ORDERED_CODES) {
        if (logins === c.given.successfulLoginsWithA) break;
        t.now = 1234567890 + offset * 30;
        expect(short(await verifier.verify({ credentialId: a, key: RFC_KEY, token: '000000' }))).toBe('invalid');
        expect(short(await verifier.verify({ credentialId: a, key: RFC_KEY, token: code }))).toBe('ok');
        logins++;
        expect((await verifier.throttle.status(b)).failures).toBe(c.expect.failuresOfB);
      }
    }
    expect(logins).toBe(c.given.successfulLoginsWithA);
    expect((await verifier.throttle.status(a)).failures).toBe(0);
  },

  async 'hard-ceiling'(c) {
    const t = manualClock(1234567890);
    // Tiny delays, so only the ceiling stops the guesses.
    const verifier = createTOTPVerifier({
      ...memoryStores(t.clock),
      clock: t.clock,
      throttle: { threshold: 1, initialDelaySeconds: 0.001, factor: 1, maxDelaySeconds: 0.001 },
    });
    let acceptedAfter100 = 0;
    const outcomes: string[] = [];
    for (let i = 0; i < c.given.failures; i++) {
      // From the 101st attempt on, submit the right code: it must not get through either.
      const token = i < 100 ? '000000' : CODES_AROUND_1234567890['0'];
      const outcome = await verifier.verify({ credentialId: 'cred', key: RFC_KEY, token });
      outcomes.push(short(outcome));
      if (i >= 100 && outcome.ok) acceptedAfter100++;
      if (i >= 100 && !outcome.ok) expect(outcome).toEqual({ ok: false, reason: 'throttled' }); // no retryAfterSeconds
      t.now += 1;
    }
    expect(outcomes.slice(0, 100).every((o) => o === 'invalid')).toBe(true);
    expect(acceptedAfter100).toBe(c.expect.acceptedGuessesAfter100);
    expect((await verifier.throttle.status('cred')).lock).toBe('ceiling');
    // Only an explicit reset unlocks.
    await verifier.throttle.reset('cred');
    t.now = 1234567890;
    expect(short(await verifier.verify({ credentialId: 'cred', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] }))).toBe('ok');
  },

  async 'window-too-wide'(c) {
    const window = c.given.createTOTPVerifier.window;
    expect(() => createTOTPVerifier({ ...memoryStores(), window })).toThrow(RangeError);
    expect(() => createTOTPVerifier({ ...memoryStores(), window })).toThrow(/allowWideWindow/);
    expect(() => createTOTPVerifier({ ...memoryStores(), window: 3 })).toThrow(RangeError);
    expect(() => createTOTPVerifier({ ...memoryStores(), window: { past: 0, future: 3 } })).toThrow(RangeError);
    expect(createTOTPVerifier({ ...memoryStores(), window: 2 }).settings.window).toEqual({ past: 2, future: 2 });
    expect(createTOTPVerifier({ ...memoryStores(), window, allowWideWindow: true }).settings.window).toEqual(window);
  },

  async 'store-down'(c) {
    expect(c.given.store).toBe('redis on a closed port');
    // Port 1 on loopback: nothing listens there. ioredis keeps retrying; the verifier's time
    // limit answers first.
    const client = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: false, maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    client.on('error', () => {});
    try {
      const { clock } = manualClock(1234567890);
      const verifier = createTOTPVerifier({
        replayStore: new RedisReplayStore({ client }),
        throttleStore: new RedisThrottleStore({ client }),
        clock,
        storeTimeoutMs: 300,
      });
      const outcome = await verifier.verify({ credentialId: 'cred', key: RFC_KEY, token: CODES_AROUND_1234567890['0'] });
      expect(outcome).toEqual(c.expect);
    } finally {
      client.disconnect();
    }
  },

  async 'server-clock-only'() {
    const t = manualClock(1234567890);
    const verifier = createTOTPVerifier({ ...memoryStores(t.clock), clock: t.clock });
    // A request cannot pass its own time: the field is refused at once, not ignored.
    expect(() => verifier.verify({ credentialId: 'cred', key: RFC_KEY, token: '005924', time: 1234567890 } as never)).toThrow(
      /clock is set when the verifier is created/,
    );
    // And the verifier's own clock decides: the code of T is invalid an hour later.
    t.now += 3600;
    expect(short(await verifier.verify({ credentialId: 'cred', key: RFC_KEY, token: '005924' }))).toBe('invalid');
    t.now -= 3600;
    expect(short(await verifier.verify({ credentialId: 'cred', key: RFC_KEY, token: '005924' }))).toBe('ok');
  },
};

describe('verification.json', () => {
  it('has a handler for every case and a case for every handler', () => {
    expect([...byId.keys()].sort()).toEqual(Object.keys(handlers).sort());
  });

  for (const c of cases) {
    it(`${c.id}${c.about ? ` — ${c.about}` : ''}`, async () => {
      const handler = handlers[c.id];
      if (!handler) throw new Error(`no handler for case ${c.id}`);
      await handler(c);
    });
  }
});

if (!hasOathtool) console.warn('oathtool not installed: the cross-check of the fixture codes is skipped');
describe.skipIf(!hasOathtool)('fixture codes agree with oathtool', () => {
  it('T−2 … T+2 at 1234567890', () => {
    // Generating from T−2 with -w 4 prints the codes of T−2 … T+2.
    const out = execFileSync('oathtool', ['--totp', '--now', '@1234567830', '-w', '4', '3132333435363738393031323334353637383930'], {
      encoding: 'utf8',
    });
    expect(out.trim().split('\n')).toEqual(ORDERED_CODES.map(([, code]) => code));
    expect(T_1234567890).toBe(Math.floor(1234567890 / 30));
  });
});
