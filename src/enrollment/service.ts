/**
 * The enrollment service: the portal's "Two-Factor: Click to enable" flow around the state
 * machine, over ports the application supplies.
 *
 * Enable: `beginEnable` → `submitPassword` (returns the pending secret once) → `confirm` (a
 * code from the app; "Success: Two-Factor Enrollment Complete"). Disable: `beginDisable` →
 * `submitPassword` ("Success: Two-Factor Has Been Disabled"). Login: `verifyLogin` uses the
 * active key only; `useRecoveryCode` spends one recovery code.
 *
 * Ports: `verifyPassword`, `credentialStore`, `permissions` (`mayManageTwoFactor`), `verifier`
 * (`createTOTPVerifier` from the core), `clock`, `random`. Units: every time is Unix **seconds**.
 * Results are values: a wrong password or code is `{ ok: false, reason }`, never an exception;
 * an operation the current state does not allow throws `EnrollmentTransitionError`; a corrupt
 * stored snapshot throws `StoredSnapshotError` (an `InvalidSnapshotError` naming the subject), a
 * record without an etag `CredentialRecordError`; a port that throws is passed through (fail
 * closed: a vault's `KeyVaultError` too). Snapshot and key store disagreeing at login (two-factor
 * on, no usable key) answers `unavailable`, never `not-enrolled`. Audit events go to `onEvent`.
 * @see docs/enrollment.md
 * @module
 */
import type { CredentialStore } from './credential-store.js';
import type { IssuedSecret } from './issued-secret.js';
import type { EnrollmentSnapshot } from './machine.js';
import type { IssuedRecoveryCodes } from './recovery-codes.js';

/**
 * The `verifier` port: a TOTP verifier with replay protection and throttling per `credentialId`,
 * the shape of `createTOTPVerifier` from the core. When it exposes `settings` (`period`, `digits`,
 * `t0`) the key URI is written to match; when it exposes `throttle`, recovery codes share it.
 */
export interface TOTPVerifierPort {
  /**
   * Verifies `token` once for the credential; resolves, never rejects, for a wrong or replayed
   * code. Answers as `createTOTPVerifier(…).verify` does: `{ ok: true, timeStep, delta }` or
   * `{ ok: false, reason, retryAfterSeconds? }`.
   */
  verify(input: { credentialId: string; key: Uint8Array; token: string }): Promise<
    | { readonly ok: true; readonly timeStep: number; readonly delta: number }
    | {
        readonly ok: false;
        readonly reason: 'invalid' | 'replayed' | 'throttled' | 'unavailable';
        readonly retryAfterSeconds?: number;
      }
  >;
  /**
   * Every setting that changes a code, all written into the key URI: `algorithm` (default SHA1),
   * `period` in seconds (default 30), `digits` (default 6); `t0` in Unix seconds must be 0 (a key
   * URI cannot carry T0). Settings a key URI cannot carry are refused when the service is created.
   */
  readonly settings?: {
    readonly algorithm?: string | undefined;
    readonly period?: number;
    readonly digits?: number;
    readonly t0?: number;
  };
  /**
   * The verifier's shared throttle (`verifier.throttle`), used for the recovery-code path:
   * `attempt` counts one attempt for `credentialId` before a secret is checked (`ok: false`
   * refuses it: throttled or unavailable); `reset` clears the failure count after a secret was
   * accepted (and on `unlock`).
   */
  readonly throttle?: {
    /** Counts one attempt for `credentialId` before a secret is checked; `ok: false` refuses it (throttled or unavailable). */
    attempt(credentialId: string): Promise<{ readonly ok: boolean; readonly reason?: string; readonly retryAfterSeconds?: number }>;
    /** Clears the failure count after a secret was accepted (and on `unlock`). */
    reset(credentialId: string): Promise<void>;
  };
}

/**
 * A refused operation. State is unchanged except for counted failures, locks and expiry.
 * `reason`: `'forbidden'` (the permission port said no), `'wrong-password'`, `'invalid-code'`,
 * `'replayed'`, `'locked'`, `'expired'` (the pending flow timed out), `'unavailable'` (a store or
 * the verifier failed), `'reauth-required'`, `'conflict'` (another request changed the
 * enrollment first) or `'not-enrolled'`; the union is `EnrollmentFailure['reason']`.
 */
export interface EnrollmentFailure {
  readonly ok: false;
  readonly reason:
    | 'forbidden'
    | 'wrong-password'
    | 'invalid-code'
    | 'replayed'
    | 'locked'
    | 'expired'
    | 'unavailable'
    | 'reauth-required'
    | 'conflict'
    | 'not-enrolled';
  /** Seconds to wait, for `locked` (and for the wrong attempt that started a lock). */
  readonly retryAfterSeconds?: number;
  /** For `forbidden`: the permission port's explanation, as given. */
  readonly explanation?: unknown;
}

