/** Server-rendered pages (Hono JSX: every value is HTML-escaped unless marked raw; nothing here is). */
import type { Child, FC } from 'hono/jsx';
import type { Account, Contact } from './data.js';

export interface PageContext {
  account: Account | null;
  me: Contact | null;
  csrf: string;
  /** May this contact see View Contacts. */
  canViewContacts?: boolean;
}

export type Flash = { kind: 'success' | 'error'; text: string } | null;

export const Layout: FC<{ title: string; ctx: PageContext; flash?: Flash; children?: Child }> = ({ title, ctx, flash, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} — Client Portal`}</title>
      <link rel="stylesheet" href="/static/portal.css" />
    </head>
    <body>
      <header class="bar">
        <span class="brand">Client Portal</span>
        {ctx.account && (
          <span class="account">
            {ctx.account.name} (client ID {ctx.account.id})
          </span>
        )}
        {ctx.me && (
          <nav>
            <span class="menu">Client Profile:</span>
            <a href="/profile">View Profile</a>
            {ctx.canViewContacts && <a href="/contacts">View Contacts</a>}
            <form method="post" action="/logout" class="inline">
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <button type="submit" class="link">
                Log out ({ctx.me.name})
              </button>
            </form>
          </nav>
        )}
      </header>
      <main>
        {flash && (
          <p class={`flash ${flash.kind}`} role={flash.kind === 'error' ? 'alert' : 'status'}>
            {flash.text}
          </p>
        )}
        {children}
      </main>
    </body>
  </html>
);

export const Csrf: FC<{ ctx: PageContext }> = ({ ctx }) => <input type="hidden" name="_csrf" value={ctx.csrf} />;

export const LoginPage: FC<{ ctx: PageContext; flash?: Flash; email?: string }> = ({ ctx, flash, email }) => (
  <Layout title="Log in" ctx={ctx} flash={flash ?? null}>
    <section class="card narrow">
      <h1>Log in</h1>
      <form method="post" action="/login">
        <Csrf ctx={ctx} />
        <label>
          Email
          <input name="email" type="email" autocomplete="username" maxlength={254} required value={email ?? ''} />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" maxlength={256} required />
        </label>
        <button type="submit">Log in</button>
      </form>
    </section>
  </Layout>
);

export const SecondFactorPage: FC<{ ctx: PageContext; flash?: Flash }> = ({ ctx, flash }) => (
  <Layout title="Two-Factor Authentication" ctx={ctx} flash={flash ?? null}>
    <section class="card narrow">
      <h1>Two-Factor Authentication</h1>
      <p>Enter the token your authenticator app shows.</p>
      <form method="post" action="/login/two-factor">
        <Csrf ctx={ctx} />
        <label>
          Token:
          <input name="token" inputmode="numeric" autocomplete="one-time-code" maxlength={10} autofocus />
        </label>
        <button type="submit">Verify</button>
      </form>
      <details>
        <summary>Lost your phone? Use a recovery code</summary>
        <form method="post" action="/login/recovery">
          <Csrf ctx={ctx} />
          <label>
            Recovery code:
            <input name="code" autocomplete="off" maxlength={40} />
          </label>
          <button type="submit">Use recovery code</button>
        </form>
      </details>
    </section>
  </Layout>
);

export interface TwoFactorView {
  enabled: boolean;
  mayManage: boolean;
  recoveryCodesRemaining: number | null;
  lockedForSeconds: number;
}

export const Dialog: FC<{ title: string; children?: Child }> = ({ title, children }) => (
  <div class="overlay">
    <dialog open aria-labelledby="dialog-title">
      <h2 id="dialog-title">{title}</h2>
      {children}
    </dialog>
  </div>
);

export const ProfilePage: FC<{
  ctx: PageContext;
  twoFactor: TwoFactorView;
  flash?: Flash;
  recoveryCodes?: readonly string[];
  dialog?: Child;
}> = ({ ctx, twoFactor, flash, recoveryCodes, dialog }) => {
  const me = ctx.me as Contact;
  return (
    <Layout title="View Profile" ctx={ctx} flash={flash ?? null}>
      <h1>View Profile</h1>
      {recoveryCodes && (
        <section class="card recovery" id="recovery-codes">
          <h2>Recovery codes</h2>
          <p>Each code works once, if you lose your phone. Store them somewhere safe: they are shown only now.</p>
          <ol class="codes">
            {recoveryCodes.map((code) => (
              <li>
                <code>{code}</code>
              </li>
            ))}
          </ol>
        </section>
      )}
      <section class="card">
        <h2>CONTACT</h2>
        <dl>
          <dt>Name</dt>
          <dd>{me.name}</dd>
          <dt>Contact ID</dt>
          <dd>{me.id}</dd>
          <dt>Title</dt>
          <dd>{me.title}</dd>
          <dt>Email</dt>
          <dd>{me.email}</dd>
          <dt>Phone</dt>
          <dd>{me.phone}</dd>
        </dl>
      </section>
      <section class="card" id="authentication">
        <h2>AUTHENTICATION</h2>
        <dl>
          <dt>Password:</dt>
          <dd>
            <a href="/profile/password">Click to change</a>
          </dd>
          <dt>Two-Factor:</dt>
          <dd>
            {twoFactor.mayManage ? (
              <form method="post" action={twoFactor.enabled ? '/profile/two-factor/disable' : '/profile/two-factor/enable'} class="inline">
                <Csrf ctx={ctx} />
                <button type="submit" class="link">
                  {twoFactor.enabled ? 'Click to disable' : 'Click to enable'}
                </button>
              </form>
            ) : (
              <span class="muted">{twoFactor.enabled ? 'Enabled' : 'Not enabled'} (ask your primary contact for access)</span>
            )}
            {twoFactor.enabled && twoFactor.recoveryCodesRemaining !== null && (
              <span class="muted"> · {twoFactor.recoveryCodesRemaining} recovery codes left</span>
            )}
          </dd>
        </dl>
      </section>
      {dialog}
    </Layout>
  );
};

export const PasswordDialog: FC<{ ctx: PageContext; action: string; title: string; button: string; error?: string }> = ({
  ctx,
  action,
  title,
  button,
  error,
}) => (
  <Dialog title={title}>
    {error && (
      <p class="flash error" role="alert">
        {error}
      </p>
    )}
    <p>To proceed, please verify your password.</p>
    <form method="post" action={action}>
      <Csrf ctx={ctx} />
      <label>
        Password
        <input name="password" type="password" autocomplete="current-password" maxlength={256} required autofocus />
      </label>
      <div class="buttons">
        <button type="submit">{button}</button>
        <button type="submit" formaction="/profile/two-factor/cancel" formnovalidate class="secondary">
          Cancel
        </button>
      </div>
    </form>
  </Dialog>
);

export const SecretDialog: FC<{ ctx: PageContext; qr?: string; secretKey?: string; flow: string; error?: string }> = ({
  ctx,
  qr,
  secretKey,
  flow,
  error,
}) => (
  <Dialog title="Enable Two-Factor Authentication">
    {error && (
      <p class="flash error" role="alert">
        {error}
      </p>
    )}
    {qr && secretKey ? (
      <>
        <p>Your secret key is shown below. Use your app to scan the barcode or enter the key manually.</p>
        <img class="qr" id="qr" src={qr} alt="QR code of the key URI" />
        <p class="key">
          <code id="secret-key">{secretKey}</code>
        </p>
      </>
    ) : (
      <p>Enter the token your app shows for the key you scanned. Lost the key? Cancel and start again.</p>
    )}
    <form method="post" action="/profile/two-factor/enable/confirm">
      <Csrf ctx={ctx} />
      <input type="hidden" name="flow" value={flow} />
      <label>
        Token:
        <input name="token" inputmode="numeric" autocomplete="one-time-code" maxlength={10} required autofocus />
      </label>
      <div class="buttons">
        <button type="submit">Complete Enrollment</button>
        <button type="submit" formaction="/profile/two-factor/cancel" formnovalidate class="secondary">
          Cancel
        </button>
      </div>
    </form>
  </Dialog>
);

export const ErrorPage: FC<{ ctx: PageContext; title: string; text: string }> = ({ ctx, title, text }) => (
  <Layout title={title} ctx={ctx} flash={{ kind: 'error', text }}>
    <h1>{title}</h1>
    <p>
      <a href="/">Back to the portal</a>
    </p>
  </Layout>
);
