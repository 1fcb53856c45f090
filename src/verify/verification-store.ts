/**
 * The one-call store operation of stateful verification: the verifier computes the HMAC window
 * locally, then ONE atomic store call refuses a lock, counts the attempt, raises the watermark and
 * clears the failures (RFC 6238 §5.2 one use, RFC 4226 §7.3 throttling, §7.4 counters).
 *
 * Scope: the `VerificationStore` interface, its request and answer, the reader that copies and
 * checks a store's answer once (a contradiction is `null`, which the verifier reports as
 * `unavailable`), `MemoryVerificationStore` (one synchronous step, no timers), and
 * `legacyVerificationStore`, which drives a `ReplayStore` + `ThrottleStore` pair written against
 * the 0.1 interface (several round trips; see docs/verification.md for why it stays safe).
 *
 * Units: times are Unix **seconds** from the verifier's clock; `ttlSeconds` in seconds; steps,
 * counters and drift are integers (time steps or HOTP counters).
 * @module
 */
import { makeClock } from '../core/time.js';
import { assertInteger, assertOptions } from '../internal/assert.js';
import type { MemoryStoreOptions, ReplayStore } from './replay.js';
import { isLocked, isStateAfterCount, lockSeconds, type ThrottlePolicy, type ThrottleStore } from './throttle.js';

/** @internal What a verification asks of the store; see {@link VerificationRequest.kind}. */
export type VerificationKind = VerificationRequest['kind'];

/** The request of {@link VerificationStore.verify}; plain data, read-only for the store. */
export interface VerificationRequest {
  /**
   * What the verification asks. `'totp'`: pick, among `matches`, the step nearest the centre
   * `base + clamp(stored drift, maxDrift)` inside `[centre − past, centre + future]`; `'hotp'`:
   * the stored next counter C must equal `base` (else the answer is `stale`), then pick the
   * lowest match ≥ C; `'check'` (recovery codes and other secrets checked outside the store):
   * success when `matches` is non-empty, and no watermark is touched.
   */
  readonly kind: 'totp' | 'hotp' | 'check';
  /** The verifier's clock, Unix seconds (fractions allowed). */
  readonly now: number;
  /** The checked throttle policy. */
  readonly policy: ThrottlePolicy;
  /** TOTP: the server's step T; HOTP: the counter C the window started at; check: 0. */
  readonly base: number;
  /** TOTP: steps accepted before the centre. 0 otherwise. */
  readonly past: number;
  /** TOTP: steps accepted after the centre. 0 otherwise. */
  readonly future: number;
  /** TOTP: bound on the learned drift in steps, 0 when drift is off (then drift is stored as 0). */
  readonly maxDrift: number;
  /** HOTP: C for a credential with no stored counter. 0 otherwise. */
  readonly initialCounter: number;
  /** How long to keep the watermark, seconds; 0 keeps it for good (HOTP). */
  readonly ttlSeconds: number;
  /** Steps (TOTP) or counters (HOTP) whose code matched, ascending, at most 2 048 of them. */
  readonly matches: readonly number[];
}

/**
 * The answer of {@link VerificationStore.verify}.
 * - `accepted`: `step` (one of `matches`) raised the watermark and the failures were cleared;
 * - `invalid` / `replayed`: the attempt was admitted and counted as a failure; state after it;
 * - `throttled`: refused, nothing changed (a lock runs or the ceiling is reached); state as stored;
 * - `stale` (HOTP only): the stored next counter is `next`, not `base`; nothing changed.
 */
export type VerificationAnswer =
  | { readonly status: 'accepted'; readonly step: number }
  | { readonly status: 'invalid' | 'replayed' | 'throttled'; readonly failures: number; readonly lockedUntil: number }
  | { readonly status: 'stale'; readonly next: number };

