/**
 * Steps the enrollment operations share: the opening every operation starts with (ids, clock,
 * permission, one read of the snapshot with a run-out flow expired first, the lock), the
 * re-entered password, the commit, counting a failure, and refusing a throttled attempt.
 * @module
 */
import { EnrollmentTransitionError, InvalidSnapshotError } from '../../core/errors.js';
import { assertId } from '../../internal/assert.js';
import { CredentialRecordError, type EnrollmentCommit, type StoredKey, StoredSnapshotError } from '../credential-store.js';
import {
  canTransition,
  type EnrollmentSnapshot,
  type EnrollmentStatus,
  initialSnapshot,
  lockRemaining,
  parseSnapshot,
  serializeSnapshot,
  transition,
} from '../machine.js';
import type { EnrollmentFailure } from '../service.js';
import type { ServiceContext } from './context.js';

/** A refusal, frozen. */
export const fail = (
  reason: EnrollmentFailure['reason'],
  extra?: { retryAfterSeconds?: number; explanation?: unknown },
): EnrollmentFailure => Object.freeze({ ok: false, reason, ...extra });

/** The snapshot an operation works on, read once. */
export interface Loaded {
  readonly snapshot: EnrollmentSnapshot;
  /** The record's etag, `null` when the subject has none yet. */
  readonly etag: string | null;
  /** The pending flow had run out and was just ended. */
  readonly expired: EnrollmentStatus | null;
}

/** An operation under way: its time (Unix seconds) and its snapshot. */
export interface Opened extends Loaded {
  readonly actor: string;
  readonly subject: string;
  readonly t: number;
}

/**
 * How an operation reads the snapshot after the permission check: `locked` loads it (expiring a
 * run-out flow) and refuses while the subject is locked; `load` does the same without the lock
 * check; `peek` only reads it, expiring nothing.
 */
export type Reading = 'locked' | 'load' | 'peek';

/**
 * The opening every actor's operation starts with: checks `actor` and `subject` by the id rule
 * (and the password's type, when the operation takes one), reads the clock, asks the permission
 * port, then reads the snapshot as `reading` says.
 */
export async function openOperation(
  ctx: ServiceContext,
  actor: string,
  subject: string,
  reading: Reading,
  password?: unknown,
): Promise<Opened | EnrollmentFailure> {
  assertId('actor', actor);
  assertId('subject', subject);
  checkPassword(password);
  const t = ctx.now();
  const denied = await mayManage(ctx, actor, subject);
  if (denied) return denied;
  const loaded = reading === 'peek' ? await peek(ctx, subject, t) : await load(ctx, subject, t);
  if ('ok' in loaded) return loaded;
  const wait = reading === 'locked' ? lockRemaining(loaded.snapshot, t) : 0;
  return wait > 0 ? fail('locked', { retryAfterSeconds: wait }) : { ...loaded, actor, subject, t };
}

function checkPassword(value: unknown): void {
  // Never echo the value: it may be a password.
  if (value !== null && value !== undefined && typeof value !== 'string') {
    throw new TypeError(`"password" expected a string, null or undefined, got ${typeof value}`);
  }
}

async function mayManage(ctx: ServiceContext, actor: string, subject: string): Promise<EnrollmentFailure | null> {
  const answer: unknown = await ctx.permissions.mayManageTwoFactor(actor, subject);
  if (answer !== null && typeof answer === 'object' && (answer as { allowed?: unknown }).allowed === true) return null;
  return fail('forbidden', { explanation: (answer as { explanation?: unknown } | null)?.explanation });
}

/** Reads and validates the snapshot; a run-out pending flow is expired (and committed) first. */
async function load(ctx: ServiceContext, subject: string, t: number): Promise<Loaded | EnrollmentFailure> {
  const stored = await ctx.store.read(subject);
  if (stored === null) return { snapshot: initialSnapshot(t), etag: null, expired: null };
  const snapshot = readSnapshot(subject, stored);
  const end = deadline(ctx, snapshot);
  if (end === null || t < end) return { snapshot, etag: stored.etag, expired: null };
  const next = transition(snapshot, 'expire', { now: t });
  const etag = await write(ctx, subject, stored.etag, next, snapshot.pending ? { key: { op: 'discard-pending' } } : {});
  if (etag === null) return fail('conflict');
  return { snapshot: next, etag, expired: snapshot.status };
}

/** The stored snapshot as it is (no expiry committed), or the initial one. */
async function peek(ctx: ServiceContext, subject: string, t: number): Promise<Loaded> {
  return { snapshot: await currentSnapshot(ctx, subject, t), etag: null, expired: null };
}

/** The stored snapshot of `subject`, or the initial one. */
async function currentSnapshot(ctx: ServiceContext, subject: string, t: number): Promise<EnrollmentSnapshot> {
  const stored = await ctx.store.read(subject);
  return stored === null ? initialSnapshot(t) : readSnapshot(subject, stored);
}

/** The stored snapshot, validated; a record without an etag or with a bad snapshot is a typed error naming the subject. */
function readSnapshot(subject: string, stored: unknown): EnrollmentSnapshot {
  if (stored === undefined || stored === null || typeof stored !== 'object' || typeof (stored as { etag?: unknown }).etag !== 'string') {
    throw new CredentialRecordError(subject, 'etag');
  }
  try {
    return parseSnapshot((stored as { snapshot?: unknown }).snapshot);
  } catch (error) {
    throw error instanceof InvalidSnapshotError ? new StoredSnapshotError(subject, error) : error;
  }
}

