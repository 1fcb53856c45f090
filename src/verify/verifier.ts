/**
 * Stateful OTP verification: the window of RFC 6238 §5.2, the one-time rule (a verifier "MUST NOT
 * accept the second attempt of the OTP", §5.2), drift recording (§6), throttling (RFC 4226 §7.3,
 * NIST SP 800-63B §5.2.2) and HOTP resynchronization (RFC 4226 §7.4), over shared stores.
 *
 * Scope: `createTOTPVerifier`, `createHOTPVerifier`, their options and outcomes. The stores are
 * interfaces (replay.ts, throttle.ts); the HMAC and window math come from hotp.ts and totp.ts.
 *
 * Order inside `verify`, and why:
 * 1. validate the program's input (throws at once); read the injected clock;
 * 2. throttle: admit and count the attempt atomically, or refuse — no HMAC is computed while
 *    throttled, and concurrent guesses cannot overtake the count;
 * 3. parse the token (a malformed token is a counted failure);
 * 4. match the window around T + learned drift, nearest step first;
 * 5. raise the watermark atomically (`consume`): only the one request that raises it succeeds;
 * 6. clear the failure count.
 * Any store error or timeout answers `{ ok: false, reason: 'unavailable' }`: never accepted, never
 * reported as a wrong code.
 *
 * Units: the clock gives Unix **seconds** (or a Date); `period`, `t0`, TTLs and
 * `retryAfterSeconds` are seconds; `storeTimeoutMs` is milliseconds; windows and drift are steps.
 * @module
 */
import { assertAlgorithm, type HmacAlgorithm } from '../core/algorithm.js';
import { checkKey, type PreparedKey, toPreparedKey } from '../core/hmac-key.js';
import { checkDigits, hotpValue, parseToken } from '../core/hotp.js';
import { makeClock } from '../core/time.js';
import { checkTimeStepOptions, checkWindow, MAX_WINDOW, matchWindow, stepAt, type TOTPWindow } from '../core/totp.js';
import { assertInteger, assertOneOf, assertOptions, describe } from '../internal/assert.js';
import { VERIFICATION_PROFILE_NAMES, VERIFICATION_PROFILES, type VerificationProfileName } from './profiles.js';
import type { ReplayRecord, ReplayStore } from './replay.js';
import { callStore, checkCredentialId, checkStoreTimeout } from './store-call.js';
import {
  checkThrottlePolicy,
  checkThrottleStore,
  createThrottle,
  type Throttle,
  type ThrottlePolicy,
  type ThrottleStore,
  throttleAttempt,
} from './throttle.js';

/** Why a verification did not succeed. */
export type VerifyFailureReason = 'invalid' | 'replayed' | 'throttled' | 'unavailable';

/**
 * A refused verification. `invalid`: wrong or malformed code; `replayed`: a correct code of a
 * step (or counter) already used; `throttled`: too many failures, retry after
 * `retryAfterSeconds` (absent at the hard ceiling: only a reset unlocks); `unavailable`: a store
 * failed or timed out, nothing was accepted.
 */
export type VerifyFailure =
  | { readonly ok: false; readonly reason: 'invalid' | 'replayed' | 'unavailable' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterSeconds?: number };

/** Outcome of a TOTP verification: `timeStep` accepted and `delta` = timeStep − T (server's T). */
export type VerifyOutcome = { readonly ok: true; readonly timeStep: number; readonly delta: number } | VerifyFailure;

/** Outcome of an HOTP verification: the `counter` accepted and `delta` = counter − expected counter. */
export type HOTPVerifyOutcome = { readonly ok: true; readonly counter: number; readonly delta: number } | VerifyFailure;

/** Input of `verify`. There is no time: the server's clock is injected at construction. */
export interface VerifyInput {
  /** The credential's stable id (1–256 characters); replay and throttle state are kept per credential. */
  credentialId: string;
  /** K as bytes (≥ 10 bytes) or a `PreparedKey` (cache one per credential). */
  key: Uint8Array | PreparedKey;
  /** What the person typed: untrusted, never throws; ASCII whitespace ignored. */
  token: unknown;
}

