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
import { assertAlgorithm, type HmacAlgorithm } from '../core/algorithm.js';
import { EnrollmentTransitionError, InvalidSnapshotError } from '../core/errors.js';
import { buildKeyURI } from '../core/key-uri.js';
import { encodeSecret } from '../core/secret.js';
import { toUnixSeconds } from '../core/time.js';
import {
  assertBytes,
  assertFunction,
  assertId,
  assertInteger,
  assertMethods,
  assertOptions,
  assertSafeInteger,
  describe,
} from '../internal/assert.js';
import {
  CredentialRecordError,
  type CredentialStore,
  type EnrollmentCommit,
  type StoredKey,
  StoredSnapshotError,
} from './credential-store.js';
import { IssuedSecret } from './issued-secret.js';
import {
  canTransition,
  type EnrollmentSnapshot,
  type EnrollmentStatus,
  initialSnapshot,
  lockRemaining,
  parseSnapshot,
  serializeSnapshot,
  transition,
} from './machine.js';
import { fillRandom } from './random.js';
import { checkRandom, findRecoveryCode, generateRecoveryCodes, type IssuedRecoveryCodes, toHex } from './recovery-codes.js';

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

const fail = (reason: EnrollmentFailure['reason'], extra?: { retryAfterSeconds?: number; explanation?: unknown }): EnrollmentFailure =>
  Object.freeze({ ok: false, reason, ...extra });

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
  const opts = assertOptions('options', options);
  const verifyPassword = assertFunction('verifyPassword', opts.verifyPassword);
  const store = assertMethods('credentialStore', opts.credentialStore, [
    'read',
    'commit',
    'getPendingKey',
    'getActiveKey',
    'getRecoveryCodes',
    'consumeRecoveryCode',
  ]);
  const permissions = assertMethods('permissions', opts.permissions, ['mayManageTwoFactor']);
  const verifier = assertMethods('verifier', opts.verifier, ['verify']);
  const random = checkRandom(opts.random);
  const clock = opts.clock === undefined ? undefined : assertFunction('clock', opts.clock);
  const issuer = opts.issuer === undefined ? undefined : requireString('issuer', opts.issuer);
  const accountName = opts.accountName === undefined ? (s: string) => s : assertFunction('accountName', opts.accountName);
  const pendingLifetime = limit('pendingLifetimeSeconds', opts.pendingLifetimeSeconds, 60, 3600);
  const reauthMaxAge = limit('reauthMaxAgeSeconds', opts.reauthMaxAgeSeconds, 30, 3600);
  const maxFailures = limit('maxFailures', opts.maxFailures, 1, 20);
  const lockSeconds = limit('lockSeconds', opts.lockSeconds, 1, 86400);
  const keyBytes = limit('keyBytes', opts.keyBytes, 16, 64);
  const recoveryCodeCount = limit('recoveryCodeCount', opts.recoveryCodeCount, 1, 50);
  const pepper = opts.recoveryCodePepper === undefined ? undefined : assertBytes('recoveryCodePepper', opts.recoveryCodePepper, 16);
  const recoveryOptions = pepper ? { pepper } : {};
  const uriSettings = keyURISettings(verifier.settings);
  const onEvent = opts.onEvent === undefined ? undefined : assertFunction('onEvent', opts.onEvent);

  /** Hands an audit event to `onEvent`; nothing it does can change the outcome. */
  const emit = (event: EnrollmentAuditEvent): void => {
    if (!onEvent) return;
    try {
      const returned: unknown = onEvent(Object.freeze(event));
      if (returned !== null && typeof (returned as { then?: unknown })?.then === 'function') {
        (returned as Promise<unknown>).then(undefined, () => undefined);
      }
    } catch {
      // An audit sink's failure is its own; the operation's outcome stands.
    }
  };
  const throttle =
    verifier.throttle === undefined ? undefined : assertMethods('verifier.throttle', verifier.throttle, ['attempt', 'reset']);

  const now = (): number => Math.floor(toUnixSeconds(clock ? clock() : undefined, 'clock()'));

  /** Deadline (exclusive, Unix seconds) of a pending state. */
  const deadline = (s: EnrollmentSnapshot): number | null => {
    if (s.status === 'enable-confirm' && s.pending) return s.pending.issuedAt + pendingLifetime;
    if (s.status === 'enable-password') return s.since + pendingLifetime;
    if (s.status === 'disable-password') return s.since + reauthMaxAge;
    return null;
  };

  async function allowed(actor: string, subject: string): Promise<EnrollmentFailure | null> {
    const answer: unknown = await permissions.mayManageTwoFactor(actor, subject);
    if (answer !== null && typeof answer === 'object' && (answer as { allowed?: unknown }).allowed === true) return null;
    return fail('forbidden', { explanation: (answer as { explanation?: unknown } | null)?.explanation });
  }

  interface Loaded {
    snapshot: EnrollmentSnapshot;
    etag: string | null;
    /** The pending flow had run out and was just ended. */
    expired: EnrollmentStatus | null;
  }

  /** Reads and validates the snapshot; a run-out pending flow is expired (and committed) first. */
  async function load(subject: string, t: number): Promise<Loaded | EnrollmentFailure> {
    const stored = await store.read(subject);
    if (stored === null) return { snapshot: initialSnapshot(t), etag: null, expired: null };
    const snapshot = readSnapshot(subject, stored);
    const end = deadline(snapshot);
    if (end === null || t < end) return { snapshot, etag: stored.etag, expired: null };
    const next = transition(snapshot, 'expire', { now: t });
    const etag = await write(subject, stored.etag, next, snapshot.pending ? { key: { op: 'discard-pending' } } : {});
    if (etag === null) return fail('conflict');
    return { snapshot: next, etag, expired: snapshot.status };
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

  /** The stored snapshot of `subject`, or the initial one. */
  async function currentSnapshot(subject: string, t: number): Promise<EnrollmentSnapshot> {
    const stored = await store.read(subject);
    return stored === null ? initialSnapshot(t) : readSnapshot(subject, stored);
  }

  async function write(
    subject: string,
    expectedEtag: string | null,
    snapshot: EnrollmentSnapshot,
    extra: Pick<EnrollmentCommit, 'key' | 'recoveryCodes'>,
  ): Promise<string | null> {
    const result = await store.commit(subject, { expectedEtag, snapshot: serializeSnapshot(snapshot), ...extra });
    return result && result.ok === true && typeof result.etag === 'string' ? result.etag : null;
  }

  /** Counts a wrong password or code; starts a lock at `maxFailures`. */
  async function countFailure(
    actor: string,
    subject: string,
    loaded: Loaded,
    event: 'password-wrong' | 'token-wrong',
    t: number,
    reason: 'wrong-password' | 'invalid-code',
  ): Promise<EnrollmentFailure> {
    let next = transition(loaded.snapshot, event, { now: t });
    const locking = next.failures >= maxFailures;
    if (locking) next = transition(next, 'lock', { now: t, lockSeconds });
    const extra = locking && loaded.snapshot.pending ? { key: { op: 'discard-pending' } as const } : {};
    if ((await write(subject, loaded.etag, next, extra)) === null) return fail('conflict');
    if (locking) emit({ type: 'throttled', subject, actor, at: t, retryAfterSeconds: lockSeconds });
    return locking ? fail(reason, { retryAfterSeconds: lockSeconds }) : fail(reason);
  }

  /** Common start: ids, permission, load (with expiry), lock. */
  async function start(actor: string, subject: string, t: number): Promise<Loaded | EnrollmentFailure> {
    const denied = await allowed(actor, subject);
    if (denied) return denied;
    const loaded = await load(subject, t);
    if ('ok' in loaded) return loaded;
    const wait = lockRemaining(loaded.snapshot, t);
    return wait > 0 ? fail('locked', { retryAfterSeconds: wait }) : loaded;
  }

  function requireEvent(status: EnrollmentStatus, event: string): void {
    if (!canTransition(status, event)) throw new EnrollmentTransitionError(status, event);
  }

  async function begin(actor: string, subject: string, event: 'begin-enable' | 'begin-disable'): EnrollmentOutcome<PasswordRequired> {
    assertId('actor', actor);
    assertId('subject', subject);
    const t = now();
    const loaded = await start(actor, subject, t);
    if ('ok' in loaded) return loaded;
    const next = transition(loaded.snapshot, event, { now: t });
    if ((await write(subject, loaded.etag, next, {})) === null) return fail('conflict');
    return Object.freeze({
      ok: true,
      result: 'password-required',
      uiText: UI_TEXT.passwordRequired,
      expiresAt: deadline(next) as number,
    });
  }

  const service: EnrollmentService = {
    beginEnable: (actor, subject) => begin(actor, subject, 'begin-enable'),
    beginDisable: (actor, subject) => begin(actor, subject, 'begin-disable'),

    async submitPassword(actor, subject, password) {
      assertId('actor', actor);
      assertId('subject', subject);
      checkPassword(password);
      const t = now();
      const loaded = await start(actor, subject, t);
      if ('ok' in loaded) return loaded;
      if (loaded.expired) return fail(loaded.expired === 'disable-password' ? 'reauth-required' : 'expired');
      const { snapshot } = loaded;
      if (snapshot.status !== 'enable-password' && snapshot.status !== 'disable-password') {
        throw new EnrollmentTransitionError(snapshot.status, 'password-ok');
      }
      if (password === null || password === undefined || password === '') return fail('reauth-required');
      if ((await verifyPassword(actor, password)) !== true)
        return countFailure(actor, subject, loaded, 'password-wrong', t, 'wrong-password');

      if (snapshot.status === 'disable-password') {
        const next = transition(snapshot, 'password-ok', { now: t });
        if ((await write(subject, loaded.etag, next, { key: { op: 'remove-active' } })) === null) return fail('conflict');
        emit({ type: 'disabled', subject, actor, at: t });
        return Object.freeze({ ok: true, result: 'two-factor-disabled', uiText: UI_TEXT.twoFactorDisabled });
      }
      const key = fillRandom(random, keyBytes);
      const keyRef = toHex(fillRandom(random, 16));
      const next = transition(snapshot, 'password-ok', { now: t, keyRef });
      if ((await write(subject, loaded.etag, next, { key: { op: 'put-pending', keyRef, key } })) === null) return fail('conflict');
      const name = requireString('accountName(subject)', accountName(subject));
      const secret = new IssuedSecret({
        secret: encodeSecret(key),
        keyURI: buildKeyURI({ key, accountName: name, ...uriSettings, ...(issuer === undefined ? {} : { issuer }) }),
        accountName: name,
        issuer,
        expiresAt: deadline(next) as number,
      });
      key.fill(0);
      return Object.freeze({ ok: true, result: 'secret-issued', uiText: UI_TEXT.secretIssued, secret });
    },

    async confirm(actor, subject, token) {
      assertId('actor', actor);
      assertId('subject', subject);
      const t = now();
      const loaded = await start(actor, subject, t);
      if ('ok' in loaded) return loaded;
      if (loaded.expired === 'enable-confirm') return fail('expired');
      const { snapshot } = loaded;
      requireEvent(snapshot.status, 'token-ok');
      const pending = snapshot.pending as NonNullable<EnrollmentSnapshot['pending']>;
      const key = await store.getPendingKey(subject, pending.keyRef);
      if (!(key instanceof Uint8Array)) {
        // The store lost or replaced the key: the flow cannot complete; end it.
        const next = transition(snapshot, 'expire', { now: t });
        await write(subject, loaded.etag, next, { key: { op: 'discard-pending' } });
        return fail('expired');
      }
      const outcome = await verifier.verify({ credentialId: pending.keyRef, key, token: typeof token === 'string' ? token : '' });
      key.fill(0);
      if (outcome?.ok !== true) {
        const reason = outcome?.reason;
        if (reason === 'invalid') return countFailure(actor, subject, loaded, 'token-wrong', t, 'invalid-code');
        if (reason === 'replayed') return fail('replayed');
        if (reason === 'throttled') {
          emit({ type: 'throttled', subject, actor, at: t, ...retryAfter(outcome) });
          return fail('locked', retryAfter(outcome));
        }
        return fail('unavailable');
      }
      const next = transition(snapshot, 'token-ok', { now: t });
      const { codes, stored } = generateRecoveryCodes({ count: recoveryCodeCount, random, ...recoveryOptions });
      const etag = await write(subject, loaded.etag, next, {
        key: { op: 'activate-pending', keyRef: pending.keyRef },
        recoveryCodes: stored,
      });
      if (etag === null) return fail('conflict');
      emit({ type: 'enrolled', subject, actor, at: t });
      return Object.freeze({
        ok: true,
        result: 'enrollment-complete',
        uiText: UI_TEXT.enrollmentComplete,
        recoveryCodes: codes,
      });
    },

    async cancel(actor, subject) {
      assertId('actor', actor);
      assertId('subject', subject);
      const t = now();
      const denied = await allowed(actor, subject);
      if (denied) return denied;
      const loaded = await load(subject, t);
      if ('ok' in loaded) return loaded;
      const done = Object.freeze({ ok: true, result: 'cancelled', uiText: UI_TEXT.cancelled } as const);
      if (loaded.expired) return done;
      const { snapshot } = loaded;
      const next = transition(snapshot, 'cancel', { now: t });
      const extra = snapshot.pending ? { key: { op: 'discard-pending' } as const } : {};
      if ((await write(subject, loaded.etag, next, extra)) === null) return fail('conflict');
      emit({ type: 'enrollment-cancelled', subject, actor, at: t });
      return done;
    },

    async status(actor, subject) {
      assertId('actor', actor);
      assertId('subject', subject);
      const t = now();
      const denied = await allowed(actor, subject);
      if (denied) return denied;
      let snapshot = await currentSnapshot(subject, t);
      const end = deadline(snapshot);
      if (end !== null && t >= end) snapshot = transition(snapshot, 'expire', { now: t });
      const enabled = snapshot.status === 'enabled' || snapshot.status === 'disable-password';
      const codes = enabled ? await store.getRecoveryCodes(subject) : null;
      return Object.freeze({
        ok: true,
        result: 'status',
        state: snapshot.status,
        enabled,
        expiresAt: deadline(snapshot),
        lockedForSeconds: lockRemaining(snapshot, t),
        recoveryCodesRemaining: enabled ? (codes?.hashes.length ?? 0) : null,
      });
    },

    async regenerateRecoveryCodes(actor, subject, password) {
      assertId('actor', actor);
      assertId('subject', subject);
      checkPassword(password);
      const t = now();
      const loaded = await start(actor, subject, t);
      if ('ok' in loaded) return loaded;
      if (loaded.snapshot.status !== 'enabled') {
        throw new EnrollmentTransitionError(loaded.snapshot.status, 'regenerate-recovery-codes');
      }
      if (password === null || password === undefined || password === '') return fail('reauth-required');
      if ((await verifyPassword(actor, password)) !== true)
        return countFailure(actor, subject, loaded, 'password-wrong', t, 'wrong-password');
      const { codes, stored } = generateRecoveryCodes({ count: recoveryCodeCount, random, ...recoveryOptions });
      if ((await write(subject, loaded.etag, loaded.snapshot, { recoveryCodes: stored })) === null) return fail('conflict');
      emit({ type: 'recovery-codes-regenerated', subject, actor, at: t });
      return Object.freeze({
        ok: true,
        result: 'recovery-codes-regenerated',
        uiText: UI_TEXT.recoveryCodesRegenerated,
        recoveryCodes: codes,
      });
    },

    async verifyLogin(subject, token) {
      assertId('subject', subject);
      const t = now();
      const active = await activeFactor(subject, t);
      if (active === 'off') return fail('not-enrolled');
      if (active === 'disagree') return fail('unavailable');
      const outcome = await verifier.verify({
        credentialId: active.keyRef,
        key: active.key,
        token: typeof token === 'string' ? token : '',
      });
      active.key.fill(0);
      if (outcome?.ok === true && Number.isSafeInteger(outcome.timeStep) && Number.isSafeInteger(outcome.delta)) {
        emit({ type: 'login-verified', subject, at: t });
        return Object.freeze({ ok: true, result: 'login-verified', timeStep: outcome.timeStep, delta: outcome.delta });
      }
      const reason = outcome?.ok === false ? outcome.reason : undefined;
      if (reason === 'invalid' || reason === 'replayed') {
        const answer = reason === 'invalid' ? 'invalid-code' : 'replayed';
        emit({ type: 'login-code-failed', subject, at: t, method: 'totp', reason: answer });
        return fail(answer);
      }
      if (reason === 'throttled') {
        emit({ type: 'throttled', subject, at: t, ...retryAfter(outcome) });
        return fail('locked', retryAfter(outcome));
      }
      return fail('unavailable');
    },

    async useRecoveryCode(subject, code) {
      assertId('subject', subject);
      const t = now();
      const active = await activeFactor(subject, t);
      if (active === 'off') return fail('not-enrolled');
      if (active === 'disagree') return fail('unavailable');
      active.key.fill(0);
      if (throttle) {
        // Same throttle as login codes (same credentialId), so failures on both paths add up.
        const gate = await throttle.attempt(active.keyRef);
        if (gate?.ok !== true) {
          if (gate?.reason !== 'throttled') return fail('unavailable');
          emit({ type: 'throttled', subject, at: t, ...retryAfter(gate) });
          return fail('locked', retryAfter(gate));
        }
      }
      const set = await store.getRecoveryCodes(subject);
      const hash = set === null ? null : findRecoveryCode(set, code, recoveryOptions);
      if (set === null || hash === null) {
        emit({ type: 'login-code-failed', subject, at: t, method: 'recovery-code', reason: 'invalid-code' });
        return fail('invalid-code');
      }
      if ((await store.consumeRecoveryCode(subject, hash)) !== true) {
        emit({ type: 'login-code-failed', subject, at: t, method: 'recovery-code', reason: 'replayed' });
        return fail('replayed');
      }
      if (throttle) await throttle.reset(active.keyRef);
      const remaining = set.hashes.length - 1;
      emit({ type: 'recovery-code-used', subject, at: t, remaining });
      return Object.freeze({ ok: true, result: 'recovery-code-accepted', remaining });
    },

    async resetTwoFactor(actor, subject, password) {
      assertId('actor', actor);
      assertId('subject', subject);
      checkPassword(password);
      const t = now();
      const loaded = await start(actor, subject, t);
      if ('ok' in loaded) return loaded;
      const { snapshot } = loaded;
      if (snapshot.status !== 'enabled' && snapshot.status !== 'disable-password') return fail('not-enrolled');
      if (password === null || password === undefined || password === '') return fail('reauth-required');
      if ((await verifyPassword(actor, password)) !== true)
        return countFailure(actor, subject, loaded, 'password-wrong', t, 'wrong-password');
      // Back to a subject that never enrolled, keeping only a lock's history.
      const next = { ...initialSnapshot(t), lockedUntil: snapshot.lockedUntil };
      if ((await write(subject, loaded.etag, next, { key: { op: 'remove-all' } })) === null) return fail('conflict');
      emit({ type: 'reset', subject, actor, at: t });
      return Object.freeze({ ok: true, result: 'two-factor-reset', uiText: UI_TEXT.twoFactorReset });
    },

    async unlock(actor, subject) {
      assertId('actor', actor);
      assertId('subject', subject);
      const t = now();
      const denied = await allowed(actor, subject);
      if (denied) return denied;
      const loaded = await load(subject, t);
      if ('ok' in loaded) return loaded;
      const { snapshot } = loaded;
      if (loaded.etag !== null && (snapshot.failures !== 0 || snapshot.lockedUntil !== null)) {
        const next = { ...snapshot, failures: 0, lockedUntil: null };
        if ((await write(subject, loaded.etag, next, {})) === null) return fail('conflict');
      }
      if (throttle) {
        // The verifier counts failures per key ref: the active key's, and a pending key's if any.
        const refs = new Set<string>();
        if (snapshot.pending) refs.add(snapshot.pending.keyRef);
        if (snapshot.status === 'enabled' || snapshot.status === 'disable-password') {
          const active = await store.getActiveKey(subject);
          if (active?.key instanceof Uint8Array) active.key.fill(0);
          if (typeof active?.keyRef === 'string') refs.add(active.keyRef);
        }
        for (const ref of refs) await throttle.reset(ref);
      }
      emit({ type: 'unlocked', subject, actor, at: t });
      return Object.freeze({ ok: true, result: 'unlocked', uiText: UI_TEXT.unlocked });
    },
  };

  /**
   * The active key when the snapshot says two-factor is on: `'off'` when it is off, and
   * `'disagree'` when the snapshot says on but the store has no usable key (fail closed: that is
   * never "not enrolled", which an application may let through on the password alone).
   */
  async function activeFactor(subject: string, t: number): Promise<StoredKey | 'off' | 'disagree'> {
    const snapshot = await currentSnapshot(subject, t);
    if (snapshot.status !== 'enabled' && snapshot.status !== 'disable-password') return 'off';
    const active: unknown = await store.getActiveKey(subject);
    const { keyRef, key } = (active ?? {}) as { keyRef?: unknown; key?: unknown };
    if (typeof keyRef !== 'string' || !(key instanceof Uint8Array) || key.length === 0) {
      if (key instanceof Uint8Array) key.fill(0);
      return 'disagree';
    }
    return { keyRef, key };
  }

  return Object.freeze(service);
}

