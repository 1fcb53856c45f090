/**
 * `otpkit/testkit`: the conformance suite every `ReplayStore` and `ThrottleStore` must pass — the
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

/** A check written against the store it is given. */
interface StoreCheck<S> {
  readonly name: string;
  readonly run: (store: S) => Promise<void>;
}

/**
 * Turns store checks into {@link ConformanceCheck}s, resolving `store` once per run: a factory
 * is called when the check starts (not per operation, which would hand each call a fresh store
 * and hide every stateful fault, or fail a correct store).
 */
function bind<S extends object>(store: S | (() => S), checks: readonly StoreCheck<S>[]): ConformanceCheck[] {
  return checks.map(({ name, run }) =>
    Object.freeze({
      name,
      run: async () => {
        const instance = typeof store === 'function' ? (store as () => S)() : store;
        if (instance === null || typeof instance !== 'object') fail(`the store factory returned ${String(instance)}, not a store`);
        await run(instance);
      },
    }),
  );
}

/** A credential id no other run will use: "conf-" + 16 random hex digits + a suffix. */
function freshId(suffix = ''): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `conf-${hex}${suffix}`;
}

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
  const concurrency = options.concurrency ?? 32;
  const checks: StoreCheck<ReplayStore>[] = [
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
    {
      name: 'the watermark never lowers (verification.json watermark-never-lowers)',
      run: async (st) => {
        const id = freshId();
        equal(await st.consume(id, 41152264, 120), true, 'consume(T+1)');
        equal(await st.consume(id, 41152263, 120), false, 'consume(T) after T+1');
        equal((await st.peek(id))?.timeStep, 41152264, 'stored step');
      },
    },
    {
      name: 'the same step is accepted once; a higher step raises the watermark',
      run: async (st) => {
        const id = freshId();
        equal(await st.consume(id, 7, 120), true, 'consume(7)');
        equal(await st.consume(id, 7, 120), false, 'consume(7) again');
        equal(await st.consume(id, 8, 120), true, 'consume(8)');
        equal((await st.peek(id))?.timeStep, 8, 'stored step');
      },
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
      run: async (st) => {
        const id = freshId();
        equal(await st.consume(id, 0, 0), true, 'consume(0)');
        equal(await st.consume(id, 0, 0), false, 'consume(0) again');
        equal(await st.consume(id, 9007199254740990, 0), true, 'consume(2^53 − 2)');
        equal(await st.consume(id, 9007199254740991, 0), true, 'consume(2^53 − 1)');
        equal(await st.consume(id, 9007199254740991, 0), false, 'consume(2^53 − 1) again');
        equal((await st.peek(id))?.timeStep, 9007199254740991, 'stored step');
      },
    },
    {
      name: 'credentials are independent, including ids with braces, colons and non-ASCII',
      run: async (st) => {
        const base = freshId();
        const ids = [base, `${base}}`, `{${base}`, `${base}:replay`, `${base} é 🙂`, `${base}'; --`];
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
    {
      name: `${concurrency} concurrent consumes of one step: exactly one succeeds`,
      run: async (st) => {
        const id = freshId();
        const results = await Promise.all(Array.from({ length: concurrency }, () => st.consume(id, 41152263, 120)));
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
  return bind(store, checks);
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
  const concurrency = options.concurrency ?? 32;
  const P = CONFORMANCE_POLICY;
  const T = 1_700_000_000;
  const checks: StoreCheck<ThrottleStore>[] = [
    {
      name: 'an unknown credential has no failures and no lock',
      run: async (st) => {
        const state = await st.peek(freshId());
        equal(state.failures, 0, 'failures');
        equal(state.lockedUntil, 0, 'lockedUntil');
      },
    },
    {
      name: 'attempts below K are admitted and counted, with no lock',
      run: async (st) => {
        const id = freshId();
        const a = await st.attempt(id, T, P);
        equal(a.allowed, true, '1st allowed');
        equal(a.failures, 1, '1st failures');
        equal(a.lockedUntil, 0, '1st lockedUntil');
        const b = await st.attempt(id, T, P);
        equal(b.failures, 2, '2nd failures');
        equal(b.lockedUntil, 0, '2nd lockedUntil');
      },
    },
    {
      name: 'the K-th attempt is admitted and sets the first delay; attempts during it are refused and change nothing',
      run: async (st) => {
        const id = freshId();
        await st.attempt(id, T, P);
        await st.attempt(id, T, P);
        const third = await st.attempt(id, T, P);
        equal(third.allowed, true, '3rd allowed');
        equal(third.failures, 3, '3rd failures');
        near(third.lockedUntil, T + 10, '3rd lockedUntil');
        const refused = await st.attempt(id, T + 9.5, P);
        equal(refused.allowed, false, 'attempt during the delay');
        equal(refused.failures, 3, 'failures unchanged');
        near(refused.lockedUntil, T + 10, 'lockedUntil unchanged');
        const state = await st.peek(id);
        equal(state.failures, 3, 'peek failures');
      },
    },
    {
      name: 'the delay doubles per failure and stops at maxDelaySeconds',
      run: async (st) => {
        const id = freshId();
        let now = T;
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
        let now = T;
        for (let n = 1; n <= P.ceiling; n++) {
          const a = await st.attempt(id, now, P);
          equal(a.allowed, true, `attempt ${n}`);
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
    {
      name: 'reset forgets failures and lock',
      run: async (st) => {
        const id = freshId();
        for (let n = 0; n < 3; n++) await st.attempt(id, T, P);
        await st.reset(id);
        const state = await st.peek(id);
        equal(state.failures, 0, 'failures');
        equal(state.lockedUntil, 0, 'lockedUntil');
      },
    },
    {
      name: 'credentials are independent',
      run: async (st) => {
        const a = freshId();
        const b = `${a}}`;
        for (let n = 0; n < 3; n++) await st.attempt(a, T, P);
        equal((await st.peek(b)).failures, 0, 'other credential failures');
        equal((await st.attempt(b, T, P)).allowed, true, 'other credential admitted');
      },
    },
    {
      name: `${concurrency} concurrent attempts below K are all counted`,
      run: async (st) => {
        const id = freshId();
        const wide = checkThrottlePolicy({ threshold: 100, initialDelaySeconds: 10, factor: 2, maxDelaySeconds: 60, ceiling: 100 });
        const n = Math.min(concurrency, 99);
        const results = await Promise.all(Array.from({ length: n }, () => st.attempt(id, T, wide)));
        equal(results.filter((r) => r.allowed).length, n, 'admitted');
        const counts = results.map((r) => r.failures).sort((x, y) => x - y);
        for (let i = 0; i < n; i++) equal(counts[i], i + 1, `failure count #${i + 1} handed out once`);
        equal((await st.peek(id)).failures, n, 'stored failures');
      },
    },
    {
      name: `${concurrency} concurrent attempts at one instant: exactly K are admitted`,
      run: async (st) => {
        const id = freshId();
        const results = await Promise.all(Array.from({ length: concurrency }, () => st.attempt(id, T, P)));
        equal(results.filter((r) => r.allowed).length, P.threshold, 'admitted');
        equal((await st.peek(id)).failures, P.threshold, 'stored failures');
      },
    },
  ];
  return bind(store, checks);
}

/** The `describe`/`it` pair of a test runner; `it` may return a promise. */
export interface TestRunner {
  describe: (name: string, body: () => void) => unknown;
  it: (name: string, body: () => Promise<void>) => unknown;
}

/**
 * Registers checks as tests with any describe/it runner.
 * @param runner - `{ describe, it }` from vitest, jest, mocha or node:test.
 * @param name - the suite's title.
 * @param checks - from {@link replayStoreChecks} or {@link throttleStoreChecks}.
 * @example
 * import { describe, it } from 'vitest';
 * defineConformanceSuite({ describe, it }, 'my replay store', replayStoreChecks(() => store));
 */
export function defineConformanceSuite(runner: TestRunner, name: string, checks: readonly ConformanceCheck[]): void {
  runner.describe(name, () => {
    for (const check of checks) runner.it(check.name, () => check.run());
  });
}
export * from './credential-testkit.js';