/** Options shared by both verifiers. */
interface CommonVerifierOptions {
  /** Watermarks (required). */
  replayStore: ReplayStore;
  /** Failure counts (required); share it with every path that checks this credential's factors. */
  throttleStore: ThrottleStore;
  /** The server's clock: Unix seconds or a Date. Default: the system clock. */
  clock?: () => number | Date;
  /** Named defaults for window and throttle: `'rfc6238'`, `'nist-aal2'` (default) or `'asvs-l2'`. */
  profile?: VerificationProfileName;
  /** Override parts of the profile's throttle policy. */
  throttle?: Partial<ThrottlePolicy>;
  /** Code length, 6–10. Default 6. */
  digits?: number;
  /** HMAC hash; default the prepared key's, else SHA1. */
  algorithm?: HmacAlgorithm;
  /** Time limit per store call, integer milliseconds 1–60 000. Default 1000. */
  storeTimeoutMs?: number;
  /** Must be `true` to accept a window or look-ahead wider than 2 steps. Default false. */
  allowWideWindow?: boolean;
}

/** Options of {@link createTOTPVerifier}. */
export interface TOTPVerifierOptions extends CommonVerifierOptions {
  /** Steps accepted around the centre, number or `{ past, future }`; default from the profile (±1). Over 2 needs `allowWideWindow`. */
  window?: TOTPWindow;
  /** X in seconds, integer ≥ 1. Default 30. */
  period?: number;
  /** T0 in Unix seconds. Default 0. */
  t0?: number;
  /**
   * Learn each credential's clock drift from successful verifications and centre its window on
   * T + drift. `maxSteps`: bound on |drift|, an integer 1–10; `rememberSeconds`: how long the
   * record (and so the drift) is kept, integer seconds, default 30 days. Default: off.
   */
  drift?: { maxSteps: number; rememberSeconds?: number };
}

/** Options of {@link createHOTPVerifier}. */
export interface HOTPVerifierOptions extends CommonVerifierOptions {
  /** Counters accepted after the expected one, integer 0–100; default 0. Over 2 needs `allowWideWindow`. */
  lookAhead?: number;
  /** Counters searched by `resynchronize` (two consecutive codes), integer 1–1000. Default 100. */
  resyncLookAhead?: number;
}

/** The settings a verifier runs with, after defaults. */
export interface VerifierSettings {
  /** The profile whose defaults apply: `'rfc6238'`, `'nist-aal2'` (default) or `'asvs-l2'`. */
  readonly profile: VerificationProfileName;
  /** Code length, 6–10 (RFC 4226 §5.3). Default 6. */
  readonly digits: number;
  /** The `algorithm` option; `undefined` when not given: each key's own (a PreparedKey's, SHA1 for bytes). */
  readonly algorithm: HmacAlgorithm | undefined;
  /** The throttle policy in force: the profile's, with the `throttle` option's overrides (delays in seconds). */
  readonly throttle: ThrottlePolicy;
  /** Time limit per store call, in **milliseconds**. Default 1000 (`DEFAULT_STORE_TIMEOUT_MS`). */
  readonly storeTimeoutMs: number;
}

/** A TOTP verifier over shared stores. */
export interface TOTPVerifier {
  /**
   * The throttle every other path of these credentials must share: enrollment, and recovery codes
   * (`useRecoveryCode` of `otpkit/enrollment` counts on it when given this verifier).
   */
  readonly throttle: Throttle;
  /** Effective settings. */
  readonly settings: VerifierSettings & {
    readonly period: number;
    readonly t0: number;
    readonly window: { readonly past: number; readonly future: number };
    readonly maxDriftSteps: number;
    readonly ttlSeconds: number;
  };
  /**
   * Verifies a TOTP code once.
   * @param input - `{ credentialId, key, token }`; no time.
   * @returns a {@link VerifyOutcome}; never rejects for a bad token or a store failure.
   * @throws TypeError/RangeError at once for an invalid credentialId or key, an unknown input
   *   field (such as `time`), or a clock that returns an invalid time.
   */
  verify(input: VerifyInput): Promise<VerifyOutcome>;
}

