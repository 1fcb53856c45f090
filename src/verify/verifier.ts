/**
 * Stateful OTP verification: the window of RFC 6238 §5.2, the one-time rule (a verifier "MUST NOT
 * accept the second attempt of the OTP", §5.2), drift recording (§6), throttling (RFC 4226 §7.3,
 * NIST SP 800-63B §5.2.2) and HOTP resynchronization (RFC 4226 §7.4), over shared stores.
 *
 * Scope: `createTOTPVerifier`, `createHOTPVerifier`, their options and outcomes. The store is an
 * interface (verification-store.ts; replay.ts + throttle.ts through an adapter); the HMAC and
 * window math come from hotp.ts and totp.ts.
 *
 * Order inside `verify`, and why:
 * 1. validate the program's input (throws at once); read the injected clock;
 * 2. parse the token and compute the window's matches locally (HMAC only, no I/O);
 * 3. ONE atomic store call (`VerificationStore.verify`): refuse a lock, count the attempt, raise
 *    the watermark and clear the failures. The outcome a caller sees is the store's decision, so
 *    nothing about the code is revealed while throttled, and concurrent guesses cannot overtake
 *    the count. HOTP may need a second call when this process's idea of the counter is stale.
 * Any store error, timeout or malformed answer is `{ ok: false, reason: 'unavailable' }` for
 * every code (right, wrong or replayed): never accepted, never `invalid`, so an outage is no oracle.
 *
 * Units: the clock gives Unix **seconds** (or a Date); `period`, `t0`, TTLs and
 * `retryAfterSeconds` are seconds; `storeTimeoutMs` is milliseconds; windows and drift are steps.
 * @module
 */
import { assertAlgorithm, type HmacAlgorithm } from '../core/algorithm.js';
import { checkKey, type PreparedKey, toPreparedKey } from '../core/hmac-key.js';
import { checkDigits, codeAt, parseToken } from '../core/hotp.js';
import { makeClock } from '../core/time.js';
import { checkTimeStepOptions, checkWindow, MAX_WINDOW, stepAt } from '../core/totp.js';
import { assertBoolean, assertInteger, assertOneOf, assertOptions, describe } from '../internal/assert.js';
import { INVALID, REPLAYED, UNAVAILABLE } from './answers.js';
import { VERIFICATION_PROFILE_NAMES, VERIFICATION_PROFILES, type VerificationProfileName } from './profiles.js';
import type { ReplayStore } from './replay.js';
import { callVerification, throttledOutcome, throttleOver } from './settle.js';
import { checkCredentialId, checkStoreTimeout } from './store-call.js';
import {
  checkThrottlePolicy,
  checkThrottleStore,
  createThrottle,
  type Throttle,
  type ThrottlePolicy,
  type ThrottleStore,
} from './throttle.js';
import {
  legacyVerificationStore,
  type VerificationAnswer,
  type VerificationRequest,
  type VerificationStore,
} from './verification-store.js';

/**
 * What {@link TOTPVerifier.verify} answers, told apart by `ok`. Accepted: the `timeStep` and
 * `delta` = timeStep − T (the server's T). Refused, with a `reason`: `invalid` (a wrong or
 * malformed code), `replayed` (a correct code of a step already used), `throttled` (too many
 * failures: retry after `retryAfterSeconds`, absent at the hard ceiling, where only a reset
 * unlocks) or `unavailable` (a store failed or timed out; nothing was accepted).
 *
 * Name a refusal as `Extract<TOTPVerifierResult, { ok: false }>`, its reasons as
 * `Extract<TOTPVerifierResult, { ok: false }>['reason']`.
 */
export type TOTPVerifierResult =
  | { readonly ok: true; readonly timeStep: number; readonly delta: number }
  | { readonly ok: false; readonly reason: 'invalid' | 'replayed' | 'unavailable' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterSeconds?: number };

/**
 * What {@link HOTPVerifier.verify} and {@link HOTPVerifier.resynchronize} answer, told apart by
 * `ok`. Accepted: the `counter` and `delta` = counter − the expected counter. Refused: the
 * same `reason`s as a {@link TOTPVerifierResult} (`replayed`: a counter already used).
 */
