/**
 * `otpkit/testkit`: the conformance suite every `VerificationStore`, `ReplayStore` and `ThrottleStore` must pass — the
 * atomicity rule of docs/design.md under concurrency, the watermark that never lowers, the backoff
 * formula, the hard ceiling. otpkit runs it on its memory, Redis and PostgreSQL stores; run it on
 * yours.
 *
 * Framework-agnostic: `replayStoreChecks` and `throttleStoreChecks` return named async checks
 * that throw an `Error` on failure; `defineConformanceSuite` wraps them for any
 * `describe`/`it`-style runner (vitest, jest, mocha, node:test).
 *
 * The store is given as an instance or as a factory. A factory is called exactly once per check,
 * when that check starts, and every operation of the check goes to the store it returned: so
 * `() => new MyStore()` gives each check a fresh store, and `() => storeFromBeforeAll` shares one.
 * Each check uses fresh random credential ids (from `crypto.getRandomValues`), so one store
 * instance can serve every check; nothing is deleted that a check did not create.
 * Units: Unix seconds for times, seconds for delays and TTLs.
 * @module
 */
import type { ReplayStore } from '../verify/replay.js';
import { checkThrottlePolicy, type ThrottlePolicy, type ThrottleStore } from '../verify/throttle.js';
import type { VerificationAnswer, VerificationKind, VerificationRequest, VerificationStore } from '../verify/verification-store.js';
import { bindChecks, randomHex, type StoreCheck, together } from './conformance.js';

/** One named conformance check; `run` rejects with an Error when the store does not conform. */
export interface ConformanceCheck {
  /** What the check asserts, as a sentence. */
  readonly name: string;
  /** Runs the check. */
  readonly run: () => Promise<void>;
}

/** Options of the check builders. */
export interface ConformanceOptions {
  /** Concurrent calls in the race checks, an integer ≥ 2. Default 32. */
  concurrency?: number;
}

function fail(message: string): never {
  throw new Error(`conformance: ${message}`);
}

function equal(actual: unknown, expected: unknown, what: string): void {
  if (!Object.is(actual, expected)) fail(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

function near(actual: number, expected: number, what: string): void {
  if (!(Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected)))) {
    fail(`${what}: expected ${expected}, got ${actual}`);
  }
}

/** A credential id no other run will use: "conf-" + 16 random hex digits + a suffix. */
function freshId(suffix = ''): string {
  return `conf-${randomHex(8)}${suffix}`;
}

/** Fresh ids with the characters a key scheme or a query may trip on: braces, a colon, non-ASCII. */
function awkwardIds(): string[] {
  const base = freshId();
  return [base, `${base}}`, `{${base}`, `${base}:replay`, `${base} é 🙂`];
}

/** The race width of the options: `concurrency`, default 32. */
function raceWidth(options: ConformanceOptions): number {
  return options.concurrency ?? 32;
}

/** Checks that the failure counts handed out are 1, 2, …, each exactly once. */
function eachCountOnce(failures: readonly number[]): void {
  const counts = [...failures].sort((x, y) => x - y);
  for (let i = 0; i < counts.length; i++) equal(counts[i], i + 1, `failure count #${i + 1} handed out once`);
}

/** Checks a throttle or verification state with no failure and no lock. */
function noFailures(state: { failures: number; lockedUntil: number }): void {
  equal(state.failures, 0, 'failures');
  equal(state.lockedUntil, 0, 'lockedUntil');
}

/** The clock of the throttle and verification checks, Unix seconds. */
const NOW = 1_700_000_000;

/** A policy whose threshold the race checks never reach: K = 100, ceiling 100. */
const WIDE_POLICY: ThrottlePolicy = checkThrottlePolicy({
  threshold: 100,
  initialDelaySeconds: 10,
  factor: 2,
  maxDelaySeconds: 60,
  ceiling: 100,
});

/**
 * The replay-store checks.
 * @param store - the store under test (one instance serves every check), or a factory returning
 *   it, called exactly once at the start of each check; all of that check's operations use the
 *   returned store (a store created in a `beforeAll`, or a fresh store per check).
 * @param options - `concurrency` for the race checks (default 32).
 * @returns the checks; run each and let a rejection fail the test.
 * @example
 * for (const check of replayStoreChecks(myStore)) await check.run();
 */
export function replayStoreChecks(store: ReplayStore | (() => ReplayStore), options: ConformanceOptions = {}): ConformanceCheck[] {
  return bindChecks(
    store,
    [...replayRecordChecks(), ...replayWatermarkChecks(), ...replayCredentialChecks(), ...replayRaceChecks(raceWidth(options))],
    fail,
  );
}

