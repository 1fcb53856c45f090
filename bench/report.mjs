/** The machine description, the targets (issues #6 and #11), and the printed tables. */
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { BEFORE } from './stateful.mjs';

export function machine() {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Names of the rows that are peers (not otpkit itself, its bytes path or its baseline). */
export const peerNames = (results) => results.libraries.filter((l) => !l.own).map((l) => l.name);

/**
 * Fastest peer of a case and otpkit's ratio to it. Like for like: a text case against the
 * peers' text rates, a cached case against their cached forms.
 */
export function versus(results, caseId, name = 'otpkit') {
  const rates = results.cases[caseId].opsPerSecond;
  let best = null;
  for (const peer of peerNames(results)) {
    const r = rates[peer];
    if (r && (!best || r.median > best.rate)) best = { name: peer, rate: r.median };
  }
  const own = rates[name]?.median;
  return { own, best, ratio: own === undefined ? undefined : own / best.rate };
}

export function evaluateTargets(results) {
  const targets = [];
  const throughput = (caseId, need, what, issue) => {
    const v = versus(results, caseId);
    targets.push({ id: caseId, issue, what, need: `≥ ${need}×`, got: v.ratio, against: v.best.name, pass: v.ratio >= need });
  };
  throughput('verify-current', 7, 'right code (T), secret as text', 11);
  throughput('verify-previous', 5, 'right code (T−1), secret as text', 11);
  throughput('generate', 6, 'generate, secret as text', 11);
  throughput('verify-wrong', 9, 'wrong code, secret as text', 11);
  throughput('login-storm', 6, 'login storm of 100,000 different secrets', 6);
  throughput('verify-wrong-sha256', 3, 'SHA-256 wrong code', 6);
  throughput('verify-wrong-sha512', 3, 'SHA-512 wrong code', 6);
  const lat = results.latencyMicroseconds;
  let bestP99 = null;
  for (const name of peerNames(results)) if (!bestP99 || lat[name].p99 < bestP99.p99) bestP99 = { name, p99: lat[name].p99 };
  targets.push({
    id: 'p99',
    issue: 6,
    what: 'p99 latency of a right code',
    need: '≤ ¼ of the best peer p99',
    got: lat.otpkit.p99 / bestP99.p99,
    against: bestP99.name,
    pass: lat.otpkit.p99 <= bestP99.p99 / 4,
  });
  const bytes = results.allocationBytesPerVerify.otpkit.verifyText;
  targets.push({
    id: 'allocation',
    issue: 6,
    what: 'bytes allocated per verify',
    need: '≤ 1024 B',
    got: bytes,
    pass: bytes !== null && bytes <= 1024,
  });
  if (results.stateful) targets.push(...statefulTargets(results.stateful));
  const memory = results.memoryVerifier;
  if (memory) {
    const before = memory.rows.find((r) => r.case.startsWith('before'));
    const after = memory.rows.find((r) => r.case.startsWith('after (MemoryVerificationStore'));
    if (before && after) {
      const ratio = after.perSecond / before.perSecond;
      targets.push({
        id: 'memory-verifier',
        issue: 11,
        what: 'memory-store verifier: right codes',
        need: '≥ 2×',
        got: ratio,
        against: '0.1',
        pass: ratio >= 2,
      });
      targets.push({
        id: 'memory-allocation',
        issue: 11,
        what: 'memory-store verifier: bytes per verification',
        need: '≤ 1024 B',
        got: after.bytesPerCall,
        pass: after.bytesPerCall !== null && after.bytesPerCall <= 1024,
      });
    }
  }
  return targets;
}

/**
 * Issue #11's stateful targets, from the same run: one round trip per verification on every store
 * (all requests, right and wrong codes), and the one-call store's rate against "today's" 3-call
 * path: the 0.1 build's own verifier and stores when `--baseline` gave one, else this build's
 * 0.1 store pair (noted as such).
 */
function statefulTargets(stateful) {
  const out = [];
  const rows = stateful.rows.filter((r) => !r.skipped);
  for (const row of rows.filter((r) => r.path === 'otpkit one call' && r.roundTrips)) {
    const t = row.roundTrips;
    const worst = Math.max(t.all, t.right, t.wrong);
    out.push({
      id: `trips-${row.store}`,
      issue: 11,
      what: `${row.store}: round trips per verification`,
      need: '= 1',
      got: worst,
      pass: worst === 1,
    });
  }
  for (const [store, need] of [
    ['Redis', 2.5],
    ['PostgreSQL', 3],
  ]) {
    const one = rows.find((r) => r.store === store && r.path === 'otpkit one call');
    const before =
      rows.find((r) => r.store === store && r.path === BEFORE) ?? rows.find((r) => r.store === store && r.path.startsWith('otpkit 3-call'));
    if (!one?.rightPerSecond || !before?.rightPerSecond) continue;
    const ratio = one.rightPerSecond / before.rightPerSecond;
    const against = before.path === BEFORE ? '0.1' : 'this build’s 0.1 pair';
    out.push({
      id: `stateful-${store}`,
      issue: 11,
      what: `${store}: right codes, one call vs 3-call`,
      need: `≥ ${need}×`,
      got: ratio,
      against,
      pass: ratio >= need,
    });
  }
  return out;
}

const fmtRate = (x) =>
  x === undefined ? '—' : x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e4 ? `${Math.round(x / 1e3)}k` : `${(x / 1e3).toFixed(1)}k`;
const pad = (s, n) => String(s).padStart(n);
const short = (name) => (name === 'otpkit via bytes' ? 'via bytes' : name === 'otpkit before' ? 'before' : name);

export function printReport(r) {
  const names = r.libraries.map((l) => l.name);
  const m = r.machine;
  const out = [];
  out.push('');
  out.push(`otpkit verification throughput — ${m.cpu}, ${m.cores} cores, ${m.os}, Node ${m.node} (V8 ${m.v8})`);
  out.push(
    `load average ${m.loadAverage.join(' ')} before, ${m.loadAverageAfter.join(' ')} after; ${r.rounds} rounds (storm ${r.stormRounds}), medians`,
  );
  out.push(`libraries: ${r.libraries.map((l) => `${l.name} ${l.version}`).join(', ')}`);
  out.push('');
  out.push('calls per second (median of rounds), 6 digits, window ±1 step; codes made just before each library’s batch');
  out.push('ratio: otpkit against the fastest peer in the same case (text against text, cached against cached)');
  const width = 30;
  const col = 11;
  out.push(`${'case'.padEnd(width)}${names.map((n) => pad(short(n), col)).join('')}${pad('best peer', 12)}${pad('ratio', 7)}`);
  for (const [id, c] of Object.entries(r.cases)) {
    const v = versus(r, id);
    out.push(
      `${c.label.padEnd(width)}${names.map((n) => pad(fmtRate(c.opsPerSecond[n]?.median), col)).join('')}` +
        `${pad(v.best.name, 12)}${pad(`${v.ratio.toFixed(1)}×`, 7)}`,
    );
  }
  out.push('"via bytes": otpkit’s verifyTOTP(decodeSecret(secret), …) in the same build; "before": the --baseline build');
  out.push('cached key: otpkit’s prepareKey; an otpauth TOTP instance; decoded key bytes for the others');
  out.push('');
  out.push(`latency of one right-code verification from text, µs (timer overhead ${r.timerOverheadMicroseconds.toFixed(2)} µs included)`);
  out.push(`${''.padEnd(width)}${names.map((n) => pad(short(n), col)).join('')}`);
  for (const p of ['p50', 'p99'])
    out.push(`${p.padEnd(width)}${names.map((n) => pad(r.latencyMicroseconds[n][p].toFixed(2), col)).join('')}`);
  out.push('');
  out.push('bytes allocated per verification (SHA1; median of GC-free trials)');
  for (const [label, key] of [
    ['secret as text', 'verifyText'],
    ['cached key', 'verifyCached'],
  ]) {
    out.push(`${label.padEnd(width)}${names.map((n) => pad(r.allocationBytesPerVerify[n]?.[key] ?? '—', col)).join('')}`);
  }
  out.push('');
  const l = r.limit;
  out.push(
    `SHA-1 per compression (medians): OpenSSL ${l.nativeSha1NanosecondsPerCompression.toFixed(1)} ns, otpkit's JavaScript block ` +
      `${l.otpkitSha1NanosecondsPerCompression.toFixed(1)} ns: ${((l.nativeSha1NanosecondsPerCompression / l.otpkitSha1NanosecondsPerCompression) * 100).toFixed(0)}% of native speed`,
  );
  for (const [id, n] of [
    ['verify-wrong', l.compressionsPerWrongCodeFromText],
    ['cached-wrong', l.compressionsPerWrongCodeCached],
  ]) {
    const rate = r.cases[id].opsPerSecond.otpkit.median;
    const jsLimit = l.otpkitSha1CompressionsPerSecond / n;
    const nativeLimit = l.nativeSha1CompressionsPerSecond / n;
    out.push(
      `  ${r.cases[id].label} (${n} compressions): ${fmtRate(rate)}/s = ${((rate / jsLimit) * 100).toFixed(0)}% of the JavaScript block's limit ` +
        `(${fmtRate(jsLimit)}/s), ${((rate / nativeLimit) * 100).toFixed(0)}% of the native limit (${fmtRate(nativeLimit)}/s)`,
    );
  }
  out.push('');
  const wrong = Object.entries(r.wrongAnswers).filter(([, t]) => t.wrong > 0);
  out.push(
    wrong.length === 0
      ? 'wrong answers during the timed runs: none'
      : `wrong answers during the timed runs: ${wrong.map(([n, t]) => `${n} ${t.wrong} of ${t.calls.toLocaleString('en')}`).join(', ')}`,
  );
  const stale = Object.entries(r.wrongAnswers).filter(([, t]) => t.stale > 0);
  if (stale.length > 0) {
    out.push(
      `  not counted (the time step changed during the batch, so the right answer moved): ${stale.map(([n, t]) => `${n} ${t.stale}`).join(', ')}`,
    );
  }
  if (r.stateful) printStateful(r.stateful, out);
  if (r.memoryVerifier) {
    out.push('');
    out.push(
      `memory-store verifier, right codes with a cached key (bench/verifier-memory.mjs, ${r.memoryVerifier.rounds} rounds, medians)`,
    );
    for (const row of r.memoryVerifier.rows) {
      out.push(`${row.case.padEnd(50)}${pad(fmtRate(row.perSecond), 10)}/s ${pad(`${row.bytesPerCall ?? '?'} B`, 10)} per verification`);
    }
  }
  out.push('');
  out.push('targets');
  for (const t of r.targets) {
    const got =
      t.id === 'allocation' || t.id === 'memory-allocation'
        ? `${t.got} B`
        : t.id.startsWith('trips-')
          ? t.got.toFixed(2)
          : `${t.got.toFixed(2)}×`;
    out.push(
      `  ${t.pass ? 'PASS' : 'FAIL'}  #${t.issue} ${t.what.padEnd(44)} ${t.need.padEnd(26)} ${got}${t.against ? ` (vs ${t.against})` : ''}`,
    );
  }
  const failed = r.targets.filter((t) => !t.pass).length;
  out.push(failed === 0 ? 'every target met' : `${failed} target(s) missed`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function printStateful(s, out) {
  out.push('');
  out.push(
    `stateful verification: ${s.concurrency} concurrent requests from one process, ${s.credentials} credentials, the mix 70/15/15 ` +
      `(right codes of T and T−1, wrong), ${s.rounds} rounds, medians`,
  );
  out.push(
    `${'store / path'.padEnd(50)}${pad('verif./s', 10)}${pad('right/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('trips', 7)}${pad('right', 7)}${pad('wrong', 7)}`,
  );
  for (const row of s.rows) {
    if (row.skipped) {
      out.push(`${`${row.store} / ${row.path}`.padEnd(50)}skipped: ${row.skipped}`);
      continue;
    }
    out.push(
      `${`${row.store} / ${row.path}`.padEnd(50)}${pad(fmtRate(row.perSecond), 10)}${pad(row.rightPerSecond ? fmtRate(row.rightPerSecond) : '—', 10)}${pad(row.p50Ms.toFixed(2), 9)}${pad(row.p99Ms.toFixed(2), 9)}` +
        (row.roundTrips
          ? `${pad(row.roundTrips.all.toFixed(2), 7)}${pad(row.roundTrips.right.toFixed(2), 7)}${pad(row.roundTrips.wrong.toFixed(2), 7)}`
          : `${pad('in process', 21)}`),
    );
  }
  out.push('verif./s: the mix; right/s: right codes of the current step only, same paths, interleaved rounds');
  out.push('trips: store round trips per verification (all, right codes, wrong codes), counted on the client');
  if (s.wrong > 0) out.push(`stateful wrong answers: ${s.wrong}`);
}
