/**
 * A portal for the enrollment tests: the real verifier over the real memory replay/throttle
 * stores, the real permission resolver and 2FA policy, a memory credential store, a settable
 * clock (Unix seconds) and a password table. The "phone" computes codes with oathtool only (an
 * independent implementation; never otpkit's own generateTOTP): without oathtool, a test file
 * that calls `skipWithoutPhone()` skips its tests and says why once.
 */
import { beforeEach } from 'vitest';
import { createEnrollmentService, type EnrollmentServiceOptions, MemoryCredentialStore } from '../../src/enrollment/index.js';
import { createPermissionResolver, DEFAULT_PORTAL_TREE, twoFactorPolicy } from '../../src/permissions/index.js';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { MemoryThrottleStore } from '../../src/verify/throttle.js';
import { createTOTPVerifier } from '../../src/verify/verifier.js';
import { hasOathtool, oathtool } from '../helpers.js';

/** 2023-11-14T22:13:20Z, a multiple of 30 s plus 20 s (mid-step). */
export const START = 1_700_000_000;

/** Every contact's account password. */
export const PASSWORDS: Readonly<Record<string, string>> = Object.freeze({
  owner: 'owner correct horse',
  alice: 'alice correct horse',
  bob: 'bob correct horse',
  carol: 'carol correct horse',
  dave: 'dave correct horse',
});

/**
 * The account: `owner` is primary; alice, bob and dave may view Client Profile; dave may also
 * update Manage Contacts (manage others); carol has no grant at all (default deny, "(None)").
 */
export const MODEL = {
  tree: DEFAULT_PORTAL_TREE,
  contacts: [
    { id: 'owner', primary: true, roles: [] },
    { id: 'alice', primary: false, roles: [] },
    { id: 'bob', primary: false, roles: [] },
    { id: 'carol', primary: false, roles: [] },
    { id: 'dave', primary: false, roles: [] },
  ],
  roles: {},
  grants: {
    alice: { 'client-profile': { view: 'allow' } },
    bob: { 'client-profile': { view: 'allow' } },
    dave: { 'client-profile': { view: 'allow' }, contacts: { update: 'allow' } },
  },
};

export function portal(overrides: Partial<EnrollmentServiceOptions> = {}) {
  const clock = { now: START };
  const time = () => clock.now;
  const replayStore = new MemoryReplayStore({ clock: time });
  const throttleStore = new MemoryThrottleStore({ clock: time });
  const verifier = createTOTPVerifier({ replayStore, throttleStore, clock: time });
  const store = new MemoryCredentialStore();
  const permissions = twoFactorPolicy(createPermissionResolver(MODEL));
  const passwordChecks: string[] = [];
  const service = createEnrollmentService({
    verifyPassword: (actor, password) => {
      passwordChecks.push(actor);
      return PASSWORDS[actor] === password;
    },
    credentialStore: store,
    permissions,
    verifier,
    clock: time,
    issuer: 'ACME Portal',
    ...overrides,
  });
  return { clock, store, service, verifier, replayStore, throttleStore, passwordChecks };
}

/** The code an authenticator app shows for base32 `secret` at Unix second `time`. */
export function phoneCode(secret: string, time: number): string {
  if (!hasOathtool) throw new Error('oathtool is not installed: the phone cannot compute codes');
  return oathtool(['--totp', '--base32', secret, '--now', `@${time}`]);
}

let warned = false;
/** Call at the top of a test file whose tests need the phone: without oathtool they are skipped, with the reason printed once. */
export function skipWithoutPhone(): void {
  if (hasOathtool) return;
  if (!warned)
    console.warn('oathtool is not installed: the enrollment tests that need an authenticator code are skipped (apt-get install oathtool)');
  warned = true;
  beforeEach((context) => context.skip('oathtool is not installed'));
}

/** A 6-digit code that is not the right one for `secret` at `time` (nor its neighbours). */
export function wrongCode(secret: string, time: number): string {
  const right = new Set([phoneCode(secret, time - 30), phoneCode(secret, time), phoneCode(secret, time + 30)]);
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!right.has(candidate)) return candidate;
  }
}

/** Runs the enable flow up to the issued secret; returns the base32 secret. */
export async function issueSecret(p: ReturnType<typeof portal>, who = 'alice'): Promise<string> {
  const begun = await p.service.beginEnable(who, who);
  if (!begun.ok) throw new Error(`beginEnable refused: ${begun.reason}`);
  const issued = await p.service.submitPassword(who, who, PASSWORDS[who]);
  if (!issued.ok || issued.result !== 'secret-issued') throw new Error('submitPassword did not issue a secret');
  return issued.secret.secret();
}

/** Runs the whole enable flow; returns the base32 secret of the active key. */
export async function enroll(p: ReturnType<typeof portal>, who = 'alice'): Promise<string> {
  const secret = await issueSecret(p, who);
  const done = await p.service.confirm(who, who, phoneCode(secret, p.clock.now));
  if (!done.ok) throw new Error(`confirm refused: ${done.reason}`);
  return secret;
}