/** Replay: what `consume` stores and `peek` reads back. */
function replayRecordChecks(): StoreCheck<ReplayStore>[] {
  return [
    {
      name: 'peek of an unknown credential is undefined',
      run: async (st) => equal(await st.peek(freshId()), undefined, 'peek'),
    },
    {
      name: 'the first consume succeeds and peek returns its step and drift',
      run: async (st) => {
        const id = freshId();
        equal(await st.consume(id, 41152263, 120, -1), true, 'consume');
        const record = await st.peek(id);
        equal(record?.timeStep, 41152263, 'peek().timeStep');
        equal(record?.drift, -1, 'peek().drift');
      },
    },
  ];
}

/** Replay: the watermark only rises, leaves the drift of a refused step, and is exact up to 2^53 − 1. */
function replayWatermarkChecks(): StoreCheck<ReplayStore>[] {
  return [
    {
      name: 'the watermark never lowers (verification.json watermark-never-lowers)',
      run: (st) =>
        consumeInOrder(st, 120, 41152264, [
          [41152264, true, 'consume(T+1)'],
          [41152263, false, 'consume(T) after T+1'],
        ]),
    },
    {
      name: 'the same step is accepted once; a higher step raises the watermark',
      run: (st) =>
        consumeInOrder(st, 120, 8, [
          [7, true, 'consume(7)'],
          [7, false, 'consume(7) again'],
          [8, true, 'consume(8)'],
        ]),
    },
    {
      name: 'a refused consume changes neither step nor drift',
      run: async (st) => {
        const id = freshId();
        await st.consume(id, 100, 120, 2);
        equal(await st.consume(id, 99, 120, -2), false, 'consume(99)');
        const record = await st.peek(id);
        equal(record?.timeStep, 100, 'step');
        equal(record?.drift, 2, 'drift');
      },
    },
    {
      name: 'step 0 and 2^53 − 1 are stored exactly (HOTP counters)',
      run: (st) =>
        consumeInOrder(st, 0, 9007199254740991, [
          [0, true, 'consume(0)'],
          [0, false, 'consume(0) again'],
          [9007199254740990, true, 'consume(2^53 − 2)'],
          [9007199254740991, true, 'consume(2^53 − 1)'],
          [9007199254740991, false, 'consume(2^53 − 1) again'],
        ]),
    },
  ];
}

/** Replay: credentials kept apart, and deleted. */
function replayCredentialChecks(): StoreCheck<ReplayStore>[] {
  return [
    {
      name: 'credentials are independent, including ids with braces, colons and non-ASCII',
      run: async (st) => {
        const ids = awkwardIds();
        ids.push(`${ids[0]}'; --`);
        for (const id of ids) equal(await st.consume(id, 5, 120), true, `consume(${JSON.stringify(id)})`);
        for (const id of ids) equal((await st.peek(id))?.timeStep, 5, `peek(${JSON.stringify(id)})`);
        equal(await st.consume(ids[1] as string, 6, 120), true, 'raise one');
        equal((await st.peek(ids[0] as string))?.timeStep, 5, 'the other is untouched');
      },
    },
    {
      name: 'delete forgets the record',
      run: async (st) => {
        const id = freshId();
        await st.consume(id, 50, 120);
        await st.delete(id);
        equal(await st.peek(id), undefined, 'peek after delete');
        equal(await st.consume(id, 10, 120), true, 'consume of a lower step after delete');
      },
    },
  ];
}
/**
 * Consumes `steps` in order on a fresh credential, each `[step, expected answer, label]`, then
 * checks that the stored step is `stored`.
 */
async function consumeInOrder(
  st: ReplayStore,
  ttlSeconds: number,
  stored: number,
  steps: readonly (readonly [number, boolean, string])[],
): Promise<void> {
  const id = freshId();
  for (const [step, expected, label] of steps) equal(await st.consume(id, step, ttlSeconds), expected, label);
  equal((await st.peek(id))?.timeStep, stored, 'stored step');
}

