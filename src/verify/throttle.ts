/**
 * Throttling of OTP verification: RFC 4226 §7.3 ("the authentication server needs to detect and
 * stop brute force attacks") and NIST SP 800-63B §5.2.2 (no more than 100 consecutive failed
 * attempts on one account).
 *
 * Scope: the backoff policy, the `ThrottleStore` interface with its atomic operations, an
 * in-memory store for one process, and `createThrottle`, the object every verification path
 * (login, enrollment confirmation, disable, recovery codes) shares so that they share one count.
 * Out of scope: Redis and PostgreSQL stores (adapters), HMAC work (verifier.ts).
 *
 * Units: every time is Unix **seconds** (a number, fractions allowed); every delay is in seconds.
 *
 * Counting is pessimistic: an attempt is counted as a failure *before* the code is checked, in
 * the same atomic operation that checks the lock, and a success clears the count afterwards. So
 * a burst of concurrent guesses cannot all slip past a check-then-write gap: at most `ceiling`
 * guesses are ever checked between two successes or resets, on one process or twenty.
 * @module
 */
import { StoreUnavailableError } from '../core/errors.js';
import { makeClock } from '../core/time.js';
import { assertInteger, assertMethods, assertOptions, describe } from '../internal/assert.js';
import { INVALID, SETTLED, throttledAnswer, UNAVAILABLE } from './answers.js';
import type { MemoryStoreOptions } from './replay.js';
import { callStore, checkCredentialId, checkStoreTimeout } from './store-call.js';

/**
 * The backoff curve. After the n-th consecutive failure, with n ≥ `threshold` (K), the credential
 * is locked for `min(maxDelaySeconds, initialDelaySeconds × factor^(n − K))` seconds; at
 * n ≥ `ceiling` it is locked until an explicit reset.
 */
export interface ThrottlePolicy {
  /** K: consecutive failures allowed before the first delay, an integer from 1 to `ceiling`. */
  readonly threshold: number;
  /** Delay after the K-th failure, in seconds, from 0.001 to 86400. */
  readonly initialDelaySeconds: number;
  /** Growth of the delay per further failure, an integer from 1 (constant) to 10. */
  readonly factor: number;
  /** Longest single delay, in seconds, from `initialDelaySeconds` to 86400. */
  readonly maxDelaySeconds: number;
  /** Consecutive failures after which only `reset` unlocks, an integer from 1 to 100 (NIST SP 800-63B §5.2.2). */
  readonly ceiling: number;
}

/** Largest hard ceiling accepted: NIST SP 800-63B §5.2.2 allows no more than 100 consecutive failures. */
export const MAX_CEILING = 100;
/** Longest single delay accepted, in seconds (one day). */
export const MAX_DELAY_SECONDS = 86_400;

/**
 * The default policy (the `nist-aal2` profile's): K = 5 free failures, then 30 s doubling up to
 * one hour ("30 seconds up to an hour", NIST SP 800-63B §5.2.2), hard ceiling at 100.
 */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = Object.freeze({
  threshold: 5,
  initialDelaySeconds: 30,
  factor: 2,
  maxDelaySeconds: 3600,
  ceiling: MAX_CEILING,
});

/**
 * Validates a (partial) policy over a base and returns a complete frozen one.
 * @param policy - any subset of {@link ThrottlePolicy}; missing fields come from `base`.
 * @param base - defaults, {@link DEFAULT_THROTTLE_POLICY} unless given.
 * @returns the complete policy.
 * @throws TypeError for a non-number field; RangeError for a value outside its documented range.
 * @example
 * const policy = checkThrottlePolicy({ threshold: 3 });
 */
export function checkThrottlePolicy(policy?: Partial<ThrottlePolicy>, base: ThrottlePolicy = DEFAULT_THROTTLE_POLICY): ThrottlePolicy {
  const p = { ...base, ...assertOptions('throttle', policy) };
  const ceiling = assertInteger('throttle.ceiling', p.ceiling, 1, MAX_CEILING);
  const threshold = assertInteger('throttle.threshold', p.threshold, 1, ceiling);
  const factor = assertInteger('throttle.factor', p.factor, 1, 10);
  const initialDelaySeconds = assertSeconds('throttle.initialDelaySeconds', p.initialDelaySeconds, 0.001, MAX_DELAY_SECONDS);
  const maxDelaySeconds = assertSeconds('throttle.maxDelaySeconds', p.maxDelaySeconds, initialDelaySeconds, MAX_DELAY_SECONDS);
  return Object.freeze({ threshold, initialDelaySeconds, factor, maxDelaySeconds, ceiling });
}

