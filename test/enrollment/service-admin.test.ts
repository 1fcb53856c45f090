/**
 * The service's administrator operations and audit port (#13): resetTwoFactor, unlock, onEvent;
 * and fault 6 of #10: a snapshot that says "on" with no usable key is `unavailable`, never
 * `not-enrolled`.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_EVENT_TYPES, type CredentialStore, type EnrollmentAuditEvent, MemoryCredentialStore } from '../../src/enrollment/index.js';
import { enroll, issueSecret, PASSWORDS, phoneCode, portal, skipWithoutPhone, wrongCode } from './harness.js';

skipWithoutPhone();

const status = async (p: ReturnType<typeof portal>, who = 'alice') => {
  const s = await p.service.status(who, who);
  if (!s.ok) throw new Error(s.reason);
  return s;
};

describe('resetTwoFactor', () => {
  it('the primary contact removes a contact’s key and recovery codes with a fresh password; the contact enrolls again', async () => {
    const p = portal();
    const secret = await enroll(p, 'alice');
    const before = await p.store.read('alice');
    expect(await p.service.resetTwoFactor('owner', 'alice', 'not the password')).toEqual({ ok: false, reason: 'wrong-password' });
    expect((await status(p)).enabled).toBe(true);
    expect(await p.service.resetTwoFactor('owner', 'alice', '')).toEqual({ ok: false, reason: 'reauth-required' });
    expect((await p.store.read('alice'))?.snapshot).toContain('"failures":1');
    expect(before).not.toBeNull();
    const done = await p.service.resetTwoFactor('owner', 'alice', PASSWORDS.owner);
    expect(done).toEqual({ ok: true, result: 'two-factor-reset', uiText: 'Two-Factor has been reset; the contact must enroll again' });
    expect(await status(p)).toMatchObject({ state: 'disabled', enabled: false, recoveryCodesRemaining: null, lockedForSeconds: 0 });
    expect(await p.store.getActiveKey('alice')).toBeNull();
    expect(await p.store.getRecoveryCodes('alice')).toBeNull();
    p.clock.now += 30;
    expect(await p.service.verifyLogin('alice', phoneCode(secret, p.clock.now))).toEqual({ ok: false, reason: 'not-enrolled' });
    const again = await enroll(p, 'alice');
    expect(again).not.toBe(secret);
    expect(await p.service.resetTwoFactor('owner', 'bob', PASSWORDS.owner)).toEqual({ ok: false, reason: 'not-enrolled' });
  });

  it('is refused to an actor without the permission, and changes nothing', async () => {
    const p = portal();
    await enroll(p, 'bob');
    const before = await p.store.read('bob');
    for (const actor of ['alice', 'carol']) {
      const r = await p.service.resetTwoFactor(actor, 'bob', PASSWORDS[actor]);
      expect(r).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    expect(await p.store.read('bob')).toEqual(before);
    expect(p.passwordChecks).not.toContain('alice');
  });
});

describe('unlock', () => {
  it('lifts the enrollment lock after too many wrong passwords', async () => {
    const p = portal();
    await enroll(p, 'alice');
    await p.service.beginDisable('alice', 'alice');
    for (let i = 0; i < 5; i++) await p.service.submitPassword('alice', 'alice', 'wrong');
    expect((await status(p)).lockedForSeconds).toBeGreaterThan(0);
    expect(await p.service.beginDisable('alice', 'alice')).toMatchObject({ ok: false, reason: 'locked' });
    expect(await p.service.unlock('carol', 'alice')).toMatchObject({ ok: false, reason: 'forbidden' });
    expect((await status(p)).lockedForSeconds).toBeGreaterThan(0);
    expect(await p.service.unlock('owner', 'alice')).toEqual({ ok: true, result: 'unlocked', uiText: 'Two-Factor lock lifted' });
    expect((await status(p)).lockedForSeconds).toBe(0);
    expect(await p.service.beginDisable('alice', 'alice')).toMatchObject({ ok: true, result: 'password-required' });
  });

  it("resets the verifier's throttle for the subject's key: a throttled login works again at once", async () => {
    const p = portal();
    const secret = await enroll(p, 'alice');
    const keyRef = (await p.store.getActiveKey('alice'))!.keyRef;
    let last: unknown;
    for (let i = 0; i < 12; i++) last = await p.service.verifyLogin('alice', wrongCode(secret, p.clock.now));
    expect(last).toMatchObject({ ok: false, reason: 'locked' });
    expect((await p.throttleStore.peek(keyRef)).failures).toBeGreaterThan(0);
    // The next step's code (inside the ±1 window) is refused while throttled, accepted after unlock.
    const next = phoneCode(secret, p.clock.now + 30);
    expect(await p.service.verifyLogin('alice', next)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await p.service.unlock('owner', 'alice')).toMatchObject({ ok: true });
    expect(await p.throttleStore.peek(keyRef)).toMatchObject({ failures: 0 });
    expect(await p.service.verifyLogin('alice', next)).toMatchObject({ ok: true, result: 'login-verified' });
  });
});

/** A deterministic random port, so two runs issue the same keys and codes. */
function seeded(seed: number) {
  let x = seed >>> 0;
  return (buffer: Uint8Array) => {
    for (let i = 0; i < buffer.length; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      buffer[i] = x >>> 24;
    }
    return buffer;
  };
}