/** What a {@link VerificationStore} holds for one credential, as `peek` reports it. */
export interface VerificationState {
  /** Consecutive failures counted. */
  readonly failures: number;
  /** Unix seconds until which attempts are refused; 0 when none. */
  readonly lockedUntil: number;
  /** Highest step or counter accepted, or `null` when none is stored (or it expired). */
  readonly watermark: number | null;
  /** Drift in steps stored with the watermark (0 when none). */
  readonly drift: number;
}

/**
 * Per-credential verification state (watermark, drift, failure count, lock), changed by ONE
 * atomic operation per verification. Implementations: {@link MemoryVerificationStore},
 * `RedisVerificationStore` (`otpkit/redis`, one Lua script), `PostgresVerificationStore`
 * (`otpkit/postgres`, one function call); `otpkit/testkit` checks your own.
 *
 * The atomicity rule: `verify` reads and writes one credential's state with nothing interleaved
 * (a Lua script, one SQL function under a per-credential lock, a synchronous block): concurrent attempts are
 * counted one after the other, and of N concurrent right codes exactly one is accepted.
 */
export interface VerificationStore {
  /**
   * In one atomic step: if `failures ≥ ceiling` or `lockedUntil > now`, answer `throttled` and
   * change nothing; for `hotp`, if the stored next counter ≠ `base`, answer `stale`; pick the
   * candidate (see {@link VerificationRequest.kind}); if there is one above the watermark (or `check`
   * matched), store it as the watermark (with drift `clamp(step − base, maxDrift)` and the TTL),
   * clear the failures and answer `accepted`; otherwise count one failure, set
   * `lockedUntil = failures ≥ K ? now + lockSeconds(policy, failures) : 0` and answer `replayed`
   * (a candidate at or below the watermark) or `invalid`.
   *
   * May answer synchronously (memory stores: the verifier then sets no timer) or with a promise.
   * Throw or reject for any store trouble.
   */
  verify(credentialId: string, request: VerificationRequest): VerificationAnswer | Promise<VerificationAnswer>;
  /** Reads the credential's state without changing it. */
  peek(credentialId: string): Promise<VerificationState>;
  /** Forgets the credential's failures and lock (an administrator's unlock); keeps the watermark. */
  reset(credentialId: string): Promise<void>;
  /** Forgets everything about the credential (it was removed or its key replaced). */
  delete(credentialId: string): Promise<void>;
}

/** Most matches a request may carry (the widest TOTP window with drift is 2 × (100 + 10) + 1). */
export const MAX_MATCHES = 2048;

/**
 * @internal Reads a store's answer once into a copy and checks it against the request: every
 * field is read exactly once (a Proxy cannot show one value to the check and another to the
 * caller), and an answer that contradicts itself, the request or the policy is `null`.
 */
export function readAnswer(raw: unknown, request: VerificationRequest): VerificationAnswer | null {
  try {
    if (raw === null || typeof raw !== 'object') return null;
    const a = raw as Record<string, unknown>;
    const status = a.status;
    if (status === 'accepted') {
      const step = a.step;
      if (typeof step !== 'number' || !Number.isSafeInteger(step)) return null;
      // The store may only accept a step the verifier matched (for `check`, the one match).
      if (request.matches.indexOf(step) < 0) return null;
      return { status, step };
    }
    if (status === 'stale') {
      const next = a.next;
      if (request.kind !== 'hotp' || typeof next !== 'number' || !Number.isSafeInteger(next) || next < 0 || next === request.base) {
        return null;
      }
      return { status, next };
    }
    if (status !== 'invalid' && status !== 'replayed' && status !== 'throttled') return null;
    const failures = a.failures;
    const lockedUntil = a.lockedUntil;
    if (typeof failures !== 'number' || typeof lockedUntil !== 'number') return null;
    const consistent =
      status === 'throttled'
        ? isLocked(request.policy, failures, lockedUntil, request.now)
        : isStateAfterCount(request.policy, failures, lockedUntil, request.now);
    if (!consistent) return null;
    if (status === 'replayed' && request.matches.length === 0) return null;
    return { status, failures, lockedUntil };
  } catch {
    return null;
  }
}

