/**
 * otpkit throughput benchmark against its peers, in one process, libraries interleaved within
 * each round, several rounds, medians. See docs/benchmarks.md for the method.
 *
 *   npm run bench                      build otpkit, install bench deps, run (≈ 3 minutes)
 *   node --expose-gc bench/run.mjs [--json] [--rounds N] [--quick]
 *
 * Exit code: 1 if a library fails the RFC vectors (it is then not timed) or otpkit gives a
 * single wrong answer during the timed runs, 2 if a target is missed and --strict was given,
 * else 0. A peer's wrong answers during the timed runs are counted and printed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measureCompressions } from './limit.mjs';
import { makeLatencyLoop, makeThroughputLoop, median, now, percentile, runBatch, timerOverhead } from './measure.mjs';
import { loadOtpkit, makeAdapters } from './peers.mjs';
import { checkAdapter } from './reference.mjs';
import { evaluateTargets, machine, printReport } from './report.mjs';
import { credentials, withTokens } from './workload.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const strict = args.includes('--strict');
const roundsArg = args.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Number(args[roundsArg + 1]) : quick ? 3 : 7;
const STORM_ROUNDS = Math.min(ROUNDS, quick ? 2 : 5);
const BATCH_SECONDS = quick ? 0.1 : 0.2;
const LATENCY_CALLS = 5_000; // per library per round
const POOL = 1_024; // distinct credentials per verify case
const STORM = 100_000; // distinct (secret, code) pairs in the login storm
const log = json ? () => {} : (line) => process.stderr.write(`${line}\n`);

if (typeof globalThis.gc !== 'function') log('note: run with node --expose-gc so each batch starts after a full GC');

const started = machine();
const otpkit = await loadOtpkit();
const adapters = makeAdapters(otpkit);
const tallies = new Map(adapters.map((a) => [a.name, { wrong: 0, calls: 0 }]));
const warmTally = { wrong: 0, calls: 0 };

log('checking every library against RFC 6238 Appendix B and the cases’ expectations…');
try {
  for (const adapter of adapters) checkAdapter(adapter);
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const CASES = [
  { id: 'generate', label: 'generate, SHA1', algorithm: 'SHA1', kind: 'generate' },
  { id: 'verify-valid', label: 'verify valid, SHA1', algorithm: 'SHA1', kind: 'verify', valid: true },
  { id: 'verify-invalid', label: 'verify invalid, SHA1', algorithm: 'SHA1', kind: 'verify', valid: false },
  { id: 'verify-invalid-sha256', label: 'verify invalid, SHA256', algorithm: 'SHA256', kind: 'verify', valid: false },
  { id: 'verify-invalid-sha512', label: 'verify invalid, SHA512', algorithm: 'SHA512', kind: 'verify', valid: false },
  { id: 'verify-invalid-cached', label: 'verify invalid, SHA1, cached key', algorithm: 'SHA1', kind: 'cached', valid: false },
  {
    id: 'verify-invalid-sha512-cached',
    label: 'verify invalid, SHA512, cached key',
    algorithm: 'SHA512',
    kind: 'cached',
    valid: false,
  },
];

const pools = {
  SHA1: credentials('SHA1', POOL, 1),
  SHA256: credentials('SHA256', POOL, 256),
  SHA512: credentials('SHA512', POOL, 512),
};
const stormCreds = credentials('SHA1', STORM, 4226);

/** The call under test for a case and library, over items built by `itemsFor`. */
function callFor(testCase, adapter) {
  const { algorithm } = testCase;
  if (testCase.kind === 'generate') return (item) => adapter.generate(item.secret, algorithm).length;
  if (testCase.kind === 'cached') return (item) => adapter.verifyCached(item.handle, item.token);
  return (item) => adapter.verify(item.secret, item.token, algorithm);
}

