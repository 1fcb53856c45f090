/**
 * Interoperability with two independent implementations run as real processes: oathtool (OATH
 * Toolkit, C) and pyotp (Python). Cases are random but seeded, so a failure is reproducible:
 * the seed is printed in the test name. Expected values come from the peers, never from otpkit.
 */
import { describe, expect, it } from 'vitest';
import { hasOathtool, hasPyotp, oathtoolBatch, runPython, seededRandom, toHex } from '../helpers.js';
import { otpkit } from './target.js';

const { generateHOTP, generateTOTP, verifyTOTP, encodeSecret } = otpkit;
type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';
const ALGORITHMS: Algorithm[] = ['SHA1', 'SHA256', 'SHA512'];
const SEED = Number(process.env.OTPKIT_INTEROP_SEED ?? 20261129);
const CASES = 1200;

interface Case {
  key: Uint8Array;
  algorithm: Algorithm;
  digits: number;
  mode: 'hotp' | 'totp';
  counter: bigint;
  time: number;
  period: number;
  t0: number;
}

/** Random cases: keys 10–150 bytes (past both block sizes), counters across the whole 64-bit range. */
function makeCases(seed: number, maxDigits: number, withT0: boolean): Case[] {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const out: Case[] = [];
  for (let i = 0; i < CASES; i++) {
    const key = new Uint8Array(10 + int(141));
    for (let j = 0; j < key.length; j++) key[j] = int(256);
    const wide = int(4);
    const counter =
      wide === 0 ? BigInt(int(1000)) : wide === 1 ? BigInt(int(2 ** 32)) : (BigInt(int(2 ** 32)) << 32n) | BigInt(int(2 ** 32));
    const period = [30, 30, 60, 1, 15, 90][int(6)] as number;
    const t0 = withT0 && int(3) === 0 ? int(1_000_000) : 0;
    out.push({
      key,
      algorithm: ALGORITHMS[int(3)] as Algorithm,
      digits: 6 + int(maxDigits - 5),
      mode: int(2) === 0 ? 'hotp' : 'totp',
      counter,
      time: t0 + int(2 ** 34),
      period,
      t0,
    });
  }
  return out;
}

function ours(c: Case): string {
  return c.mode === 'hotp'
    ? generateHOTP(c.key, c.counter, { algorithm: c.algorithm, digits: c.digits })
    : generateTOTP(c.key, { algorithm: c.algorithm, digits: c.digits, time: c.time, period: c.period, t0: c.t0 });
}

// oathtool's `-w N` prints the code and the N after it: 300 processes give 1200 codes.
const OATHTOOL_CASES = CASES / 4;
const LAST_COUNTER = 2n ** 64n - 1n;

describe.skipIf(!hasOathtool)(`oathtool agrees (${OATHTOOL_CASES} random cases × 4 codes, seed ${SEED})`, () => {
  it('on HOTP and TOTP codes, every algorithm, 6–8 digits, T0 and period', () => {
    // oathtool's HOTP mode is HMAC-SHA1 only; its TOTP mode takes every algorithm.
    const cases = makeCases(SEED, 8, true)
      .slice(0, OATHTOOL_CASES)
      .map((c) => (c.mode === 'hotp' ? { ...c, algorithm: 'SHA1' as const } : c));
    // Three more codes, except where the counter would pass 2^64 − 1.
    const more = (c: Case) => (c.mode === 'hotp' && c.counter > LAST_COUNTER - 3n ? 0 : 3);
    // One `sh` for every line (oathtoolBatch); its output lines in order, command after command.
    const expected = oathtoolBatch(
      cases.map((c) => [
        ...(c.mode === 'hotp'
          ? ['--hotp', `--counter=${c.counter}`]
          : [`--totp=${c.algorithm}`, `--now=@${c.time}`, `--time-step-size=${c.period}s`, `--start-time=@${c.t0}`]),
        `--digits=${c.digits}`,
        `--window=${more(c)}`,
        toHex(c.key),
      ]),
    ).flat();
    const ourLines = cases.flatMap((c) =>
      Array.from({ length: more(c) + 1 }, (_, i) => ours({ ...c, counter: c.counter + BigInt(i), time: c.time + i * c.period })),
    );
    expect(ourLines.length).toBeGreaterThan(1100);
    expect(expected).toHaveLength(ourLines.length);
    ourLines.forEach((code, i) => {
      expect(code, `line ${i}`).toBe(expected[i]);
    });
  });
});

describe.skipIf(!hasPyotp)(`pyotp agrees (${CASES} random cases, seed ${SEED + 1})`, () => {
  const script = String.raw`
import hashlib, json, sys, pyotp
out = []
for c in json.load(sys.stdin):
    digest = {'SHA1': hashlib.sha1, 'SHA256': hashlib.sha256, 'SHA512': hashlib.sha512}[c['algorithm']]
    if c['mode'] == 'hotp':
        out.append([pyotp.HOTP(c['secret'], digits=c['digits'], digest=digest).at(int(c['counter']))])
    else:
        totp = pyotp.TOTP(c['secret'], digits=c['digits'], digest=digest, interval=c['period'])
        out.append([totp.at(c['time'] + d * c['period']) for d in (-1, 0, 1)])
json.dump(out, sys.stdout)
`;
  const cases = makeCases(SEED + 1, 10, false);
  const answers = runPython<string[][]>(
    script,
    cases.map((c) => ({ ...c, key: undefined, secret: encodeSecret(c.key), counter: String(c.counter) })),
  );

  it('on HOTP and TOTP codes, every algorithm, 6–10 digits', () => {
    expect(answers).toHaveLength(CASES);
    cases.forEach((c, i) => {
      const expected = answers[i] as string[];
      const code = c.mode === 'hotp' ? expected[0] : expected[1];
      expect(ours(c), JSON.stringify({ ...c, key: toHex(c.key), counter: String(c.counter) })).toBe(code);
    });
  });

  it("verifyTOTP accepts pyotp's codes of T−1, T, T+1 with deltas −1, 0, +1", () => {
    let checked = 0;
    cases.forEach((c, i) => {
      if (c.mode !== 'totp' || c.time < c.period) return;
      const options = { algorithm: c.algorithm, digits: c.digits, time: c.time, period: c.period, window: 1 };
      const step = Math.floor(c.time / c.period);
      (answers[i] as string[]).forEach((token, j) => {
        const result = verifyTOTP(c.key, token, options);
        // A code of T±1 can coincide with T's (1 in 10^digits): the nearest match is reported.
        expect(result.valid).toBe(true);
        if (result.valid && token !== (answers[i] as string[])[1]) {
          expect(result.delta).toBe(j - 1);
          expect(result.timeStep).toBe(step + j - 1);
        }
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(1000);
  });
});

if (!hasOathtool) console.warn('interop: oathtool not found, its suite is skipped (apt-get install oathtool)');
if (!hasPyotp) console.warn('interop: pyotp not found, its suite is skipped (apt-get install python3-pyotp)');