/**
 * The step a store accepts for a request, given its stored watermark state: the shared decision
 * of every implementation in this package. `-1` when no candidate applies.
 * @param request - the request.
 * @param storedDrift - the drift stored with a live watermark (0 when none).
 * @param next - HOTP: the stored next counter C.
 */
export function pickCandidate(request: VerificationRequest, storedDrift: number, next: number): number {
  const m = request.matches;
  if (request.kind === 'check') return m.length > 0 ? (m[0] as number) : -1;
  if (request.kind === 'hotp') {
    for (let i = 0; i < m.length; i++) if ((m[i] as number) >= next) return m[i] as number;
    return -1;
  }
  const d = request.maxDrift;
  const centre = request.base + Math.max(-d, Math.min(d, storedDrift));
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  // Ascending matches: on a tie the earlier (past) step wins, as in RFC 6238's usual order.
  for (let i = 0; i < m.length; i++) {
    const step = m[i] as number;
    const distance = Math.abs(step - centre);
    if (step < centre - request.past || step > centre + request.future) continue;
    if (distance < bestDistance) {
      best = step;
      bestDistance = distance;
    }
  }
  return best;
}

interface MemoryEntry {
  watermark: number; // -1: none
  drift: number;
  expiresAt: number; // Unix s after which the watermark counts as absent; Infinity to keep
  failures: number;
  lockedUntil: number;
}

/** Entries a sweep step examines per new credential: the map is walked once every ~size/2 inserts. */
const SWEEP_STEP = 2;
/** Entries examined when the store is full before it refuses. */
const SWEEP_WHEN_FULL = 64;

/**
 * A {@link VerificationStore} in this process's memory: watermark and failure count of each
 * credential in one entry, changed in one synchronous step (no promise, no timer on the hot path).
 * For tests and single-process servers only: every process has its own.
 *
 * Limits: at most `maxEntries` credentials. An entry goes only when its watermark has expired
 * AND it carries no failure and no lock; security state is never evicted. Sweeping is
 * incremental (a couple of entries per new credential, a few dozen when full), never a walk of
 * the whole map. When full of entries that must stay, `verify` throws, which the verifier
 * answers as `unavailable` (fail closed).
 * @example
 * const verifier = createTOTPVerifier({ store: new MemoryVerificationStore() });
 */
export class MemoryVerificationStore implements VerificationStore {
  readonly #entries = new Map<string, MemoryEntry>();
  readonly #maxEntries: number;
  readonly #clock: () => number;
  #cursor: Iterator<[string, MemoryEntry]> | undefined;

  /**
   * @param options - `maxEntries` (default 100 000), `clock` (default system clock).
   * @throws TypeError/RangeError for invalid options.
   */
  constructor(options?: MemoryStoreOptions) {
    const opts = assertOptions('options', options);
    const maxEntries = opts.maxEntries;
    const clock = opts.clock;
    this.#maxEntries = maxEntries === undefined ? 100_000 : assertInteger('maxEntries', maxEntries, 1, 1e7);
    this.#clock = makeClock(clock);
  }

  /** Number of credentials held. */
  get size(): number {
    return this.#entries.size;
  }