/** Success texts shown by the portal. */
export const UI_TEXT = Object.freeze({
  passwordRequired: 'Re-enter your password to continue',
  secretIssued: 'Scan the QR code or type the secret key into your authenticator app, then enter the code it shows',
  enrollmentComplete: 'Success: Two-Factor Enrollment Complete',
  twoFactorDisabled: 'Success: Two-Factor Has Been Disabled',
  cancelled: 'Two-Factor change cancelled',
  recoveryCodesRegenerated: 'New recovery codes issued; the old ones no longer work',
  twoFactorReset: 'Two-Factor has been reset; the contact must enroll again',
  unlocked: 'Two-Factor lock lifted',
} as const);

/**
 * What a service operation answers: an {@link EnrollmentFailure} (`ok: false`), or a success
 * (`ok: true`) told apart by `result`. `EnrollmentResult<R>` keeps the successes whose `result` is
 * one of `R` (each method of {@link EnrollmentService} names its own); `EnrollmentResult` alone is
 * every answer. Name one success as `Extract<EnrollmentResult, { result: 'status' }>`.
 *
 * - `password-required` (`beginEnable`, `beginDisable`): ask for the password until `expiresAt`
 *   (Unix seconds);
 * - `secret-issued` (`submitPassword` while enabling): the pending secret, shown once, redacted
 *   when printed;
 * - `enrollment-complete` (`confirm`): the recovery codes, shown once, redacted when printed;
 * - `two-factor-disabled` (`submitPassword` while disabling), `cancelled` (`cancel`, also when the
 *   flow had already expired), `two-factor-reset` (`resetTwoFactor`: the subject's keys and
 *   recovery codes are gone), `unlocked` (`unlock`, also when nothing was locked);
 * - `recovery-codes-regenerated` (`regenerateRecoveryCodes`): the new codes;
 * - `status` (`status`): what the portal may show, never a secret;
 * - `login-verified` (`verifyLogin`): the accepted `timeStep` and its `delta`;
 * - `recovery-code-accepted` (`useRecoveryCode`): unused codes `remaining` after this one.
 */
export type EnrollmentResult<R extends string = string> =
  | Extract<
      | {
          readonly ok: true;
          readonly result: 'password-required';
          readonly uiText: (typeof UI_TEXT)['passwordRequired'];
          /** Until when the password prompt is accepted, Unix seconds. */
          readonly expiresAt: number;
        }
      | {
          readonly ok: true;
          readonly result: 'secret-issued';
          readonly uiText: (typeof UI_TEXT)['secretIssued'];
          /** Redacted when printed; call its methods to render. */
          readonly secret: IssuedSecret;
        }
      | {
          readonly ok: true;
          readonly result: 'enrollment-complete';
          readonly uiText: (typeof UI_TEXT)['enrollmentComplete'];
          /** Shown once; redacted when printed. */
          readonly recoveryCodes: IssuedRecoveryCodes;
        }
      | { readonly ok: true; readonly result: 'two-factor-disabled'; readonly uiText: (typeof UI_TEXT)['twoFactorDisabled'] }
      | { readonly ok: true; readonly result: 'cancelled'; readonly uiText: (typeof UI_TEXT)['cancelled'] }
      | {
          readonly ok: true;
          readonly result: 'recovery-codes-regenerated';
          readonly uiText: (typeof UI_TEXT)['recoveryCodesRegenerated'];
          /** Shown once; redacted when printed. */
          readonly recoveryCodes: IssuedRecoveryCodes;
        }
      | {
          readonly ok: true;
          readonly result: 'status';
          /** The state, with an expired pending flow already shown as where it returns to. */
          readonly state: EnrollmentSnapshot['status'];
          /** Whether two-factor is on (`enabled` or `disable-password`). */
          readonly enabled: boolean;
          /** For pending states: until when the flow is accepted, Unix seconds; else `null`. */
          readonly expiresAt: number | null;
          /** Seconds left on a lock, 0 when not locked. */
          readonly lockedForSeconds: number;
          /** Unused recovery codes, when enabled; else `null`. */
          readonly recoveryCodesRemaining: number | null;
        }
      | { readonly ok: true; readonly result: 'login-verified'; readonly timeStep: number; readonly delta: number }
      | { readonly ok: true; readonly result: 'two-factor-reset'; readonly uiText: (typeof UI_TEXT)['twoFactorReset'] }
      | { readonly ok: true; readonly result: 'unlocked'; readonly uiText: (typeof UI_TEXT)['unlocked'] }
      | {
          readonly ok: true;
          readonly result: 'recovery-code-accepted';
          /** Unused codes left after this one. */
          readonly remaining: number;
        },
      { readonly result: R }
    >
  | EnrollmentFailure;

