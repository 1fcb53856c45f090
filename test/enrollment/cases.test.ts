/** Every case of test/fixtures/cases/enrollment.json, by id, against the real verifier and permission policy. */
import { describe, expect, it } from 'vitest';
import { OtpkitError } from '../../src/core/errors.js';
import { initialSnapshot, parseSnapshot, transition } from '../../src/enrollment/machine.js';
import {
  findRecoveryCode,
  generateRecoveryCodes,
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_BITS,
} from '../../src/enrollment/recovery-codes.js';
import { ENROLLMENT_DEFAULTS } from '../../src/enrollment/service.js';
import { EnrollmentTransitionError, InvalidSnapshotError } from '../../src/errors.js';
import { caseName, fixtureJSON } from '../helpers.js';
import { enroll, issueSecret, PASSWORDS, phoneCode, portal, START, skipWithoutPhone } from './harness.js';

skipWithoutPhone();

interface Case {
  id: string;
  given: unknown;
  expect: Record<string, unknown>;
}
const { cases } = fixtureJSON<{ cases: Case[] }>('cases/enrollment.json');
const byId = (id: string): Case => {
  const found = cases.find((c) => c.id === id);
  if (!found) throw new Error(`no case ${id}`);
  return found;
};

const implemented: Record<string, () => Promise<void>> = {
  async 'pending-key-cannot-log-in'() {
    const p = portal();
    const secret = await issueSecret(p);
    const login = await p.service.verifyLogin('alice', phoneCode(secret, p.clock.now));
    expect(login).toEqual({ ok: false, reason: 'not-enrolled' });
    // And the pending key still confirms afterwards: the login attempt did not touch it.
    const done = await p.service.confirm('alice', 'alice', phoneCode(secret, p.clock.now));
    expect(done.ok).toBe(true);
  },

  async 'secret-shown-once'() {
    const p = portal();
    const secret = await issueSecret(p);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 20 bytes, RFC 4648 base32 unpadded
    const status = await p.service.status('alice', 'alice');
    expect(status).toMatchObject({ ok: true, state: 'enable-confirm', enabled: false });
    expect(JSON.stringify(status)).not.toContain(secret);
    const stored = await p.store.read('alice');
    expect(stored?.snapshot).not.toContain(secret);
    expect(p.store.pendingKeyCount('alice')).toBe(1);
    // There is no second way to obtain it: another password submission is not an allowed event.
    await expect(p.service.submitPassword('alice', 'alice', PASSWORDS.alice)).rejects.toBeInstanceOf(EnrollmentTransitionError);
    expect(ENROLLMENT_DEFAULTS.pendingLifetimeSeconds).toBeLessThanOrEqual(600);
    // Still accepted in the last second of its lifetime, refused from 600 s on.
    p.clock.now = START + 599;
    expect((await p.service.status('alice', 'alice')).ok && (await p.service.status('alice', 'alice'))).toMatchObject({
      state: 'enable-confirm',
      expiresAt: START + 600,
    });
    p.clock.now = START + 600;
    expect(await p.service.confirm('alice', 'alice', phoneCode(secret, p.clock.now))).toEqual({ ok: false, reason: 'expired' });
    expect(p.store.pendingKeyCount('alice')).toBe(0);
  },

  async 'restart-replaces-pending'() {
    const p = portal();
    const k1 = await issueSecret(p);
    expect((await p.service.cancel('alice', 'alice')).ok).toBe(true);
    const k2 = await issueSecret(p);
    expect(k2).not.toBe(k1);
    expect(p.store.pendingKeyCount('alice')).toBe(1);
    const code1 = phoneCode(k1, p.clock.now);
    if (code1 === phoneCode(k2, p.clock.now)) throw new Error('1-in-a-million coincidence: K1 and K2 share a code');
    expect(await p.service.confirm('alice', 'alice', code1)).toEqual({ ok: false, reason: 'invalid-code' });
    expect((await p.service.status('alice', 'alice')).ok && (await p.service.status('alice', 'alice'))).toMatchObject({ enabled: false });
  },

  async 'confirm-code-cannot-log-in'() {
    const p = portal();
    const secret = await issueSecret(p);
    const c = phoneCode(secret, p.clock.now);
    expect((await p.service.confirm('alice', 'alice', c)).ok).toBe(true);
    expect(await p.service.verifyLogin('alice', c)).toEqual({ ok: false, reason: 'replayed' });
    // The next step's code logs in, so the refusal above was the replay rule, not a broken key.
    p.clock.now += 30;
    expect(await p.service.verifyLogin('alice', phoneCode(secret, p.clock.now))).toMatchObject({
      ok: true,
      result: 'login-verified',
      delta: 0,
    });
  },

  async 'disable-needs-fresh-password'() {
    const p = portal();
    await enroll(p);
    // 1. No password.
    expect((await p.service.beginDisable('alice', 'alice')).ok).toBe(true);
    expect(await p.service.submitPassword('alice', 'alice', null)).toEqual({ ok: false, reason: 'reauth-required' });
    // 2. Wrong password.
    expect(await p.service.submitPassword('alice', 'alice', 'wrong')).toEqual({ ok: false, reason: 'wrong-password' });
    // 3. Right password, but the re-authentication prompt was opened more than 5 minutes ago.
    await p.service.cancel('alice', 'alice');
    p.clock.now += 60;
    expect((await p.service.beginDisable('alice', 'alice')).ok).toBe(true);
    p.clock.now += ENROLLMENT_DEFAULTS.reauthMaxAgeSeconds;
    expect(ENROLLMENT_DEFAULTS.reauthMaxAgeSeconds).toBe(300);
    expect(await p.service.submitPassword('alice', 'alice', PASSWORDS.alice)).toEqual({ ok: false, reason: 'reauth-required' });
    const status = await p.service.status('alice', 'alice');
    expect(status).toMatchObject({ ok: true, state: 'enabled', enabled: true });
    p.clock.now += 30;
    expect((await p.service.verifyLogin('alice', phoneCode((await currentSecret()) ?? '', p.clock.now))).ok).toBe(true);

    async function currentSecret() {
      const active = await p.store.getActiveKey('alice');
      return active && (await import('../../src/core/secret.js')).encodeSecret(active.key);
    }
  },

  async 'wrong-password-attempts'() {
    const c = byId('wrong-password-attempts');
    const n = c.given as { wrongPasswords: number };
    const p = portal();
    await p.service.beginEnable('alice', 'alice');
    const results = [];
    for (let i = 0; i < n.wrongPasswords; i++) results.push(await p.service.submitPassword('alice', 'alice', `guess ${i}`));
    expect(results.slice(0, 4).every((r) => !r.ok && r.reason === 'wrong-password' && r.retryAfterSeconds === undefined)).toBe(true);
    expect(results[4]).toEqual({ ok: false, reason: 'wrong-password', retryAfterSeconds: ENROLLMENT_DEFAULTS.lockSeconds });
    const sixth = results[5];
    expect(sixth).toMatchObject({ ok: false, reason: 'locked' });
    expect(!sixth?.ok && sixth?.retryAfterSeconds).toBeGreaterThan(0);
    // The password port was not even asked the 6th time, and enrollment is unchanged.
    expect(p.passwordChecks.length).toBe(5);
    expect(await p.service.status('alice', 'alice')).toMatchObject({ ok: true, state: 'disabled', enabled: false });
    expect(p.store.pendingKeyCount('alice')).toBe(0);
    // Even the right password is refused while locked; after the lock, the flow works again.
    expect(await p.service.beginEnable('alice', 'alice')).toMatchObject({ ok: false, reason: 'locked' });
    p.clock.now += ENROLLMENT_DEFAULTS.lockSeconds;
    expect((await issueSecret(p)).length).toBe(32);
  },

  async 'event-not-allowed'() {
    let s = initialSnapshot(START);
    s = transition(s, 'begin-enable', { now: START });
    s = transition(s, 'password-ok', { now: START, keyRef: '0123456789abcdef0123456789abcdef' });
    s = transition(s, 'token-ok', { now: START });
    expect(s.status).toBe('enabled');
    for (const event of ['token-submitted', 'token-ok', 'token-wrong']) {
      let caught: unknown;
      try {
        transition(s, event as 'token-ok', { now: START });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(EnrollmentTransitionError);
      expect(caught).toMatchObject({ code: 'ERR_ENROLLMENT_TRANSITION', state: 'enabled', event });
    }
    // Through the service: a code submitted when already enabled is refused the same way.
    const p = portal();
    await enroll(p);
    await expect(p.service.confirm('alice', 'alice', '123456')).rejects.toMatchObject({ state: 'enabled', event: 'token-ok' });
  },

  async 'snapshot-tampered'() {
    const c = byId('snapshot-tampered');
    const given = (c.given as { snapshot: unknown }).snapshot;
    let caught: unknown;
    try {
      parseSnapshot(given);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OtpkitError);
    expect(caught).toBeInstanceOf(InvalidSnapshotError);
    expect(caught).toMatchObject({ code: 'ERR_INVALID_SNAPSHOT', path: 'version' });
    // Through the service: a tampered stored record is refused, not trusted.
    const p = portal();
    await p.store.commit('alice', { expectedEtag: null, snapshot: JSON.stringify(given) });
    await expect(p.service.status('alice', 'alice')).rejects.toMatchObject({ code: 'ERR_INVALID_SNAPSHOT' });
    await expect(p.service.verifyLogin('alice', '123456')).rejects.toMatchObject({ code: 'ERR_INVALID_SNAPSHOT' });
  },

  async 'not-permitted-contact'() {
    const p = portal();
    const before = await p.store.read('carol');
    const results = [
      await p.service.beginEnable('carol', 'carol'),
      await p.service.confirm('carol', 'carol', '123456'),
      await p.service.beginDisable('carol', 'carol'),
      await p.service.submitPassword('carol', 'carol', PASSWORDS.carol),
    ];
    for (const r of results) {
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toBe('forbidden');
      expect(r).not.toHaveProperty('secret');
    }
    expect(await p.store.read('carol')).toEqual(before);
    expect(p.store.pendingKeyCount('carol')).toBe(0);
    expect(p.passwordChecks).toEqual([]);
  },

  async 'other-contact-cannot-act'() {
    const p = portal();
    await enroll(p, 'alice');
    const before = await p.store.read('alice');
    // bob may view Client Profile for himself but has no Manage Contacts / Update.
    expect(await p.service.beginEnable('bob', 'alice')).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await p.service.beginDisable('bob', 'alice')).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await p.store.read('alice')).toEqual(before);
    // bob's own 2FA is his to manage.
    expect(await p.service.beginEnable('bob', 'bob')).toMatchObject({ ok: true, result: 'password-required' });
    // dave holds Manage Contacts / Update: the resolver allows him, with his own password.
    expect(await p.service.beginDisable('dave', 'alice')).toMatchObject({ ok: true });
    expect(await p.service.submitPassword('dave', 'alice', PASSWORDS.alice)).toMatchObject({ ok: false, reason: 'wrong-password' });
    expect(await p.service.submitPassword('dave', 'alice', PASSWORDS.dave)).toMatchObject({ ok: true, result: 'two-factor-disabled' });
    // Nobody but the owner acts on the primary contact.
    expect(await p.service.beginEnable('dave', 'owner')).toMatchObject({ ok: false, reason: 'forbidden' });
  },

  async 'recovery-codes'() {
    const c = byId('recovery-codes');
    const count = (c.given as { generate: number }).generate;
    const { codes, stored } = generateRecoveryCodes({ count });
    expect(codes.count).toBe(10);
    expect(codes.reveal()).toHaveLength(10);
    // By hand: 16 symbols of a 32-symbol alphabet, log2(32) = 5 bits each.
    expect(RECOVERY_CODE_ALPHABET.length).toBe(32);
    expect(RECOVERY_CODE_BITS).toBe(16 * 5);
    expect(RECOVERY_CODE_BITS).toBeGreaterThanOrEqual(50);
    for (const code of codes.reveal()) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const storedText = JSON.stringify(stored);
    for (const code of codes.reveal()) {
      expect(storedText).not.toContain(code);
      expect(storedText).not.toContain(code.replaceAll('-', ''));
    }
    expect(stored.hashes.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    // Single use and regeneration, through the service and the store.
    const p = portal();
    const secret = await issueSecret(p);
    const done = await p.service.confirm('alice', 'alice', phoneCode(secret, p.clock.now));
    if (!done.ok) throw new Error('confirm failed');
    const [first, second] = done.recoveryCodes.reveal();
    expect(await p.service.useRecoveryCode('alice', first)).toEqual({ ok: true, result: 'recovery-code-accepted', remaining: 9 });
    expect(await p.service.useRecoveryCode('alice', first)).toEqual({ ok: false, reason: 'invalid-code' });
    const again = await p.service.regenerateRecoveryCodes('alice', 'alice', PASSWORDS.alice);
    if (!again.ok) throw new Error('regenerate failed');
    expect(await p.service.useRecoveryCode('alice', second)).toEqual({ ok: false, reason: 'invalid-code' });
    expect(await p.service.useRecoveryCode('alice', again.recoveryCodes.reveal()[0])).toMatchObject({ ok: true, remaining: 9 });
    expect(findRecoveryCode(stored, codes.reveal()[3])).toBe(stored.hashes[3]);
  },

  async 'success-messages'() {
    const c = byId('success-messages');
    const expected = c.expect as { results: string[]; uiText: string[] };
    const p = portal();
    const secret = await issueSecret(p);
    const enabled = await p.service.confirm('alice', 'alice', phoneCode(secret, p.clock.now));
    await p.service.beginDisable('alice', 'alice');
    const disabled = await p.service.submitPassword('alice', 'alice', PASSWORDS.alice);
    expect([enabled, disabled].map((r) => r.ok && r.result)).toEqual(expected.results);
    expect([enabled, disabled].map((r) => r.ok && r.uiText)).toEqual(expected.uiText);
    // Disabled really means off: the key is gone and its codes no longer log in.
    p.clock.now += 30;
    expect(await p.service.verifyLogin('alice', phoneCode(secret, p.clock.now))).toEqual({ ok: false, reason: 'not-enrolled' });
    expect(await p.store.getActiveKey('alice')).toBeNull();
  },
};

describe('test/fixtures/cases/enrollment.json', () => {
  it('has a test for every case id, and no test for a case that does not exist', () => {
    expect(Object.keys(implemented).sort()).toEqual(cases.map((c) => c.id).sort());
  });
  for (const c of cases) {
    it(caseName(c), async () => {
      const run = implemented[c.id];
      if (!run) throw new Error(`case ${c.id} has no test`);
      await run();
    });
  }
});