/** Replay: `consume` is one atomic compare-and-raise under concurrency. */
function replayRaceChecks(concurrency: number): StoreCheck<ReplayStore>[] {
  return [
    {
      name: `${concurrency} concurrent consumes of one step: exactly one succeeds`,
      run: async (st) => {
        const id = freshId();
        const results = await together(concurrency, () => st.consume(id, 41152263, 120));
        equal(results.filter((r) => r === true).length, 1, 'successes');
        equal(results.filter((r) => r === false).length, concurrency - 1, 'refusals');
      },
    },
    {
      name: 'concurrent consumes of different steps: every success raised the watermark, the highest is stored',
      run: async (st) => {
        const id = freshId();
        // Distinct steps, submitted highest first so that most of them must be refused.
        const steps = Array.from({ length: concurrency }, (_, i) => 1000 + concurrency - 1 - i);
        const results = await Promise.all(steps.map((step) => st.consume(id, step, 120)));
        const won = steps.filter((_, i) => results[i] === true);
        if (!won.includes(1000 + concurrency - 1)) fail('the highest step did not succeed');
        if (new Set(won).size !== won.length) fail('one step succeeded twice');
        equal((await st.peek(id))?.timeStep, 1000 + concurrency - 1, 'stored step');
      },
    },
  ];
}

/** The policy the throttle checks use: K = 3, 10 s doubling up to 60 s, ceiling 8. */
export const CONFORMANCE_POLICY: ThrottlePolicy = checkThrottlePolicy({
  threshold: 3,
  initialDelaySeconds: 10,
  factor: 2,
  maxDelaySeconds: 60,
  ceiling: 8,
});

/**
 * The throttle-store checks. Expected values are worked out by hand from the policy above.
 * @param store - the store under test, or a factory called exactly once at the start of each
 *   check (as in {@link replayStoreChecks}).
 * @param options - `concurrency` for the race checks (default 32).
 * @returns the checks.
 * @example
 * for (const check of throttleStoreChecks(myStore)) await check.run();
 */
export function throttleStoreChecks(store: ThrottleStore | (() => ThrottleStore), options: ConformanceOptions = {}): ConformanceCheck[] {
  const checks = [...throttleCountChecks(), ...throttleDelayChecks(), ...throttleResetChecks(), ...throttleRaceChecks(raceWidth(options))];
  return bindChecks(store, checks, fail);
}

/** Throttle: attempts are counted, and the K-th sets the first delay. */
function throttleCountChecks(): StoreCheck<ThrottleStore>[] {
  const P = CONFORMANCE_POLICY;
  return [
    {
      name: 'an unknown credential has no failures and no lock',
      run: async (st) => noFailures(await st.peek(freshId())),
    },
    {
      name: 'attempts below K are admitted and counted, with no lock',
      run: async (st) => {
        const id = freshId();
        const a = await st.attempt(id, NOW, P);
        equal(a.allowed, true, '1st allowed');
        equal(a.failures, 1, '1st failures');
        equal(a.lockedUntil, 0, '1st lockedUntil');
        const b = await st.attempt(id, NOW, P);
        equal(b.failures, 2, '2nd failures');
        equal(b.lockedUntil, 0, '2nd lockedUntil');
      },
    },
    {
      name: 'the K-th attempt is admitted and sets the first delay; attempts during it are refused and change nothing',
      run: async (st) => {
        const id = freshId();
        await st.attempt(id, NOW, P);
        await st.attempt(id, NOW, P);
        const third = await st.attempt(id, NOW, P);
        equal(third.allowed, true, '3rd allowed');
        equal(third.failures, 3, '3rd failures');
        near(third.lockedUntil, NOW + 10, '3rd lockedUntil');
        const refused = await st.attempt(id, NOW + 9.5, P);
        equal(refused.allowed, false, 'attempt during the delay');
        equal(refused.failures, 3, 'failures unchanged');
        near(refused.lockedUntil, NOW + 10, 'lockedUntil unchanged');
        const state = await st.peek(id);
        equal(state.failures, 3, 'peek failures');
      },
    },
  ];
}

