/**
 * The fixed answers of the verification layer (verifier, throttle, settle), each frozen once and
 * shared: a refusal allocates nothing, and every path answers the same object for the same
 * outcome. Only a `throttled` answer with a wait is built per call ({@link throttledAnswer}).
 * @module
 */

/**
 * @internal The outcome of a verification or throttle call whose store failed, timed out or
 * answered nonsense: never accepted, never `invalid`.
 */
export const UNAVAILABLE = Object.freeze({ ok: false, reason: 'unavailable' } as const);

/** @internal The code (or secret) matched nothing. */
export const INVALID = Object.freeze({ ok: false, reason: 'invalid' } as const);

/** @internal The code matched a step or counter at or below the watermark. */
export const REPLAYED = Object.freeze({ ok: false, reason: 'replayed' } as const);

/** @internal A settled attempt: the match counted as a success. */
export const SETTLED = Object.freeze({ ok: true } as const);

const THROTTLED = Object.freeze({ ok: false, reason: 'throttled' } as const);

/**
 * @internal `throttled`, with `retryAfterSeconds` when a wait is known (seconds, > 0), or the
 * shared frozen answer when it is not (the ceiling: only an unlock ends it).
 */
export function throttledAnswer(retryAfterSeconds: number | undefined): {
  readonly ok: false;
  readonly reason: 'throttled';
  readonly retryAfterSeconds?: number;
} {
  return retryAfterSeconds === undefined ? THROTTLED : { ok: false, reason: 'throttled', retryAfterSeconds };
}
