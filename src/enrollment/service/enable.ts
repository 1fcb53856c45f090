/**
 * The enable and disable flows of the enrollment service: `beginEnable`/`beginDisable`,
 * `submitPassword` (issues the pending secret, or turns two-factor off), `confirm` and `cancel`.
 * @module
 */
import { EnrollmentTransitionError } from '../../core/errors.js';
import { buildKeyURI } from '../../core/key-uri.js';
import { encodeSecret } from '../../core/secret.js';
import { IssuedSecret } from '../issued-secret.js';
import { type EnrollmentSnapshot, transition } from '../machine.js';
import { fillRandom } from '../random.js';
import { generateRecoveryCodes, toHex } from '../recovery-codes.js';
import {
  type Cancelled,
  type EnrollmentComplete,
  type EnrollmentOutcome,
  type PasswordRequired,
  type SecretIssued,
  type TwoFactorDisabled,
  UI_TEXT,
} from '../service.js';
import { requireString, type ServiceContext } from './context.js';
import {
  commit,
  countFailure,
  deadline,
  fail,
  type Opened,
  openOperation,
  reauthenticate,
  refuseThrottled,
  requireEvent,
} from './steps.js';

/** `beginEnable` / `beginDisable`: into the password prompt. */
export async function begin(
  ctx: ServiceContext,
  actor: string,
  subject: string,
  event: 'begin-enable' | 'begin-disable',
): EnrollmentOutcome<PasswordRequired> {
  const op = await openOperation(ctx, actor, subject, 'locked');
  if ('ok' in op) return op;
  const next = transition(op.snapshot, event, { now: op.t });
  if (!(await commit(ctx, op, next))) return fail('conflict');
  return Object.freeze({
    ok: true,
    result: 'password-required',
    uiText: UI_TEXT.passwordRequired,
    expiresAt: deadline(ctx, next) as number,
  });
}

/** `submitPassword`: the re-entered password, in either password prompt. */
export async function submitPassword(
  ctx: ServiceContext,
  actor: string,
  subject: string,
  password: string | null | undefined,
): EnrollmentOutcome<SecretIssued | TwoFactorDisabled> {
  const op = await openOperation(ctx, actor, subject, 'locked', password);
  if ('ok' in op) return op;
  if (op.expired) return fail(op.expired === 'disable-password' ? 'reauth-required' : 'expired');
  const { snapshot } = op;
  if (snapshot.status !== 'enable-password' && snapshot.status !== 'disable-password') {
    throw new EnrollmentTransitionError(snapshot.status, 'password-ok');
  }
  const refused = await reauthenticate(ctx, op, password);
  if (refused) return refused;
  return snapshot.status === 'disable-password' ? turnOff(ctx, op) : issueSecret(ctx, op);
}

/** The disable prompt's password was right: the active key goes. */
async function turnOff(ctx: ServiceContext, op: Opened): EnrollmentOutcome<TwoFactorDisabled> {
  const next = transition(op.snapshot, 'password-ok', { now: op.t });
  if (!(await commit(ctx, op, next, { key: { op: 'remove-active' } }))) return fail('conflict');
  ctx.emit({ type: 'disabled', subject: op.subject, actor: op.actor, at: op.t });
  return Object.freeze({ ok: true, result: 'two-factor-disabled', uiText: UI_TEXT.twoFactorDisabled });
}

/** The enable prompt's password was right: a fresh pending key, stored, and shown once. */
async function issueSecret(ctx: ServiceContext, op: Opened): EnrollmentOutcome<SecretIssued> {
  const { random, issuer } = ctx;
  const key = fillRandom(random, ctx.keyBytes);
  const keyRef = toHex(fillRandom(random, 16));
  const next = transition(op.snapshot, 'password-ok', { now: op.t, keyRef });
  if (!(await commit(ctx, op, next, { key: { op: 'put-pending', keyRef, key } }))) return fail('conflict');
  const name = requireString('accountName(subject)', ctx.accountName(op.subject));
  const secret = new IssuedSecret({
    secret: encodeSecret(key),
    keyURI: buildKeyURI({ key, accountName: name, ...ctx.uriSettings, ...(issuer === undefined ? {} : { issuer }) }),
    accountName: name,
    issuer,
    expiresAt: deadline(ctx, next) as number,
  });
  key.fill(0);
  return Object.freeze({ ok: true, result: 'secret-issued', uiText: UI_TEXT.secretIssued, secret });
}

/** `confirm`: the code from the app, checked against the pending key. */
export async function confirm(ctx: ServiceContext, actor: string, subject: string, token: unknown): EnrollmentOutcome<EnrollmentComplete> {
  const op = await openOperation(ctx, actor, subject, 'locked');
  if ('ok' in op) return op;
  if (op.expired === 'enable-confirm') return fail('expired');
  const { snapshot, t } = op;
  requireEvent(snapshot.status, 'token-ok');
  const pending = snapshot.pending as NonNullable<EnrollmentSnapshot['pending']>;
  const key = await ctx.store.getPendingKey(subject, pending.keyRef);
  if (!(key instanceof Uint8Array)) {
    // The store lost or replaced the key: the flow cannot complete; end it.
    await commit(ctx, op, transition(snapshot, 'expire', { now: t }), { key: { op: 'discard-pending' } });
    return fail('expired');
  }
  const outcome = await ctx.verifier.verify({ credentialId: pending.keyRef, key, token: typeof token === 'string' ? token : '' });
  key.fill(0);
  if (outcome?.ok !== true) {
    const reason = outcome?.reason;
    if (reason === 'invalid') return countFailure(ctx, op, 'token-wrong', 'invalid-code');
    if (reason === 'replayed') return fail('replayed');
    if (reason === 'throttled') return refuseThrottled(ctx, op, outcome);
    return fail('unavailable');
  }
  const next = transition(snapshot, 'token-ok', { now: t });
  const { codes, stored } = generateRecoveryCodes({ count: ctx.recoveryCodeCount, random: ctx.random, ...ctx.recoveryOptions });
  if (!(await commit(ctx, op, next, { key: { op: 'activate-pending', keyRef: pending.keyRef }, recoveryCodes: stored }))) {
    return fail('conflict');
  }
  ctx.emit({ type: 'enrolled', subject, actor, at: t });
  return Object.freeze({ ok: true, result: 'enrollment-complete', uiText: UI_TEXT.enrollmentComplete, recoveryCodes: codes });
}

/** `cancel`: abandons a pending flow (an expired one is already over). */
export async function cancel(ctx: ServiceContext, actor: string, subject: string): EnrollmentOutcome<Cancelled> {
  const op = await openOperation(ctx, actor, subject, 'load');
  if ('ok' in op) return op;
  const done = Object.freeze({ ok: true, result: 'cancelled', uiText: UI_TEXT.cancelled } as const);
  if (op.expired) return done;
  const next = transition(op.snapshot, 'cancel', { now: op.t });
  const extra = op.snapshot.pending ? { key: { op: 'discard-pending' } as const } : {};
  if (!(await commit(ctx, op, next, extra))) return fail('conflict');
  ctx.emit({ type: 'enrollment-cancelled', subject, actor, at: op.t });
  return done;
}