/** Deadline (exclusive, Unix seconds) of a pending state. */
export function deadline(ctx: ServiceContext, s: EnrollmentSnapshot): number | null {
  if (s.status === 'enable-confirm' && s.pending) return s.pending.issuedAt + ctx.pendingLifetime;
  if (s.status === 'enable-password') return s.since + ctx.pendingLifetime;
  if (s.status === 'disable-password') return s.since + ctx.reauthMaxAge;
  return null;
}

/** Commits `snapshot` (and `extra`) if the record still has `expectedEtag`; the new etag, or `null` on a conflict. */
async function write(
  ctx: ServiceContext,
  subject: string,
  expectedEtag: string | null,
  snapshot: EnrollmentSnapshot,
  extra: Pick<EnrollmentCommit, 'key' | 'recoveryCodes'>,
): Promise<string | null> {
  const result = await ctx.store.commit(subject, { expectedEtag, snapshot: serializeSnapshot(snapshot), ...extra });
  return result && result.ok === true && typeof result.etag === 'string' ? result.etag : null;
}

/** Commits `next` over the opened snapshot; `false` when the record changed meanwhile. */
export async function commit(
  ctx: ServiceContext,
  op: Opened,
  next: EnrollmentSnapshot,
  extra: Pick<EnrollmentCommit, 'key' | 'recoveryCodes'> = {},
): Promise<boolean> {
  return (await write(ctx, op.subject, op.etag, next, extra)) !== null;
}

/** Counts a wrong password or code; starts a lock at `maxFailures`. */
export async function countFailure(
  ctx: ServiceContext,
  op: Opened,
  event: 'password-wrong' | 'token-wrong',
  reason: 'wrong-password' | 'invalid-code',
): Promise<EnrollmentFailure> {
  const { actor, subject, t } = op;
  let next = transition(op.snapshot, event, { now: t });
  const locking = next.failures >= ctx.maxFailures;
  if (locking) next = transition(next, 'lock', { now: t, lockSeconds: ctx.lockSeconds });
  const extra = locking && op.snapshot.pending ? { key: { op: 'discard-pending' } as const } : {};
  if (!(await commit(ctx, op, next, extra))) return fail('conflict');
  if (locking) ctx.emit({ type: 'throttled', subject, actor, at: t, retryAfterSeconds: ctx.lockSeconds });
  return locking ? fail(reason, { retryAfterSeconds: ctx.lockSeconds }) : fail(reason);
}

/**
 * The re-entered password of an operation that needs one: `reauth-required` when none was
 * given, a counted `wrong-password` when the port says no; `null` when it is right.
 */
export async function reauthenticate(
  ctx: ServiceContext,
  op: Opened,
  password: string | null | undefined,
): Promise<EnrollmentFailure | null> {
  if (password === null || password === undefined || password === '') return fail('reauth-required');
  if ((await ctx.verifyPassword(op.actor, password)) !== true) return countFailure(ctx, op, 'password-wrong', 'wrong-password');
  return null;
}

/** Throws `EnrollmentTransitionError` unless `status` allows `event`. */
export function requireEvent(status: EnrollmentStatus, event: string): void {
  if (!canTransition(status, event)) throw new EnrollmentTransitionError(status, event);
}

/** A throttled attempt: audited (with the actor when there is one), answered `locked`. */
export function refuseThrottled(
  ctx: ServiceContext,
  who: { readonly subject: string; readonly t: number; readonly actor?: string },
  outcome: unknown,
): EnrollmentFailure {
  const actor = who.actor === undefined ? {} : { actor: who.actor };
  ctx.emit({ type: 'throttled', subject: who.subject, ...actor, at: who.t, ...retryAfter(outcome) });
  return fail('locked', retryAfter(outcome));
}

function retryAfter(outcome: unknown): { retryAfterSeconds?: number } {
  const seconds = (outcome as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? { retryAfterSeconds: Math.ceil(seconds) } : {};
}

/** A login under way: the subject's active key (zero it when done) and the time. */
export interface LoginOpened extends StoredKey {
  readonly subject: string;
  readonly t: number;
}

/**
 * The opening of the login operations (no actor, no permission): checks `subject`, reads the
 * clock and the active key. Two-factor off answers `not-enrolled`; on, without a usable key,
 * `unavailable` (fail closed: never "not enrolled", which an application may let through on the
 * password alone).
 */
export async function openLogin(ctx: ServiceContext, subject: string): Promise<LoginOpened | EnrollmentFailure> {
  assertId('subject', subject);
  const t = ctx.now();
  const snapshot = await currentSnapshot(ctx, subject, t);
  if (snapshot.status !== 'enabled' && snapshot.status !== 'disable-password') return fail('not-enrolled');
  const active: unknown = await ctx.store.getActiveKey(subject);
  const { keyRef, key } = (active ?? {}) as { keyRef?: unknown; key?: unknown };
  if (typeof keyRef !== 'string' || !(key instanceof Uint8Array) || key.length === 0) {
    if (key instanceof Uint8Array) key.fill(0);
    return fail('unavailable');
  }
  return { subject, t, keyRef, key };
}
