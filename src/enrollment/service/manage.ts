/**
 * The enrollment service's operations on an enrolled subject: `status`,
 * `regenerateRecoveryCodes`, and the administrator's `resetTwoFactor` and `unlock`.
 * @module
 */
import { EnrollmentTransitionError } from '../../core/errors.js';
import { initialSnapshot, lockRemaining, transition } from '../machine.js';
import { generateRecoveryCodes } from '../recovery-codes.js';
import {
  type EnrollmentOutcome,
  type EnrollmentStatusView,
  type RecoveryCodesRegenerated,
  type TwoFactorReset,
  UI_TEXT,
  type Unlocked,
} from '../service.js';
import type { ServiceContext } from './context.js';
import { commit, deadline, fail, type Opened, openOperation, reauthenticate } from './steps.js';

/** `status`: what the profile page may show; a run-out flow is shown as where it returns to. */
export async function status(ctx: ServiceContext, actor: string, subject: string): EnrollmentOutcome<EnrollmentStatusView> {
  const op = await openOperation(ctx, actor, subject, 'peek');
  if ('ok' in op) return op;
  const { t } = op;
  let { snapshot } = op;
  const end = deadline(ctx, snapshot);
  if (end !== null && t >= end) snapshot = transition(snapshot, 'expire', { now: t });
  const enabled = snapshot.status === 'enabled' || snapshot.status === 'disable-password';
  const codes = enabled ? await ctx.store.getRecoveryCodes(subject) : null;
  return Object.freeze({
    ok: true,
    result: 'status',
    state: snapshot.status,
    enabled,
    expiresAt: deadline(ctx, snapshot),
    lockedForSeconds: lockRemaining(snapshot, t),
    recoveryCodesRemaining: enabled ? (codes?.hashes.length ?? 0) : null,
  });
}

/** `regenerateRecoveryCodes`: a fresh set replaces the old one (fresh password required). */
export async function regenerateRecoveryCodes(
  ctx: ServiceContext,
  actor: string,
  subject: string,
  password: string | null | undefined,
): EnrollmentOutcome<RecoveryCodesRegenerated> {
  const op = await openOperation(ctx, actor, subject, 'locked', password);
  if ('ok' in op) return op;
  if (op.snapshot.status !== 'enabled') throw new EnrollmentTransitionError(op.snapshot.status, 'regenerate-recovery-codes');
  const refused = await reauthenticate(ctx, op, password);
  if (refused) return refused;
  const { codes, stored } = generateRecoveryCodes({ count: ctx.recoveryCodeCount, random: ctx.random, ...ctx.recoveryOptions });
  if (!(await commit(ctx, op, op.snapshot, { recoveryCodes: stored }))) return fail('conflict');
  ctx.emit({ type: 'recovery-codes-regenerated', subject, actor, at: op.t });
  return Object.freeze({
    ok: true,
    result: 'recovery-codes-regenerated',
    uiText: UI_TEXT.recoveryCodesRegenerated,
    recoveryCodes: codes,
  });
}

/** `resetTwoFactor`: keys and recovery codes go; the subject must enroll again. */
export async function resetTwoFactor(
  ctx: ServiceContext,
  actor: string,
  subject: string,
  password: string | null | undefined,
): EnrollmentOutcome<TwoFactorReset> {
  const op = await openOperation(ctx, actor, subject, 'locked', password);
  if ('ok' in op) return op;
  const { snapshot, t } = op;
  if (snapshot.status !== 'enabled' && snapshot.status !== 'disable-password') return fail('not-enrolled');
  const refused = await reauthenticate(ctx, op, password);
  if (refused) return refused;
  // Back to a subject that never enrolled, keeping only a lock's history.
  const next = { ...initialSnapshot(t), lockedUntil: snapshot.lockedUntil };
  if (!(await commit(ctx, op, next, { key: { op: 'remove-all' } }))) return fail('conflict');
  ctx.emit({ type: 'reset', subject, actor, at: t });
  return Object.freeze({ ok: true, result: 'two-factor-reset', uiText: UI_TEXT.twoFactorReset });
}

/** `unlock`: clears the failure count and lock, then the verifier's throttle for the subject's key refs. */
export async function unlock(ctx: ServiceContext, actor: string, subject: string): EnrollmentOutcome<Unlocked> {
  const op = await openOperation(ctx, actor, subject, 'load');
  if ('ok' in op) return op;
  const { snapshot } = op;
  if (op.etag !== null && (snapshot.failures !== 0 || snapshot.lockedUntil !== null)) {
    if (!(await commit(ctx, op, { ...snapshot, failures: 0, lockedUntil: null }))) return fail('conflict');
  }
  await resetThrottle(ctx, op);
  ctx.emit({ type: 'unlocked', subject, actor, at: op.t });
  return Object.freeze({ ok: true, result: 'unlocked', uiText: UI_TEXT.unlocked });
}

/** The verifier counts failures per key ref: resets the active key's, and a pending key's if any. */
async function resetThrottle(ctx: ServiceContext, op: Opened): Promise<void> {
  const { throttle } = ctx;
  if (!throttle) return;
  const { snapshot } = op;
  const refs = new Set<string>();
  if (snapshot.pending) refs.add(snapshot.pending.keyRef);
  if (snapshot.status === 'enabled' || snapshot.status === 'disable-password') {
    const active = await ctx.store.getActiveKey(op.subject);
    if (active?.key instanceof Uint8Array) active.key.fill(0);
    if (typeof active?.keyRef === 'string') refs.add(active.keyRef);
  }
  for (const ref of refs) await throttle.reset(ref);
}