export type HOTPVerifierResult =
  | { readonly ok: true; readonly counter: number; readonly delta: number }
  | { readonly ok: false; readonly reason: 'invalid' | 'replayed' | 'unavailable' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterSeconds?: number };

// Shorter names the implementation below uses.
type ResyncInput = Parameters<HOTPVerifier['resynchronize']>[0];

/** Input of `verify`. There is no time: the server's clock is injected at construction. */
export interface VerifyInput {
  /** The credential's stable id: 1–256 UTF-16 code units of well-formed Unicode, no NUL (docs/security.md, Ids); replay and throttle state are kept per credential. */
  credentialId: string;
  /** K as bytes (≥ 10 bytes) or a `PreparedKey` (cache one per credential). */
  key: Uint8Array | PreparedKey;
  /** What the person typed: untrusted, never throws; ASCII whitespace ignored. */
  token: unknown;
}

/** Options shared by both verifiers. */
export interface CommonVerifierOptions {
  /**
   * Watermarks and failure counts, changed in ONE call per verification (recommended). Give
   * either `store` or both `replayStore` and `throttleStore`.
   */
  store?: VerificationStore;
  /** Watermarks (0.1 interface; 2–4 store calls per verification through an adapter). */
  replayStore?: ReplayStore;
  /** Failure counts (0.1 interface); share it with every path that checks this credential's factors. */
  throttleStore?: ThrottleStore;
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
  /** Time limit per verification's store work, integer milliseconds 1–60 000. Default 1000. */
  storeTimeoutMs?: number;
  /** Must be `true` to accept a window or look-ahead wider than 2 steps. Default false. */
  allowWideWindow?: boolean;
}