/** Throttle: the delay formula, fractional seconds, and the hard ceiling. */
function throttleDelayChecks(): StoreCheck<ThrottleStore>[] {
  const P = CONFORMANCE_POLICY;
  return [
    {
      name: 'the delay doubles per failure and stops at maxDelaySeconds',
      run: async (st) => {
        const id = freshId();
        let now = NOW;
        const expected = [0, 0, 10, 20, 40, 60, 60];
        for (let n = 1; n <= expected.length; n++) {
          const a = await st.attempt(id, now, P);
          equal(a.allowed, true, `attempt ${n} allowed`);
          equal(a.failures, n, `attempt ${n} failures`);
          const delay = expected[n - 1] as number;
          if (delay === 0) equal(a.lockedUntil, 0, `attempt ${n} lockedUntil`);
          else near(a.lockedUntil, now + delay, `attempt ${n} lockedUntil`);
          now += delay;
        }
      },
    },
    {
      name: 'fractional seconds are kept (a lock ends between 0.95 s and 1.1 s)',
      run: async (st) => {
        const id = freshId();
        const policy = checkThrottlePolicy({ threshold: 1, initialDelaySeconds: 1, factor: 2, maxDelaySeconds: 60, ceiling: 100 });
        const a = await st.attempt(id, 0.5, policy);
        near(a.lockedUntil, 1.5, 'lockedUntil');
        equal((await st.attempt(id, 1.45, policy)).allowed, false, 'at 1.45');
        equal((await st.attempt(id, 1.6, policy)).allowed, true, 'at 1.6');
      },
    },
    {
      name: 'at the ceiling every attempt is refused, however late, until reset',
      run: async (st) => {
        const id = freshId();
        let now = NOW;
        for (let n = 1; n <= P.ceiling; n++) {
          equal((await st.attempt(id, now, P)).allowed, true, `attempt ${n}`);
          now += 3600;
        }
        const late = await st.attempt(id, now + 10 * 365 * 86_400, P);
        equal(late.allowed, false, 'attempt after ten years');
        equal(late.failures, P.ceiling, 'failures stay at the ceiling');
        await st.reset(id);
        const after = await st.attempt(id, now, P);
        equal(after.allowed, true, 'after reset');
        equal(after.failures, 1, 'failures after reset');
      },
    },
  ];
}

/** Throttle: reset forgets, and credentials do not share counts. */
function throttleResetChecks(): StoreCheck<ThrottleStore>[] {
  const P = CONFORMANCE_POLICY;
  return [
    {
      name: 'reset forgets failures and lock',
      run: async (st) => {
        const id = freshId();
        for (let n = 0; n < 3; n++) await st.attempt(id, NOW, P);
        await st.reset(id);
        noFailures(await st.peek(id));
      },
    },
    {
      name: 'credentials are independent',
      run: async (st) => {
        const a = freshId();
        const b = `${a}}`;
        for (let n = 0; n < 3; n++) await st.attempt(a, NOW, P);
        equal((await st.peek(b)).failures, 0, 'other credential failures');
        equal((await st.attempt(b, NOW, P)).allowed, true, 'other credential admitted');
      },
    },
  ];
}

/** Throttle: `attempt` counts one after the other under concurrency. */
function throttleRaceChecks(concurrency: number): StoreCheck<ThrottleStore>[] {
  return [
    {
      name: `${concurrency} concurrent attempts below K are all counted`,
      run: async (st) => {
        const id = freshId();
        const n = Math.min(concurrency, 99);
        const results = await together(n, () => st.attempt(id, NOW, WIDE_POLICY));
        equal(results.filter((r) => r.allowed).length, n, 'admitted');
        eachCountOnce(results.map((r) => r.failures));
        equal((await st.peek(id)).failures, n, 'stored failures');
      },
    },
    {
      name: `${concurrency} concurrent attempts at one instant: exactly K are admitted`,
      run: async (st) => {
        const id = freshId();
        const results = await together(concurrency, () => st.attempt(id, NOW, CONFORMANCE_POLICY));
        equal(results.filter((r) => r.allowed).length, CONFORMANCE_POLICY.threshold, 'admitted');
        equal((await st.peek(id)).failures, CONFORMANCE_POLICY.threshold, 'stored failures');
      },
    },
  ];
}

/**
 * Distinct valid ids that a store must keep apart, each with `prefix` in front: look-alikes that
 * a lossy encoding, a case-insensitive or normalizing collation, trimming or a truncating
 * column would merge. The two longest differ only in their 256th UTF-16 code unit.
 * Every id obeys the id rule (well-formed Unicode, no NUL, 1–256 code units).
 */
export function distinctIds(prefix: string): string[] {
  const long = (last: string) => prefix + 'x'.repeat(256 - prefix.length - 1) + last;
  const ids = [
    'u-\uFFFD', // what a lone surrogate becomes in UTF-8: must stay apart from its neighbours
    'u-\uFFFE',
    'u-\u{10000}', // the first supplementary code point (a surrogate pair)
    'u-\u00e9', // é composed (NFC)
    'u-e\u0301', // é decomposed (NFD)
    'u-ALICE',
    'u-alice',
    'u-Alice',
    'u-\u00df', // ß
    'u-ss',
    'u-\uFF21', // fullwidth A (NFKC folds it to A)
    'u-A',
    'u-\u0131', // dotless ı
    'u-i',
    'u-x ',
    'u-x',
    'u-{t}:r', // Redis hash-tag and separator characters
    'u-}:r{',
  ].map((id) => prefix + id);
  return [...ids, long('a'), long('b')];
}

