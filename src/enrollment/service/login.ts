/**
 * The enrollment service's login operations: `verifyLogin` (a code from the app, checked
 * against the active key only) and `useRecoveryCode` (one recovery code, spent once).
 * @module
 */
import { findRecoveryCode } from '../recovery-codes.js';
import type { EnrollmentOutcome, LoginVerified, RecoveryCodeAccepted } from '../service.js';
import type { ServiceContext } from './context.js';
import { fail, openLogin, refuseThrottled } from './steps.js';

/** `verifyLogin`: the second factor at login. */
export async function verifyLogin(ctx: ServiceContext, subject: string, token: unknown): EnrollmentOutcome<LoginVerified> {
  const login = await openLogin(ctx, subject);
  if ('ok' in login) return login;
  const { t } = login;
  const outcome = await ctx.verifier.verify({
    credentialId: login.keyRef,
    key: login.key,
    token: typeof token === 'string' ? token : '',
  });
  login.key.fill(0);
  if (outcome?.ok === true && Number.isSafeInteger(outcome.timeStep) && Number.isSafeInteger(outcome.delta)) {
    ctx.emit({ type: 'login-verified', subject, at: t });
    return Object.freeze({ ok: true, result: 'login-verified', timeStep: outcome.timeStep, delta: outcome.delta });
  }
  const reason = outcome?.ok === false ? outcome.reason : undefined;
  if (reason === 'invalid' || reason === 'replayed') {
    const answer = reason === 'invalid' ? 'invalid-code' : 'replayed';
    ctx.emit({ type: 'login-code-failed', subject, at: t, method: 'totp', reason: answer });
    return fail(answer);
  }
  if (reason === 'throttled') return refuseThrottled(ctx, login, outcome);
  return fail('unavailable');
}

/** `useRecoveryCode`: the second factor at login by recovery code, on the login codes' throttle. */
export async function useRecoveryCode(ctx: ServiceContext, subject: string, code: unknown): EnrollmentOutcome<RecoveryCodeAccepted> {
  const login = await openLogin(ctx, subject);
  if ('ok' in login) return login;
  const { t, keyRef } = login;
  const { throttle, store } = ctx;
  login.key.fill(0);
  if (throttle) {
    // Same throttle as login codes (same credentialId), so failures on both paths add up.
    const gate = await throttle.attempt(keyRef);
    if (gate?.ok !== true) return gate?.reason === 'throttled' ? refuseThrottled(ctx, login, gate) : fail('unavailable');
  }
  const set = await store.getRecoveryCodes(subject);
  const hash = set === null ? null : findRecoveryCode(set, code, ctx.recoveryOptions);
  if (set === null || hash === null) {
    ctx.emit({ type: 'login-code-failed', subject, at: t, method: 'recovery-code', reason: 'invalid-code' });
    return fail('invalid-code');
  }
  if ((await store.consumeRecoveryCode(subject, hash)) !== true) {
    ctx.emit({ type: 'login-code-failed', subject, at: t, method: 'recovery-code', reason: 'replayed' });
    return fail('replayed');
  }
  if (throttle) await throttle.reset(keyRef);
  const remaining = set.hashes.length - 1;
  ctx.emit({ type: 'recovery-code-used', subject, at: t, remaining });
  return Object.freeze({ ok: true, result: 'recovery-code-accepted', remaining });
}
