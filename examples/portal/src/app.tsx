/**
 * The client portal: Hono routes over otpkit's public API. Which otpkit call backs each page is
 * explained in docs/guide-portal.md.
 *
 * Every state change is a POST with the session's CSRF token (and Hono's Origin check); pages are
 * rendered on the server with Hono JSX (values escaped); the CSP allows no script at all.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { Child } from 'hono/jsx';
import { secureHeaders } from 'hono/secure-headers';
import { createTOTPVerifier } from 'otpkit';
import { createEnrollmentService, type EnrollmentFailure, type EnrollmentService, parseSnapshot } from 'otpkit/enrollment';
import { EnrollmentTransitionError } from 'otpkit/errors';
import { createPermissionResolver, type PermissionModel, setCell, twoFactorPolicy } from 'otpkit/permissions';
import { renderPNGDataURL } from 'otpkit/qr';
import { ContactsPage, type EditContactData, EditContactPage, type Tab } from './contact-views.js';
import {
  type Account,
  account,
  type Contact,
  contactByEmail,
  contactById,
  contactsOf,
  createSession,
  deleteSession,
  deleteSessionsOf,
  findSession,
  permissionModel,
  type Session,
} from './data.js';
import * as field from './forms.js';
import { type Form, FormError } from './forms.js';
import { checkPassword, hashPassword } from './passwords.js';
import type { Storage } from './storage.js';
import { PORTAL_CSS } from './style.js';
import {
  ErrorPage,
  type Flash,
  LoginPage,
  type PageContext,
  PasswordDialog,
  ProfilePage,
  SecondFactorPage,
  SecretDialog,
} from './views.js';

const COOKIE = 'portal_session';
/** Larger request bodies are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;
/** An over-limit body up to this size is read and dropped before the 413 answer; a larger one is cut off. */
const DRAIN_BYTES = 8 * 1024 * 1024;

/** Fixed texts shown after a redirect (`?msg=…`); the query never carries text of its own. */
const MESSAGES: Record<string, Flash> = {
  updated: { kind: 'success', text: 'Success: Contact updated.' },
  unlocked: { kind: 'success', text: 'Success: Contact unlocked.' },
  reset: { kind: 'success', text: 'Success: Two-Factor Has Been Disabled' },
  password: { kind: 'success', text: 'Success: Password changed.' },
  deactivated: { kind: 'success', text: 'Success: Contact deactivated.' },
  cancelled: { kind: 'success', text: 'Two-Factor change cancelled.' },
};

type Vars = { session: Session | null; me: Contact | null; account: Account | null; form: Form };

export interface PortalOptions {
  storage: Storage;
  /** Set the cookie's Secure flag (behind HTTPS). Default false: the demo runs on http://127.0.0.1. */
  secureCookies?: boolean;
  /** Print the enrollment service's audit events on stdout. Default true. */
  audit?: boolean;
}