/**
 * Checks that a replay store keeps distinct valid ids apart (docs/security.md, "Ids"): each id of
 * {@link distinctIds} gets its own watermark, and deleting one leaves the others.
 * @param store - the store, or a factory called once at the start of each check.
 * @returns the checks.
 */
export function replayStoreIdChecks(store: ReplayStore | (() => ReplayStore)): ConformanceCheck[] {
  return bindChecks(
    store,
    [
      {
        name: 'keeps distinct valid ids apart (look-alikes, case, normalization, the 256th code unit)',
        run: async (st) => {
          const ids = distinctIds(`${freshId()}-`);
          for (const [i, id] of ids.entries()) equal(await st.consume(id, 100 + i, 120, i), true, `consume #${i}`);
          for (const [i, id] of ids.entries()) {
            const record = await st.peek(id);
            equal(record?.timeStep, 100 + i, `peek #${i} timeStep`);
            equal(record?.drift, i, `peek #${i} drift`);
            equal(await st.consume(id, 100 + i, 120), false, `consume #${i} again`);
          }
          await st.delete(ids[0] as string);
          equal(await st.peek(ids[0] as string), undefined, 'peek of the deleted id');
          equal((await st.peek(ids[1] as string))?.timeStep, 101, 'peek of its neighbour after the delete');
          for (const id of ids) await st.delete(id);
        },
      },
    ],
    fail,
  );
}

/**
 * Checks that a throttle store keeps distinct valid ids apart: each id of {@link distinctIds}
 * has its own failure count, and a reset of one leaves the others.
 * @param store - the store, or a factory called once at the start of each check.
 * @returns the checks.
 */
export function throttleStoreIdChecks(store: ThrottleStore | (() => ThrottleStore)): ConformanceCheck[] {
  return bindChecks(
    store,
    [
      {
        name: 'keeps distinct valid ids apart (look-alikes, case, normalization, the 256th code unit)',
        run: async (st) => {
          const ids = distinctIds(`${freshId()}-`);
          // Id #i gets (i % 3) + 1 failures, so neighbours differ and two merged ids add up.
          for (const [i, id] of ids.entries()) for (let n = 0; n <= i % 3; n++) await st.attempt(id, NOW, WIDE_POLICY);
          for (const [i, id] of ids.entries()) equal((await st.peek(id)).failures, (i % 3) + 1, `failures of #${i}`);
          await st.reset(ids[0] as string);
          equal((await st.peek(ids[0] as string)).failures, 0, 'failures of the reset id');
          equal((await st.peek(ids[1] as string)).failures, 2, 'failures of its neighbour after the reset');
          for (const id of ids) await st.reset(id);
        },
      },
    ],
    fail,
  );
}

/** A request with the conformance policy; fields not given are 0 (matches: none). */
function request(kind: VerificationKind, fields: Partial<VerificationRequest>): VerificationRequest {
  return {
    kind,
    now: NOW,
    policy: CONFORMANCE_POLICY,
    base: 0,
    past: 0,
    future: 0,
    maxDrift: 0,
    initialCounter: 0,
    ttlSeconds: kind === 'totp' ? 120 : 0,
    matches: [],
    ...fields,
  };
}

async function answer(st: VerificationStore, id: string, r: VerificationRequest): Promise<VerificationAnswer> {
  return await st.verify(id, r);
}

function status(a: VerificationAnswer): string {
  return a.status;
}

/** The TOTP step the verification checks use. */
const STEP = 41152263;

/**
 * The checks of the one-call {@link VerificationStore}: the decision of each kind, the counting
 * and locking of the throttle policy, and atomicity under concurrency (N concurrent right codes:
 * exactly one accepted; N concurrent wrong guesses: exactly K evaluated at one instant).
 * Expected values are worked out by hand from {@link CONFORMANCE_POLICY}.
 * @param store - the store under test, or a factory called once at the start of each check.
 * @param options - `concurrency` for the race checks (default 32).
 * @returns the checks.
 * @example
 * for (const check of verificationStoreChecks(myStore)) await check.run();
 */
