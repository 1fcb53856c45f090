/**
 * Memory-store verifier micro-bench (#11 item 3): right TOTP codes per second and bytes allocated
 * per verification, this tree's dist/ against another build (the "before"), in one process,
 * interleaved rounds, medians.
 *
 *   node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 bench/verifier-memory.mjs [--before <dir>/dist/index.js] [--json]
 *
 * Paths timed: "before" = the given build with MemoryReplayStore + MemoryThrottleStore; "after
 * (one call)" = this build with MemoryVerificationStore; "after (0.1 pair)" = this build with the
 * two 0.1 memory stores through the adapter. Each verification is a right code of a fresh step
 * for one of 1 024 credentials (cached PreparedKey), so every call is accepted. Expected codes come
 * from node:crypto's HMAC (RFC 4226 §5.3 by hand), not from otpkit.
 * Allocation: after a full GC, V8's used heap before and after 2 000 awaited verifications with a
 * 64 MB young generation (a trial in which a scavenge ran is dropped); median of the trials.
 */
import { createHmac } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

const args = process.argv.slice(2);
const beforeAt = args.indexOf('--before');
const after = await import(new URL('../dist/index.js', import.meta.url));
const before = beforeAt >= 0 ? await import(pathToFileURL(args[beforeAt + 1]).href) : null;

const POOL = 1024;
const BATCH = 20_000;
const ROUNDS = 7;
const START = 1_700_000_000;

function hotp(key, counter) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const o = mac[19] & 0xf;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const keys = Array.from({ length: POOL }, (_, i) => Buffer.from(`bench-key-${String(i).padStart(10, '0')}`));

/** A verifier factory plus a driver that walks steps so that every code is right and fresh. */
const STEPS = 240; // enough fresh steps for every call of the run, computed before any timing
const FIRST_STEP = Math.floor(START / 30);
const CODES = Array.from({ length: STEPS }, (_, s) => keys.map((k) => hotp(k, FIRST_STEP + s)));
const IDS = keys.map((_, i) => `cred-${i}`);

function makeCase(lib, make) {
  const clock = { t: START };
  const verifier = make(lib, () => clock.t);
  const prepared = keys.map((k) => lib.prepareKey(new Uint8Array(k)));
  let step = 0;
  let codes = CODES[0];
  let i = 0;
  return async function run(n) {
    let accepted = 0;
    for (let c = 0; c < n; c++) {
      if (i === POOL) {
        i = 0;
        step++;
        clock.t += 30;
        codes = CODES[step];
      }
      const outcome = await verifier.verify({ credentialId: IDS[i], key: prepared[i], token: codes[i] });
      if (outcome.ok) accepted++;
      i++;
    }
    if (accepted !== n) throw new Error(`${accepted} of ${n} right codes accepted`);
  };
}

async function rate(run) {
  const t0 = process.hrtime.bigint();
  await run(BATCH);
  const ns = Number(process.hrtime.bigint() - t0);
  return BATCH / (ns / 1e9);
}

const newSpaceUsed = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;
async function bytesPerCall(run) {
  const kept = [];
  for (let trial = 0; trial < 9; trial++) {
    globalThis.gc?.();
    const young = newSpaceUsed();
    const h0 = getHeapStatistics().used_heap_size;
    await run(1000); // < POOL: no code regeneration inside the measured calls
    const h1 = getHeapStatistics().used_heap_size;
    if (newSpaceUsed() >= young) kept.push((h1 - h0) / 1000);
  }
  kept.sort((a, b) => a - b);
  return kept.length ? Math.round(kept[kept.length >> 1]) : null;
}

const cases = [];
if (before) {
  cases.push({
    name: 'before (0.1: replay + throttle memory stores)',
    run: makeCase(before, (lib, clock) =>
      lib.createTOTPVerifier({
        replayStore: new lib.MemoryReplayStore({ clock }),
        throttleStore: new lib.MemoryThrottleStore({ clock }),
        clock,
      }),
    ),
  });
}
// The harness alone: a verifier that answers at once, to show what the loop itself costs.
const OK = Object.freeze({ ok: true });
cases.push({ name: 'harness only (no verifier work)', run: makeCase(after, () => ({ verify: () => Promise.resolve(OK) })) });
cases.push({
  name: 'after (MemoryVerificationStore, one call)',
  run: makeCase(after, (lib, clock) => lib.createTOTPVerifier({ store: new lib.MemoryVerificationStore({ clock }), clock })),
});
cases.push({
  name: 'after (0.1 pair through the adapter)',
  run: makeCase(after, (lib, clock) =>
    lib.createTOTPVerifier({
      replayStore: new lib.MemoryReplayStore({ clock }),
      throttleStore: new lib.MemoryThrottleStore({ clock }),
      clock,
    }),
  ),
});

for (const c of cases) await c.run(BATCH); // warm-up
const rates = new Map(cases.map((c) => [c.name, []]));
for (let r = 0; r < ROUNDS; r++) for (const c of cases) rates.get(c.name).push(await rate(c.run));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rows = [];
for (const c of cases)
  rows.push({ case: c.name, perSecond: Math.round(median(rates.get(c.name))), bytesPerCall: await bytesPerCall(c.run) });
const base = rows.find((r) => r.case.startsWith('before'));
if (args.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ rounds: ROUNDS, batch: BATCH, rows })}\n`);
  process.exit(0);
}
for (const r of rows) {
  const ratio = base ? ` ${(r.perSecond / base.perSecond).toFixed(2)}×` : '';
  console.log(`${r.case.padEnd(48)} ${String(r.perSecond).padStart(9)} right codes/s${ratio}   ${r.bytesPerCall ?? '?'} B/verification`);
}
console.log(
  `node ${process.version}, ${ROUNDS} rounds × ${BATCH} calls, medians; codes computed before timing; the loop's own input object and await are included in every case alike`,
);
