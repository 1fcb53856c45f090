/** The enrollment service beyond the shared cases: key URI, expiry, cancel, locks, races, redaction, ports. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseKeyURI } from '../../src/core/key-uri.js';
import { createEnrollmentService, MemoryCredentialStore } from '../../src/enrollment/index.js';
import { ENROLLMENT_DEFAULTS } from '../../src/enrollment/service.js';
import { EnrollmentTransitionError } from '../../src/errors.js';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { MemoryThrottleStore } from '../../src/verify/throttle.js';
import { createTOTPVerifier } from '../../src/verify/verifier.js';
import { enroll, issueSecret, PASSWORDS, phoneCode, portal, START, skipWithoutPhone, wrongCode } from './harness.js';

skipWithoutPhone();

const status = async (p: ReturnType<typeof portal>, who = 'alice') => {
  const s = await p.service.status(who, who);
  if (!s.ok) throw new Error(s.reason);
  return s;
};

describe('the issued secret', () => {
  it('comes with a key URI an authenticator reads back: issuer, account, secret, SHA1/6/30', async () => {
    const p = portal();
    await p.service.beginEnable('alice', 'alice');
    const r = await p.service.submitPassword('alice', 'alice', PASSWORDS.alice);
    if (!r.ok || r.result !== 'secret-issued') throw new Error('no secret');
    const uri = parseKeyURI(r.secret.keyURI());
    expect(uri).toMatchObject({ type: 'totp', issuer: 'ACME Portal', accountName: 'alice', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(uri.secret).toBe(r.secret.secret());
    expect(r.secret.formattedSecret().replaceAll(' ', '')).toBe(r.secret.secret());
    expect(r.secret.expiresAt).toBe(START + 600);
  });

  it('follows the verifier: 8 digits in the verifier → digits=8 in the URI, and the code confirms', async () => {
    const clock = { now: START };
    const time = () => clock.now;
    const verifier = createTOTPVerifier({
      replayStore: new MemoryReplayStore({ clock: time }),
      throttleStore: new MemoryThrottleStore({ clock: time }),
      clock: time,
      digits: 8,
    });
    const p = portal({ verifier, clock: time });
    await p.service.beginEnable('alice', 'alice');
    const r = await p.service.submitPassword('alice', 'alice', PASSWORDS.alice);
    if (!r.ok || r.result !== 'secret-issued') throw new Error('no secret');
    expect(parseKeyURI(r.secret.keyURI()).digits).toBe(8);
  });

  it('refuses a verifier with T0 ≠ 0 at construction: a key URI cannot carry T0', () => {
    const verifier = createTOTPVerifier({ replayStore: new MemoryReplayStore(), throttleStore: new MemoryThrottleStore(), t0: 60 });
    expect(() => portal({ verifier })).toThrow(RangeError);
  });

  it('uses a fresh random key each time, of keyBytes bytes (default 20)', async () => {
    const a = await issueSecret(portal());
    const b = await issueSecret(portal());
    expect(a).not.toBe(b);
    expect(a).toHaveLength(32); // 160 bits in base32
    const p = portal({ keyBytes: 32 });
    expect(await issueSecret(p)).toHaveLength(52); // ceil(256 / 5)
  });
});

describe('pending flows: expiry and cancel', () => {
  it('expires an unanswered password prompt after the pending lifetime (enable)', async () => {
    const p = portal();
    await p.service.beginEnable('alice', 'alice');
    p.clock.now += ENROLLMENT_DEFAULTS.pendingLifetimeSeconds;
    expect(await p.service.submitPassword('alice', 'alice', PASSWORDS.alice)).toEqual({ ok: false, reason: 'expired' });
    expect((await status(p)).state).toBe('disabled');
    expect(p.passwordChecks).toEqual([]);
  });

  it('reports an expiring flow in status, and a begin after expiry starts over', async () => {
    const p = portal();
    await p.service.beginEnable('alice', 'alice');
    expect(await status(p)).toMatchObject({ state: 'enable-password', expiresAt: START + 600, lockedForSeconds: 0 });
    p.clock.now += 700;
    expect(await status(p)).toMatchObject({ state: 'disabled', expiresAt: null });
    expect(await p.service.beginEnable('alice', 'alice')).toMatchObject({ ok: true, expiresAt: START + 700 + 600 });
  });

  it('cancel returns each pending state to where it started and discards the pending key', async () => {
    const p = portal();
    await p.service.beginEnable('alice', 'alice');
    expect(await p.service.cancel('alice', 'alice')).toMatchObject({ ok: true, result: 'cancelled' });
    expect((await status(p)).state).toBe('disabled');
    const secret = await issueSecret(p);
    expect(p.store.pendingKeyCount('alice')).toBe(1);
    await p.service.cancel('alice', 'alice');
    expect(p.store.pendingKeyCount('alice')).toBe(0);
    expect((await status(p)).state).toBe('disabled');
    await expect(p.service.confirm('alice', 'alice', phoneCode(secret, p.clock.now))).rejects.toBeInstanceOf(EnrollmentTransitionError);
    await enroll(p);
    await p.service.beginDisable('alice', 'alice');
    await p.service.cancel('alice', 'alice');
    expect((await status(p)).state).toBe('enabled');
  });

  it('cancel outside a pending state is an EnrollmentTransitionError, not a silent no-op', async () => {
    const p = portal();
    await expect(p.service.cancel('alice', 'alice')).rejects.toMatchObject({ state: 'disabled', event: 'cancel' });
  });

  it('ends the flow if the store lost the pending key', async () => {
    const p = portal();
    const secret = await issueSecret(p);
    const record = await p.store.read('alice');
    await p.store.commit('alice', { expectedEtag: record?.etag ?? null, snapshot: record?.snapshot ?? '', key: { op: 'discard-pending' } });
    expect(await p.service.confirm('alice', 'alice', phoneCode(secret, p.clock.now))).toEqual({ ok: false, reason: 'expired' });
    expect((await status(p)).state).toBe('disabled');
  });
});

describe('wrong codes and locks', () => {
  it('five wrong confirmation codes lock, discard the pending key, and leave two-factor off', async () => {
    const p = portal();
    const secret = await issueSecret(p);
    const bad = wrongCode(secret, p.clock.now);
    for (let i = 0; i < 4; i++) expect(await p.service.confirm('alice', 'alice', bad)).toEqual({ ok: false, reason: 'invalid-code' });
    expect(await p.service.confirm('alice', 'alice', bad)).toEqual({ ok: false, reason: 'invalid-code', retryAfterSeconds: 900 });
    expect(await status(p)).toMatchObject({ state: 'disabled', enabled: false, lockedForSeconds: 900 });
    expect(p.store.pendingKeyCount('alice')).toBe(0);
    // The right code of the discarded key no longer helps.
    expect(await p.service.confirm('alice', 'alice', phoneCode(secret, p.clock.now))).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('a right password resets the failure count', async () => {
    const p = portal();
    await p.service.beginEnable('alice', 'alice');
    for (let i = 0; i < 4; i++) await p.service.submitPassword('alice', 'alice', 'nope');
    const secret = (await p.service.submitPassword('alice', 'alice', PASSWORDS.alice)) as { ok: true; secret: { secret(): string } };
    const bad = wrongCode(secret.secret.secret(), p.clock.now);
    for (let i = 0; i < 4; i++) expect(await p.service.confirm('alice', 'alice', bad)).toEqual({ ok: false, reason: 'invalid-code' });
  });

  it('a non-string or garbage token is an invalid code, not an exception', async () => {
    const p = portal();
    await issueSecret(p);
    for (const token of [undefined, null, 123456, {}, '12345', 'abcdef', '1'.repeat(1000)]) {
      expect(await p.service.confirm('alice', 'alice', token)).toMatchObject({ ok: false, reason: 'invalid-code' });
      await p.service.cancel('alice', 'alice');
      await issueSecret(p);
    }
  });

  it('login codes: wrong ones are invalid-code, then the verifier throttles (locked with a retry time)', async () => {
    const p = portal();
    const secret = await enroll(p);
    p.clock.now += 30;
    const bad = wrongCode(secret, p.clock.now);
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await p.service.verifyLogin('alice', bad));
    expect(results[0]).toEqual({ ok: false, reason: 'invalid-code' });
    expect(results.at(-1)).toMatchObject({ ok: false, reason: 'locked' });
    expect((results.at(-1) as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('two tabs at once', () => {
  it('two password submissions race: exactly one secret is issued, the other is a conflict', async () => {
    const p = portal();
    await p.service.beginEnable('alice', 'alice');
    const results = await Promise.all([
      p.service.submitPassword('alice', 'alice', PASSWORDS.alice),
      p.service.submitPassword('alice', 'alice', PASSWORDS.alice),
    ]);
    expect(results.map((r) => (r.ok ? r.result : r.reason)).sort()).toEqual(['conflict', 'secret-issued']);
    expect(p.store.pendingKeyCount('alice')).toBe(1);
  });

  it('the same code confirmed twice at once completes enrollment once', async () => {
    const p = portal();
    const secret = await issueSecret(p);
    const code = phoneCode(secret, p.clock.now);
    const results = await Promise.all([p.service.confirm('alice', 'alice', code), p.service.confirm('alice', 'alice', code)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual([expect.stringMatching(/^(replayed|conflict)$/)]);
    expect((await status(p)).state).toBe('enabled');
  });

  it('one recovery code used twice at once is accepted once', async () => {
    const p = portal();
    const secret = await issueSecret(p);
    const done = await p.service.confirm('alice', 'alice', phoneCode(secret, p.clock.now));
    if (!done.ok) throw new Error('confirm');
    const code = done.recoveryCodes.reveal()[0];
    const results = await Promise.all([p.service.useRecoveryCode('alice', code), p.service.useRecoveryCode('alice', code)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await status(p)).toMatchObject({ recoveryCodesRemaining: 9 });
  });
});

describe('recovery codes through the service', () => {
  it('regeneration needs the password, refuses a wrong one and counts it', async () => {
    const p = portal();
    await enroll(p);
    expect(await p.service.regenerateRecoveryCodes('alice', 'alice', null)).toEqual({ ok: false, reason: 'reauth-required' });
    expect(await p.service.regenerateRecoveryCodes('alice', 'alice', 'nope')).toEqual({ ok: false, reason: 'wrong-password' });
    expect((await p.store.read('alice'))?.snapshot).toContain('"failures":1');
    await expect(p.service.regenerateRecoveryCodes('alice', 'alice', PASSWORDS.alice)).resolves.toMatchObject({ ok: true });
  });

  it('recovery codes stop working once two-factor is disabled', async () => {
    const p = portal();
    const secret = await issueSecret(p);
    const done = await p.service.confirm('alice', 'alice', phoneCode(secret, p.clock.now));
    if (!done.ok) throw new Error('confirm');
    await p.service.beginDisable('alice', 'alice');
    await p.service.submitPassword('alice', 'alice', PASSWORDS.alice);
    expect(await p.service.useRecoveryCode('alice', done.recoveryCodes.reveal()[1])).toEqual({ ok: false, reason: 'not-enrolled' });
    expect(await p.store.getRecoveryCodes('alice')).toBeNull();
  });

  it('shares the verifier throttle: recovery-code guesses and login codes add up', async () => {
    const p = portal();
    const secret = await enroll(p);
    const guesses = [];
    for (let i = 0; i < 7; i++) guesses.push(await p.service.useRecoveryCode('alice', 'AAAA-AAAA-AAAA-AAAA'));
    expect(guesses[0]).toEqual({ ok: false, reason: 'invalid-code' });
    expect(guesses[6]).toMatchObject({ ok: false, reason: 'locked' });
    // START is 20 s into its step: 10 s on is the next step, inside the throttle's 30 s delay.
    p.clock.now += 10;
    expect(await p.service.verifyLogin('alice', phoneCode(secret, p.clock.now))).toMatchObject({ ok: false, reason: 'locked' });
  });
});

describe('no secret, password or token in any output', () => {
  it('String, JSON and inspect of every result, error, snapshot and the store hold no canary', async () => {
    const canaryPassword = 'CANARY-PASSWORD-q8Zx';
    const canaryToken = 'CANARY-TOKEN-77Yw';
    const p = portal({ verifyPassword: (_actor, password) => password === canaryPassword });
    const outputs: unknown[] = [];
    const run = async (f: () => Promise<unknown>) => {
      try {
        outputs.push(await f());
      } catch (error) {
        outputs.push(error);
      }
    };
    await run(() => p.service.beginEnable('alice', 'alice'));
    await run(() => p.service.submitPassword('alice', 'alice', `${canaryPassword}-wrong`));
    const issued = await p.service.submitPassword('alice', 'alice', canaryPassword);
    outputs.push(issued);
    if (!issued.ok || issued.result !== 'secret-issued') throw new Error('no secret');
    const secret = issued.secret.secret();
    const keyURI = issued.secret.keyURI();
    await run(() => p.service.confirm('alice', 'alice', canaryToken));
    await run(() => p.service.submitPassword('alice', 'alice', canaryPassword)); // not allowed now: throws
    await run(() => p.service.status('alice', 'alice'));
    const done = await p.service.confirm('alice', 'alice', phoneCode(secret, p.clock.now));
    outputs.push(done);
    if (!done.ok) throw new Error('confirm');
    const codes = done.recoveryCodes.reveal();
    await run(() => p.service.useRecoveryCode('alice', canaryToken));
    await run(() => p.service.verifyLogin('alice', canaryToken));
    await run(() => p.service.beginDisable('alice', 'alice'));
    await run(() => p.service.submitPassword('alice', 'alice', `${canaryPassword}-again`));
    await run(() => p.service.submitPassword('alice', 'alice', 7 as unknown as string)); // TypeError
    outputs.push(await p.store.read('alice'), p.store, p.service);

    const canaries = [
      canaryPassword,
      canaryToken,
      secret,
      keyURI,
      encodeURIComponent(secret),
      ...codes,
      ...codes.map((c) => c.replaceAll('-', '')),
    ];
    let rendered = 0;
    for (const output of outputs) {
      for (const text of [String(output), safeJSON(output), inspect(output, { depth: 10, showHidden: true })]) {
        rendered++;
        for (const canary of canaries) expect(text).not.toContain(canary);
      }
    }
    expect(rendered).toBe(outputs.length * 3);
    expect(outputs.filter((o) => o instanceof Error).length).toBeGreaterThanOrEqual(2);
  });
});

describe('ports and options', () => {
  it('fails closed on a permission port that answers anything but allowed: true', async () => {
    for (const answer of [undefined, null, {}, { allowed: 'true' }, { allowed: 1 }]) {
      const p = portal({ permissions: { mayManageTwoFactor: () => answer as never } });
      expect(await p.service.beginEnable('alice', 'alice')).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    const p = portal({ permissions: { mayManageTwoFactor: async () => ({ allowed: true, explanation: 'ok' }) } });
    expect(await p.service.beginEnable('carol', 'carol')).toMatchObject({ ok: true });
  });

  it('forbidden results carry the policy explanation, without any password', async () => {
    const p = portal();
    const r = await p.service.beginEnable('carol', 'carol');
    expect(r).toMatchObject({ ok: false, reason: 'forbidden', explanation: { decision: 'deny' } });
  });

  it('refuses missing ports and out-of-range limits at once', () => {
    const p = portal();
    const base = {
      verifyPassword: () => true,
      credentialStore: new MemoryCredentialStore(),
      permissions: { mayManageTwoFactor: () => ({ allowed: true }) },
      verifier: p.verifier,
    };
    expect(() => createEnrollmentService(base)).not.toThrow();
    for (const key of ['verifyPassword', 'credentialStore', 'permissions', 'verifier'] as const) {
      expect(() => createEnrollmentService({ ...base, [key]: undefined } as never)).toThrow(TypeError);
    }
    expect(() => createEnrollmentService({ ...base, pendingLifetimeSeconds: 30 })).toThrow(RangeError);
    expect(() => createEnrollmentService({ ...base, pendingLifetimeSeconds: 600_000 })).toThrow(/pendingLifetimeSeconds/);
    expect(() => createEnrollmentService({ ...base, maxFailures: 0 })).toThrow(RangeError);
    expect(() => createEnrollmentService({ ...base, keyBytes: 10 })).toThrow(RangeError);
    expect(() => createEnrollmentService({ ...base, recoveryCodePepper: new Uint8Array(4) })).toThrow(RangeError);
  });

  it('refuses bad ids as programmer errors, and a clock in milliseconds', async () => {
    const p = portal();
    await expect(p.service.beginEnable('', 'alice')).rejects.toBeInstanceOf(RangeError);
    await expect(p.service.beginEnable('alice', 42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
    const ms = portal({ clock: () => Date.now() });
    await expect(ms.service.beginEnable('alice', 'alice')).rejects.toThrow(/milliseconds/);
  });

  it('login uses the active key only when the snapshot agrees two-factor is on', async () => {
    const p = portal();
    const secret = await enroll(p);
    const record = await p.store.read('alice');
    // A snapshot rolled back to "disabled" while the key stayed: refuse rather than trust either alone.
    await p.store.commit('alice', {
      expectedEtag: record?.etag ?? null,
      snapshot: JSON.stringify({ version: 1, status: 'disabled', since: START, pending: null, failures: 0, lockedUntil: null }),
    });
    p.clock.now += 30;
    expect(await p.service.verifyLogin('alice', phoneCode(secret, p.clock.now))).toEqual({ ok: false, reason: 'not-enrolled' });
  });
});

function safeJSON(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return 'unserializable';
  }
}