  verify(credentialId: string, request: VerificationRequest): VerificationAnswer {
    const now = request.now;
    const policy = request.policy;
    let entry = this.#entries.get(credentialId);
    if (entry !== undefined && (entry.failures >= policy.ceiling || entry.lockedUntil > now)) {
      return { status: 'throttled', failures: entry.failures, lockedUntil: entry.lockedUntil };
    }
    const live = entry !== undefined && entry.watermark >= 0 && entry.expiresAt > this.#clock();
    const watermark = live ? (entry as MemoryEntry).watermark : -1;
    const next = live ? watermark + 1 : request.initialCounter;
    if (request.kind === 'hotp' && next !== request.base) return { status: 'stale', next };
    const step = pickCandidate(request, live ? (entry as MemoryEntry).drift : 0, next);
    if (entry === undefined) {
      this.#admit();
      entry = { watermark: -1, drift: 0, expiresAt: 0, failures: 0, lockedUntil: 0 };
      this.#entries.set(credentialId, entry);
    }
    if (step >= 0 && (request.kind === 'check' || step > watermark)) {
      if (request.kind !== 'check') {
        const d = request.maxDrift;
        entry.watermark = step;
        entry.drift = d > 0 ? Math.max(-d, Math.min(d, step - request.base)) : 0;
        entry.expiresAt = request.ttlSeconds === 0 ? Number.POSITIVE_INFINITY : this.#clock() + request.ttlSeconds;
      }
      entry.failures = 0;
      entry.lockedUntil = 0;
      return { status: 'accepted', step };
    }
    const failures = entry.failures + 1;
    entry.failures = failures;
    entry.lockedUntil = failures >= policy.threshold ? now + lockSeconds(policy, failures) : 0;
    return { status: step >= 0 ? 'replayed' : 'invalid', failures, lockedUntil: entry.lockedUntil };
  }

  async peek(credentialId: string): Promise<VerificationState> {
    const e = this.#entries.get(credentialId);
    if (e === undefined) return { failures: 0, lockedUntil: 0, watermark: null, drift: 0 };
    const live = e.watermark >= 0 && e.expiresAt > this.#clock();
    return { failures: e.failures, lockedUntil: e.lockedUntil, watermark: live ? e.watermark : null, drift: live ? e.drift : 0 };
  }

  async reset(credentialId: string): Promise<void> {
    const e = this.#entries.get(credentialId);
    if (e === undefined) return;
    e.failures = 0;
    e.lockedUntil = 0;
  }

  async delete(credentialId: string): Promise<void> {
    this.#entries.delete(credentialId);
  }

  /** Makes room for one new credential, or throws when full of entries that must stay. */
  #admit(): void {
    const full = this.#entries.size >= this.#maxEntries;
    this.#sweep(full ? SWEEP_WHEN_FULL : SWEEP_STEP);
    if (this.#entries.size >= this.#maxEntries) {
      throw new Error(`MemoryVerificationStore is full (maxEntries ${this.#maxEntries})`);
    }
  }

  /** Examines up to `budget` entries from where the last sweep stopped; drops the dead ones. */
  #sweep(budget: number): void {
    const now = this.#clock();
    for (let i = 0; i < budget; i++) {
      if (this.#cursor === undefined) this.#cursor = this.#entries.entries();
      const step = this.#cursor.next();
      if (step.done === true) {
        this.#cursor = undefined;
        if (i > 0 || this.#entries.size === 0) return;
        continue;
      }
      const [id, e] = step.value;
      if (e.failures === 0 && e.lockedUntil <= now && (e.watermark < 0 || e.expiresAt <= now)) this.#entries.delete(id);
    }
  }
}

/**
 * Drives a {@link ReplayStore} + {@link ThrottleStore} pair written against the 0.1 interface
 * as one {@link VerificationStore}. It costs more round trips (TOTP right code: throttle
 * `peek`, throttle `attempt`, replay `consume`, throttle `reset`; a wrong code: `peek`, `attempt`),
 * and stays safe because each step is itself atomic: the attempt is counted pessimistically
 * before anything is decided (so concurrent guesses cannot overtake the count), and `consume` is
 * the one compare-and-raise that lets exactly one of N concurrent right codes through. The
 * verifier's single deadline covers the whole sequence.
 * @param replayStore - the watermarks.
 * @param throttleStore - the failure counts.
 * @returns a {@link VerificationStore} whose `verify` makes 1–4 calls.
 */
