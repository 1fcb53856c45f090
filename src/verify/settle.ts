/**
 * @internal The one store call of a verification, and the shared throttle built on it.
 *
 * `callVerification` makes the single `VerificationStore.verify` call under ONE deadline: a
 * synchronous answer (memory stores) is read at once, with no timer and no promise; a promise
 * races one timer. Any throw, rejection, timeout or malformed/contradictory answer is `null`,
 * which every caller reports as `unavailable`: never accepted, never `invalid`.
 *
 * Units: `timeoutMs` in milliseconds; times Unix seconds.
 * @module
 */
import { StoreUnavailableError } from '../core/errors.js';
import { describe } from '../internal/assert.js';
import { INVALID, SETTLED, throttledAnswer, UNAVAILABLE } from './answers.js';
import { callStore, checkCredentialId } from './store-call.js';
import type { SettleOutcome, Throttle, ThrottleOutcome, ThrottlePolicy, ThrottleStatus } from './throttle.js';
import { readAnswer, type VerificationAnswer, type VerificationRequest, type VerificationStore } from './verification-store.js';

/**
 * @internal One store call with one deadline. Returns the checked answer directly when the store
 * answered synchronously, else a promise of it; `null` for any trouble.
 */
export function callVerification(
  store: VerificationStore,
  credentialId: string,
  request: VerificationRequest,
  timeoutMs: number,
): VerificationAnswer | null | Promise<VerificationAnswer | null> {
  let raw: unknown;
  let then: unknown;
  try {
    raw = store.verify(credentialId, request);
    then = raw !== null && (typeof raw === 'object' || typeof raw === 'function') ? (raw as { then?: unknown }).then : undefined;
  } catch {
    return null;
  }
  if (typeof then !== 'function') return readAnswer(raw, request);
  return new Promise<VerificationAnswer | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    try {
      (then as (ok: (v: unknown) => void, no: () => void) => unknown).call(
        raw,
        (value: unknown) => {
          clearTimeout(timer);
          resolve(readAnswer(value, request));
        },
        () => {
          clearTimeout(timer);
          resolve(null);
        },
      );
    } catch {
      clearTimeout(timer);
      resolve(null);
    }
  });
}

/** @internal Seconds until a refused credential may try again; undefined at the ceiling. */
export function retryAfter(policy: ThrottlePolicy, failures: number, lockedUntil: number, now: number): number | undefined {
  if (failures >= policy.ceiling) return undefined;
  return Math.max(1, Math.ceil(lockedUntil - now));
}

/** @internal A `throttled` outcome for a refused answer. */
export function throttledOutcome(
  policy: ThrottlePolicy,
  failures: number,
  lockedUntil: number,
  now: number,
): { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterSeconds?: number } {
  return throttledAnswer(retryAfter(policy, failures, lockedUntil, now));
}

/** @internal The store request of a secret checked outside the verifier (kind `'check'`; one match, 0, when it matched). */
export function checkRequest(now: number, policy: ThrottlePolicy, matched: boolean): VerificationRequest {
  return {
    kind: 'check',
    now,
    policy,
    base: 0,
    past: 0,
    future: 0,
    maxDrift: 0,
    initialCounter: 0,
    ttlSeconds: 0,
    matches: matched ? [0] : [],
  };
}

/**
 * @internal The {@link Throttle} of a verifier over a {@link VerificationStore}: every method is
 * one store call; `settle` checks a secret's match and clears or counts in that one call.
 */
export function throttleOver(store: VerificationStore, policy: ThrottlePolicy, clock: () => number, timeoutMs: number): Throttle {
  return Object.freeze({
    policy,
    async attempt(credentialId: string): Promise<ThrottleOutcome> {
      const now = clock();
      const id = checkCredentialId(credentialId);
      const answer = await callVerification(store, id, checkRequest(now, policy, false), timeoutMs);
      if (answer === null || answer.status === 'accepted' || answer.status === 'stale') return UNAVAILABLE;
      if (answer.status === 'throttled') return throttledOutcome(policy, answer.failures, answer.lockedUntil, now);
      return { ok: true, failures: answer.failures };
    },
    async settle(credentialId: string, matched: boolean): Promise<SettleOutcome> {
      const id = checkCredentialId(credentialId);
      if (typeof matched !== 'boolean') throw new TypeError(`"matched" expected a boolean, got ${describe(matched)}`);
      const now = clock();
      const answer = await callVerification(store, id, checkRequest(now, policy, matched), timeoutMs);
      if (answer === null || answer.status === 'stale') return UNAVAILABLE;
      if (answer.status === 'accepted') return matched ? SETTLED : UNAVAILABLE;
      if (answer.status === 'throttled') return throttledOutcome(policy, answer.failures, answer.lockedUntil, now);
      return matched ? UNAVAILABLE : INVALID;
    },
    reset(credentialId: string): Promise<void> {
      const id = checkCredentialId(credentialId);
      return callStore('throttle.reset', timeoutMs, () => store.reset(id)).then(() => undefined);
    },
    async status(credentialId: string): Promise<ThrottleStatus> {
      const id = checkCredentialId(credentialId);
      const now = clock();
      const state = await callStore('throttle.peek', timeoutMs, () => store.peek(id));
      let failures: unknown;
      let lockedUntil: unknown;
      try {
        failures = (state as { failures?: unknown }).failures;
        lockedUntil = (state as { lockedUntil?: unknown }).lockedUntil;
      } catch (error) {
        throw new StoreUnavailableError('throttle.peek', { cause: error });
      }
      if (typeof failures !== 'number' || !Number.isInteger(failures) || failures < 0 || typeof lockedUntil !== 'number') {
        throw new StoreUnavailableError('throttle.peek');
      }
      if (failures >= policy.ceiling) return { failures, lock: 'ceiling' };
      if (lockedUntil > now) return { failures, lock: 'backoff', retryAfterSeconds: Math.max(1, Math.ceil(lockedUntil - now)) };
      return { failures, lock: 'none' };
    },
  });
}