function assertSeconds(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') throw new TypeError(`"${name}" expected seconds from ${min} to ${max}, got ${describe(value)}`);
  if (!(value >= min && value <= max)) throw new RangeError(`"${name}" expected seconds from ${min} to ${max}, got ${describe(value)}`);
  return value;
}

/**
 * How long the n-th consecutive failure locks a credential, in seconds: 0 below K, then
 * `min(maxDelaySeconds, initialDelaySeconds × factor^(n − K))`. (From the ceiling on the lock is
 * the failure count itself, which only `reset` clears.) Every store computes this same formula
 * inside its atomic operation.
 * @param policy - a checked {@link ThrottlePolicy}.
 * @param failures - n, consecutive failures so far, the one just counted included.
 * @returns the delay in seconds.
 * @example
 * // exported as throttleDelaySeconds; the default policy: K = 5, 30 s, × 2, at most 3600 s
 * throttleDelaySeconds({ threshold: 5, initialDelaySeconds: 30, factor: 2, maxDelaySeconds: 3600, ceiling: 100 }, 6); // 60: 30 s × 2^(6 − 5)
 */
export function lockSeconds(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.threshold) return 0;
  return Math.min(policy.maxDelaySeconds, policy.initialDelaySeconds * policy.factor ** (failures - policy.threshold));
}

/** What a throttle store holds for one credential. */
export interface ThrottleState {
  /** Consecutive failures counted (attempts not yet cleared by a success or reset). */
  readonly failures: number;
  /** Unix seconds until which attempts are refused; 0 when no delay was set. */
  readonly lockedUntil: number;
}

/** Answer of {@link ThrottleStore.attempt}: whether the attempt was admitted, and the state after it. */
export interface ThrottleAttempt extends ThrottleState {
  /** True if the attempt was admitted (and counted); false if refused (nothing changed). */
  readonly allowed: boolean;
}

/**
 * Shared throttle state, per credential. Implementations: {@link MemoryThrottleStore} (one
 * process), `otpkit/redis`, `otpkit/postgres`; `otpkit/testkit` checks your own.
 *
 * The atomicity rule: `attempt` is ONE atomic read-modify-write (a Lua script, a single SQL
 * statement, a synchronous block). Times are Unix seconds from the caller's clock, never the
 * store's, so that every node computes the same lock.
 */
export interface ThrottleStore {
  /**
   * Admits and counts one attempt, atomically: if `failures ≥ policy.ceiling` or
   * `lockedUntil > nowSeconds`, changes nothing and answers `allowed: false`; otherwise sets
   * `failures += 1`, `lockedUntil = failures ≥ K ? nowSeconds + lockSeconds(policy, failures) : 0`
   * and answers `allowed: true` with the new state.
   * @param credentialId - the credential's stable id (not a user id: one count per credential).
   * @param nowSeconds - the caller's clock, Unix seconds.
   * @param policy - a checked {@link ThrottlePolicy}.
   */
  attempt(credentialId: string, nowSeconds: number, policy: ThrottlePolicy): Promise<ThrottleAttempt>;
  /** Reads the state without changing it; `{ failures: 0, lockedUntil: 0 }` for an unknown credential. */
  peek(credentialId: string): Promise<ThrottleState>;
  /** Forgets every failure of the credential (after a success, or an administrator's unlock). */
  reset(credentialId: string): Promise<void>;
}

const EMPTY: ThrottleState = Object.freeze({ failures: 0, lockedUntil: 0 });

/**
 * A {@link ThrottleStore} in this process's memory: for tests and single-process servers.
 *
 * Limits: at most `maxEntries` credentials with failures. A record is security state, not a
 * cache: it is never evicted, only cleared by a success or a reset (which removes it, so the map
 * holds only credentials with failures). When full, a NEW credential's `attempt` rejects in O(1),
 * which the verifier answers as `unavailable` (fail closed); credentials already held keep
 * counting. Size `maxEntries` above the number of credentials that may fail between successes.
 * @example
 * const verifier = createTOTPVerifier({ replayStore: new MemoryReplayStore(), throttleStore: new MemoryThrottleStore() });
 */
