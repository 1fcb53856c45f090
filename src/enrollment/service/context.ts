/**
 * The enrollment service's context: its options checked once, when the service is created, and
 * kept as one object that every operation receives (ports, limits, clock, audit sink).
 * @module
 */
import { assertAlgorithm, type HmacAlgorithm } from '../../core/algorithm.js';
import { toUnixSeconds } from '../../core/time.js';
import {
  assertBytes,
  assertFunction,
  assertInteger,
  assertMethods,
  assertOptions,
  assertSafeInteger,
  describe,
} from '../../internal/assert.js';
import type { CredentialStore } from '../credential-store.js';
import { checkRandom, type RandomSource } from '../recovery-codes.js';
import { ENROLLMENT_DEFAULTS, type EnrollmentAuditEvent, type EnrollmentServiceOptions, type TOTPVerifierPort } from '../service.js';

/** The `permissions` port as the options declare it. */
type TwoFactorPermissionPort = EnrollmentServiceOptions['permissions'];
/** The verifier's throttle (`verifier.throttle`), when it exposes one. */
type ThrottlePort = NonNullable<TOTPVerifierPort['throttle']>;

/** What every operation works with; built once by {@link createServiceContext}. */
export interface ServiceContext {
  readonly verifyPassword: EnrollmentServiceOptions['verifyPassword'];
  readonly store: CredentialStore;
  readonly permissions: TwoFactorPermissionPort;
  readonly verifier: TOTPVerifierPort;
  /** The verifier's throttle, when it exposes one (shared by recovery codes). */
  readonly throttle: ThrottlePort | undefined;
  readonly random: RandomSource;
  readonly issuer: string | undefined;
  readonly accountName: (subject: string) => string;
  /** Seconds. */
  readonly pendingLifetime: number;
  /** Seconds. */
  readonly reauthMaxAge: number;
  readonly maxFailures: number;
  /** Seconds. */
  readonly lockSeconds: number;
  readonly keyBytes: number;
  readonly recoveryCodeCount: number;
  /** `{ pepper }` when a recovery-code pepper is set, else `{}`. */
  readonly recoveryOptions: { pepper?: Uint8Array };
  /** The key URI's code settings, from the verifier's. */
  readonly uriSettings: { algorithm?: HmacAlgorithm; period?: number; digits?: number };
  /** The current time, integer Unix seconds. */
  readonly now: () => number;
  /** Hands an audit event to `onEvent`; nothing it does can change the outcome. */
  readonly emit: (event: EnrollmentAuditEvent) => void;
}

/**
 * Checks the options, in the order the service documents them, and builds the context.
 * @throws TypeError if a port is missing or has the wrong type; RangeError for a limit out of range.
 */
export function createServiceContext(options: EnrollmentServiceOptions): ServiceContext {
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
  const limits = readLimits(opts);
  const pepper = opts.recoveryCodePepper === undefined ? undefined : assertBytes('recoveryCodePepper', opts.recoveryCodePepper, 16);
  const recoveryOptions = pepper ? { pepper } : {};
  const uriSettings = keyURISettings(verifier.settings);
  const onEvent = opts.onEvent === undefined ? undefined : assertFunction('onEvent', opts.onEvent);
  const throttle =
    verifier.throttle === undefined ? undefined : assertMethods('verifier.throttle', verifier.throttle, ['attempt', 'reset']);
  return {
    verifyPassword,
    store,
    permissions,
    verifier,
    throttle,
    random,
    issuer,
    accountName,
    ...limits,
    recoveryOptions,
    uriSettings,
    now: () => Math.floor(toUnixSeconds(clock ? clock() : undefined, 'clock()')),
    emit: (event) => emitTo(onEvent, event),
  };
}

/** The limits, in seconds and counts (defaults: {@link ENROLLMENT_DEFAULTS}). */
function readLimits(
  opts: Partial<EnrollmentServiceOptions>,
): Pick<ServiceContext, 'pendingLifetime' | 'reauthMaxAge' | 'maxFailures' | 'lockSeconds' | 'keyBytes' | 'recoveryCodeCount'> {
  const pendingLifetime = limit('pendingLifetimeSeconds', opts.pendingLifetimeSeconds, 60, 3600);
  const reauthMaxAge = limit('reauthMaxAgeSeconds', opts.reauthMaxAgeSeconds, 30, 3600);
  const maxFailures = limit('maxFailures', opts.maxFailures, 1, 20);
  const lockSeconds = limit('lockSeconds', opts.lockSeconds, 1, 86400);
  const keyBytes = limit('keyBytes', opts.keyBytes, 16, 64);
  const recoveryCodeCount = limit('recoveryCodeCount', opts.recoveryCodeCount, 1, 50);
  return { pendingLifetime, reauthMaxAge, maxFailures, lockSeconds, keyBytes, recoveryCodeCount };
}

/** Gives `event` (frozen) to `onEvent`, ignoring whatever it throws or rejects with. */
function emitTo(onEvent: ((event: EnrollmentAuditEvent) => unknown) | undefined, event: EnrollmentAuditEvent): void {
  if (!onEvent) return;
  try {
    const returned: unknown = onEvent(Object.freeze(event));
    if (returned !== null && typeof (returned as { then?: unknown })?.then === 'function') {
      (returned as Promise<unknown>).then(undefined, () => undefined);
    }
  } catch {
    // An audit sink's failure is its own; the operation's outcome stands.
  }
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

function limit(name: string, value: unknown, min: number, max: number): number {
  return value === undefined ? ENROLLMENT_DEFAULTS[name as keyof typeof ENROLLMENT_DEFAULTS] : assertInteger(name, value, min, max);
}

/** `value` when it is a non-empty string; else a TypeError naming `name` (the value described, never echoed raw). */
export function requireString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`"${name}" expected a non-empty string, got ${describe(value)}`);
  return value;
}
