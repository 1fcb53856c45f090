/**
 * otpkit throughput benchmark against its peers, in one process, libraries interleaved within
 * each round, several rounds, medians. See docs/benchmarks.md for the method.
 *
 *   npm run bench                      build otpkit, install bench deps, run (≈ 5 minutes)
 *   node bench/run.mjs [--json] [--rounds N] [--quick] [--strict] [--baseline path/to/dist/index.js]
 *                      [--no-stateful] [--charts]
 *
 * --baseline adds "otpkit before": another build of otpkit (e.g. of the main branch) timed in the
 * same rounds. --charts writes docs/img/bench-*.svg from this run (bench/charts.mjs).
 *
 * Exit code: 1 if a library fails the RFC vectors (it is then not timed) or otpkit gives a
 * single wrong answer during the timed runs (a code judged wrongly for the time step it was
 * computed for), 2 if a target is missed and --strict was given, else 0. A peer's wrong answers
 * are counted and printed.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measureCompressions, measureNativeSha1 } from './limit.mjs';
import { makeLatencyLoop, makeThroughputLoop, median, now, percentile, runBatch, timerOverhead } from './measure.mjs';
import { loadOtpkit, makeAdapters } from './peers.mjs';
import { checkAdapter, stepNow } from './reference.mjs';
import { evaluateTargets, machine, printReport } from './report.mjs';
import { credentials, mix, withTokens } from './workload.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const json = args.includes('--json');
const quick = args.includes('--quick');
const strict = args.includes('--strict');
const ROUNDS = option('--rounds') ? Number(option('--rounds')) : quick ? 3 : 7;
const STORM_ROUNDS = Math.min(ROUNDS, quick ? 2 : 3);
const BATCH_SECONDS = quick ? 0.1 : 0.2;
const LATENCY_CALLS = 5_000; // per library per round
const POOL = 1_024; // distinct credentials per verify case
const STORM = 100_000; // distinct (secret, code) pairs in the login storm
const log = json ? () => {} : (line) => process.stderr.write(`${line}\n`);

const started = machine();
const otpkit = await loadOtpkit();
const baselinePath = option('--baseline');
const baseline = baselinePath ? await loadOtpkit(baselinePath) : undefined;
const adapters = makeAdapters(otpkit, { baseline });
const tallies = new Map(adapters.map((a) => [a.name, { wrong: 0, stale: 0, calls: 0 }]));
const warmTally = { wrong: 0, stale: 0, calls: 0 };

log('checking every library against RFC 6238 Appendix B and the cases’ expectations…');
try {
  for (const adapter of adapters) checkAdapter(adapter);
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

// kind: generate | text (secret as base32 text per request) | cached (what a server keeps per credential)
const CASES = [
  { id: 'generate', label: 'generate, SHA1', algorithm: 'SHA1', kind: 'generate' },
  { id: 'verify-current', label: 'right code (T), SHA1', algorithm: 'SHA1', kind: 'text', pick: () => 'current' },
  { id: 'verify-previous', label: 'right code (T−1), SHA1', algorithm: 'SHA1', kind: 'text', pick: () => 'previous' },
  { id: 'verify-wrong', label: 'wrong code, SHA1', algorithm: 'SHA1', kind: 'text', pick: () => 'wrong' },
  { id: 'verify-mix', label: 'mix 70/15/15, SHA1', algorithm: 'SHA1', kind: 'text', pick: mix },
  { id: 'verify-wrong-sha256', label: 'wrong code, SHA256', algorithm: 'SHA256', kind: 'text', pick: () => 'wrong' },
  { id: 'verify-wrong-sha512', label: 'wrong code, SHA512', algorithm: 'SHA512', kind: 'text', pick: () => 'wrong' },
  { id: 'cached-current', label: 'cached key: right code (T)', algorithm: 'SHA1', kind: 'cached', pick: () => 'current' },
  { id: 'cached-wrong', label: 'cached key: wrong code', algorithm: 'SHA1', kind: 'cached', pick: () => 'wrong' },
  { id: 'cached-wrong-sha512', label: 'cached key: wrong, SHA512', algorithm: 'SHA512', kind: 'cached', pick: () => 'wrong' },
];

const pools = {
  SHA1: credentials('SHA1', POOL, 1),
  SHA256: credentials('SHA256', POOL, 256),
  SHA512: credentials('SHA512', POOL, 512),
};
const stormCreds = credentials('SHA1', STORM, 4226);

/** The call under test for a case and library. */
function callFor(testCase, adapter) {
  const { algorithm } = testCase;
  if (testCase.kind === 'generate') return (item) => adapter.generate(item.secret, algorithm).length;
  if (testCase.kind === 'cached') return (item) => adapter.verifyCached(item.handle, item.token);
  return (item) => adapter.verify(item.secret, item.token, algorithm);
}

