/**
 * What holds only under assumptions (docs/security.md): a delegate with an explicit Manage
 * Contacts / Update grant (`contacts.update`) may enable another contact's two-factor and is
 * shown that contact's new secret, by design; a contact without the grant may not, and nobody but
 * the primary contact may act on the primary contact.
 */
import { describe, expect, it } from 'vitest';
import { PASSWORDS, phoneCode, portal } from './harness.js';

describe('assumption: a Manage Contacts / Update delegate sees the secret it enrolls', () => {
  it('dave (contacts.update) enrolls alice and is shown her secret; the code from it signs alice in', async () => {
    const p = portal();
    expect((await p.service.beginEnable('dave', 'alice')).ok).toBe(true);
    const issued = await p.service.submitPassword('dave', 'alice', PASSWORDS.dave);
    expect(issued.ok && issued.result).toBe('secret-issued');
    if (!issued.ok || issued.result !== 'secret-issued') return;
    const secret = issued.secret.secret();
    expect((await p.service.confirm('dave', 'alice', phoneCode(secret, p.clock.now))).ok).toBe(true);
    p.clock.now += 30;
    expect((await p.service.verifyLogin('alice', phoneCode(secret, p.clock.now))).ok).toBe(true);
  });

  it('carol (no grant) may not, and dave may not act on the primary contact', async () => {
    const p = portal();
    expect(await p.service.beginEnable('carol', 'alice')).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await p.service.beginEnable('dave', 'owner')).toMatchObject({ ok: false, reason: 'forbidden' });
  });
});