/**
 * The key URI's code settings from the verifier's (#12: every setting that changes a code is
 * written). Refuses, when the service is created, what a key URI cannot carry: T0 ≠ 0, an
 * algorithm other than SHA1/SHA256/SHA512, digits outside 6–10, a period that is not a whole
 * number of seconds ≥ 1.
 */
function keyURISettings(settings: TOTPVerifierPort['settings']): { algorithm?: HmacAlgorithm; period?: number; digits?: number } {
  if (settings === undefined || settings === null) return {};
  if (settings.t0 !== undefined && settings.t0 !== 0) {
    throw new RangeError(`"verifier.settings.t0" expected 0 (a key URI cannot carry T0), got ${describe(settings.t0)}`);
  }
  const { algorithm, period, digits } = settings;
  return {
    ...(algorithm === undefined ? {} : { algorithm: assertAlgorithm(algorithm, 'verifier.settings.algorithm') }),
    ...(period === undefined ? {} : { period: assertSafeInteger('verifier.settings.period', period, 1) }),
    ...(digits === undefined ? {} : { digits: assertInteger('verifier.settings.digits', digits, 6, 10) }),
  };
}

function retryAfter(outcome: unknown): { retryAfterSeconds?: number } {
  const seconds = (outcome as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? { retryAfterSeconds: Math.ceil(seconds) } : {};
}

function checkPassword(value: unknown): void {
  // Never echo the value: it may be a password.
  if (value !== null && value !== undefined && typeof value !== 'string') {
    throw new TypeError(`"password" expected a string, null or undefined, got ${typeof value}`);
  }
}

function limit(name: string, value: unknown, min: number, max: number): number {
  return value === undefined ? ENROLLMENT_DEFAULTS[name as keyof typeof ENROLLMENT_DEFAULTS] : assertInteger(name, value, min, max);
}

function requireString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`"${name}" expected a non-empty string, got ${describe(value)}`);
  return value;
}