// Cached handles are made once per library (what a server keeps); codes are made per batch.
const handles = new Map();
function itemsFor(testCase, adapter) {
  const creds = pools[testCase.algorithm];
  if (testCase.kind === 'generate') return creds.map((c) => ({ secret: c.secret, expect: 6 }));
  const items = withTokens(creds, testCase.algorithm, testCase.pick);
  if (testCase.kind === 'cached') {
    const key = `${adapter.name}/${testCase.algorithm}`;
    if (!handles.has(key))
      handles.set(
        key,
        creds.map((c) => adapter.cache(c.secret, testCase.algorithm)),
      );
    const made = handles.get(key);
    for (let i = 0; i < items.length; i++) items[i].handle = made[i];
  }
  return items;
}

const supports = (adapter, testCase) => adapter.algorithms.includes(testCase.algorithm);
const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length]);

// Warm-up and calibration: every (case, library) runs until its rate settles, which also sets
// the batch size (about BATCH_SECONDS of work per batch).
log(`warming up and calibrating (${adapters.length} libraries, ${CASES.length} cases)…`);
const plan = new Map();
for (const testCase of CASES) {
  for (const adapter of adapters) {
    if (!supports(adapter, testCase)) continue;
    const loop = makeThroughputLoop();
    const fn = callFor(testCase, adapter);
    const build = () => itemsFor(testCase, adapter);
    let rate = runBatch(loop, fn, build, 500, warmTally, stepNow);
    for (let i = 0; i < 3; i++) {
      rate = runBatch(loop, fn, build, Math.max(500, Math.round(rate * BATCH_SECONDS * 0.5)), warmTally, stepNow);
    }
    plan.set(`${testCase.id}/${adapter.name}`, { loop, fn, build, count: Math.max(500, Math.round(rate * BATCH_SECONDS)), rates: [] });
  }
}

for (let round = 0; round < ROUNDS; round++) {
  log(`round ${round + 1}/${ROUNDS}…`);
  for (const testCase of CASES) {
    for (const adapter of rotate(adapters, round)) {
      if (!supports(adapter, testCase)) continue;
      const slot = plan.get(`${testCase.id}/${adapter.name}`);
      slot.rates.push(runBatch(slot.loop, slot.fn, slot.build, slot.count, tallies.get(adapter.name), stepNow));
    }
  }
}

// Login storm: 100,000 different credentials, half of the codes right, each verified once;
// the codes are made just before each library's batch.
const storm = new Map(adapters.map((a) => [a.name, { loop: makeThroughputLoop(), rates: [] }]));
for (let round = 0; round < STORM_ROUNDS; round++) {
  log(`login storm ${round + 1}/${STORM_ROUNDS} (${STORM.toLocaleString('en')} pairs per library)…`);
  for (const adapter of rotate(adapters, round)) {
    const slot = storm.get(adapter.name);
    const fn = (item) => adapter.verify(item.secret, item.token, 'SHA1');
    const build = () => withTokens(stormCreds, 'SHA1', (i) => (i % 2 === 0 ? 'current' : 'wrong'));
    slot.rates.push(runBatch(slot.loop, fn, build, STORM, tallies.get(adapter.name), stepNow));
  }
}

// Latency of single right-code verifications (secret text, SHA1), each call timed on its own.
log('latency…');
const latency = new Map(adapters.map((a) => [a.name, { loop: makeLatencyLoop(), samples: new Float64Array(ROUNDS * LATENCY_CALLS) }]));
const latencyCase = CASES[1];
for (let round = 0; round < ROUNDS; round++) {
  for (const adapter of rotate(adapters, round)) {
    const slot = latency.get(adapter.name);
    const step = stepNow();
    const items = itemsFor(latencyCase, adapter);
    const at = round * LATENCY_CALLS;
    const local = { wrong: 0, calls: 0 };
    slot.loop(callFor(latencyCase, adapter), items, LATENCY_CALLS, slot.samples, at, now, local);
    const tally = tallies.get(adapter.name);
    tally.calls += local.calls;
    if (local.wrong > 0 && stepNow() !== step) tally.stale += local.wrong;
    else tally.wrong += local.wrong;
  }
}
const overhead = timerOverhead();