/** Options of {@link createTOTPVerifier}. */
export interface TOTPVerifierOptions extends CommonVerifierOptions {
  /** Steps accepted around the centre, number or `{ past, future }`; default from the profile (±1). Over 2 needs `allowWideWindow`. */
  window?: number | { readonly past: number; readonly future: number };
  /** X, the time step size (RFC 6238 §4.1), in seconds: an integer ≥ 1. Default 30. */
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

/** A TOTP verifier over shared stores. */
export interface TOTPVerifier {
  /**
   * The throttle every other path of these credentials must share: enrollment, and recovery codes
   * (`useRecoveryCode` of `otpkit/enrollment` counts on it when given this verifier).
   */
  readonly throttle: Throttle;
  /**
   * The settings in force, after defaults: `profile`, `digits`, `algorithm` (`undefined` when not
   * given: each key's own, a PreparedKey's or SHA1 for bytes), `throttle` (the profile's policy
   * with the option's overrides, delays in seconds), `storeTimeoutMs` (**milliseconds**),
   * `period` and `t0` (seconds), `window` (steps), `maxDriftSteps` (0: drift off) and
   * `ttlSeconds` (how long a credential's record is kept).
   */
  readonly settings: {
    readonly profile: VerificationProfileName;
    readonly digits: number;
    readonly algorithm: HmacAlgorithm | undefined;
    readonly throttle: ThrottlePolicy;
    readonly storeTimeoutMs: number;
    readonly period: number;
    readonly t0: number;
    readonly window: { readonly past: number; readonly future: number };
    readonly maxDriftSteps: number;
    readonly ttlSeconds: number;
  };
  /**
   * Verifies a TOTP code once.
   * @param input - `{ credentialId, key, token }`; no time.
   * @returns a {@link TOTPVerifierResult}; never rejects for a bad token or a store failure.
   * @throws TypeError/RangeError at once for an invalid credentialId or key, an unknown input
   *   field (such as `time`), or a clock that returns an invalid time.
   */
  verify(input: VerifyInput): Promise<TOTPVerifierResult>;
}

/** An HOTP verifier over shared stores; the replay store holds each credential's counter. */
export interface HOTPVerifier {
  /** The throttle every other path of these credentials must share. */
  readonly throttle: Throttle;
  /**
   * The settings in force, after defaults: `profile`, `digits`, `algorithm`, `throttle` and
   * `storeTimeoutMs` (**milliseconds**) as {@link TOTPVerifier.settings}, and `lookAhead` and
   * `resyncLookAhead` (counters).
   */
  readonly settings: {
    readonly profile: VerificationProfileName;
    readonly digits: number;
    readonly algorithm: HmacAlgorithm | undefined;
    readonly throttle: ThrottlePolicy;
    readonly storeTimeoutMs: number;
    readonly lookAhead: number;
    readonly resyncLookAhead: number;
  };
  /**
   * Verifies an HOTP code once, against counters C … C + lookAhead, C = last accepted + 1.
   * @param input - `{ credentialId, key, token, initialCounter? }`; `initialCounter` (safe
   *   integer ≥ 0, default 0) is C for a credential with no stored counter yet.
   * @returns an {@link HOTPVerifierResult}.
   * @throws TypeError/RangeError at once for invalid input fields.
   */
  verify(input: VerifyInput & { initialCounter?: number }): Promise<HOTPVerifierResult>;
  /**
   * Resynchronizes from two consecutive codes (RFC 4226 §7.4): finds c in C … C + resyncLookAhead
   * with HOTP(c) = tokens[0] and HOTP(c + 1) = tokens[1], and stores c + 1. Counts as one attempt.
   * @returns `{ ok: true, counter: c + 1, delta }` or a failure.
   * @throws TypeError/RangeError at once for invalid input fields.
   */
  resynchronize(input: {
    /** The credential's stable id. */
    credentialId: string;
    /** K as bytes or a `PreparedKey`. */
    key: Uint8Array | PreparedKey;
    /** Two consecutive codes as typed, the earlier first. */
    tokens: readonly [unknown, unknown];
    /** C for a credential with no stored counter yet, safe integer ≥ 0. Default 0. */
    initialCounter?: number;
  }): Promise<HOTPVerifierResult>;
}

/** Widest window (either side) accepted without `allowWideWindow`. */
export const MAX_NARROW_WINDOW = 2;
/** Default time drift records are kept when drift is on: 30 days, in seconds. */
export const DEFAULT_DRIFT_MEMORY_SECONDS = 2_592_000;

const MAX_TTL_SECONDS = 315_360_000;
/** HOTP counters this process remembers per verifier, as a hint that saves a round trip (not security state). */
const MAX_COUNTER_HINTS = 10_000;
const NO_MATCH: readonly number[] = Object.freeze([]);

/**
 * Creates a TOTP verifier that accepts each code at most once, throttles guessing and fails
 * closed when its store is down.
 * @param options - `store` (a {@link VerificationStore}, one call per verification) or both
 *   `replayStore` and `throttleStore` (0.1 interface, several calls); `clock` (Unix s or Date,
 *   default system clock); `profile` (default `'nist-aal2'`); `window` (steps, default the
 *   profile's); `allowWideWindow`; `throttle` (policy overrides); `drift` (`{ maxSteps,
 *   rememberSeconds? }`, default off); `period` (s, default 30), `t0` (Unix s, default 0),
 *   `digits` (default 6), `algorithm`; `storeTimeoutMs` (ms per verification, default 1000).
 * @returns a {@link TOTPVerifier} with `verify` and the shared `throttle`.
 * @throws TypeError for a missing store, both kinds of store, or a wrong option type.
 * @throws RangeError for an option out of range, including a window over 2 steps without
 *   `allowWideWindow: true`.
 * @see RFC 6238 §5.2 (window, one use), §6 (drift); RFC 4226 §7.3 (throttling); NIST SP 800-63B §5.2.2
 * @example
 * const verifier = createTOTPVerifier({ store: new MemoryVerificationStore() });
 * const outcome = await verifier.verify({ credentialId: row.id, key: preparedKey, token: body.code });
 * if (outcome.ok) signIn(); else if (outcome.reason === 'unavailable') retryLater(); else refuse(outcome);
 */
export function createTOTPVerifier(options: TOTPVerifierOptions): TOTPVerifier {
  const opts = copyOptions(options);
  const common = checkCommon(opts);
  const { period, t0 } = checkTimeStepOptions(opts);
  const window = checkWindow(opts.window ?? VERIFICATION_PROFILES[common.profile].window, MAX_WINDOW);
  checkWidth('window', Math.max(window.past, window.future), opts.allowWideWindow);
  const { maxDriftSteps, rememberSeconds } = checkDrift(opts.drift);
  // Keep a watermark while any step at or below it could still match: the window's span plus
  // the drift's reach, plus one step for clock skew between servers.
  const spanSeconds = (window.past + window.future + 2 + 2 * maxDriftSteps) * period;
  const ttlSeconds = Math.min(MAX_TTL_SECONDS, Math.max(spanSeconds, rememberSeconds));
  const settings = settingsOf(common, { period, t0, window: Object.freeze(window), maxDriftSteps, ttlSeconds });
  return Object.freeze({ throttle: common.throttle, settings, verify: totpVerify(common, settings) });
}

/** The `drift` option: `maxDriftSteps` 0 and `rememberSeconds` 0 when drift is off. */
function checkDrift(value: TOTPVerifierOptions['drift']): { maxDriftSteps: number; rememberSeconds: number } {
  if (value === undefined) return { maxDriftSteps: 0, rememberSeconds: 0 };
  const drift = copyOptions(value as TOTPVerifierOptions['drift'] & object, 'drift');
  const maxDriftSteps = assertInteger('drift.maxSteps', drift.maxSteps, 1, MAX_WINDOW);
  const rememberSeconds =
    drift.rememberSeconds === undefined
      ? DEFAULT_DRIFT_MEMORY_SECONDS
      : assertInteger('drift.rememberSeconds', drift.rememberSeconds, 1, MAX_TTL_SECONDS);
  return { maxDriftSteps, rememberSeconds };
}

/** What both verifiers' `settings` have in common. */
type CommonSettings = Pick<HOTPVerifier['settings'], 'profile' | 'digits' | 'algorithm' | 'throttle' | 'storeTimeoutMs'>;

/** The settings object of both verifiers: the common settings, then the kind's own (frozen). */
function settingsOf<T extends object>(common: Common, own: T): Readonly<CommonSettings & T> {
  return Object.freeze({
    profile: common.profile,
    digits: common.digits,
    algorithm: common.algorithm,
    throttle: common.policy,
    storeTimeoutMs: common.timeoutMs,
    ...own,
  });
}

/** The TOTP `verify` method over checked settings: everything it reads is fixed here, once. */
function totpVerify(common: Common, settings: TOTPVerifier['settings']): TOTPVerifier['verify'] {
  const { store, clock, digits, algorithm, timeoutMs, policy } = common;
  const { period, t0, maxDriftSteps, ttlSeconds } = settings;
  const { past, future } = settings.window;
  return function verify(input: VerifyInput): Promise<TOTPVerifierResult> {
    checkInputFields(input, TOTP_INPUT_FIELDS);
    const credentialId = checkCredentialId(input.credentialId);
    const key = input.key;
    const keyAlgorithm = checkKey(key, algorithm);
    const token = input.token;
    const now = clock();
    const step = stepAt(now, period, t0);
    const wanted = parseToken(token, digits);
    const matches =
      wanted < 0 ? NO_MATCH : totpMatches(toPreparedKey(key, keyAlgorithm), wanted, digits, step, past, future, maxDriftSteps);
    const request: VerificationRequest = {
      kind: 'totp',
      now,
      policy,
      base: step,
      past,
      future,
      maxDrift: maxDriftSteps,
      initialCounter: 0,
      ttlSeconds,
      matches,
    };
    const answer = callVerification(store, credentialId, request, timeoutMs);
    if (answer === null || !isThenable(answer)) return Promise.resolve(conclude(answer, now, policy, step, false) as TOTPVerifierResult);
    return answer.then((a) => conclude(a, now, policy, step, false) as TOTPVerifierResult);
  };
}

/**
 * Creates an HOTP verifier: the store holds each credential's last accepted counter, so a code is
 * accepted once and counters only move forward (RFC 4226 §7.2, §7.4).
 *
 * Counters are safe integers (up to 2^53 − 1). The store must keep records for good (they are
 * written with `ttlSeconds = 0`): a lost counter lets old codes in again, so use a durable store.
 * One store call per verification while this process knows the credential's counter (it keeps
 * the last one it saw, up to 10 000 credentials, as a hint only: the store checks it); a second
 * call when another process moved the counter or on this process's first verification of it.
 * @param options - `store` (or `replayStore` + `throttleStore`); `clock` (for the throttle; Unix s
 *   or Date); `profile`, `throttle`; `lookAhead` (0–100, default 0; over 2 needs
 *   `allowWideWindow`); `resyncLookAhead` (1–1000, default 100); `digits`, `algorithm`;
 *   `storeTimeoutMs` (ms per verification, default 1000).
 * @returns an {@link HOTPVerifier} with `verify`, `resynchronize` and the shared `throttle`.
 * @throws TypeError for a missing store or a wrong option type.
 * @throws RangeError for an option out of range, including a look-ahead over 2 without `allowWideWindow`.
 * @see RFC 4226 §7.2 (validation), §7.3 (throttling), §7.4 (resynchronization)
 * @example
 * const verifier = createHOTPVerifier({ store: new PostgresVerificationStore({ pool }), lookAhead: 2 });
 * const outcome = await verifier.verify({ credentialId, key, token });
 */
export function createHOTPVerifier(options: HOTPVerifierOptions): HOTPVerifier {
  const opts = copyOptions(options);
  const common = checkCommon(opts);
  const lookAhead = opts.lookAhead === undefined ? 0 : assertInteger('lookAhead', opts.lookAhead, 0, 100);
  checkWidth('lookAhead', lookAhead, opts.allowWideWindow);
  const resyncLookAhead = opts.resyncLookAhead === undefined ? 100 : assertInteger('resyncLookAhead', opts.resyncLookAhead, 1, 1000);
  const { store, clock, digits, algorithm, timeoutMs, policy } = common;

  const context: HOTPContext = { store, clock, digits, timeoutMs, policy, lookAhead, resyncLookAhead, hints: new Map() };
  const run = (credentialId: string, key: PreparedKey, first: number, second: number, initial: number) =>
    runHOTP(context, credentialId, key, first, second, initial);

  return Object.freeze({
    throttle: common.throttle,
    settings: settingsOf(common, { lookAhead, resyncLookAhead }),
    verify(input: VerifyInput & { initialCounter?: number }): Promise<HOTPVerifierResult> {
      checkInputFields(input, HOTP_INPUT_FIELDS);
      const credentialId = checkCredentialId(input.credentialId);
      const key = input.key;
      const keyAlgorithm = checkKey(key, algorithm);
      const initial = checkInitialCounter(input.initialCounter);
      const wanted = parseToken(input.token, digits);
      return run(credentialId, toPreparedKey(key, keyAlgorithm), wanted, -1, initial);
    },
    resynchronize(input: ResyncInput): Promise<HOTPVerifierResult> {
      checkInputFields(input, RESYNC_INPUT_FIELDS);
      const credentialId = checkCredentialId(input.credentialId);
      const key = input.key;
      const keyAlgorithm = checkKey(key, algorithm);
      const initial = checkInitialCounter(input.initialCounter);
      const tokens = input.tokens;
      if (!Array.isArray(tokens) || tokens.length !== 2) {
        throw new TypeError(`"tokens" expected an array of two consecutive codes, got ${describe(tokens)}`);
      }
      const first = parseToken(tokens[0], digits);
      const second = parseToken(tokens[1], digits);
      // A malformed code makes the pair a counted failure, never a search for half of it.
      if (first < 0 || second < 0) return run(credentialId, toPreparedKey(key, keyAlgorithm), -1, -1, initial);
      return run(credentialId, toPreparedKey(key, keyAlgorithm), first, second, initial);
    },
  });
}

/** The steps whose code matches: without drift only the nearest (the store would pick it anyway);
 * with drift every match within reach of any drift, ascending (the store knows the drift). */
function totpMatches(
  key: PreparedKey,
  wanted: number,
  digits: number,
  step: number,
  past: number,
  future: number,
  maxDrift: number,
): readonly number[] {
  if (maxDrift === 0) {
    const found = nearestMatch(key, wanted, digits, step, past, future);
    return found < 0 ? NO_MATCH : [found];
  }
  const found: number[] = [];
  const last = step + maxDrift + future;
  for (let s = Math.max(0, step - maxDrift - past); s <= last; s++) if (codeAt(key, s, digits) === wanted) found.push(s);
  return found;
}

/** What an HOTP verifier's calls share. `hints`: the next counter last seen per credential (not security state). */
interface HOTPContext {
  readonly store: VerificationStore;
  readonly clock: () => number;
  readonly digits: number;
  readonly timeoutMs: number;
  readonly policy: ThrottlePolicy;
  readonly lookAhead: number;
  readonly resyncLookAhead: number;
  readonly hints: Map<string, number>;
}

/** The first accepted counter from `expected`: verify looks for `first`; resync (second ≥ 0) for two consecutive codes. */
function hotpMatches(ctx: HOTPContext, key: PreparedKey, first: number, second: number, expected: number): readonly number[] {
  if (first < 0) return NO_MATCH;
  if (second < 0) {
    const last = Math.min(Number.MAX_SAFE_INTEGER, expected + ctx.lookAhead);
    for (let c = expected; c <= last; c++) if (codeAt(key, c, ctx.digits) === first) return [c];
    return NO_MATCH;
  }
  const last = Math.min(Number.MAX_SAFE_INTEGER - 1, expected + ctx.resyncLookAhead);
  for (let c = expected; c <= last; c++) {
    if (codeAt(key, c, ctx.digits) === first && codeAt(key, c + 1, ctx.digits) === second) return [c + 1];
  }
  return NO_MATCH;
}

/** One HOTP verification or resynchronization: at most two calls, the second after `stale` (one deadline). */
async function runHOTP(
  ctx: HOTPContext,
  credentialId: string,
  key: PreparedKey,
  first: number,
  second: number,
  initial: number,
): Promise<HOTPVerifierResult> {
  const now = ctx.clock();
  const deadline = Date.now() + ctx.timeoutMs;
  let expected = ctx.hints.get(credentialId) ?? initial;
  for (let round = 0; round < 2; round++) {
    const request: VerificationRequest = {
      kind: 'hotp',
      now,
      policy: ctx.policy,
      base: expected,
      past: 0,
      future: 0,
      maxDrift: 0,
      initialCounter: initial,
      ttlSeconds: 0,
      matches: hotpMatches(ctx, key, first, second, expected),
    };
    const answer = await callVerification(ctx.store, credentialId, request, Math.max(1, deadline - Date.now()));
    if (answer === null || answer.status !== 'stale') {
      if (answer?.status === 'accepted') remember(ctx.hints, credentialId, answer.step + 1);
      return conclude(answer, now, ctx.policy, expected, true) as HOTPVerifierResult;
    }
    expected = answer.next;
    remember(ctx.hints, credentialId, expected);
  }
  return UNAVAILABLE;
}

const TOTP_INPUT_FIELDS = ['credentialId', 'key', 'token'] as const;
const HOTP_INPUT_FIELDS = ['credentialId', 'key', 'token', 'initialCounter'] as const;
const RESYNC_INPUT_FIELDS = ['credentialId', 'key', 'tokens', 'initialCounter'] as const;

/**
 * The one accept step of both verifiers: the store's checked answer → the outcome. `base` is T
 * (TOTP) or the expected counter C (HOTP); `delta` = accepted − base.
 */
function conclude(
  answer: VerificationAnswer | null,
  now: number,
  policy: ThrottlePolicy,
  base: number,
  hotp: boolean,
): TOTPVerifierResult | HOTPVerifierResult {
  if (answer === null) return UNAVAILABLE;
  switch (answer.status) {
    case 'accepted':
      return hotp
        ? { ok: true, counter: answer.step, delta: answer.step - base }
        : { ok: true, timeStep: answer.step, delta: answer.step - base };
    case 'invalid':
      return INVALID;
    case 'replayed':
      return REPLAYED;
    case 'throttled':
      return throttledOutcome(policy, answer.failures, answer.lockedUntil, now);
    default:
      return UNAVAILABLE;
  }
}

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return value instanceof Promise;
}