/** An HOTP verifier over shared stores; the replay store holds each credential's counter. */
export interface HOTPVerifier {
  /** The throttle every other path of these credentials must share. */
  readonly throttle: Throttle;
  /** Effective settings. */
  readonly settings: VerifierSettings & { readonly lookAhead: number; readonly resyncLookAhead: number };
  /**
   * Verifies an HOTP code once, against counters C … C + lookAhead, C = last accepted + 1.
   * @param input - `{ credentialId, key, token, initialCounter? }`; `initialCounter` (safe
   *   integer ≥ 0, default 0) is C for a credential with no stored counter yet.
   * @returns an {@link HOTPVerifyOutcome}.
   * @throws TypeError/RangeError at once for invalid input fields.
   */
  verify(input: VerifyInput & { initialCounter?: number }): Promise<HOTPVerifyOutcome>;
  /**
   * Resynchronizes from two consecutive codes (RFC 4226 §7.4): finds c in C … C + resyncLookAhead
   * with HOTP(c) = tokens[0] and HOTP(c + 1) = tokens[1], and stores c + 1. Counts as one attempt.
   * @returns `{ ok: true, counter: c + 1, delta }` or a failure.
   * @throws TypeError/RangeError at once for invalid input fields.
   */
  resynchronize(input: ResyncInput): Promise<HOTPVerifyOutcome>;
}

/** Input of `HOTPVerifier.resynchronize`. */
export interface ResyncInput {
  /** The credential's stable id. */
  credentialId: string;
  /** K as bytes or a `PreparedKey`. */
  key: Uint8Array | PreparedKey;
  /** Two consecutive codes as typed, the earlier first. */
  tokens: readonly [unknown, unknown];
  /** C for a credential with no stored counter yet, safe integer ≥ 0. Default 0. */
  initialCounter?: number;
}

/** Widest window (either side) accepted without `allowWideWindow`. */
export const MAX_NARROW_WINDOW = 2;
/** Default time drift records are kept when drift is on: 30 days, in seconds. */
export const DEFAULT_DRIFT_MEMORY_SECONDS = 2_592_000;

const MAX_TTL_SECONDS = 315_360_000;
const TWO_POW_32 = 0x1_0000_0000;
const INVALID = Object.freeze({ ok: false, reason: 'invalid' } as const);
const REPLAYED = Object.freeze({ ok: false, reason: 'replayed' } as const);
const UNAVAILABLE = Object.freeze({ ok: false, reason: 'unavailable' } as const);

/**
 * Creates a TOTP verifier that accepts each code at most once, throttles guessing and fails
 * closed when its stores are down.
 * @param options - `replayStore`, `throttleStore` (required); `clock` (Unix s or Date, default
 *   system clock); `profile` (default `'nist-aal2'`); `window` (steps, default the profile's);
 *   `allowWideWindow`; `throttle` (policy overrides); `drift` (`{ maxSteps, rememberSeconds? }`,
 *   default off); `period` (s, default 30), `t0` (Unix s, default 0), `digits` (default 6),
 *   `algorithm`; `storeTimeoutMs` (ms, default 1000).
 * @returns a {@link TOTPVerifier} with `verify` and the shared `throttle`.
 * @throws TypeError for a missing store or a wrong option type.
 * @throws RangeError for an option out of range, including a window over 2 steps without
 *   `allowWideWindow: true`.
 * @see RFC 6238 §5.2 (window, one use), §6 (drift); RFC 4226 §7.3 (throttling); NIST SP 800-63B §5.2.2
 * @example
 * const verifier = createTOTPVerifier({ replayStore, throttleStore });
 * const outcome = await verifier.verify({ credentialId: row.id, key: preparedKey, token: body.code });
 * if (outcome.ok) signIn(); else if (outcome.reason === 'unavailable') retryLater(); else refuse(outcome);
 */
