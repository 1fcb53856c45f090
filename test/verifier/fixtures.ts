/**
 * Shared fixtures for the verifier tests. Codes are taken from the RFCs and from
 * test/fixtures/cases/verification.json (written by hand there), never from the code under test.
 */

import { MemoryReplayStore } from '../../src/verify/replay.js';
import { MemoryThrottleStore } from '../../src/verify/throttle.js';
import { ascii } from '../helpers.js';

/** The RFC 4226 Appendix D / RFC 6238 Appendix B SHA-1 key, "12345678901234567890". */
export const RFC_KEY = ascii('12345678901234567890');

/** verification.json "about": at 1234567890, T = 41152263 and the codes of T−2 … T+2. */
export const T_1234567890 = 41152263;
export const CODES_AROUND_1234567890 = { '-2': '186057', '-1': '980357', '0': '005924', '1': '590587', '2': '240500' } as const;

/** RFC 4226 Appendix D: HOTP values of counters 0 … 9 for RFC_KEY. */
export const RFC4226_CODES = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'] as const;

/** An outcome in one word: `'ok'`, else its reason (`'invalid'`, `'replayed'`, `'throttled'`, `'unavailable'`). */
export function short(outcome: { ok: boolean; reason?: string }): string {
  return outcome.ok ? 'ok' : (outcome.reason as string);
}

/** A settable clock (Unix seconds). */
export function manualClock(start: number): { now: number; clock: () => number } {
  const c = { now: start, clock: () => c.now };
  return c;
}

/** Fresh in-memory stores driven by the same clock. */
export function memoryStores(clock?: () => number) {
  return {
    replayStore: new MemoryReplayStore(clock ? { clock } : {}),
    throttleStore: new MemoryThrottleStore(clock ? { clock } : {}),
  };
}
