/**
 * Profiles: the numbers are worked out by hand below (each step written out), then compared with
 * describeProfile; docs/security.md must print exactly the table rendered from describeProfile.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeProfile, VERIFICATION_PROFILE_NAMES, VERIFICATION_PROFILES } from '../../src/verify/profiles.js';
import { DEFAULT_THROTTLE_POLICY } from '../../src/verify/throttle.js';
import { createTOTPVerifier } from '../../src/verify/verifier.js';
import { memoryStores } from './fixtures.js';

describe('profile numbers, by hand', () => {
  it('nist-aal2: ±1 step, K = 5, 30 s doubling to 3600 s, ceiling 100', () => {
    // Attempts 1–5 at t = 0; the 5th locks 30 s. Then attempt n ≥ 6 waits 30·2^(n−6) s, capped at 3600:
    // 6th at 30, 7th at 90, 8th at 210, 9th at 450, 10th at 930, 11th at 1890, 12th at 3810
    // (the 12th locks min(3600, 30·2^7 = 3840) = 3600), then one every 3600 s: n-th at 3810 + (n − 12)·3600.
    // Within 86 400 s: n − 12 ≤ floor((86400 − 3810) / 3600) = 22, so n ≤ 34.
    // The 100th comes at 3810 + 88·3600 = 320 610 s.
    const d = describeProfile('nist-aal2');
    expect(d.window).toEqual({ past: 1, future: 1 });
    expect(d.windowSize).toBe(3);
    expect(d.effectiveLifetimeSeconds).toBe(90);
    expect(d.attemptsPerDay).toBe(34);
    expect(d.secondsToCeiling).toBe(320_610);
    expect(d.bruteForceBoundPerDay).toBeCloseTo((34 * 3) / 1e6, 12);
    expect(d.bruteForceBoundTotal).toBeCloseTo((100 * 3) / 1e6, 12);
  });

  it('rfc6238: one step back only, K = 1, 5 s doubling to 3600 s, ceiling 100', () => {
    // Attempt n ≥ 1 locks 5·2^(n−1) s: 1st at 0, 2nd at 5, 3rd at 15, 4th at 35, 5th at 75,
    // 6th at 155, 7th at 315, 8th at 635, 9th at 1275, 10th at 2555, 11th at 5115 (locks
    // min(3600, 5120) = 3600), then every 3600 s: n-th at 5115 + (n − 11)·3600.
    // Within 86 400 s: n − 11 ≤ floor(81285 / 3600) = 22, so n ≤ 33. The 100th at 5115 + 89·3600 = 325 515 s.
    const d = describeProfile('rfc6238');
    expect(d.window).toEqual({ past: 1, future: 0 });
    expect(d.effectiveLifetimeSeconds).toBe(60);
    expect(d.attemptsPerDay).toBe(33);
    expect(d.secondsToCeiling).toBe(325_515);
    expect(d.bruteForceBoundPerDay).toBeCloseTo((33 * 2) / 1e6, 12);
  });

  it('asvs-l2: no window, so a code lives 30 s; throttle as nist-aal2', () => {
    const d = describeProfile('asvs-l2');
    expect(d.effectiveLifetimeSeconds).toBe(30);
    expect(d.attemptsPerDay).toBe(34);
    expect(d.bruteForceBoundPerDay).toBeCloseTo(34 / 1e6, 12);
    // ASVS 4.0.3 V2.2.1: at most 100 failures in any hour. The first hour holds attempts 1–11 (the 12th is at 3810 s).
    expect(d.attemptsPerDay).toBeLessThanOrEqual(100);
  });

  it('every profile keeps the NIST ceiling of 100 and the default policy is nist-aal2', () => {
    for (const name of VERIFICATION_PROFILE_NAMES) expect(VERIFICATION_PROFILES[name].throttle.ceiling).toBe(100);
    expect(DEFAULT_THROTTLE_POLICY).toEqual(VERIFICATION_PROFILES['nist-aal2'].throttle);
    const v = createTOTPVerifier({ ...memoryStores() });
    expect(v.settings.profile).toBe('nist-aal2');
    expect(v.settings.window).toEqual({ past: 1, future: 1 });
    const a = createTOTPVerifier({ ...memoryStores(), profile: 'asvs-l2' });
    expect(a.settings.window).toEqual({ past: 0, future: 0 });
    expect(a.settings.throttle).toEqual(VERIFICATION_PROFILES['asvs-l2'].throttle);
  });
});

/** The table docs/security.md prints between its profiles markers. */
function renderProfileTable(): string {
  const rows = VERIFICATION_PROFILE_NAMES.map((name) => {
    const d = describeProfile(name);
    const t = d.throttle;
    return `| \`${name}\` | ${d.window.past} / ${d.window.future} | ${d.effectiveLifetimeSeconds} s | ${t.threshold} | ${t.initialDelaySeconds} s × ${t.factor}ⁿ, max ${t.maxDelaySeconds} s | ${t.ceiling} | ${d.attemptsPerDay} | ${d.secondsToCeiling} s (${(d.secondsToCeiling / 86_400).toFixed(1)} days) | ${d.bruteForceBoundPerDay.toExponential(2)} | ${d.bruteForceBoundTotal.toExponential(2)} |`;
  });
  return [
    '| profile | window past / future (steps) | effective code lifetime | K | backoff after K | hard ceiling | guesses in the first 24 h | time to ceiling | brute-force bound per day | bound until ceiling |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

describe('docs/security.md', () => {
  it('prints the numbers describeProfile computes', () => {
    const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    const match = /<!-- profiles:begin -->\n([\s\S]*?)\n<!-- profiles:end -->/.exec(doc);
    expect(match?.[1]).toBe(renderProfileTable());
  });
});