export function createTOTPVerifier(options: TOTPVerifierOptions): TOTPVerifier {
  const opts = assertOptions('options', options);
  const common = checkCommon(opts);
  const { period, t0 } = checkTimeStepOptions(opts);
  const window = checkWindow(opts.window ?? VERIFICATION_PROFILES[common.profile].window, MAX_WINDOW);
  checkWidth('window', Math.max(window.past, window.future), opts.allowWideWindow);
  let maxDriftSteps = 0;
  let rememberSeconds = 0;
  if (opts.drift !== undefined) {
    const drift = assertOptions('drift', opts.drift);
    maxDriftSteps = assertInteger('drift.maxSteps', drift.maxSteps, 1, MAX_WINDOW);
    rememberSeconds =
      drift.rememberSeconds === undefined
        ? DEFAULT_DRIFT_MEMORY_SECONDS
        : assertInteger('drift.rememberSeconds', drift.rememberSeconds, 1, MAX_TTL_SECONDS);
  }
  // Keep a watermark while any step at or below it could still match: the window's span plus
  // the drift's reach, plus one step for clock skew between servers.
  const spanSeconds = (window.past + window.future + 2 + 2 * maxDriftSteps) * period;
  const ttlSeconds = Math.min(MAX_TTL_SECONDS, Math.max(spanSeconds, rememberSeconds));
  const { replayStore, throttleStore, clock, digits, algorithm, timeoutMs, policy } = common;
  const throttle = createThrottle({ store: throttleStore, policy, clock, storeTimeoutMs: timeoutMs });

  async function run(
    credentialId: string,
    key: Uint8Array | PreparedKey,
    keyAlgorithm: HmacAlgorithm,
    token: unknown,
    step: number,
    now: number,
  ): Promise<VerifyOutcome> {
    const gate = await throttleAttempt(throttleStore, policy, timeoutMs, credentialId, now);
    if (!gate.ok) return gate;
    let drift = 0;
    if (maxDriftSteps > 0) {
      const record = await peekRecord(replayStore, credentialId, timeoutMs);
      if (record === null) return UNAVAILABLE;
      if (record !== undefined) drift = clamp(record.drift, maxDriftSteps);
    }
    const wanted = parseToken(token, digits);
    if (wanted < 0) return INVALID;
    const match = matchWindow(toPreparedKey(key, keyAlgorithm), wanted, digits, step + drift, window.past, window.future);
    if (!match.valid) return INVALID;
    const delta = match.timeStep - step;
    const learned = maxDriftSteps > 0 ? clamp(delta, maxDriftSteps) : 0;
    const spent = await consume(replayStore, credentialId, match.timeStep, ttlSeconds, learned, timeoutMs);
    if (spent !== true) return spent === false ? REPLAYED : UNAVAILABLE;
    if (!(await clearFailures(throttleStore, credentialId, timeoutMs))) return UNAVAILABLE;
    return Object.freeze({ ok: true, timeStep: match.timeStep, delta });
  }

  return Object.freeze({
    throttle,
    settings: Object.freeze({
      profile: common.profile,
      digits,
      algorithm,
      throttle: policy,
      storeTimeoutMs: timeoutMs,
      period,
      t0,
      window: Object.freeze(window),
      maxDriftSteps,
      ttlSeconds,
    }),
    verify(input: VerifyInput): Promise<VerifyOutcome> {
      const i = checkInput(input, TOTP_INPUT_FIELDS);
      const credentialId = checkCredentialId(i.credentialId);
      const keyAlgorithm = checkKey(i.key, algorithm);
      const now = clock();
      const step = stepAt(now, period, t0);
      return run(credentialId, i.key as Uint8Array | PreparedKey, keyAlgorithm, i.token, step, now);
    },
  });
}

/**
 * Creates an HOTP verifier: the replay store holds each credential's last accepted counter, so
 * a code is accepted once and counters only move forward (RFC 4226 §7.2, §7.4).
 *
 * Counters are safe integers (up to 2^53 − 1). The store must keep records for good (they are
 * written with `ttlSeconds = 0`): a lost counter lets old codes in again, so use a durable store.
 * @param options - `replayStore`, `throttleStore` (required); `clock` (for the throttle; Unix s or
 *   Date); `profile`, `throttle`; `lookAhead` (0–100, default 0; over 2 needs `allowWideWindow`);
 *   `resyncLookAhead` (1–1000, default 100); `digits`, `algorithm`; `storeTimeoutMs` (ms, default 1000).
 * @returns an {@link HOTPVerifier} with `verify`, `resynchronize` and the shared `throttle`.
 * @throws TypeError for a missing store or a wrong option type.
 * @throws RangeError for an option out of range, including a look-ahead over 2 without `allowWideWindow`.
 * @see RFC 4226 §7.2 (validation), §7.3 (throttling), §7.4 (resynchronization)
 * @example
 * const verifier = createHOTPVerifier({ replayStore: pgReplay, throttleStore: pgThrottle, lookAhead: 2 });
 * const outcome = await verifier.verify({ credentialId, key, token });
 */