export function createPortal({ storage, secureCookies = false, audit = true }: PortalOptions) {
  const { db } = storage;
  const verifier = createTOTPVerifier({ replayStore: storage.replayStore, throttleStore: storage.throttleStore });
  const digits = verifier.settings.digits;
  const emails = new Map<string, string>();

  const resolverFor = async (accountId: string) => createPermissionResolver(await permissionModel(db, accountId));
  const policyFor = async (accountId: string) => twoFactorPolicy(await resolverFor(accountId));

  const service: EnrollmentService = createEnrollmentService({
    credentialStore: storage.credentialStore,
    verifier,
    issuer: 'Client Portal',
    // Audit trail: ids, times and counts only (otpkit never puts a secret in an event).
    onEvent: (event) => {
      if (audit) console.log(`audit ${JSON.stringify(event)}`);
    },
    accountName: (subject) => emails.get(subject) ?? subject,
    async verifyPassword(actor, password) {
      const contact = await contactById(db, actor);
      return contact?.active === true && (await checkPassword(password, contact.password_hash));
    },
    permissions: {
      async mayManageTwoFactor(actor, subject) {
        const contact = await contactById(db, actor);
        if (contact === null || !contact.active) return { allowed: false };
        return (await policyFor(contact.account_id)).mayManageTwoFactor(actor, subject);
      },
    },
  });

  /** Whether two-factor is on for `subject`, read from its stored snapshot (no permission needed: login uses it). */
  async function twoFactorOn(subject: string): Promise<boolean> {
    const stored = await storage.credentialStore.read(subject);
    if (stored === null) return false;
    const { status } = parseSnapshot(stored.snapshot);
    return status === 'enabled' || status === 'disable-password';
  }

  const app = new Hono<{ Variables: Vars }>();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/static/portal.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'max-age=300');
    return c.body(PORTAL_CSS);
  });

  // Session, then for POST: body size, Origin, CSRF token.
  app.use(async (c, next) => {
    const session = await findSession(db, getCookie(c, COOKIE));
    c.set('session', session);
    const me = session?.contact_id ? await contactById(db, session.contact_id) : null;
    const active = me?.active ? me : null;
    c.set('me', session?.stage === 'signed-in' ? active : null);
    c.set('account', active ? await account(db, active.account_id) : null);
    if (active) emails.set(active.id, active.email);
    await next();
  });
  // A body over the limit is refused before it is parsed. When its length is announced and not
  // absurd, it is read and dropped first, so the browser (which is still sending) gets the 413 page
  // instead of a reset connection.
  app.use(async (c, next) => {
    const length = Number(c.req.header('content-length') ?? 0);
    if (c.req.method !== 'POST' || !(length > MAX_BODY_BYTES)) return next();
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming && length <= DRAIN_BYTES) for await (const _chunk of incoming);
    return c.html(tooLarge(c), 413);
  });
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.html(tooLarge(c), 413),
    }),
  );
  app.use(
    csrf({
      origin: (origin, c) => origin === new URL(c.req.url).origin,
    }),
  );
  app.use(async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const form = (await c.req.parseBody({ all: true })) as Form;
    c.set('form', form);
    const sent = form['_csrf'];
    const session = c.get('session');
    if (session === null || typeof sent !== 'string' || !sameText(sent, session.csrf)) {
      return c.html(
        page(
          c,
          'Form expired',
          'This form has expired or came from another page. Reload the page and try again.',
          c.get('session') ? undefined : '/login',
        ),
        403,
      );
    }
    return next();
  });

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 403) {
      return c.html(page(c, 'Form refused', 'This form was sent from another site and was refused.'), 403);
    }
    if (error instanceof FormError) return c.html(page(c, 'Please check the form', error.message), error.status);
    if (error instanceof EnrollmentTransitionError) {
      return c.html(
        page(
          c,
          'Two-Factor',
          'This Two-Factor change is no longer pending (it was finished or changed in another tab or window). Start again.',
        ),
        409,
      );
    }
    console.error('portal: unexpected error', error instanceof Error ? error.name : typeof error);
    return c.html(page(c, 'Something went wrong', 'Something went wrong on our side. Try again in a moment.'), 500);
  });
  app.notFound((c) => c.html(page(c, 'Not found', 'There is no such page.'), 404));

  function tooLarge(c: C): string {
    return page(c, 'Form too large', `The form is larger than ${MAX_BODY_BYTES / 1024} KB and was not read.`);
  }
  function ctxOf(c: C): PageContext {
    return { account: c.get('account'), me: c.get('me'), csrf: c.get('session')?.csrf ?? '', canViewContacts: false };
  }
  function page(c: C, title: string, text: string, _back?: string): string {
    return `<!doctype html>${(<ErrorPage ctx={ctxOf(c)} title={title} text={text} />).toString()}`;
  }
  async function render(c: C, node: Child, status: 200 | 400 | 401 | 403 | 409 | 410 | 429 | 503 = 200) {
    return c.html(`<!doctype html>${(await node)?.toString() ?? ''}`, status);
  }
  async function startSession(c: C, contactId: string | null, stage: Session['stage']): Promise<Session> {
    const old = c.get('session');
    if (old) await deleteSession(db, old.id_hash);
    const { cookie, session } = await createSession(db, contactId, stage);
    setCookie(c, COOKIE, cookie, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secureCookies });
    c.set('session', session);
    return session;
  }
  /** The signed-in contact with its page context, or a redirect to log in. */
  async function signedIn(c: C): Promise<{ me: Contact; ctx: PageContext } | Response> {
    const me = c.get('me');
    if (me === null) return c.redirect('/login', 303);
    const resolver = await resolverFor(me.account_id);
    const ctx = { ...ctxOf(c), canViewContacts: resolver.resolve(me.id, 'contacts', 'view').decision === 'allow' };
    return { me, ctx };
  }

  // ---------------------------------------------------------------- log in
  app.get('/', (c) => c.redirect(c.get('me') ? '/profile' : '/login', 303));

  app.get('/login', async (c) => {
    if (c.get('me')) return c.redirect('/profile', 303);
    if (c.get('session')?.stage !== 'anonymous') await startSession(c, null, 'anonymous');
    return render(c, <LoginPage ctx={ctxOf(c)} />);
  });

  app.post('/login', async (c) => {
    const form = c.get('form');
    const email = field.text(form, 'email', 254, 'Email').trim();
    const password = field.text(form, 'password', 256, 'Password');
    const contact = email === '' ? null : await contactByEmail(db, email);
    // Hash even for an unknown email, so timing does not tell which emails exist.
    const ok = await checkPassword(password, contact?.password_hash ?? DUMMY_HASH);
    if (contact === null || !ok || !contact.active) {
      return render(c, <LoginPage ctx={ctxOf(c)} flash={{ kind: 'error', text: 'Email or password is incorrect.' }} />, 401);
    }
    if (await twoFactorOn(contact.id)) {
      await startSession(c, contact.id, 'second-factor');
      return c.redirect('/login/two-factor', 303);
    }
    await startSession(c, contact.id, 'signed-in');
    return c.redirect('/profile', 303);
  });

  const secondStep = (c: C): Session | null => {
    const session = c.get('session');
    return session?.stage === 'second-factor' && session.contact_id ? session : null;
  };

  app.get('/login/two-factor', (c) => {
    if (!secondStep(c)) return c.redirect('/login', 303);
    return render(c, <SecondFactorPage ctx={ctxOf(c)} />);
  });

  async function loginFailure(c: C, failure: EnrollmentFailure) {
    const flash = (text: string): Flash => ({ kind: 'error', text });
    if (failure.reason === 'locked') {
      if (failure.retryAfterSeconds) c.header('Retry-After', String(failure.retryAfterSeconds));
      const text = failure.retryAfterSeconds
        ? `Too many wrong codes. Try again in ${failure.retryAfterSeconds} seconds.`
        : 'Too many wrong codes. Ask your primary contact to unlock your login.';
      return render(c, <SecondFactorPage ctx={ctxOf(c)} flash={flash(text)} />, 429);
    }
    if (failure.reason === 'replayed') {
      return render(
        c,
        <SecondFactorPage ctx={ctxOf(c)} flash={flash('That code has already been used. Wait for the next code in your app.')} />,
        401,
      );
    }
    if (failure.reason === 'unavailable') {
      return render(c, <SecondFactorPage ctx={ctxOf(c)} flash={flash('Codes cannot be checked right now. Try again in a moment.')} />, 503);
    }
    return render(c, <SecondFactorPage ctx={ctxOf(c)} flash={flash('That code is not valid. Check your app and try again.')} />, 401);
  }

  app.post('/login/two-factor', async (c) => {
    const session = secondStep(c);
    if (!session) return c.redirect('/login', 303);
    let code: string;
    try {
      code = field.token(c.get('form'), digits);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return render(c, <SecondFactorPage ctx={ctxOf(c)} flash={{ kind: 'error', text: error.message }} />, 400);
    }
    const result = await service.verifyLogin(session.contact_id as string, code);
    if (!result.ok && result.reason !== 'not-enrolled') return loginFailure(c, result);
    await startSession(c, session.contact_id, 'signed-in');
    return c.redirect('/profile', 303);
  });

  app.post('/login/recovery', async (c) => {
    const session = secondStep(c);
    if (!session) return c.redirect('/login', 303);
    let code: string;
    try {
      code = field.recoveryCode(c.get('form'));
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return render(c, <SecondFactorPage ctx={ctxOf(c)} flash={{ kind: 'error', text: error.message }} />, 400);
    }
    const result = await service.useRecoveryCode(session.contact_id as string, code);
    if (!result.ok && result.reason !== 'not-enrolled') return loginFailure(c, result);
    await startSession(c, session.contact_id, 'signed-in');
    return c.redirect('/profile', 303);
  });

  app.post('/logout', async (c) => {
    const session = c.get('session');
    if (session) await deleteSession(db, session.id_hash);
    deleteCookie(c, COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  // ---------------------------------------------------------------- View Profile and 2FA
  async function twoFactorView(me: Contact) {
    const policy = await policyFor(me.account_id);
    const mayManage = policy.mayManageTwoFactor(me.id, me.id).allowed;
    if (!mayManage) return { enabled: await twoFactorOn(me.id), mayManage, recoveryCodesRemaining: null, lockedForSeconds: 0 };
    const status = await service.status(me.id, me.id);
    if (!status.ok) return { enabled: await twoFactorOn(me.id), mayManage: false, recoveryCodesRemaining: null, lockedForSeconds: 0 };
    return {
      enabled: status.enabled,
      mayManage,
      recoveryCodesRemaining: status.recoveryCodesRemaining,
      lockedForSeconds: status.lockedForSeconds,
    };
  }

  async function profile(
    c: C,
    extra: { flash?: Flash; dialog?: Child; recoveryCodes?: readonly string[] } = {},
    status: 200 | 400 | 401 | 409 | 410 | 429 = 200,
  ) {
    const who = await signedIn(c);
    if (who instanceof Response) return who;
    const view = await twoFactorView(who.me);
    return render(c, <ProfilePage ctx={who.ctx} twoFactor={view} {...extra} />, status);
  }

  app.get('/profile', (c) => {
    const msg = c.req.query('msg');
    return profile(c, { flash: (msg && MESSAGES[msg]) || null });
  });

  /** The signed-in contact if it may manage its own 2FA; else a 403 response. */
  async function mayManageOwn(c: C): Promise<{ me: Contact; ctx: PageContext } | Response> {
    const who = await signedIn(c);
    if (who instanceof Response) return who;
    const answer = (await policyFor(who.me.account_id)).mayManageTwoFactor(who.me.id, who.me.id);
    if (!answer.allowed) {
      return c.html(
        page(
          c,
          'Not allowed',
          'You do not have permission to manage Two-Factor Authentication. Ask your primary contact for Client Profile / View.',
        ),
        403,
      );
    }
    return who;
  }

  const flowFailure = (c: C, failure: EnrollmentFailure, dialog?: (error: string) => Child) => {
    switch (failure.reason) {
      case 'wrong-password':
        if (failure.retryAfterSeconds) return profile(c, { flash: lockedFlash(failure.retryAfterSeconds) }, 429);
        return profile(c, { dialog: dialog?.('Incorrect password.') }, 401);
      case 'invalid-code':
        if (failure.retryAfterSeconds) return profile(c, { flash: lockedFlash(failure.retryAfterSeconds) }, 429);
        return profile(c, { dialog: dialog?.('That token is not valid. Check your app and try again.') }, 401);
      case 'replayed':
        return profile(c, { dialog: dialog?.('That token has already been used. Wait for the next one.') }, 401);
      case 'locked':
        return profile(c, { flash: lockedFlash(failure.retryAfterSeconds) }, 429);
      case 'expired':
      case 'reauth-required':
        return profile(c, { flash: { kind: 'error', text: 'The Two-Factor change expired. Start again.' } }, 410);
      case 'conflict':
        return profile(
          c,
          { flash: { kind: 'error', text: 'The Two-Factor change was changed in another tab or window. Start again.' } },
          409,
        );
      default:
        return profile(c, { flash: { kind: 'error', text: 'The Two-Factor change could not be made.' } }, 409);
    }
  };

  app.post('/profile/two-factor/enable', async (c) => {
    const who = await mayManageOwn(c);
    if (who instanceof Response) return who;
    const { me, ctx } = who;
    const status = await service.status(me.id, me.id);
    if (status.ok && status.enabled) return profile(c, { flash: { kind: 'error', text: 'Two-Factor is already enabled.' } }, 409);
    if (status.ok && status.state !== 'disabled') await service.cancel(me.id, me.id);
    const begun = await service.beginEnable(me.id, me.id);
    if (!begun.ok) return flowFailure(c, begun);
    return profile(c, { dialog: <EnablePassword ctx={ctx} /> });
  });

  app.post('/profile/two-factor/enable/password', async (c) => {
    const who = await mayManageOwn(c);
    if (who instanceof Response) return who;
    const { me, ctx } = who;
    const password = field.password(c.get('form'));
    const result = await service.submitPassword(me.id, me.id, password);
    if (!result.ok) return flowFailure(c, result, (error) => <EnablePassword ctx={ctx} error={error} />);
    if (result.result !== 'secret-issued') return c.redirect('/profile', 303);
    const flow = randomBytes(16).toString('hex');
    await db.query('UPDATE portal_contacts SET enroll_flow = $2 WHERE id = $1', [me.id, flow]);
    const qr = await renderPNGDataURL(result.secret.keyURI(), { moduleSize: 6 });
    return profile(c, { dialog: <SecretDialog ctx={ctx} qr={qr} secretKey={result.secret.formattedSecret()} flow={flow} /> });
  });

  app.post('/profile/two-factor/enable/confirm', async (c) => {
    const who = await mayManageOwn(c);
    if (who instanceof Response) return who;
    const { me, ctx } = who;
    const form = c.get('form');
    const flow = field.text(form, 'flow', 64, 'Enrollment');
    if (me.enroll_flow === null || !sameText(flow, me.enroll_flow)) {
      return profile(
        c,
        {
          flash: {
            kind: 'error',
            text: 'This enrollment was replaced by a newer one (another tab or window). Use the newest QR code, or start again.',
          },
        },
        409,
      );
    }
    const tokenDialog = (error: string) => <SecretDialog ctx={ctx} flow={flow} error={error} />;
    let code: string;
    try {
      code = field.token(form, digits);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return profile(c, { dialog: tokenDialog(error.message) }, 400);
    }
    const result = await service.confirm(me.id, me.id, code);
    if (!result.ok) return flowFailure(c, result, tokenDialog);
    await db.query('UPDATE portal_contacts SET enroll_flow = NULL WHERE id = $1', [me.id]);
    return profile(c, { flash: { kind: 'success', text: result.uiText }, recoveryCodes: result.recoveryCodes.reveal() });
  });

  app.post('/profile/two-factor/disable', async (c) => {
    const who = await mayManageOwn(c);
    if (who instanceof Response) return who;
    const { me, ctx } = who;
    const status = await service.status(me.id, me.id);
    if (status.ok && status.state === 'disable-password') await service.cancel(me.id, me.id);
    else if (status.ok && !status.enabled) return profile(c, { flash: { kind: 'error', text: 'Two-Factor is not enabled.' } }, 409);
    const begun = await service.beginDisable(me.id, me.id);
    if (!begun.ok) return flowFailure(c, begun);
    return profile(c, { dialog: <DisablePassword ctx={ctx} /> });
  });

  app.post('/profile/two-factor/disable/password', async (c) => {
    const who = await mayManageOwn(c);
    if (who instanceof Response) return who;
    const { me, ctx } = who;
    const password = field.password(c.get('form'));
    const result = await service.submitPassword(me.id, me.id, password);
    if (!result.ok) return flowFailure(c, result, (error) => <DisablePassword ctx={ctx} error={error} />);
    return profile(c, { flash: { kind: 'success', text: result.uiText } });
  });

  app.post('/profile/two-factor/cancel', async (c) => {
    const who = await mayManageOwn(c);
    if (who instanceof Response) return who;
    const status = await service.status(who.me.id, who.me.id);
    if (status.ok && status.state !== 'disabled' && status.state !== 'enabled') await service.cancel(who.me.id, who.me.id);
    await db.query('UPDATE portal_contacts SET enroll_flow = NULL WHERE id = $1', [who.me.id]);
    return c.redirect('/profile?msg=cancelled', 303);
  });

  app.get('/profile/password', async (c) => {
    const who = await signedIn(c);
    if (who instanceof Response) return who;
    return render(c, <ChangePasswordPage ctx={who.ctx} />);
  });

  app.post('/profile/password', async (c) => {
    const who = await signedIn(c);
    if (who instanceof Response) return who;
    const form = c.get('form');
    const current = field.password(form, 'current', 'Current password');
    const next = field.newPassword(form, 'password');
    if (!(await checkPassword(current, who.me.password_hash))) {
      return render(c, <ChangePasswordPage ctx={who.ctx} flash={{ kind: 'error', text: 'Current password is incorrect.' }} />, 401);
    }
    await db.query('UPDATE portal_contacts SET password_hash = $2 WHERE id = $1', [who.me.id, await hashPassword(next)]);
    return c.redirect('/profile?msg=password', 303);
  });

  // ---------------------------------------------------------------- View Contacts and Edit Contact
  async function contactsAccess(c: C, action: 'view' | 'update') {
    const who = await signedIn(c);
    if (who instanceof Response) return who;
    const resolver = await resolverFor(who.me.account_id);
    if (resolver.resolve(who.me.id, 'contacts', action).decision !== 'allow') {
      return c.html(page(c, 'Not allowed', 'You do not have permission to manage contacts.'), 403);
    }
    return {
      ...who,
      resolver,
      policy: twoFactorPolicy(resolver),
      canEdit: resolver.resolve(who.me.id, 'contacts', 'update').decision === 'allow',
    };
  }
  async function subjectOf(c: C, me: Contact): Promise<Contact | Response> {
    const id = c.req.param('id') ?? '';
    const subject = /^[0-9]{1,12}$/.test(id) ? await contactById(db, id) : null;
    if (subject === null || subject.account_id !== me.account_id) return c.html(page(c, 'Not found', 'There is no such contact.'), 404);
    return subject;
  }

  app.get('/contacts', async (c) => {
    const who = await contactsAccess(c, 'view');
    if (who instanceof Response) return who;
    const msg = c.req.query('msg');
    return render(
      c,
      <ContactsPage
        ctx={who.ctx}
        contacts={await contactsOf(db, who.me.account_id)}
        canEdit={who.canEdit}
        flash={(msg && MESSAGES[msg]) || null}
      />,
    );
  });

  app.get('/contacts.csv', async (c) => {
    const who = await contactsAccess(c, 'view');
    if (who instanceof Response) return who;
    const rows = (await contactsOf(db, who.me.account_id)).map((x) => [
      x.id,
      x.name,
      x.title,
      x.phone,
      x.email,
      x.is_primary ? 'yes' : 'no',
      x.active ? 'yes' : 'no',
    ]);
    const csv = [['ID', 'Name', 'Title', 'Phone', 'Email', 'Primary', 'Active'], ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n');
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="contacts-${who.me.account_id}.csv"`);
    return c.body(`${csv}\r\n`);
  });

  async function editData(
    c: C,
    tab: Tab,
    who: Exclude<Awaited<ReturnType<typeof contactsAccess>>, Response>,
    subject: Contact,
  ): Promise<EditContactData> {
    const data: EditContactData = { contact: subject, tab };
    const manage = who.policy.mayManageTwoFactor(who.me.id, subject.id).allowed;
    if (tab === 'permissions') {
      data.grid = who.resolver.effectiveGrid(subject.id);
      data.filter = (c.req.query('filter') ?? '').slice(0, 80);
      data.mayEditPermissions = who.policy.mayEditPermissions(who.me.id, subject.id).allowed;
    }
    if (tab === 'login') {
      data.twoFactorEnabled = await twoFactorOn(subject.id);
      data.mayResetTwoFactor = manage && subject.id !== who.me.id;
    }
    if (tab === 'unlock') {
      const status = manage ? await service.status(who.me.id, subject.id) : null;
      const active = await storage.credentialStore.getActiveKey(subject.id);
      const throttle = active ? await verifier.throttle.status(active.keyRef) : null;
      active?.key.fill(0);
      data.lock = {
        enrollmentSeconds: status?.ok ? status.lockedForSeconds : 0,
        loginSeconds: throttle?.retryAfterSeconds ?? 0,
        failures: throttle?.failures ?? 0,
      };
    }
    return data;
  }

  app.get('/contacts/:id/edit', async (c) => {
    const who = await contactsAccess(c, 'view');
    if (who instanceof Response) return who;
    const subject = await subjectOf(c, who.me);
    if (subject instanceof Response) return subject;
    const tab = (['details', 'login', 'permissions', 'unlock'] as const).find((t) => t === c.req.query('tab')) ?? 'details';
    const msg = c.req.query('msg');
    return render(c, <EditContactPage ctx={who.ctx} data={await editData(c, tab, who, subject)} flash={(msg && MESSAGES[msg]) || null} />);
  });

  /** Runs a contact edit; a FormError re-renders the tab (stored values, never the sent ones) with the message. */
  function contactPost(
    tab: Tab,
    action: (
      who: Exclude<Awaited<ReturnType<typeof contactsAccess>>, Response>,
      subject: Contact,
      form: Form,
    ) => Promise<string | Response>,
  ) {
    return async (c: C) => {
      const who = await contactsAccess(c, 'update');
      if (who instanceof Response) return who;
      const subject = await subjectOf(c, who.me);
      if (subject instanceof Response) return subject;
      try {
        const msg = await action(who, subject, c.get('form'));
        if (msg instanceof Response) return msg;
        return c.redirect(`/contacts/${subject.id}/edit?tab=${tab}&msg=${msg}`, 303);
      } catch (error) {
        if (!(error instanceof FormError)) throw error;
        return render(
          c,
          <EditContactPage ctx={who.ctx} data={await editData(c, tab, who, subject)} flash={{ kind: 'error', text: error.message }} />,
          error.status === 413 ? 400 : error.status,
        );
      }
    };
  }
  const forbidden = (text: string) => new FormError(text, 403);

  app.post(
    '/contacts/:id/details',
    contactPost('details', async (who, subject, form) => {
      if (!who.policy.mayManageTwoFactor(who.me.id, subject.id).allowed) throw forbidden('You may not edit this contact.');
      const name = field.personName(form, 'name', 'Name', true);
      const title = field.personName(form, 'title', 'Title', false);
      const phone = field.phone(form);
      const email = field.email(form);
      const other = await contactByEmail(db, email);
      if (other && other.id !== subject.id) throw new FormError('Email: another contact already uses this address.', 409);
      await db.query('UPDATE portal_contacts SET name = $2, title = $3, phone = $4, email = $5 WHERE id = $1', [
        subject.id,
        name,
        title,
        phone,
        email,
      ]);
      return 'updated';
    }),
  );

  app.post(
    '/contacts/:id/password',
    contactPost('login', async (who, subject, form) => {
      if (!who.policy.mayManageTwoFactor(who.me.id, subject.id).allowed) throw forbidden('You may not change this contact’s password.');
      const password = field.newPassword(form);
      await db.query('UPDATE portal_contacts SET password_hash = $2 WHERE id = $1', [subject.id, await hashPassword(password)]);
      if (subject.id !== who.me.id) await deleteSessionsOf(db, subject.id);
      return 'password';
    }),
  );

  app.post(
    '/contacts/:id/permissions',
    contactPost('permissions', async (who, subject, form) => {
      if (!who.policy.mayEditPermissions(who.me.id, subject.id).allowed) throw forbidden('You may not edit this contact’s permissions.');
      const cells = Object.entries(form).filter(([name]) => name.startsWith('cell:'));
      if (cells.length > 400) throw new FormError('Permissions: too many cells.');
      let model: PermissionModel = await permissionModel(db, who.me.account_id);
      for (const [name, value] of cells) {
        const [, resource, action] = name.split(':');
        const resourceInfo = who.resolver.resources.find((r) => r.id === resource);
        if (!resource || !action || !resourceInfo?.actions.includes(action))
          throw new FormError('Permissions: unknown resource or action.');
        if (value !== 'allow' && value !== 'deny' && value !== 'inherit')
          throw new FormError('Permissions: each cell is Allow, Deny or Inherit.');
        model = setCell(model, subject.id, resource, action, value);
      }
      const grants = (model.grants as Record<string, unknown>)[subject.id] ?? {};
      await db.query('UPDATE portal_contacts SET grants = $2 WHERE id = $1', [subject.id, JSON.stringify(grants)]);
      return 'updated';
    }),
  );

  app.post(
    '/contacts/:id/unlock',
    contactPost('unlock', async (who, subject) => {
      const result = await service.unlock(who.me.id, subject.id);
      if (!result.ok)
        throw result.reason === 'forbidden'
          ? forbidden('You may not unlock this contact.')
          : new FormError('The contact could not be unlocked.', 409);
      return 'unlocked';
    }),
  );

  app.post(
    '/contacts/:id/two-factor/reset',
    contactPost('login', async (who, subject, form) => {
      if (subject.id === who.me.id || !who.policy.mayManageTwoFactor(who.me.id, subject.id).allowed)
        throw forbidden('You may not reset this contact’s Two-Factor.');
      const password = field.password(form, 'password', 'Your password');
      const result = await service.resetTwoFactor(who.me.id, subject.id, password);
      if (!result.ok) {
        const text =
          result.reason === 'wrong-password'
            ? 'Your password is incorrect.'
            : result.reason === 'locked'
              ? 'Two-Factor changes for this contact are locked; unlock first.'
              : result.reason === 'not-enrolled'
                ? 'This contact has no Two-Factor to reset.'
                : 'Two-Factor could not be reset.';
        throw new FormError(text, result.reason === 'wrong-password' ? 403 : 409);
      }
      await deleteSessionsOf(db, subject.id);
      return 'reset';
    }),
  );

  app.post('/contacts/:id/deactivate', async (c) => {
    const who = await contactsAccess(c, 'update');
    if (who instanceof Response) return who;
    const subject = await subjectOf(c, who.me);
    if (subject instanceof Response) return subject;
    if (subject.is_primary || !who.policy.mayManageTwoFactor(who.me.id, subject.id).allowed) {
      return c.html(page(c, 'Not allowed', 'You may not deactivate this contact.'), 403);
    }
    await db.query('UPDATE portal_contacts SET active = false WHERE id = $1', [subject.id]);
    await deleteSessionsOf(db, subject.id);
    return c.redirect('/contacts?msg=deactivated', 303);
  });

  return { app, service, verifier };
}

type C = import('hono').Context<{ Variables: Vars }>;

const lockedFlash = (seconds: number | undefined): Flash => ({
  kind: 'error',
  text: seconds
    ? `Too many wrong attempts. Two-Factor changes are locked; try again in ${seconds} seconds.`
    : 'Too many wrong attempts. Ask your primary contact to unlock.',
});

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A CSV cell, quoted; a leading = + - @ is defused so a spreadsheet does not run it as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

const EnablePassword = ({ ctx, error }: { ctx: PageContext; error?: string }) => (
  <PasswordDialog
    ctx={ctx}
    action="/profile/two-factor/enable/password"
    title="Enable Two-Factor Authentication"
    button="Continue"
    {...(error ? { error } : {})}
  />
);
const DisablePassword = ({ ctx, error }: { ctx: PageContext; error?: string }) => (
  <PasswordDialog
    ctx={ctx}
    action="/profile/two-factor/disable/password"
    title="Disable Two-Factor Authentication"
    button="Disable Two-Factor Authentication"
    {...(error ? { error } : {})}
  />
);

import { Csrf, Layout } from './views.js';

const ChangePasswordPage = ({ ctx, flash }: { ctx: PageContext; flash?: Flash }) => (
  <Layout title="Change Password" ctx={ctx} flash={flash ?? null}>
    <section class="card narrow">
      <h1>Change Password</h1>
      <form method="post" action="/profile/password">
        <Csrf ctx={ctx} />
        <label>
          Current password
          <input name="current" type="password" autocomplete="current-password" maxlength={256} required />
        </label>
        <label>
          New password
          <input name="password" type="password" autocomplete="new-password" minlength={10} maxlength={256} required />
        </label>
        <button type="submit">Change password</button>
      </form>
    </section>
  </Layout>
);
