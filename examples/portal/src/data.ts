/** The portal's own records: accounts, contacts and sessions, over the {@link Db} of storage.ts. */
import { createHash, randomBytes } from 'node:crypto';
import type { PermissionModel } from 'otpkit/permissions';
import { DEFAULT_PORTAL_TREE } from 'otpkit/permissions';
import { hashPassword } from './passwords.js';
import type { Db } from './storage.js';

export interface Contact {
  id: string;
  account_id: string;
  name: string;
  title: string;
  phone: string;
  email: string;
  is_primary: boolean;
  active: boolean;
  password_hash: string;
  grants: Record<string, Record<string, 'allow' | 'deny' | 'inherit'>>;
  enroll_flow: string | null;
}

export interface Account {
  id: string;
  name: string;
}

/** The demo logins printed at start-up. Demo passwords only: change them before anything real. */
export const DEMO_LOGINS = Object.freeze([
  { id: '3522', name: 'Joe Example', email: 'joe@example.com', password: 'joe-demo-3522', title: 'Owner', phone: '+1 555 0100' },
  {
    id: '3523',
    name: 'Contact Example',
    email: 'contact@example.com',
    password: 'contact-demo-3523',
    title: 'Assistant',
    phone: '+1 555 0101',
  },
]);

/** Seeds Any Company (client ID 1707) with its two contacts, once. */
export async function seed(db: Db): Promise<boolean> {
  const existing = await db.query('SELECT id FROM portal_accounts WHERE id = $1', ['1707']);
  if (existing.rows.length > 0) return false;
  await db.query('INSERT INTO portal_accounts (id, name) VALUES ($1, $2)', ['1707', 'Any Company']);
  for (const [i, login] of DEMO_LOGINS.entries()) {
    await db.query(
      `INSERT INTO portal_contacts (id, account_id, name, title, phone, email, is_primary, password_hash)
       VALUES ($1, '1707', $2, $3, $4, $5, $6, $7)`,
      [login.id, login.name, login.title, login.phone, login.email, i === 0, await hashPassword(login.password)],
    );
  }
  return true;
}

export async function account(db: Db, id: string): Promise<Account | null> {
  return (await db.query<Account>('SELECT id, name FROM portal_accounts WHERE id = $1', [id])).rows[0] ?? null;
}

export async function contactById(db: Db, id: string): Promise<Contact | null> {
  return (await db.query<Contact>('SELECT * FROM portal_contacts WHERE id = $1', [id])).rows[0] ?? null;
}

export async function contactByEmail(db: Db, email: string): Promise<Contact | null> {
  return (await db.query<Contact>('SELECT * FROM portal_contacts WHERE lower(email) = lower($1)', [email])).rows[0] ?? null;
}

export async function contactsOf(db: Db, accountId: string): Promise<Contact[]> {
  return (await db.query<Contact>('SELECT * FROM portal_contacts WHERE account_id = $1 ORDER BY id', [accountId])).rows;
}

/** The permission model of one account, in the shape `createPermissionResolver` takes. */
export async function permissionModel(db: Db, accountId: string): Promise<PermissionModel> {
  const contacts = await contactsOf(db, accountId);
  return {
    tree: DEFAULT_PORTAL_TREE,
    contacts: contacts.filter((c) => c.active).map((c) => ({ id: c.id, primary: c.is_primary, roles: [] })),
    roles: {},
    grants: Object.fromEntries(contacts.filter((c) => c.active).map((c) => [c.id, c.grants])),
  } as PermissionModel;
}

// Sessions: the cookie holds a random token; the table holds its SHA-256, so a leaked table does
// not hand out sessions. Stages: 'anonymous' (before login, carries the login form's CSRF token),
// 'second-factor' (password accepted, code pending), 'signed-in'.
export type Stage = 'anonymous' | 'second-factor' | 'signed-in';
export interface Session {
  id_hash: string;
  contact_id: string | null;
  stage: Stage;
  csrf: string;
}
/** Idle lifetime of a session, seconds. */
export const SESSION_SECONDS = 30 * 60;
/** The second step must be completed within this many seconds of the password. */
export const SECOND_FACTOR_SECONDS = 5 * 60;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const token = (): string => randomBytes(32).toString('base64url');

export async function createSession(db: Db, contactId: string | null, stage: Stage): Promise<{ cookie: string; session: Session }> {
  const cookie = token();
  const session: Session = { id_hash: hashToken(cookie), contact_id: contactId, stage, csrf: token() };
  const lifetime = stage === 'second-factor' ? SECOND_FACTOR_SECONDS : SESSION_SECONDS;
  await db.query(
    `INSERT INTO portal_sessions (id_hash, contact_id, stage, csrf, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
    [session.id_hash, contactId, stage, session.csrf, lifetime],
  );
  return { cookie, session };
}

export async function findSession(db: Db, cookie: string | undefined): Promise<Session | null> {
  if (!cookie || cookie.length > 100) return null;
  const { rows } = await db.query<Session>(
    'SELECT id_hash, contact_id, stage, csrf FROM portal_sessions WHERE id_hash = $1 AND expires_at > now()',
    [hashToken(cookie)],
  );
  const session = rows[0] ?? null;
  if (session?.stage === 'signed-in') {
    await db.query(`UPDATE portal_sessions SET expires_at = now() + make_interval(secs => $2) WHERE id_hash = $1`, [
      session.id_hash,
      SESSION_SECONDS,
    ]);
  }
  return session;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.query('DELETE FROM portal_sessions WHERE id_hash = $1 OR expires_at <= now()', [idHash]);
}

/** Signs a contact out everywhere (password changed, 2FA reset, deactivated). */
export async function deleteSessionsOf(db: Db, contactId: string): Promise<void> {
  await db.query('DELETE FROM portal_sessions WHERE contact_id = $1', [contactId]);
}