/** One long scripted run touching every audited path; returns each outcome's shape and every secret seen. */
async function longRun(onEvent?: (e: EnrollmentAuditEvent) => unknown) {
  const p = portal({ random: seeded(42), ...(onEvent ? { onEvent } : {}) });
  const outcomes: unknown[] = [];
  const secrets: string[] = [...Object.values(PASSWORDS)];
  const note = (r: unknown) => {
    const { ok, result, reason } = r as { ok: boolean; result?: string; reason?: string };
    outcomes.push({ ok, result, reason });
    return r;
  };
  // enable, with a cancel first
  note(await p.service.beginEnable('alice', 'alice'));
  note(await p.service.cancel('alice', 'alice'));
  const secret = await issueSecret(p, 'alice');
  secrets.push(secret);
  note(await p.service.confirm('alice', 'alice', wrongCode(secret, p.clock.now)));
  const code = phoneCode(secret, p.clock.now);
  secrets.push(code);
  const done = note(await p.service.confirm('alice', 'alice', code)) as { recoveryCodes: { reveal(): string[] } };
  const codes = done.recoveryCodes.reveal();
  secrets.push(...codes, ...codes.map((c) => c.replaceAll('-', '')));
  const key = (await p.store.getActiveKey('alice'))!.key;
  secrets.push(Buffer.from(key).toString('hex'), Buffer.from(key).toString('base64').replace(/=+$/, ''));
  // logins: right, replayed, wrong until throttled, recovery codes
  note(await p.service.verifyLogin('alice', code));
  p.clock.now += 30;
  const login = phoneCode(secret, p.clock.now);
  secrets.push(login);
  note(await p.service.verifyLogin('alice', login));
  note(await p.service.verifyLogin('alice', login));
  note(await p.service.useRecoveryCode('alice', codes[0]));
  note(await p.service.useRecoveryCode('alice', codes[0]));
  for (let i = 0; i < 8; i++) note(await p.service.verifyLogin('alice', wrongCode(secret, p.clock.now)));
  note(await p.service.unlock('owner', 'alice'));
  const regenerated = note(await p.service.regenerateRecoveryCodes('alice', 'alice', PASSWORDS.alice)) as {
    recoveryCodes: { reveal(): string[] };
  };
  secrets.push(...regenerated.recoveryCodes.reveal());
  // disable, then enroll again and reset
  note(await p.service.beginDisable('alice', 'alice'));
  note(await p.service.submitPassword('alice', 'alice', PASSWORDS.alice));
  const second = await enroll(p, 'alice');
  secrets.push(second);
  note(await p.service.resetTwoFactor('owner', 'alice', PASSWORDS.owner));
  return { outcomes, secrets };
}

describe('onEvent', () => {
  it('receives every event type with subject, actor and Unix seconds, and no key, secret, code or password', async () => {
    const events: EnrollmentAuditEvent[] = [];
    const { secrets } = await longRun((e) => events.push(e));
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(AUDIT_EVENT_TYPES));
    for (const e of events) {
      expect(e.subject).toBe('alice');
      expect(Number.isInteger(e.at) && e.at >= 1_700_000_000 && e.at < 1e10).toBe(true);
      expect(Object.isFrozen(e)).toBe(true);
    }
    expect(events.find((e) => e.type === 'reset')).toMatchObject({ actor: 'owner' });
    expect(events.find((e) => e.type === 'enrolled')).toMatchObject({ actor: 'alice' });
    expect(events.find((e) => e.type === 'login-verified')).not.toHaveProperty('actor');
    const text = JSON.stringify(events);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('a throwing or rejecting onEvent changes no outcome', async () => {
    const quiet = await longRun();
    const throwing = await longRun(() => {
      throw new Error('audit log down');
    });
    const rejecting = await longRun(() => Promise.reject(new Error('audit log down')));
    expect(throwing.outcomes).toEqual(quiet.outcomes);
    expect(rejecting.outcomes).toEqual(quiet.outcomes);
    expect(quiet.outcomes.length).toBeGreaterThan(15);
  });

  it('must be a function when given', () => {
    expect(() => portal({ onEvent: 'log' as unknown as () => void })).toThrow(TypeError);
  });
});

describe('snapshot and key store disagree (#10 fault 6)', () => {
  /** The memory store, but `getActiveKey` answers `answer` once two-factor is on. */
  function lying(answer: unknown): CredentialStore {
    const inner = new MemoryCredentialStore();
    return new Proxy(inner, {
      get(target, name) {
        if (name === 'getActiveKey') return async () => answer;
        const value = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  for (const [name, answer] of [
    ['null', null],
    ['a key as text', { keyRef: '0'.repeat(32), key: 'JBSWY3DPEHPK3PXP' }],
    ['an empty key', { keyRef: '0'.repeat(32), key: new Uint8Array(0) }],
    ['no keyRef', { key: new Uint8Array(20) }],
  ] as const) {
    it(`getActiveKey answering ${name} while enabled: verifyLogin and useRecoveryCode answer unavailable, never not-enrolled`, async () => {
      const p = portal({ credentialStore: lying(answer) });
      const secret = await issueSecret(p, 'alice');
      const done = await p.service.confirm('alice', 'alice', phoneCode(secret, p.clock.now));
      if (!done.ok) throw new Error(done.reason);
      expect(await p.service.verifyLogin('alice', phoneCode(secret, p.clock.now + 30))).toEqual({ ok: false, reason: 'unavailable' });
      expect(await p.service.useRecoveryCode('alice', done.recoveryCodes.reveal()[0])).toEqual({ ok: false, reason: 'unavailable' });
    });
  }
});