export class MemoryThrottleStore implements ThrottleStore {
  readonly #entries = new Map<string, ThrottleState>();
  readonly #maxEntries: number;

  /**
   * @param options - `maxEntries` (default 100 000); `clock` is accepted and unused.
   * @throws TypeError/RangeError for invalid options.
   */
  constructor(options?: MemoryStoreOptions) {
    const opts = assertOptions('options', options);
    const maxEntries = opts.maxEntries;
    const clock = opts.clock;
    this.#maxEntries = maxEntries === undefined ? 100_000 : assertInteger('maxEntries', maxEntries, 1, 1e7);
    makeClock(clock); // still checked, so a wrong type keeps failing at once
  }

  /** Number of credentials held. */
  get size(): number {
    return this.#entries.size;
  }

  async attempt(credentialId: string, nowSeconds: number, policy: ThrottlePolicy): Promise<ThrottleAttempt> {
    const state = this.#entries.get(credentialId);
    const before = state ?? EMPTY;
    if (before.failures >= policy.ceiling || before.lockedUntil > nowSeconds) return { allowed: false, ...before };
    if (state === undefined && this.#entries.size >= this.#maxEntries) {
      throw new Error(`MemoryThrottleStore is full (maxEntries ${this.#maxEntries})`);
    }
    const failures = before.failures + 1;
    const lockedUntil = failures >= policy.threshold ? nowSeconds + lockSeconds(policy, failures) : 0;
    const next = Object.freeze({ failures, lockedUntil });
    this.#entries.set(credentialId, next);
    return { allowed: true, ...next };
  }

  async peek(credentialId: string): Promise<ThrottleState> {
    return this.#entries.get(credentialId) ?? EMPTY;
  }

  async reset(credentialId: string): Promise<void> {
    this.#entries.delete(credentialId);
  }
}

/**
 * One throttle, shared by every verification path of a credential: TOTP/HOTP login, enrollment
 * confirmation, disabling 2FA, recovery codes. Call `attempt` before checking anything secret
 * and `reset` after a success; never check a code when `attempt` did not answer `ok: true`.
 */
export interface Throttle {
  /** The checked policy in force. */
  readonly policy: ThrottlePolicy;
  /**
   * Admits and counts one attempt (pessimistically, as a failure), or refuses it.
   * @returns `{ ok: true, failures }`, `{ ok: false, reason: 'throttled', retryAfterSeconds? }`
   *   (no `retryAfterSeconds` at the ceiling: only `reset` unlocks) or
   *   `{ ok: false, reason: 'unavailable' }` when the store failed or timed out. Never rejects
   *   for store trouble.
   * @throws TypeError/RangeError at once for an invalid `credentialId`.
   */
  attempt(
    credentialId: string,
  ): Promise<
    | { readonly ok: true; readonly failures: number }
    | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterSeconds?: number }
    | { readonly ok: false; readonly reason: 'unavailable' }
  >;
  /**
   * Records the result of a secret checked outside the verifier (a recovery code), in one store
   * call when the verifier runs on a `VerificationStore`: refuses while locked; otherwise clears
   * the failures when `matched`, or counts one failure. Check the secret first, then settle, and
   * act on the secret only when this answers `ok: true`.
   * @param credentialId - the credential whose throttle counts (the same id as login codes).
   * @param matched - whether the secret matched.
   * @returns `{ ok: true }` (matched and admitted), `{ ok: false, reason: 'invalid' }` (counted),
   *   `'throttled'` (with `retryAfterSeconds` below the ceiling) or `'unavailable'`. Never rejects
   *   for store trouble.
   * @throws TypeError/RangeError at once for an invalid `credentialId` or a non-boolean `matched`.
   */
  settle(
    credentialId: string,
    matched: boolean,
  ): Promise<
    | { readonly ok: true }
    | { readonly ok: false; readonly reason: 'invalid' | 'unavailable' }
    | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterSeconds?: number }
  >;
  /**
   * Clears the credential's failures: after a successful check, or to unlock after the ceiling.
   * @throws TypeError/RangeError at once for an invalid `credentialId`; rejects with
   *   `StoreUnavailableError` (code `ERR_STORE_UNAVAILABLE`) when the store fails.
   */
  reset(credentialId: string): Promise<void>;
  /**
   * Reads the credential's status without counting anything.
   * @returns `failures` (consecutive failures counted), `lock`: `'none'`, `'backoff'` (a delay is
   *   running) or `'ceiling'` (only a reset unlocks), and `retryAfterSeconds` (whole seconds until
   *   the backoff ends, for `lock: 'backoff'`).
   * @throws as {@link Throttle.reset}.
   */
  status(credentialId: string): Promise<{
    readonly failures: number;
    readonly lock: 'none' | 'backoff' | 'ceiling';
    readonly retryAfterSeconds?: number;
  }>;
}