log('allocation (child process)…');
const child = spawnSync(
  process.execPath,
  ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', fileURLToPath(new URL('alloc.mjs', import.meta.url))],
  { encoding: 'utf8' },
);
if (child.status !== 0) {
  process.stderr.write(child.stderr);
  process.exit(1);
}
const allocation = JSON.parse(child.stdout);

log('limits: otpkit’s SHA-1 block and OpenSSL’s SHA-1 (compressions/s, medians)…');
const limit = await measureCompressions({ rounds: quick ? 3 : 7 });
const native = measureNativeSha1({ rounds: quick ? 3 : 7 });

let stateful = null;
if (!args.includes('--no-stateful')) {
  log('stateful verification over stores…');
  const { runStateful } = await import('./stateful.mjs');
  // With --baseline, the stores of that build (its redis.js and postgres.js beside index.js) run
  // its own verifier as the "before" path: the targets compare the one-call store with it.
  const before = baseline
    ? {
        index: baseline,
        redis: await import(pathToFileURL(resolve(dirname(baselinePath), 'redis.js')).href),
        postgres: await import(pathToFileURL(resolve(dirname(baselinePath), 'postgres.js')).href),
      }
    : null;
  stateful = await runStateful({ otpkit, before, quick, log });
}

// Issue #11 item 3: the memory-store verifier against the --baseline build, right codes with a
// cached key and bytes per verification (bench/verifier-memory.mjs, its own child process).
let memoryVerifier = null;
if (baselinePath) {
  log('memory-store verifier against the baseline (child process)…');
  const mem = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--min-semi-space-size=64',
      '--max-semi-space-size=64',
      fileURLToPath(new URL('verifier-memory.mjs', import.meta.url)),
      '--before',
      resolve(baselinePath),
      '--json',
    ],
    { encoding: 'utf8' },
  );
  if (mem.status !== 0) {
    process.stderr.write(mem.stderr);
    process.exit(1);
  }
  memoryVerifier = JSON.parse(mem.stdout);
}

const libraryNames = adapters.map((a) => a.name);
const results = {
  machine: { ...started, loadAverageAfter: machine().loadAverage },
  rounds: ROUNDS,
  stormRounds: STORM_ROUNDS,
  libraries: adapters.map((a) => ({ name: a.name, version: a.version, algorithms: a.algorithms, own: a.own === true })),
  cases: Object.fromEntries(
    [...CASES, { id: 'login-storm', label: `login storm, ${STORM / 1000}k secrets`, kind: 'text' }].map((testCase) => [
      testCase.id,
      {
        label: testCase.label,
        kind: testCase.kind,
        opsPerSecond: Object.fromEntries(
          libraryNames
            .map((name) => {
              const rates = testCase.id === 'login-storm' ? storm.get(name).rates : plan.get(`${testCase.id}/${name}`)?.rates;
              return rates ? [name, { median: median(rates), rounds: rates }] : null;
            })
            .filter(Boolean),
        ),
      },
    ]),
  ),
  latencyMicroseconds: Object.fromEntries(
    [...latency].map(([name, { samples }]) => [
      name,
      { p50: percentile(samples, 50) * 1000, p99: percentile(samples, 99) * 1000, samples: samples.length },
    ]),
  ),
  timerOverheadMicroseconds: overhead * 1000,
  wrongAnswers: Object.fromEntries([...tallies].map(([name, t]) => [name, { wrong: t.wrong, stale: t.stale, calls: t.calls }])),
  allocationBytesPerVerify: allocation,
  limit: {
    otpkitSha1CompressionsPerSecond: limit.median,
    otpkitSha1NanosecondsPerCompression: 1e9 / limit.median,
    nativeSha1CompressionsPerSecond: native.median,
    nativeSha1NanosecondsPerCompression: 1e9 / native.median,
    compressionsPerWrongCodeFromText: 8,
    compressionsPerWrongCodeCached: 6,
  },
  stateful,
  memoryVerifier,
};
results.targets = evaluateTargets(results);

if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else printReport(results);
if (args.includes('--charts')) {
  const { writeCharts } = await import('./charts.mjs');
  const written = await writeCharts(results);
  log(`charts: ${written.join(', ')}`);
}
const out = option('--out');
if (out) writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
if (tallies.get('otpkit').wrong > 0 || (stateful && stateful.wrong > 0)) process.exit(1);
if (strict && results.targets.some((t) => !t.pass)) process.exit(2);