function remember(hints: Map<string, number>, credentialId: string, next: number): void {
  if (hints.size >= MAX_COUNTER_HINTS && !hints.has(credentialId)) hints.clear();
  hints.set(credentialId, next);
}

/** Copies an options object's own fields once (a Proxy's getters are read exactly once). */
function copyOptions<T extends object>(value: T | undefined, name = 'options'): Partial<T> {
  return { ...assertOptions(name, value) };
}

interface Common {
  store: VerificationStore;
  throttle: Throttle;
  profile: VerificationProfileName;
  policy: ThrottlePolicy;
  clock: () => number;
  digits: number;
  algorithm: HmacAlgorithm | undefined;
  timeoutMs: number;
}

function checkCommon(opts: Partial<CommonVerifierOptions>): Common {
  const profile = opts.profile === undefined ? 'nist-aal2' : assertOneOf('profile', opts.profile, VERIFICATION_PROFILE_NAMES);
  const policy = checkThrottlePolicy(opts.throttle, VERIFICATION_PROFILES[profile].throttle);
  if (opts.allowWideWindow !== undefined) assertBoolean('allowWideWindow', opts.allowWideWindow);
  const clock = makeClock(opts.clock);
  const timeoutMs = checkStoreTimeout(opts.storeTimeoutMs);
  let store: VerificationStore;
  let throttle: Throttle;
  if (opts.store !== undefined) {
    if (opts.replayStore !== undefined || opts.throttleStore !== undefined) {
      throw new TypeError('"store" replaces "replayStore" and "throttleStore": give one or the other');
    }
    store = checkVerificationStore(opts.store);
    throttle = throttleOver(store, policy, clock, timeoutMs);
  } else {
    const replayStore = checkReplayStore(opts.replayStore);
    const throttleStore = checkThrottleStore(opts.throttleStore);
    store = legacyVerificationStore(replayStore, throttleStore);
    throttle = createThrottle({ store: throttleStore, policy, clock, storeTimeoutMs: timeoutMs });
  }
  return {
    store,
    throttle,
    profile,
    policy,
    clock,
    digits: checkDigits(opts.digits),
    // Checked against each key again in verify (checkKey); undefined means "the key's own".
    algorithm: opts.algorithm === undefined ? undefined : assertAlgorithm(opts.algorithm),
    timeoutMs,
  };
}