export function createHOTPVerifier(options: HOTPVerifierOptions): HOTPVerifier {
  const opts = assertOptions('options', options);
  const common = checkCommon(opts);
  const lookAhead = opts.lookAhead === undefined ? 0 : assertInteger('lookAhead', opts.lookAhead, 0, 100);
  checkWidth('lookAhead', lookAhead, opts.allowWideWindow);
  const resyncLookAhead = opts.resyncLookAhead === undefined ? 100 : assertInteger('resyncLookAhead', opts.resyncLookAhead, 1, 1000);
  const { replayStore, throttleStore, clock, digits, algorithm, timeoutMs, policy } = common;
  const throttle = createThrottle({ store: throttleStore, policy, clock, storeTimeoutMs: timeoutMs });

  /** Shared steps: throttle, read the counter; returns the expected counter C or a failure. */
  async function begin(credentialId: string, initialCounter: number): Promise<number | VerifyFailure> {
    const gate = await throttleAttempt(throttleStore, policy, timeoutMs, credentialId, clock());
    if (!gate.ok) return gate;
    const record = await peekRecord(replayStore, credentialId, timeoutMs);
    if (record === null) return UNAVAILABLE;
    return record === undefined ? initialCounter : record.timeStep + 1;
  }

  async function accept(credentialId: string, counter: number, expected: number): Promise<HOTPVerifyOutcome> {
    const spent = await consume(replayStore, credentialId, counter, 0, 0, timeoutMs);
    if (spent !== true) return spent === false ? REPLAYED : UNAVAILABLE;
    if (!(await clearFailures(throttleStore, credentialId, timeoutMs))) return UNAVAILABLE;
    return Object.freeze({ ok: true, counter, delta: counter - expected });
  }

  return Object.freeze({
    throttle,
    settings: Object.freeze({
      profile: common.profile,
      digits,
      algorithm,
      throttle: policy,
      storeTimeoutMs: timeoutMs,
      lookAhead,
      resyncLookAhead,
    }),
    verify(input: VerifyInput & { initialCounter?: number }): Promise<HOTPVerifyOutcome> {
      const i = checkInput(input, HOTP_INPUT_FIELDS);
      const credentialId = checkCredentialId(i.credentialId);
      const keyAlgorithm = checkKey(i.key, algorithm);
      const initial = checkInitialCounter(i.initialCounter);
      const key = i.key as Uint8Array | PreparedKey;
      return (async () => {
        const expected = await begin(credentialId, initial);
        if (typeof expected !== 'number') return expected;
        const wanted = parseToken(i.token, digits);
        if (wanted < 0) return INVALID;
        const prepared = toPreparedKey(key, keyAlgorithm);
        const last = Math.min(Number.MAX_SAFE_INTEGER, expected + lookAhead);
        for (let counter = expected; counter <= last; counter++) {
          if (codeAt(prepared, counter, digits) === wanted) return accept(credentialId, counter, expected);
        }
        return INVALID;
      })();
    },
    resynchronize(input: ResyncInput): Promise<HOTPVerifyOutcome> {
      const i = checkInput(input, RESYNC_INPUT_FIELDS);
      const credentialId = checkCredentialId(i.credentialId);
      const keyAlgorithm = checkKey(i.key, algorithm);
      const initial = checkInitialCounter(i.initialCounter);
      const tokens = i.tokens;
      if (!Array.isArray(tokens) || tokens.length !== 2) {
        throw new TypeError(`"tokens" expected an array of two consecutive codes, got ${describe(tokens)}`);
      }
      const key = i.key as Uint8Array | PreparedKey;
      return (async () => {
        const expected = await begin(credentialId, initial);
        if (typeof expected !== 'number') return expected;
        const first = parseToken(tokens[0], digits);
        const second = parseToken(tokens[1], digits);
        if (first < 0 || second < 0) return INVALID;
        const prepared = toPreparedKey(key, keyAlgorithm);
        const last = Math.min(Number.MAX_SAFE_INTEGER - 1, expected + resyncLookAhead);
        for (let counter = expected; counter <= last; counter++) {
          if (codeAt(prepared, counter, digits) === first && codeAt(prepared, counter + 1, digits) === second) {
            return accept(credentialId, counter + 1, expected);
          }
        }
        return INVALID;
      })();
    },
  });
}

const TOTP_INPUT_FIELDS = ['credentialId', 'key', 'token'] as const;
const HOTP_INPUT_FIELDS = ['credentialId', 'key', 'token', 'initialCounter'] as const;
const RESYNC_INPUT_FIELDS = ['credentialId', 'key', 'tokens', 'initialCounter'] as const;