// Names of the successes, for the implementation below and its helpers (not exported from
// `otpkit/enrollment`: users name them as `Extract<EnrollmentResult, { result: '…' }>`).
type Success<R extends string> = Exclude<EnrollmentResult<R>, EnrollmentFailure>;
export type PasswordRequired = Success<'password-required'>;
export type SecretIssued = Success<'secret-issued'>;
export type EnrollmentComplete = Success<'enrollment-complete'>;
export type TwoFactorDisabled = Success<'two-factor-disabled'>;
export type Cancelled = Success<'cancelled'>;
export type RecoveryCodesRegenerated = Success<'recovery-codes-regenerated'>;
export type EnrollmentStatusView = Success<'status'>;
export type LoginVerified = Success<'login-verified'>;
export type TwoFactorReset = Success<'two-factor-reset'>;
export type Unlocked = Success<'unlocked'>;
export type RecoveryCodeAccepted = Success<'recovery-code-accepted'>;
/** What an operation resolves to: its success shape `T` or an {@link EnrollmentFailure}. */
export type EnrollmentOutcome<T> = Promise<T | EnrollmentFailure>;

/**
 * An audit event given to the `onEvent` port, told apart by `type` (narrow with
 * `switch (event.type)`; name one as `Extract<EnrollmentAuditEvent, { type: 'throttled' }>`).
 * Every event carries `subject` (whose two-factor it is) and `at` (integer Unix seconds, the
 * service's clock), and otherwise ids, times and counts only: never a key, secret, code,
 * recovery code, hash or password. `actor` is absent on login paths (the person logging in is
 * the subject).
 */
export type EnrollmentAuditEvent = {
  /** Whose two-factor it is. */
  readonly subject: string;
  /** When, integer Unix seconds (the service's clock). */
  readonly at: number;
} & (
  | {
      readonly type: 'enrolled' | 'enrollment-cancelled' | 'disabled' | 'reset' | 'unlocked' | 'recovery-codes-regenerated';
      readonly actor: string;
    }
  | { readonly type: 'login-verified' }
  | {
      readonly type: 'login-code-failed';
      /** Which second factor was tried. */
      readonly method: 'totp' | 'recovery-code';
      readonly reason: 'invalid-code' | 'replayed';
    }
  | {
      readonly type: 'throttled';
      /** Present when an actor's request hit (or started) the enrollment lock. */
      readonly actor?: string;
      /** Seconds until a retry is allowed, when known. */
      readonly retryAfterSeconds?: number;
    }
  | {
      readonly type: 'recovery-code-used';
      /** Unused recovery codes left. */
      readonly remaining: number;
    }
);

/** Every audit event type, in the order of docs/enrollment.md. */
export const AUDIT_EVENT_TYPES: readonly EnrollmentAuditEvent['type'][] = Object.freeze([
  'enrolled',
  'enrollment-cancelled',
  'disabled',
  'reset',
  'unlocked',
  'login-verified',
  'login-code-failed',
  'throttled',
  'recovery-code-used',
  'recovery-codes-regenerated',
]);