/** @internal What {@link Throttle.attempt} answers, shaped like the verifier's results so paths can forward it. */
export type ThrottleOutcome = Awaited<ReturnType<Throttle['attempt']>>;
/** @internal What {@link Throttle.settle} answers. */
export type SettleOutcome = Awaited<ReturnType<Throttle['settle']>>;
/** @internal What {@link Throttle.status} answers. */
export type ThrottleStatus = Awaited<ReturnType<Throttle['status']>>;

/** Options of {@link createThrottle}. */
export interface ThrottleOptions {
  /** Where the counts live (shared by every process that verifies this credential). */
  store: ThrottleStore;
  /** Backoff curve, any subset of {@link ThrottlePolicy}; default {@link DEFAULT_THROTTLE_POLICY}. */
  policy?: Partial<ThrottlePolicy>;
  /** The server's clock, Unix seconds or a Date. Default: the system clock. */
  clock?: () => number | Date;
  /** Time limit per store call, integer milliseconds from 1 to 60 000. Default 1000. */
  storeTimeoutMs?: number;
}

/**
 * Creates the throttle shared by all verification paths of your credentials.
 *
 * `createTOTPVerifier` and `createHOTPVerifier` build one from their `throttleStore` and expose it
 * as `verifier.throttle`; use that object (or one made with the same store and policy) for
 * recovery codes and the enrollment flow, so failures on every path add up.
 * @param options - `store` (required), `policy`, `clock` (Unix s or Date), `storeTimeoutMs` (ms, default 1000).
 * @returns a {@link Throttle}.
 * @throws TypeError if `store` lacks `attempt`/`peek`/`reset`; TypeError/RangeError for invalid options.
 * @see RFC 4226 §7.3, NIST SP 800-63B §5.2.2
 * (`service.useRecoveryCode(subject, code)` from `otpkit/enrollment` already does this with
 * `verifier.throttle`; the example is a check of your own.)
 * @example
 * const outcome = await verifier.throttle.attempt(credentialId);
 * if (!outcome.ok) return refuse(outcome);
 * const stored = await credentialStore.getRecoveryCodes(subject);
 * const hash = stored === null ? null : findRecoveryCode(stored, typed);
 * if (hash !== null && (await credentialStore.consumeRecoveryCode(subject, hash))) await verifier.throttle.reset(credentialId);
 */
export function createThrottle(options: ThrottleOptions): Throttle {
  const opts = assertOptions('options', options);
  const store = checkThrottleStore(opts.store);
  const policy = checkThrottlePolicy(opts.policy);
  const clock = makeClock(opts.clock);
  const timeoutMs = checkStoreTimeout(opts.storeTimeoutMs);

  return Object.freeze({
    policy,
    attempt(credentialId: string): Promise<ThrottleOutcome> {
      const id = checkCredentialId(credentialId);
      const now = clock();
      return throttleAttempt(store, policy, timeoutMs, id, now);
    },
    async settle(credentialId: string, matched: boolean): Promise<SettleOutcome> {
      const id = checkCredentialId(credentialId);
      if (typeof matched !== 'boolean') throw new TypeError(`"matched" expected a boolean, got ${describe(matched)}`);
      // Two calls on a ThrottleStore (attempt, then reset on a match); one on a VerificationStore.
      const gate = await throttleAttempt(store, policy, timeoutMs, id, clock());
      if (!gate.ok) return gate;
      if (!matched) return INVALID;
      try {
        await callStore('throttle.reset', timeoutMs, () => store.reset(id));
      } catch {
        return UNAVAILABLE;
      }
      return SETTLED;
    },
    reset(credentialId: string): Promise<void> {
      const id = checkCredentialId(credentialId);
      return callStore('throttle.reset', timeoutMs, () => store.reset(id)).then(() => undefined);
    },
    status(credentialId: string): Promise<ThrottleStatus> {
      const id = checkCredentialId(credentialId);
      const now = clock();
      return callStore('throttle.peek', timeoutMs, () => store.peek(id)).then((state) => {
        if (!isState(state)) throw new StoreUnavailableError('throttle.peek');
        return describeState(policy, state, now);
      });
    },
  });
}

