/**
 * `createEnrollmentService`: checks the options once into a context and binds each operation of
 * {@link EnrollmentService} to it (operations in ./enable.ts, ./manage.ts and ./login.ts).
 * @module
 */
import type { EnrollmentService, EnrollmentServiceOptions } from '../service.js';
import { createServiceContext } from './context.js';
import { begin, cancel, confirm, submitPassword } from './enable.js';
import { useRecoveryCode, verifyLogin } from './login.js';
import { regenerateRecoveryCodes, resetTwoFactor, status, unlock } from './manage.js';

/**
 * Creates the enrollment service over the application's ports.
 * @param options - {@link EnrollmentServiceOptions}: the ports `verifyPassword`, `credentialStore`,
 *   `permissions`, `verifier` (required), `clock` (Unix seconds or Date; default system) and
 *   `random`; limits `pendingLifetimeSeconds` (default 600 s), `reauthMaxAgeSeconds` (300 s),
 *   `maxFailures` (5), `lockSeconds` (900 s); `keyBytes` (20), `recoveryCodeCount` (10),
 *   `recoveryCodePepper`, `issuer`, `accountName`.
 * @returns a frozen {@link EnrollmentService}.
 * @throws TypeError if a port is missing or has the wrong type; RangeError for a limit out of range.
 * @see RFC 6238 §5.2 (a code is accepted once); Key URI Format; docs/enrollment.md
 * @example
 * const service = createEnrollmentService({
 *   verifyPassword: (actor, pw) => accounts.checkPassword(actor, pw),
 *   credentialStore, permissions: twoFactorPolicy(resolver),
 *   verifier: createTOTPVerifier({ replayStore, throttleStore, clock }), clock,
 * });
 * const r = await service.submitPassword(me, me, form.password);
 * if (r.ok && r.result === 'secret-issued') render(r.secret.keyURI(), r.secret.formattedSecret());
 */
export function createEnrollmentService(options: EnrollmentServiceOptions): EnrollmentService {
  const ctx = createServiceContext(options);
  const service: EnrollmentService = {
    beginEnable: (actor, subject) => begin(ctx, actor, subject, 'begin-enable'),
    beginDisable: (actor, subject) => begin(ctx, actor, subject, 'begin-disable'),
    submitPassword: (actor, subject, password) => submitPassword(ctx, actor, subject, password),
    confirm: (actor, subject, token) => confirm(ctx, actor, subject, token),
    cancel: (actor, subject) => cancel(ctx, actor, subject),
    status: (actor, subject) => status(ctx, actor, subject),
    regenerateRecoveryCodes: (actor, subject, password) => regenerateRecoveryCodes(ctx, actor, subject, password),
    verifyLogin: (subject, token) => verifyLogin(ctx, subject, token),
    useRecoveryCode: (subject, code) => useRecoveryCode(ctx, subject, code),
    resetTwoFactor: (actor, subject, password) => resetTwoFactor(ctx, actor, subject, password),
    unlock: (actor, subject) => unlock(ctx, actor, subject),
  };
  return Object.freeze(service);
}
