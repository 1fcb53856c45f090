/** The machine description, the targets of issue #6, and the printed table. */
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

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

const PEER = (name) => name !== 'otpkit';

/** Fastest peer of a case and otpkit's ratio to it. */
function versus(results, caseId) {
  const rates = results.cases[caseId].opsPerSecond;
  let best = null;
  for (const [name, r] of Object.entries(rates)) if (PEER(name) && (!best || r.median > best.rate)) best = { name, rate: r.median };
  return { own: rates.otpkit.median, best, ratio: rates.otpkit.median / best.rate };
}

export function evaluateTargets(results) {
  const targets = [];
  const throughput = (caseId, need, what) => {
    const v = versus(results, caseId);
    targets.push({ id: caseId, what, need: `≥ ${need}×`, got: v.ratio, against: v.best.name, pass: v.ratio >= need });
  };
  throughput('verify-valid', 6, 'SHA-1 verify-valid, secret as text');
  throughput('verify-invalid', 6, 'SHA-1 verify-invalid, secret as text');
  throughput('login-storm', 6, 'login storm of 100,000 different secrets');
  throughput('verify-invalid-sha256', 3, 'SHA-256 verify-invalid');
  throughput('verify-invalid-sha512', 3, 'SHA-512 verify-invalid');
  // The issue's wording: a prepared key against the fastest peer on verify-invalid (which the
  // issue measured per request, secret as text). The stricter comparison with each peer's own
  // cached form is printed with the table, not graded.
  const prepared = results.cases['verify-invalid-cached'].opsPerSecond.otpkit.median;
  const invalid = versus(results, 'verify-invalid');
  targets.push({
    id: 'prepared',
    what: "prepared key verify-invalid vs fastest peer's verify-invalid",
    need: '≥ 15×',
    got: prepared / invalid.best.rate,
    against: invalid.best.name,
    pass: prepared / invalid.best.rate >= 15,
  });
  const lat = results.latencyMicroseconds;
  let bestP99 = null;
  for (const [name, l] of Object.entries(lat)) if (PEER(name) && (!bestP99 || l.p99 < bestP99.p99)) bestP99 = { name, p99: l.p99 };
  targets.push({
    id: 'p99',
    what: 'p99 latency of verify-valid',
    need: '≤ ¼ of the best peer p99',
    got: lat.otpkit.p99 / bestP99.p99,
    against: bestP99.name,
    pass: lat.otpkit.p99 <= bestP99.p99 / 4,
  });
  const bytes = results.allocationBytesPerVerify.otpkit.verifyText;
  targets.push({
    id: 'allocation',
    what: 'bytes allocated per verify',
    need: '≤ 1024 B',
    got: bytes,
    pass: bytes !== null && bytes <= 1024,
  });
  throughput('generate', 5, 'generate, secret as text');
  return targets;
}

const fmtRate = (x) =>
  x === undefined ? '—' : x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e4 ? `${Math.round(x / 1e3)}k` : `${(x / 1e3).toFixed(1)}k`;
const pad = (s, n) => String(s).padStart(n);

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
  out.push('calls per second (median of rounds), 6 digits, window ±1 step, secret as base32 text unless "cached key"');
  const width = 34;
  out.push(`${'case'.padEnd(width)}${names.map((n) => pad(n, 12)).join('')}${pad('best peer', 14)}${pad('ratio', 8)}`);
  for (const [id, c] of Object.entries(r.cases)) {
    const v = versus(r, id);
    out.push(
      `${c.label.padEnd(width)}${names.map((n) => pad(fmtRate(c.opsPerSecond[n]?.median), 12)).join('')}` +
        `${pad(v.best.name, 14)}${pad(`${v.ratio.toFixed(1)}×`, 8)}`,
    );
  }
  out.push(
    '"cached key": otpkit\'s prepareKey against what each peer lets a server keep per credential ' +
      '(an otpauth TOTP instance, decoded key bytes for the others)',
  );
  out.push('');
  out.push(`latency of one valid verification, µs (timer overhead ${r.timerOverheadMicroseconds.toFixed(2)} µs included)`);
  out.push(`${''.padEnd(width)}${names.map((n) => pad(n, 12)).join('')}`);
  for (const p of ['p50', 'p99']) {
    out.push(`${p.padEnd(width)}${names.map((n) => pad(r.latencyMicroseconds[n][p].toFixed(2), 12)).join('')}`);
  }
  out.push('');
  out.push('bytes allocated per verification (SHA1; median of GC-free trials)');
  for (const [label, key] of [
    ['secret as text', 'verifyText'],
    ['cached key', 'verifyCached'],
  ]) {
    out.push(`${label.padEnd(width)}${names.map((n) => pad(r.allocationBytesPerVerify[n][key] ?? '—', 12)).join('')}`);
  }
  out.push('');
  const limit = r.limit.sha1CompressionsPerSecond / r.limit.compressionsPerVerification;
  const prepared = r.cases['verify-invalid-cached'].opsPerSecond.otpkit.median;
  out.push(
    `physical limit: otpkit's SHA-1 block runs ${fmtRate(r.limit.sha1CompressionsPerSecond)} compressions/s = ${fmtRate(limit)} verifications/s at 6 per ±1 verification;`,
  );
  out.push(
    `  prepared-key verify-invalid reaches ${fmtRate(prepared)}/s: ${((prepared / limit) * 100).toFixed(0)}% of that, ` +
      `${((prepared / r.limit.issueLimitVerificationsPerSecond) * 100).toFixed(0)}% of the issue's 4.5M/s (native-speed SHA-1)`,
  );
  out.push('');
  const wrong = Object.entries(r.wrongAnswers).filter(([, t]) => t.wrong > 0);
  out.push(
    wrong.length === 0
      ? 'wrong answers during the timed runs: none'
      : `wrong answers during the timed runs: ${wrong.map(([n, t]) => `${n} ${t.wrong} of ${t.calls.toLocaleString('en')}`).join(', ')}`,
  );
  out.push('');
  out.push('targets (issue #6)');
  for (const t of r.targets) {
    const got = t.id === 'allocation' ? `${t.got} B` : `${t.got.toFixed(2)}×`;
    out.push(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.what.padEnd(62)} ${t.need.padEnd(26)} ${got}${t.against ? ` (vs ${t.against})` : ''}`);
  }
  const failed = r.targets.filter((t) => !t.pass).length;
  out.push(failed === 0 ? 'every target met' : `${failed} target(s) missed`);
  process.stdout.write(`${out.join('\n')}\n`);
}
