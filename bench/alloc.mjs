/**
 * Bytes allocated per verification, measured in a child process started by run.mjs with
 *   node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 bench/alloc.mjs
 * Method: after a warm-up (so that compilation is done), force a full GC, read V8's used heap
 * plus Node's ArrayBuffer memory, run 2,000 verifications, read them again, divide. The young
 * generation is made large (64 MB semi-spaces) so that no scavenge runs inside the loop; a trial
 * in which the young generation shrank (a GC ran) is discarded. Median of the kept trials.
 * Prints one JSON object on stdout.
 */
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { median } from './measure.mjs';
import { loadOtpkit, makeAdapters } from './peers.mjs';
import { referenceHOTP, stepNow, toBase32 } from './reference.mjs';
import { seededBytes } from './workload.mjs';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const CALLS = 2_000;
const TRIALS = 9;
const newSpaceUsed = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;
const allocated = () => getHeapStatistics().used_heap_size + process.memoryUsage().arrayBuffers;

const otpkit = await loadOtpkit();
const adapters = makeAdapters(otpkit);
const random = seededBytes(0xa110c);
const keys = Array.from({ length: 256 }, () => random(20));
const step = stepNow();
const items = keys.map((key) => ({ secret: toBase32(key), token: referenceHOTP(key, 'SHA1', step) }));

function perCall(fn) {
  for (let i = 0; i < 20_000; i++) fn(items[i & 255]);
  const kept = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    globalThis.gc();
    const young = newSpaceUsed();
    const before = allocated();
    for (let i = 0; i < CALLS; i++) fn(items[i & 255]);
    const after = allocated();
    if (newSpaceUsed() >= young) kept.push((after - before) / CALLS);
  }
  return kept.length > 0 ? Math.round(median(kept)) : null;
}

const result = {};
for (const adapter of adapters) {
  for (const item of items) item.handle = adapter.cache(item.secret, 'SHA1');
  result[adapter.name] = {
    verifyText: perCall((item) => adapter.verify(item.secret, item.token, 'SHA1')),
    verifyCached: perCall((item) => adapter.verifyCached(item.handle, item.token)),
  };
}
process.stdout.write(JSON.stringify(result));