function itemsFor(testCase, adapter) {
  const creds = pools[testCase.algorithm];
  if (testCase.kind === 'generate') return creds.map((c) => ({ secret: c.secret, expect: 6 }));
  const items = withTokens(creds, testCase.algorithm, () => testCase.valid);
  if (testCase.kind === 'cached') {
    for (const item of items) item.handle = adapter.cache(item.secret, testCase.algorithm);
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
    const items = itemsFor(testCase, adapter);
    let rate = runBatch(loop, fn, items, 500, warmTally);
    for (let i = 0; i < 3; i++) {
      rate = runBatch(loop, fn, items, Math.max(500, Math.round(rate * BATCH_SECONDS * 0.5)), warmTally);
    }
    plan.set(`${testCase.id}/${adapter.name}`, { loop, fn, count: Math.max(500, Math.round(rate * BATCH_SECONDS)), rates: [] });
  }
}

for (let round = 0; round < ROUNDS; round++) {
  log(`round ${round + 1}/${ROUNDS}…`);
  for (const testCase of CASES) {
    for (const adapter of rotate(adapters, round)) {
      if (!supports(adapter, testCase)) continue;
      const slot = plan.get(`${testCase.id}/${adapter.name}`);
      slot.rates.push(runBatch(slot.loop, slot.fn, itemsFor(testCase, adapter), slot.count, tallies.get(adapter.name)));
    }
  }
}

// Login storm: 100,000 different credentials, half of the codes right, each verified once.
const storm = new Map(adapters.map((a) => [a.name, { loop: makeThroughputLoop(), rates: [] }]));
for (let round = 0; round < STORM_ROUNDS; round++) {
  log(`login storm ${round + 1}/${STORM_ROUNDS} (${STORM.toLocaleString('en')} pairs per library)…`);
  const items = withTokens(stormCreds, 'SHA1', (i) => i % 2 === 0);
  for (const adapter of rotate(adapters, round)) {
    const slot = storm.get(adapter.name);
    const fn = (item) => adapter.verify(item.secret, item.token, 'SHA1');
    slot.rates.push(runBatch(slot.loop, fn, items, STORM, tallies.get(adapter.name)));
  }
}

// Latency of single valid verifications (secret text, SHA1), each call timed on its own.
log('latency…');
const latency = new Map(adapters.map((a) => [a.name, { loop: makeLatencyLoop(), samples: new Float64Array(ROUNDS * LATENCY_CALLS) }]));
const latencyCase = CASES[1];
for (let round = 0; round < ROUNDS; round++) {
  for (const adapter of rotate(adapters, round)) {
    const slot = latency.get(adapter.name);
    const items = itemsFor(latencyCase, adapter);
    globalThis.gc?.();
    const at = round * LATENCY_CALLS;
    slot.loop(callFor(latencyCase, adapter), items, LATENCY_CALLS, slot.samples, at, now, tallies.get(adapter.name));
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

log('physical limit (SHA-1 compressions/s)…');
const limit = await measureCompressions({ rounds: quick ? 3 : 7 });

const results = {
  machine: { ...started, loadAverageAfter: machine().loadAverage },
  rounds: ROUNDS,
  stormRounds: STORM_ROUNDS,
  libraries: adapters.map((a) => ({ name: a.name, version: a.version, algorithms: a.algorithms })),
  cases: Object.fromEntries(
    [...CASES, { id: 'login-storm', label: `login storm, ${STORM / 1000}k secrets, SHA1` }].map((testCase) => [
      testCase.id,
      {
        label: testCase.label,
        opsPerSecond: Object.fromEntries(
          adapters
            .map((a) => {
              const rates = testCase.id === 'login-storm' ? storm.get(a.name).rates : plan.get(`${testCase.id}/${a.name}`)?.rates;
              return rates ? [a.name, { median: median(rates), rounds: rates }] : null;
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
  wrongAnswers: Object.fromEntries([...tallies].map(([name, t]) => [name, { wrong: t.wrong, calls: t.calls }])),
  allocationBytesPerVerify: allocation,
  limit: {
    sha1CompressionsPerSecond: limit.compressionsPerSecond,
    compressionsPerVerification: 6,
    issueLimitVerificationsPerSecond: 4_500_000,
  },
};
results.targets = evaluateTargets(results);

if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else printReport(results);
if (tallies.get('otpkit').wrong > 0) process.exit(1);
if (strict && results.targets.some((t) => !t.pass)) process.exit(2);
