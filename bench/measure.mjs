/**
 * Timing primitives. Each (case, library) pair gets its own freshly compiled loop, so that no
 * library inherits another's inline-cache state through a shared call site, and every call's
 * result is compared with what the case expects; wrong answers are counted in `tally.wrong`
 * and reported (a library that passed the RFC vectors can still be wrong on rare inputs).
 */
import { performance } from 'node:perf_hooks';

/** Builds `loop(fn, items, count, now, tally) → seconds`, calling fn(item) and checking `item.expect`. */
export function makeThroughputLoop() {
  return new Function(
    'fn',
    'items',
    'count',
    'now',
    'tally',
    `const n = items.length;
     let wrong = 0;
     const start = now();
     for (let i = 0, j = 0; i < count; i++) {
       const item = items[j];
       if (fn(item) !== item.expect) wrong++;
       if (++j === n) j = 0;
     }
     const seconds = (now() - start) / 1000;
     tally.wrong += wrong;
     tally.calls += count;
     return seconds;`,
  );
}

/** Builds `loop(fn, items, count, out, at, now, tally)`, timing each call into out[at …] (milliseconds). */
export function makeLatencyLoop() {
  return new Function(
    'fn',
    'items',
    'count',
    'out',
    'at',
    'now',
    'tally',
    `const n = items.length;
     let wrong = 0;
     for (let i = 0, j = at % n; i < count; i++) {
       const item = items[j];
       const t0 = now();
       const result = fn(item);
       const t1 = now();
       if (result !== item.expect) wrong++;
       out[at + i] = t1 - t0;
       if (++j === n) j = 0;
     }
     tally.wrong += wrong;
     tally.calls += count;`,
  );
}

export const now = () => performance.now();

/**
 * Runs one timed batch over items built fresh by `build()` (codes for the time step of that
 * moment) and returns calls/s. No GC is forced: each library pays for its own garbage inside
 * its own timing. A mismatch is a wrong answer only if the time step did not change between
 * building the codes and the end of the batch; otherwise the right answer itself may have
 * changed (a code of T − 1 checked at T + 1), and the mismatch is counted as `stale`.
 */
export function runBatch(loop, fn, build, count, tally, stepNow) {
  const step = stepNow();
  const items = build();
  const local = { wrong: 0, calls: 0 };
  const seconds = loop(fn, items, count, now, local);
  tally.calls += local.calls;
  if (local.wrong > 0 && stepNow() !== step) tally.stale += local.wrong;
  else tally.wrong += local.wrong;
  return count / seconds;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (p in 0–100) of a Float64Array or array. */
export function percentile(values, p) {
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Cost of one pair of timer reads, to report next to latencies (it is included in them). */
export function timerOverhead() {
  const samples = new Float64Array(100_000);
  for (let i = 0; i < samples.length; i++) {
    const t0 = now();
    const t1 = now();
    samples[i] = t1 - t0;
  }
  return percentile(samples, 50);
}
