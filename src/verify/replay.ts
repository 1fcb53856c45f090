/**
 * The replay guard: RFC 6238 §5.2 ("the verifier MUST NOT accept the second attempt of the OTP
 * after the successful validation has been issued for the first OTP") and, for HOTP, the stored
 * counter of RFC 4226 §7.2.
 *
 * Scope: the `ReplayStore` interface and an in-memory store for one process. Each credential has
 * a watermark, the highest time step (TOTP) or counter (HOTP) ever accepted, raised only upward in
 * ONE atomic operation, plus the clock drift learned with it (RFC 6238 §6). A code is spent when
 * its step is at or below the watermark. Out of scope: Redis and PostgreSQL stores (adapters).
 *
 * Units: steps and counters are integers; `ttlSeconds` is in seconds; drift is in time steps.
 * @module
 */

import { makeClock } from '../core/time.js';
import { assertInteger, assertOptions, describe } from '../internal/assert.js';

/** What a replay store holds for one credential. */
export interface ReplayRecord {
  /** The watermark: highest time step (TOTP) or counter (HOTP) accepted so far. */
  readonly timeStep: number;
  /** Clock drift in time steps learned with the watermark (0 when drift is not learned). */
  readonly drift: number;
}

/**
 * Per-credential watermarks, shared by every process that verifies codes. Implementations:
 * {@link MemoryReplayStore} (one process), `otpkit/redis`, `otpkit/postgres`; `otpkit/testkit`
 * checks your own.
 *
 * The atomicity rule: `consume` is ONE atomic compare-and-raise (a Lua script, a single
 * `INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING`, a synchronous block). Two concurrent
 * submissions of one code: exactly one gets `true`.
 */
export interface ReplayStore {
  /**
   * Records `timeStep` as the watermark only if it is greater than the stored one (or none is
   * stored, or the stored one has expired), together with `drift`; atomically.
   * @param credentialId - the credential's stable id.
   * @param timeStep - the step or counter being accepted, a safe integer ≥ 0.
   * @param ttlSeconds - how long to keep the record, integer seconds ≥ 1; 0 keeps it for good (HOTP).
   * @param drift - drift in steps to store with it (default 0).
   * @returns true if this call raised the watermark (the code may be accepted), false if not.
   */
  consume(credentialId: string, timeStep: number, ttlSeconds: number, drift?: number): Promise<boolean>;
  /** Reads the credential's record; `undefined` when none is stored (or it expired). */
  peek(credentialId: string): Promise<ReplayRecord | undefined>;
  /** Deletes the credential's record (the credential was removed or its key replaced). */
  delete(credentialId: string): Promise<void>;
}

/**
 * Options of the in-memory stores: {@link MemoryReplayStore}, `MemoryThrottleStore` and
 * `MemoryVerificationStore`.
 */
export interface MemoryStoreOptions {
  /**
   * Most credentials held at once, an integer from 1 to 10^7. Default 100 000 (full, with
   * 40-character ids: about 26 MB for the throttle store, 28 MB for the verification store;
   * measured). The throttle store holds only credentials with failures.
   */
  maxEntries?: number;
  /**
   * The clock for watermark expiry, Unix seconds or a Date. Default: the system clock. The
   * throttle store accepts it and does not use it (its records never expire).
   */
  clock?: () => number | Date;
}

interface Entry extends ReplayRecord {
  /** Unix seconds after which the record counts as absent; Infinity to keep. */
  readonly expiresAt: number;
}

/**
 * A {@link ReplayStore} in this process's memory: for tests and single-process servers only
 * (every process has its own, so several processes would each accept a code once).
 *
 * Limits: at most `maxEntries` records (default 100 000, about 26 MB when full with 40-character ids). Sweeping is incremental:
 * each new credential examines the next 2 records (64 when full) from where the last sweep
 * stopped, so an expired record is reclaimed within about `size / 2` inserts, and no call walks
 * the whole map. If it is full of live records, `consume` rejects, which the verifier reports as
 * `unavailable`: it never evicts a live watermark.
 * @example
 * const replayStore = new MemoryReplayStore({ maxEntries: 10_000 });
 */
export class MemoryReplayStore implements ReplayStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #clock: () => number;
  #cursor: Iterator<[string, Entry]> | undefined;

  /**
   * @param options - `maxEntries` (default 100 000), `clock` (default system clock).
   * @throws TypeError/RangeError for invalid options.
   */
  constructor(options?: MemoryStoreOptions) {
    const opts = assertOptions('options', options);
    this.#maxEntries = opts.maxEntries === undefined ? 100_000 : assertInteger('maxEntries', opts.maxEntries, 1, 1e7);
    this.#clock = makeClock(opts.clock);
  }

  /** Number of records held, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size;
  }

  async consume(credentialId: string, timeStep: number, ttlSeconds: number, drift = 0): Promise<boolean> {
    checkRecordArguments(timeStep, ttlSeconds, drift);
    const now = this.#clock();
    const current = this.#entries.get(credentialId);
    if (current !== undefined && current.expiresAt > now && current.timeStep >= timeStep) return false;
    if (current === undefined) this.#makeRoom(now);
    this.#entries.set(credentialId, { timeStep, drift, expiresAt: ttlSeconds === 0 ? Number.POSITIVE_INFINITY : now + ttlSeconds });
    return true;
  }

  async peek(credentialId: string): Promise<ReplayRecord | undefined> {
    const entry = this.#entries.get(credentialId);
    if (entry === undefined || entry.expiresAt <= this.#clock()) return undefined;
    return Object.freeze({ timeStep: entry.timeStep, drift: entry.drift });
  }

  async delete(credentialId: string): Promise<void> {
    this.#entries.delete(credentialId);
  }

  /** Removes every expired record now; returns how many went. */
  sweep(now = this.#clock()): number {
    let removed = 0;
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(id);
        removed++;
      }
    }
    return removed;
  }

  #makeRoom(now: number): void {
    const full = this.#entries.size >= this.#maxEntries;
    let budget = full ? 64 : 2;
    let restarted = false;
    while (budget-- > 0) {
      if (this.#cursor === undefined) this.#cursor = this.#entries.entries();
      const next = this.#cursor.next();
      if (next.done === true) {
        this.#cursor = undefined;
        if (restarted) break;
        restarted = true;
        continue;
      }
      if (next.value[1].expiresAt <= now) this.#entries.delete(next.value[0]);
    }
    if (this.#entries.size >= this.#maxEntries) {
      throw new Error(`MemoryReplayStore is full of live records (maxEntries ${this.#maxEntries})`);
    }
  }
}

/**
 * @internal Programmer checks shared by the stores: step a safe integer ≥ 0, ttl an integer
 * from 0 to 10 years of seconds, drift an integer within ±1000 steps.
 */
export function checkRecordArguments(timeStep: unknown, ttlSeconds: unknown, drift: unknown): void {
  if (typeof timeStep !== 'number' || !Number.isSafeInteger(timeStep) || timeStep < 0) {
    throw new RangeError(`"timeStep" expected a safe integer ≥ 0, got ${describe(timeStep)}`);
  }
  assertInteger('ttlSeconds', ttlSeconds, 0, 315_360_000);
  assertInteger('drift', drift, -1000, 1000);
}