/** Options of {@link createEnrollmentService}. */
export interface EnrollmentServiceOptions {
  /** Checks the actor's account password; `true` only for the right one. */
  verifyPassword: (actor: string, password: string) => boolean | Promise<boolean>;
  /** Where snapshots, keys and recovery-code hashes live. */
  credentialStore: CredentialStore;
  /**
   * Who may manage whose two-factor: the shape of `twoFactorPolicy(resolver)` from
   * `otpkit/permissions`. `mayManageTwoFactor(actor, subject)`: may `actor` enable or disable
   * `subject`'s two-factor? Anything but `allowed: true` is a no.
   */
  permissions: {
    /** May `actor` enable or disable `subject`'s two-factor? Anything but `allowed: true` is a no. */
    mayManageTwoFactor(
      actor: string,
      subject: string,
    ):
      | { readonly allowed: boolean; readonly explanation?: unknown }
      | Promise<{ readonly allowed: boolean; readonly explanation?: unknown }>;
  };
  /** Confirmation and login codes; e.g. `createTOTPVerifier({ replayStore, throttleStore, clock })`. Use the same clock. */
  verifier: TOTPVerifierPort;
  /** The current time: Unix seconds or a Date. Default: the system clock. */
  clock?: () => number | Date;
  /**
   * Random bytes for keys, key refs and recovery codes: fills `buffer` in place, the shape of
   * `crypto.getRandomValues` (the default); what it returns is ignored.
   */
  random?: (buffer: Uint8Array) => unknown;
  /** Issuer written into the key URI, e.g. `'ACME Portal'`. Default none. */
  issuer?: string;
  /** Account name for the key URI label. Default: the subject id. */
  accountName?: (subject: string) => string;
  /** How long a pending enable flow (and its secret) lives, in seconds, 60–3600. Default 600. */
  pendingLifetimeSeconds?: number;
  /** How long a disable password prompt stays fresh, in seconds, 30–3600. Default 300. */
  reauthMaxAgeSeconds?: number;
  /** Consecutive wrong passwords or codes that start a lock, 1–20. Default 5. */
  maxFailures?: number;
  /** Lock length in seconds, 1–86400. Default 900. */
  lockSeconds?: number;
  /** Key length in bytes, 16–64. Default 20 (160 bits, RFC 4226 §4 R6). */
  keyBytes?: number;
  /** Recovery codes per set, 1–50. Default 10. */
  recoveryCodeCount?: number;
  /** Server-side pepper for recovery-code hashes, ≥ 16 bytes, kept outside the database. Default none. */
  recoveryCodePepper?: Uint8Array;
  /**
   * Receives an {@link EnrollmentAuditEvent} after each audited outcome (for an audit log or
   * metrics). Called synchronously, not awaited; whatever it throws or rejects with is ignored,
   * so it never changes an outcome. Default none.
   */
  onEvent?: (event: EnrollmentAuditEvent) => unknown;
}

/** The enrollment service. Every method checks `actor` and `subject` by the id rule (1–256 UTF-16 code units, well-formed Unicode, no NUL; docs/security.md, Ids) and throws TypeError/RangeError on misuse. */
export interface EnrollmentService {
  /** "Two-Factor: Click to enable": `disabled` → `enable-password`. */
  beginEnable(actor: string, subject: string): Promise<EnrollmentResult<'password-required'>>;
  /** The re-entered password: issues the secret (enabling) or turns two-factor off (disabling). */
  submitPassword(
    actor: string,
    subject: string,
    password: string | null | undefined,
  ): Promise<EnrollmentResult<'secret-issued' | 'two-factor-disabled'>>;
  /** "Complete Enrollment" with the code the app shows. */
  confirm(actor: string, subject: string, token: unknown): Promise<EnrollmentResult<'enrollment-complete'>>;
  /** "Disable": `enabled` → `disable-password`. */
  beginDisable(actor: string, subject: string): Promise<EnrollmentResult<'password-required'>>;
  /** Abandons a pending flow; the pending key is discarded. */
  cancel(actor: string, subject: string): Promise<EnrollmentResult<'cancelled'>>;
  /** The subject's state, for the profile page. */
  status(actor: string, subject: string): Promise<EnrollmentResult<'status'>>;
  /** Replaces the recovery codes (fresh password required); the old set stops working. */
  regenerateRecoveryCodes(
    actor: string,
    subject: string,
    password: string | null | undefined,
  ): Promise<EnrollmentResult<'recovery-codes-regenerated'>>;
  /** Second factor at login: the active key only, never a pending one. */
  verifyLogin(subject: string, token: unknown): Promise<EnrollmentResult<'login-verified'>>;
  /** Second factor at login by recovery code; each code works once. */
  useRecoveryCode(subject: string, code: unknown): Promise<EnrollmentResult<'recovery-code-accepted'>>;
  /**
   * An administrator's reset (lost phone): removes the subject's key, any pending key and the
   * recovery codes; the subject must enroll again. Needs `permissions` to allow `actor` over
   * `subject` and the actor's fresh `password`; wrong passwords count toward the subject's lock.
   * Answers `not-enrolled` when two-factor is off.
   */
  resetTwoFactor(actor: string, subject: string, password: string | null | undefined): Promise<EnrollmentResult<'two-factor-reset'>>;
  /**
   * Lifts the subject's enrollment lock (and its failure count) and resets the verifier's
   * throttle for the subject's active and pending key refs (`verifier.throttle.reset`), which is
   * the only way to lift the verifier's hard ceiling. Needs `permissions` to allow `actor`.
   */
  unlock(actor: string, subject: string): Promise<EnrollmentResult<'unlocked'>>;
}

/** Defaults, in seconds and counts. */
export const ENROLLMENT_DEFAULTS = Object.freeze({
  pendingLifetimeSeconds: 600,
  reauthMaxAgeSeconds: 300,
  maxFailures: 5,
  lockSeconds: 900,
  keyBytes: 20,
  recoveryCodeCount: 10,
});