export function verificationStoreChecks(
  store: VerificationStore | (() => VerificationStore),
  options: ConformanceOptions = {},
): ConformanceCheck[] {
  const checks = [
    ...verificationTotpChecks(),
    ...verificationLockChecks(),
    ...verificationKindChecks(),
    ...verificationCredentialChecks(),
    ...verificationRaceChecks(raceWidth(options)),
  ];
  return bindChecks(store, checks, fail);
}

/** Verification: the window (nearest match inside it, none outside it, also for a single match). */
function windowCheck(): StoreCheck<VerificationStore> {
  const T = STEP;
  return {
    name: 'TOTP: the nearest match inside the window is picked (past first on a tie); matches outside it are ignored',
    run: async (st) => {
      const id = freshId();
      const a = await answer(st, id, request('totp', { base: T, past: 1, future: 1, matches: [T - 1, T + 1, T + 5] }));
      equal(a.status === 'accepted' ? a.step : -1, T - 1, 'picked');
      const b = await answer(st, freshId(), request('totp', { base: T, past: 1, future: 1, matches: [T - 2, T + 2] }));
      equal(status(b), 'invalid', 'only matches outside the window');
      // One match alone, just outside on either side: invalid, and the watermark stays unset.
      for (const m of [T - 2, T + 2]) {
        const id = freshId();
        const c = await answer(st, id, request('totp', { base: T, past: 1, future: 1, matches: [m] }));
        equal(status(c), 'invalid', `a single match at ${m - T} outside the window`);
        equal((await st.peek(id)).watermark, null, 'no watermark from a match outside the window');
      }
    },
  };
}

/** Verification: the TOTP decision (one use, the nearest match, drift). */
function verificationTotpChecks(): StoreCheck<VerificationStore>[] {
  const T = STEP;
  return [
    {
      name: 'an unknown credential has no failures, no lock and no watermark',
      run: async (st) => {
        const state = await st.peek(freshId());
        noFailures(state);
        equal(state.watermark, null, 'watermark');
      },
    },
    {
      name: 'TOTP: a matched step is accepted once, then replayed and counted; a wrong code is invalid and counted',
      run: async (st) => {
        const id = freshId();
        const right = request('totp', { base: T, past: 1, future: 1, matches: [T] });
        const a = await answer(st, id, right);
        equal(status(a), 'accepted', 'first');
        equal(a.status === 'accepted' ? a.step : -1, T, 'accepted step');
        equal((await st.peek(id)).watermark, T, 'watermark');
        const b = await answer(st, id, right);
        equal(status(b), 'replayed', 'second');
        equal(b.status === 'replayed' ? b.failures : -1, 1, 'failures after the replay');
        const c = await answer(st, id, request('totp', { base: T, past: 1, future: 1 }));
        equal(status(c), 'invalid', 'wrong code');
        equal(c.status === 'invalid' ? c.failures : -1, 2, 'failures after the wrong code');
        const d = await answer(st, id, request('totp', { base: T, past: 1, future: 1, matches: [T + 1] }));
        equal(status(d), 'accepted', 'a higher step');
        equal((await st.peek(id)).failures, 0, 'failures cleared by the success');
      },
    },
    windowCheck(),
    {
      name: 'TOTP drift: the window is centred on the stored drift, which is learned and bounded by maxDrift',
      run: async (st) => {
        const id = freshId();
        const first = await answer(st, id, request('totp', { base: T, past: 1, future: 1, maxDrift: 2, matches: [T + 1] }));
        equal(first.status === 'accepted' ? first.step : -1, T + 1, 'first');
        equal((await st.peek(id)).drift, 1, 'drift learned');
        // Centre T + 10 + 1: T + 12 is inside the window only thanks to the drift.
        const second = await answer(st, id, request('totp', { base: T + 10, past: 1, future: 1, maxDrift: 2, matches: [T + 12] }));
        equal(second.status === 'accepted' ? second.step : -1, T + 12, 'accepted at centre + 1');
        equal((await st.peek(id)).drift, 2, 'drift capped at maxDrift');
      },
    },
  ];
}