function checkVerificationStore(store: unknown): VerificationStore {
  const s = store as Partial<VerificationStore> | null | undefined;
  if (typeof s?.verify !== 'function' || typeof s.peek !== 'function' || typeof s.reset !== 'function' || typeof s.delete !== 'function') {
    throw new TypeError(`"store" expected an object with verify, peek, reset and delete methods, got ${describe(store)}`);
  }
  return s as VerificationStore;
}

function checkReplayStore(store: unknown): ReplayStore {
  const s = store as Partial<ReplayStore> | null | undefined;
  if (typeof s?.consume !== 'function' || typeof s.peek !== 'function' || typeof s.delete !== 'function') {
    throw new TypeError(`"replayStore" expected an object with consume, peek and delete methods (or give "store"), got ${describe(store)}`);
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

function checkInputFields(input: unknown, fields: readonly string[]): void {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TypeError(`"input" expected an object with ${fields.join(', ')}, got ${describe(input)}`);
  }
  for (const name in input) {
    if (!fields.includes(name)) {
      const hint = name === 'time' ? ': the clock is set when the verifier is created, never per request' : '';
      throw new TypeError(`"input" has no field ${JSON.stringify(name.slice(0, 32))}${hint}`);
    }
  }
}

function checkInitialCounter(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number') throw new TypeError(`"initialCounter" expected a safe integer ≥ 0, got ${describe(value)}`);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`"initialCounter" expected a safe integer ≥ 0, got ${describe(value)}`);
  return value;
}

/** The matching step nearest `centre` (past before future at equal distance), or −1. */
function nearestMatch(key: PreparedKey, wanted: number, digits: number, centre: number, past: number, future: number): number {
  const reach = Math.max(past, future);
  for (let distance = 0; distance <= reach; distance++) {
    if (distance <= past && centre - distance >= 0 && codeAt(key, centre - distance, digits) === wanted) return centre - distance;
    if (distance > 0 && distance <= future && codeAt(key, centre + distance, digits) === wanted) return centre + distance;
  }
  return -1;
}
