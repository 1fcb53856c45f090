/**
 * Named verification profiles: a TOTP window plus a throttle policy, each traced to the text it
 * follows, and the numbers that bound an online guessing attack on them.
 *
 * Scope: the profile table and `describeProfile`, which computes from a profile's parameters its
 * effective code lifetime, window size, attempts an attacker gets per day and the resulting
 * brute-force bound. docs/security.md prints these numbers (a test keeps it in sync).
 * Units: seconds for lifetimes and delays; windows in time steps.
 * @module
 */
import { assertOneOf } from '../internal/assert.js';
import { checkThrottlePolicy, lockSeconds, type ThrottlePolicy } from './throttle.js';

/** Names of the built-in profiles. */
export type VerificationProfileName = 'rfc6238' | 'nist-aal2' | 'asvs-l2';

/** A verification profile: window and throttle, for 6-digit codes with X = 30 s. */
export interface VerificationProfile {
  /** Profile name. */
  readonly name: string;
  /** X, the time step size (RFC 6238 §4.1) in seconds that the numbers assume. */
  readonly period: number;
  /** Code length the numbers assume. */
  readonly digits: number;
  /** Steps accepted before and after the current step. */
  readonly window: { readonly past: number; readonly future: number };
  /** Backoff and ceiling. */
  readonly throttle: ThrottlePolicy;
  /** Where each number comes from. */
  readonly sources: readonly string[];
}

/** Every built-in profile name, in the order docs list them. */
export const VERIFICATION_PROFILE_NAMES: readonly VerificationProfileName[] = Object.freeze(['rfc6238', 'nist-aal2', 'asvs-l2']);

/**
 * The built-in profiles.
 * - `rfc6238`: one step back for network delay and none ahead (RFC 6238 §5.2); RFC 4226 §7.3's
 *   delay after every failure, starting at its 5-second example (doubling here, not linear);
 *   the NIST ceiling of 100.
 * - `nist-aal2`: ±1 step; 5 free failures, then 30 s doubling up to one hour (the example of
 *   NIST SP 800-63B §5.2.2), ceiling 100 consecutive failures (§5.2.2). The default.
 * - `asvs-l2`: no window, so a code lives at most 30 s (OWASP ASVS 5.0 V6.5.5); usable once
 *   (V6.5.1); throttle as `nist-aal2`, well under 100 failures per hour (ASVS 4.0.3 V2.2.1).
 */
export const VERIFICATION_PROFILES: Readonly<Record<VerificationProfileName, VerificationProfile>> = Object.freeze({
  rfc6238: profile(
    'rfc6238',
    { past: 1, future: 0 },
    { threshold: 1, initialDelaySeconds: 5, factor: 2, maxDelaySeconds: 3600, ceiling: 100 },
    [
      'RFC 6238 §5.2: at most one time step of network delay; a code is accepted only once',
      'RFC 4226 §7.3: throttle after each failed attempt (its example delay: 5 s, growing with each failure)',
      'NIST SP 800-63B §5.2.2: no more than 100 consecutive failures',
    ],
  ),
  'nist-aal2': profile(
    'nist-aal2',
    { past: 1, future: 1 },
    { threshold: 5, initialDelaySeconds: 30, factor: 2, maxDelaySeconds: 3600, ceiling: 100 },
    [
      'NIST SP 800-63B §5.2.2: at most 100 consecutive failed attempts; waits growing "30 seconds up to an hour"',
      'NIST SP 800-63B §5.1.4.2: an OTP is accepted only once during its validity period',
      'RFC 6238 §5.2, §6: one step each way for delay and small drift',
    ],
  ),
  'asvs-l2': profile(
    'asvs-l2',
    { past: 0, future: 0 },
    { threshold: 5, initialDelaySeconds: 30, factor: 2, maxDelaySeconds: 3600, ceiling: 100 },
    [
      'OWASP ASVS 5.0 V6.5.5: a TOTP has a maximum lifetime of 30 seconds',
      'OWASP ASVS 5.0 V6.5.1: a TOTP is successfully usable only once',
      'OWASP ASVS 4.0.3 V2.2.1: no more than 100 failed attempts per hour on one account',
    ],
  ),
});

function profile(
  name: VerificationProfileName,
  window: { past: number; future: number },
  throttle: ThrottlePolicy,
  sources: string[],
): VerificationProfile {
  return Object.freeze({
    name,
    period: 30,
    digits: 6,
    window: Object.freeze(window),
    throttle: checkThrottlePolicy(throttle),
    sources: Object.freeze(sources),
  });
}

const DAY_SECONDS = 86_400;

/**
 * Computes a profile's security numbers from its parameters.
 * @param nameOrProfile - a built-in name or a {@link VerificationProfile}.
 * @returns the profile with `windowSize`, `effectiveLifetimeSeconds` (s), `attemptsPerDay`,
 *   `secondsToCeiling` (s), `bruteForceBoundPerDay` and `bruteForceBoundTotal` (probabilities).
 * @throws TypeError/RangeError for an unknown name.
 * @see RFC 4226 §6 (Sec = s·v / 10^Digit), §7.3; NIST SP 800-63B §5.2.2
 * @example
 * describeProfile('nist-aal2').attemptsPerDay; // 34
 */
export function describeProfile(nameOrProfile: VerificationProfileName | VerificationProfile): VerificationProfile & {
  /** Codes that match at one moment: past + future + 1. */
  readonly windowSize: number;
  /** Longest time one code is accepted, in seconds: windowSize × period. */
  readonly effectiveLifetimeSeconds: number;
  /** Guesses an attacker gets in the first 24 h against one credential, attempting as soon as allowed. */
  readonly attemptsPerDay: number;
  /** Seconds from the first guess until the hard ceiling locks the credential. */
  readonly secondsToCeiling: number;
  /** attemptsPerDay × windowSize / 10^digits: chance that one day of guessing succeeds (upper bound). */
  readonly bruteForceBoundPerDay: number;
  /** ceiling × windowSize / 10^digits: chance that guessing succeeds before the ceiling locks. */
  readonly bruteForceBoundTotal: number;
} {
  const p =
    typeof nameOrProfile === 'string'
      ? VERIFICATION_PROFILES[assertOneOf('profile', nameOrProfile, VERIFICATION_PROFILE_NAMES)]
      : nameOrProfile;
  const windowSize = p.window.past + p.window.future + 1;
  const { attemptsPerDay, secondsToCeiling } = simulateAttacker(p.throttle);
  const space = 10 ** p.digits;
  return Object.freeze({
    ...p,
    windowSize,
    effectiveLifetimeSeconds: windowSize * p.period,
    attemptsPerDay,
    secondsToCeiling,
    bruteForceBoundPerDay: (attemptsPerDay * windowSize) / space,
    bruteForceBoundTotal: (p.throttle.ceiling * windowSize) / space,
  });
}

/** An attacker who guesses the moment each lock ends, until the ceiling. */
function simulateAttacker(policy: ThrottlePolicy): { attemptsPerDay: number; secondsToCeiling: number } {
  let time = 0;
  let attemptsPerDay = 0;
  for (let failures = 1; ; failures++) {
    if (time < DAY_SECONDS) attemptsPerDay++;
    if (failures >= policy.ceiling) return { attemptsPerDay, secondsToCeiling: time };
    time += lockSeconds(policy, failures);
  }
}