/** Verification: the throttle policy counts, locks, and stops at the ceiling. */
function verificationLockChecks(): StoreCheck<VerificationStore>[] {
  const T = STEP;
  const now = NOW;
  return [
    {
      name: 'the K-th failure locks; during the lock every attempt is throttled and changes nothing; a later right code clears the count',
      run: async (st) => {
        const id = freshId();
        const wrong = (at: number) => request('totp', { now: at, base: T, past: 1, future: 1 });
        for (let n = 1; n <= 2; n++) {
          const a = await answer(st, id, wrong(now));
          equal(status(a), 'invalid', `failure ${n}`);
          equal(a.status === 'invalid' ? a.lockedUntil : -1, 0, `no lock after ${n}`);
        }
        const third = await answer(st, id, wrong(now));
        near(third.status === 'invalid' ? third.lockedUntil : -1, now + 10, 'lock after K');
        const during = await answer(st, id, request('totp', { now: now + 9.5, base: T, past: 1, future: 1, matches: [T] }));
        equal(status(during), 'throttled', 'a right code during the lock');
        equal((await st.peek(id)).failures, 3, 'failures unchanged');
        equal((await st.peek(id)).watermark, null, 'watermark unchanged');
        const after = await answer(st, id, request('totp', { now: now + 10.5, base: T, past: 1, future: 1, matches: [T] }));
        equal(status(after), 'accepted', 'after the lock');
        equal((await st.peek(id)).failures, 0, 'failures cleared');
      },
    },
    {
      name: 'at the ceiling every attempt is throttled, however late, until reset; reset keeps the watermark',
      run: async (st) => {
        const id = freshId();
        await answer(st, id, request('totp', { base: T, past: 1, future: 1, matches: [T] }));
        let at = now;
        for (let n = 1; n <= CONFORMANCE_POLICY.ceiling; n++) {
          equal(status(await answer(st, id, request('totp', { now: at, base: T, past: 1, future: 1 }))), 'invalid', `failure ${n}`);
          at += 3600;
        }
        equal(status(await answer(st, id, request('check', { now: at + 1e8, matches: [0] }))), 'throttled', 'ten years later');
        await st.reset(id);
        equal((await st.peek(id)).failures, 0, 'failures after reset');
        equal((await st.peek(id)).watermark, T, 'watermark kept');
        equal(
          status(await answer(st, id, request('totp', { now: at, base: T, past: 1, future: 1, matches: [T] }))),
          'replayed',
          'spent step',
        );
      },
    },
  ];
}

/** Verification: the HOTP and `check` kinds. */
function verificationKindChecks(): StoreCheck<VerificationStore>[] {
  return [
    {
      name: 'HOTP: a wrong base is stale and counts nothing; the lowest match from C is accepted; counters up to 2^53 − 1 stay exact',
      run: async (st) => {
        const id = freshId();
        const stale = await answer(st, id, request('hotp', { base: 3, initialCounter: 5, matches: [3] }));
        equal(stale.status === 'stale' ? stale.next : -1, 5, 'next from initialCounter');
        equal((await st.peek(id)).failures, 0, 'nothing counted');
        const ok = await answer(st, id, request('hotp', { base: 5, initialCounter: 5, matches: [6, 7] }));
        equal(ok.status === 'accepted' ? ok.step : -1, 6, 'lowest match');
        const next = await answer(st, id, request('hotp', { base: 5, initialCounter: 5, matches: [6] }));
        equal(next.status === 'stale' ? next.next : -1, 7, 'stored next counter');
        const big = freshId();
        const max = Number.MAX_SAFE_INTEGER;
        const top = await answer(st, big, request('hotp', { base: max - 1, initialCounter: max - 1, matches: [max] }));
        equal(top.status === 'accepted' ? top.step : -1, max, 'accepted, the step 2^53 − 1 exactly');
        equal((await st.peek(big)).watermark, max, 'stored exactly');
        const again = await answer(st, big, request('hotp', { base: max - 1, initialCounter: 0, matches: [max] }));
        equal(again.status === 'stale' ? again.next : -1, max + 1, 'next after 2^53 − 1');
      },
    },
    {
      name: 'check (recovery codes): a match clears the failures, a miss counts one; no watermark is written',
      run: async (st) => {
        const id = freshId();
        equal(status(await answer(st, id, request('check', {}))), 'invalid', 'miss');
        equal((await st.peek(id)).failures, 1, 'counted');
        equal(status(await answer(st, id, request('check', { matches: [0] }))), 'accepted', 'match');
        const state = await st.peek(id);
        equal(state.failures, 0, 'cleared');
        equal(state.watermark, null, 'no watermark');
      },
    },
  ];
}