/** @internal Asserts the object has the three ThrottleStore methods. */
export function checkThrottleStore(store: unknown): ThrottleStore {
  return assertMethods('throttleStore', store as ThrottleStore, ['attempt', 'peek', 'reset']);
}

/** @internal The throttle step of every verification: never rejects for store trouble. */
export async function throttleAttempt(
  store: ThrottleStore,
  policy: ThrottlePolicy,
  timeoutMs: number,
  credentialId: string,
  now: number,
): Promise<ThrottleOutcome> {
  let answer: unknown;
  try {
    answer = await callStore('throttle.attempt', timeoutMs, () => store.attempt(credentialId, now, policy));
  } catch {
    return UNAVAILABLE;
  }
  // Each field read once into locals (a Proxy cannot answer the check and the use differently).
  let allowed: unknown;
  let failures: unknown;
  let lockedUntil: unknown;
  try {
    if (answer === null || typeof answer !== 'object') return UNAVAILABLE;
    const a = answer as Record<string, unknown>;
    allowed = a.allowed;
    failures = a.failures;
    lockedUntil = a.lockedUntil;
  } catch {
    return UNAVAILABLE;
  }
  if (typeof failures !== 'number' || typeof lockedUntil !== 'number') return UNAVAILABLE;
  if (allowed === true) {
    // Admitted: the state must be what counting one attempt can produce.
    if (!isStateAfterCount(policy, failures, lockedUntil, now)) return UNAVAILABLE;
    return { ok: true, failures };
  }
  if (allowed !== false || !isLocked(policy, failures, lockedUntil, now)) return UNAVAILABLE;
  const status = describeState(policy, { failures, lockedUntil }, now);
  return throttledAnswer(status.retryAfterSeconds);
}

/** @internal A refused attempt is consistent only if something locks: the ceiling or a running delay. */
export function isLocked(policy: ThrottlePolicy, failures: number, lockedUntil: number, now: number): boolean {
  if (!Number.isInteger(failures) || failures < 0 || failures > 1e9) return false;
  if (!Number.isFinite(lockedUntil) || lockedUntil < 0) return false;
  if (failures >= policy.ceiling) return true;
  return lockedUntil > now && lockedUntil <= now + policy.maxDelaySeconds + 1;
}

/**
 * @internal The state right after an admitted, counted attempt: 1 ≤ failures ≤ ceiling; no lock
 * below K; from K on a lock ending after `now` and no later than the longest delay allows.
 */
export function isStateAfterCount(policy: ThrottlePolicy, failures: number, lockedUntil: number, now: number): boolean {
  if (!Number.isInteger(failures) || failures < 1 || failures > policy.ceiling) return false;
  if (!Number.isFinite(lockedUntil) || lockedUntil < 0) return false;
  if (failures < policy.threshold) return lockedUntil <= now;
  return lockedUntil > now && lockedUntil <= now + policy.maxDelaySeconds + 1;
}

function isState(value: unknown): value is ThrottleState {
  const v = value as Partial<ThrottleState> | null | undefined;
  return (
    typeof v?.failures === 'number' &&
    Number.isInteger(v.failures) &&
    v.failures >= 0 &&
    typeof v.lockedUntil === 'number' &&
    !Number.isNaN(v.lockedUntil)
  );
}

function describeState(policy: ThrottlePolicy, state: ThrottleState, now: number): ThrottleStatus {
  if (state.failures >= policy.ceiling) return Object.freeze({ failures: state.failures, lock: 'ceiling' });
  if (state.lockedUntil > now) {
    return Object.freeze({
      failures: state.failures,
      lock: 'backoff',
      retryAfterSeconds: Math.max(1, Math.ceil(state.lockedUntil - now)),
    });
  }
  return Object.freeze({ failures: state.failures, lock: 'none' });
}