function checkCommon(opts: Partial<CommonVerifierOptions>) {
  const replayStore = checkReplayStore(opts.replayStore);
  const throttleStore = checkThrottleStore(opts.throttleStore);
  const profile = opts.profile === undefined ? 'nist-aal2' : assertOneOf('profile', opts.profile, VERIFICATION_PROFILE_NAMES);
  const policy = checkThrottlePolicy(opts.throttle, VERIFICATION_PROFILES[profile].throttle);
  if (opts.allowWideWindow !== undefined && typeof opts.allowWideWindow !== 'boolean') {
    throw new TypeError(`"allowWideWindow" expected a boolean, got ${describe(opts.allowWideWindow)}`);
  }
  return {
    replayStore,
    throttleStore,
    profile,
    policy,
    clock: makeClock(opts.clock),
    digits: checkDigits(opts.digits),
    // Checked against each key again in verify (checkKey); undefined means "the key's own".
    algorithm: opts.algorithm === undefined ? undefined : assertAlgorithm(opts.algorithm),
    timeoutMs: checkStoreTimeout(opts.storeTimeoutMs),
  };
}

function checkReplayStore(store: unknown): ReplayStore {
  const s = store as Partial<ReplayStore> | null | undefined;
  if (typeof s?.consume !== 'function' || typeof s.peek !== 'function' || typeof s.delete !== 'function') {
    throw new TypeError(`"replayStore" expected an object with consume, peek and delete methods, got ${describe(store)}`);
  }
  return s as ReplayStore;
}

function checkWidth(name: string, width: number, allowWide: boolean | undefined): void {
  if (width > MAX_NARROW_WINDOW && allowWide !== true) {
    throw new RangeError(
      `"${name}" wider than ${MAX_NARROW_WINDOW} steps needs allowWideWindow: true (each step adds a code an attacker can hit), got ${width}`,
    );
  }
}

function checkInput<const F extends string>(input: unknown, fields: readonly F[]): Partial<Record<F, unknown>> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TypeError(`"input" expected an object with ${fields.join(', ')}, got ${describe(input)}`);
  }
  for (const name of Object.keys(input)) {
    if (!(fields as readonly string[]).includes(name)) {
      const hint = name === 'time' ? ': the clock is set when the verifier is created, never per request' : '';
      throw new TypeError(`"input" has no field ${JSON.stringify(name.slice(0, 32))}${hint}`);
    }
  }
  return input as Partial<Record<F, unknown>>;
}

function checkInitialCounter(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number') throw new TypeError(`"initialCounter" expected a safe integer ≥ 0, got ${describe(value)}`);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`"initialCounter" expected a safe integer ≥ 0, got ${describe(value)}`);
  return value;
}

function clamp(value: number, bound: number): number {
  return Math.max(-bound, Math.min(bound, value));
}

// Called once per counter in the look-ahead: split the safe-integer counter inline rather than
// through splitCounter, whose [hi, lo] tuple would be one allocation per step.
function codeAt(key: PreparedKey, counter: number, digits: number): number {
  return hotpValue(key, Math.floor(counter / TWO_POW_32), counter >>> 0, digits);
}

/** The stored record; `undefined` if none; `null` if the store failed or answered nonsense. */
async function peekRecord(store: ReplayStore, credentialId: string, timeoutMs: number): Promise<ReplayRecord | undefined | null> {
  let record: ReplayRecord | undefined;
  try {
    record = await callStore('replay.peek', timeoutMs, () => store.peek(credentialId));
  } catch {
    return null;
  }
  if (record === undefined) return undefined;
  const ok =
    record !== null &&
    typeof record === 'object' &&
    Number.isSafeInteger(record.timeStep) &&
    record.timeStep >= 0 &&
    Number.isInteger(record.drift);
  return ok ? record : null;
}

/** true: this call raised the watermark; false: already used; null: store failure. */
async function consume(
  store: ReplayStore,
  credentialId: string,
  step: number,
  ttlSeconds: number,
  drift: number,
  timeoutMs: number,
): Promise<boolean | null> {
  try {
    const won = await callStore('replay.consume', timeoutMs, () => store.consume(credentialId, step, ttlSeconds, drift));
    return won === true ? true : won === false ? false : null;
  } catch {
    return null;
  }
}

async function clearFailures(store: ThrottleStore, credentialId: string, timeoutMs: number): Promise<boolean> {
  try {
    await callStore('throttle.reset', timeoutMs, () => store.reset(credentialId));
    return true;
  } catch {
    return false;
  }
}