/** Verification: credentials kept apart, and deleted. */
function verificationCredentialChecks(): StoreCheck<VerificationStore>[] {
  const T = STEP;
  return [
    {
      name: 'credentials are independent, including ids with braces, colons and non-ASCII',
      run: async (st) => {
        const ids = awkwardIds();
        for (const id of ids) equal(status(await answer(st, id, request('totp', { base: T, matches: [T] }))), 'accepted', id);
        equal(status(await answer(st, ids[1] as string, request('totp', { base: T }))), 'invalid', 'fail one');
        equal((await st.peek(ids[0] as string)).failures, 0, 'the other is untouched');
      },
    },
    {
      name: 'delete forgets watermark and failures',
      run: async (st) => {
        const id = freshId();
        await answer(st, id, request('totp', { base: T, matches: [T] }));
        await answer(st, id, request('totp', { base: T }));
        await st.delete(id);
        const state = await st.peek(id);
        equal(state.watermark, null, 'watermark');
        equal(state.failures, 0, 'failures');
      },
    },
  ];
}

/** Verification: one atomic step per call under concurrency. */
function verificationRaceChecks(concurrency: number): StoreCheck<VerificationStore>[] {
  const T = STEP;
  return [
    {
      name: `${concurrency} concurrent right codes: exactly one accepted, every other one replayed`,
      run: async (st) => {
        const id = freshId();
        const r = request('totp', { policy: WIDE_POLICY, base: T, past: 1, future: 1, matches: [T] });
        const all = await together(concurrency, () => answer(st, id, r));
        equal(all.filter((a) => a.status === 'accepted').length, 1, 'accepted');
        equal(all.filter((a) => a.status === 'replayed').length, concurrency - 1, 'replayed');
      },
    },
    {
      name: `${concurrency} concurrent wrong guesses at one instant: exactly K evaluated, the rest throttled`,
      run: async (st) => {
        const id = freshId();
        const r = request('totp', { base: T, past: 1, future: 1 });
        const all = await together(concurrency, () => answer(st, id, r));
        const K = CONFORMANCE_POLICY.threshold;
        equal(all.filter((a) => a.status === 'invalid').length, K, 'evaluated');
        equal(all.filter((a) => a.status === 'throttled').length, concurrency - K, 'throttled');
        eachCountOnce(all.flatMap((a) => (a.status === 'invalid' ? [a.failures] : [])));
        equal((await st.peek(id)).failures, K, 'stored failures');
      },
    },
    {
      name: `K − 1 failures, then ${concurrency} concurrent attempts with one right code: it is accepted before the K-th failure or throttled after it`,
      run: async (st) => {
        const id = freshId();
        const K = CONFORMANCE_POLICY.threshold;
        const wrong = request('totp', { base: T, past: 1, future: 1 });
        const right = request('totp', { base: T, past: 1, future: 1, matches: [T] });
        for (let n = 1; n < K; n++) equal(status(await answer(st, id, wrong)), 'invalid', `failure ${n}`);
        // The right code goes in the middle, so wrong guesses race it from both sides.
        const all = await together(concurrency, (i) => answer(st, id, i === concurrency >> 1 ? right : wrong));
        const verdict = all[concurrency >> 1] as VerificationAnswer;
        const counts = all.flatMap((a) => (a.status === 'invalid' ? [a.failures] : []));
        const throttled = all.filter((a) => a.status === 'throttled').length;
        if (verdict.status === 'accepted') {
          // Accepted first: the count starts again at 0, so the wrong guesses count 1 … K, then lock.
          eachCountOnce(counts);
          equal(counts.length, K, 'failures counted after the success');
          equal(throttled, concurrency - 1 - K, 'throttled after the lock');
        } else {
          // A wrong guess first: the K-th failure locks, and everything after it is refused.
          equal(verdict.status, 'throttled', 'the right code after the lock');
          equal(counts.length === 1 ? counts[0] : -1, K, 'one failure counted, the K-th');
          equal(throttled, concurrency - 1, 'throttled');
        }
        equal((await st.peek(id)).failures, K, 'stored failures');
      },
    },
  ];
}

/**
 * Registers checks as tests with any describe/it runner.
 * @param runner - `{ describe, it }` from vitest, jest, mocha or node:test: `describe` groups
 *   tests under a name, `it` registers one test whose body rejects on failure.
 * @param name - the suite's title.
 * @param checks - from {@link replayStoreChecks} or {@link throttleStoreChecks}.
 * @example
 * import { describe, it } from 'vitest';
 * defineConformanceSuite({ describe, it }, 'my replay store', replayStoreChecks(() => store));
 */
export function defineConformanceSuite(
  runner: { describe: (name: string, body: () => void) => unknown; it: (name: string, body: () => Promise<void>) => unknown },
  name: string,
  checks: readonly ConformanceCheck[],
): void {
  runner.describe(name, () => {
    for (const check of checks) runner.it(check.name, () => check.run());
  });
}
export * from './credential-testkit.js';