export function legacyVerificationStore(replayStore: ReplayStore, throttleStore: ThrottleStore): VerificationStore {
  return {
    verify: (credentialId, request) => legacyVerify(replayStore, throttleStore, credentialId, request),
    async peek(credentialId) {
      const [record, state] = await Promise.all([replayStore.peek(credentialId), throttleStore.peek(credentialId)]);
      return {
        failures: state.failures,
        lockedUntil: state.lockedUntil,
        watermark: record === undefined ? null : record.timeStep,
        drift: record === undefined ? 0 : record.drift,
      };
    },
    reset: (credentialId) => throttleStore.reset(credentialId),
    async delete(credentialId) {
      await Promise.all([replayStore.delete(credentialId), throttleStore.reset(credentialId)]);
    },
  };
}

/**
 * `verify` of {@link legacyVerificationStore}: the replay read (TOTP, HOTP), the pessimistic
 * count, the decision, then the compare-and-raise and the reset of an accepted code. One async
 * call per verification, as before it was split out: the helpers it calls are synchronous.
 */
async function legacyVerify(
  replayStore: ReplayStore,
  throttleStore: ThrottleStore,
  credentialId: string,
  request: VerificationRequest,
): Promise<VerificationAnswer> {
  let next = request.initialCounter;
  let drift = 0;
  // The replay store is read on every code path, right or wrong: if it is down, every answer
  // is `unavailable` (a wrong code must not answer `invalid` while a right one cannot).
  if (request.kind !== 'check') {
    const record: unknown = await replayStore.peek(credentialId);
    if (record !== undefined && (record === null || typeof record !== 'object')) throw new Error('replay.peek answered a malformed record');
    const step = record === undefined ? undefined : (record as { timeStep?: unknown }).timeStep;
    const storedDrift = record === undefined ? 0 : (record as { drift?: unknown }).drift;
    if (!isLegacyRecord(record !== undefined, step, storedDrift)) throw new Error('replay.peek answered a malformed record');
    if (typeof step === 'number') next = step + 1;
    drift = storedDrift;
    // A stale HOTP base is found before counting: no guess was evaluated against the true C.
    if (request.kind === 'hotp' && next !== request.base) return { status: 'stale', next };
  }
  const gate = await throttleStore.attempt(credentialId, request.now, request.policy);
  const allowed = gate.allowed;
  const failures = gate.failures;
  const lockedUntil = gate.lockedUntil;
  if (allowed !== true) {
    if (allowed !== false) throw new Error('throttle.attempt answered a malformed state');
    return { status: 'throttled', failures, lockedUntil };
  }
  if (!isStateAfterCount(request.policy, failures, lockedUntil, request.now)) {
    throw new Error('throttle.attempt answered a contradictory state');
  }
  const step = pickCandidate(request, drift, next);
  if (step < 0) return { status: 'invalid', failures, lockedUntil };
  if (request.kind !== 'check') {
    const won = await replayStore.consume(credentialId, step, request.ttlSeconds, learnedDrift(request, step));
    if (won === false) return { status: 'replayed', failures, lockedUntil };
    if (won !== true) throw new Error('replay.consume answered neither true nor false');
  }
  await throttleStore.reset(credentialId);
  return { status: 'accepted', step };
}

/**
 * Whether the fields read from a 0.1 replay record are well formed: a stored `step` is a safe
 * integer ≥ 0 (absent when there is no record), `drift` an integer.
 */
function isLegacyRecord(present: boolean, step: unknown, drift: unknown): drift is number {
  if (present && (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0)) return false;
  return typeof drift === 'number' && Number.isInteger(drift);
}

/** The drift to store with an accepted TOTP step: `step − base` clamped to ±`maxDrift`, 0 when drift is off. */
function learnedDrift(request: VerificationRequest, step: number): number {
  const d = request.maxDrift;
  return d > 0 ? Math.max(-d, Math.min(d, step - request.base)) : 0;
}
