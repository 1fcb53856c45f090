/**
 * The two-factor enrollment state machine: a frozen transition table and a pure `transition`.
 *
 * Scope: which event may happen in which state, what the next snapshot is, and how a stored
 * snapshot is validated. Out of scope: passwords, keys, codes and storage (see service.ts).
 * Snapshots are JSON-safe and hold no secret: the pending key is named by an opaque `keyRef`
 * that the credential store resolves. Units: every timestamp is an integer Unix **second**.
 * @see docs/enrollment.md for the state diagram and the defaults.
 * @module
 */
import { EnrollmentTransitionError, InvalidSnapshotError } from '../core/errors.js';
import { MAX_UNIX_SECONDS } from '../core/time.js';
import { assertInteger, describe } from '../internal/assert.js';

/** Snapshot format version this module reads and writes. */
export const SNAPSHOT_VERSION = 1;

/** Every enrollment state. `enable-*` and `disable-password` are the pending states. */
export type EnrollmentStatus = EnrollmentSnapshot['status'];

/** Every enrollment event. */
export type EnrollmentEvent =
  | 'begin-enable'
  | 'begin-disable'
  | 'password-ok'
  | 'password-wrong'
  | 'token-ok'
  | 'token-wrong'
  | 'cancel'
  | 'expire'
  | 'lock';

/** All states, in diagram order. */
export const ENROLLMENT_STATES: readonly EnrollmentStatus[] = Object.freeze([
  'disabled',
  'enable-password',
  'enable-confirm',
  'enabled',
  'disable-password',
]);

/** All events. */
export const ENROLLMENT_EVENTS: readonly EnrollmentEvent[] = Object.freeze([
  'begin-enable',
  'begin-disable',
  'password-ok',
  'password-wrong',
  'token-ok',
  'token-wrong',
  'cancel',
  'expire',
  'lock',
]);

/**
 * The transition table: state × event → next state. A pair that is absent is not allowed.
 * `cancel`, `expire` and `lock` return a pending flow to the state it started from; `lock`
 * in `enabled` records failures from recovery-code regeneration and stays.
 */
export const TRANSITIONS: Readonly<Record<EnrollmentStatus, Readonly<Partial<Record<EnrollmentEvent, EnrollmentStatus>>>>> = Object.freeze({
  disabled: Object.freeze({ 'begin-enable': 'enable-password' }),
  'enable-password': Object.freeze({
    'password-ok': 'enable-confirm',
    'password-wrong': 'enable-password',
    cancel: 'disabled',
    expire: 'disabled',
    lock: 'disabled',
  }),
  'enable-confirm': Object.freeze({
    'token-ok': 'enabled',
    'token-wrong': 'enable-confirm',
    cancel: 'disabled',
    expire: 'disabled',
    lock: 'disabled',
  }),
  enabled: Object.freeze({ 'begin-disable': 'disable-password', 'password-wrong': 'enabled', lock: 'enabled' }),
  'disable-password': Object.freeze({
    'password-ok': 'disabled',
    'password-wrong': 'disable-password',
    cancel: 'enabled',
    expire: 'enabled',
    lock: 'enabled',
  }),
});

/** Events refused while a lock is running (they would make progress). */
const BLOCKED_WHILE_LOCKED: ReadonlySet<EnrollmentEvent> = new Set(['begin-enable', 'begin-disable', 'password-ok', 'token-ok']);

/**
 * A frozen, JSON-safe enrollment snapshot (version 1). `status` is one of `'disabled'`,
 * `'enable-password'`, `'enable-confirm'`, `'enabled'`, `'disable-password'` (the union is
 * `EnrollmentSnapshot['status']`).
 */
export interface EnrollmentSnapshot {
  /** Format version, always `SNAPSHOT_VERSION`. */
  readonly version: 1;
  /** Current state. */
  readonly status: 'disabled' | 'enable-password' | 'enable-confirm' | 'enabled' | 'disable-password';
  /** When `status` was entered, Unix seconds. */
  readonly since: number;
  /** The pending key of `enable-confirm` (a reference, never the key itself); `null` in every other state. */
  readonly pending: {
    /** Opaque id of the pending key in the credential store: 32 lower-case hex digits (128 bits). */
    readonly keyRef: string;
    /** When the secret was issued (shown), Unix seconds. */
    readonly issuedAt: number;
    /** Wrong codes submitted for this key. */
    readonly attempts: number;
  } | null;
  /** Consecutive wrong passwords and codes since the last success or lock. */
  readonly failures: number;
  /** Until when (Unix seconds, exclusive) progress is refused after too many failures; `null` if never locked. */
  readonly lockedUntil: number | null;
}

/** The pending key of `enable-confirm`. */
export type PendingKeyRef = NonNullable<EnrollmentSnapshot['pending']>;

/** Per-event inputs of {@link transition}. */
export interface TransitionContext {
  /** The current time, integer Unix seconds. Required. */
  readonly now: number;
  /** For `password-ok` in `enable-password`: the store id of the newly issued pending key. */
  readonly keyRef?: string;
  /** For `lock`: how long the lock lasts, in seconds (integer ≥ 1). */
  readonly lockSeconds?: number;
}

/** Largest `failures` or `attempts` value a snapshot may hold. */
export const MAX_SNAPSHOT_COUNT = 1000;

/**
 * Longest snapshot text {@link parseSnapshot} reads, in UTF-16 code units; longer text is refused
 * before `JSON.parse`. `serializeSnapshot` writes about 200.
 */
export const MAX_SNAPSHOT_CHARS = 4096;

/** Most own keys a snapshot object (or its `pending`) may have; more are refused before any is read. */
const MAX_SNAPSHOT_FIELDS = 16;

const KEY_REF = /^[0-9a-f]{32}$/;
const EVENT_NAME = /^[a-z][a-z-]{0,39}$/;
const PENDING_STATES: ReadonlySet<EnrollmentStatus> = new Set(['enable-password', 'enable-confirm', 'disable-password']);

/** True for the states a flow can be cancelled or expired from. */
export function isPending(status: EnrollmentStatus): boolean {
  return PENDING_STATES.has(status);
}

/**
 * The snapshot of a subject that never enrolled: `disabled` since `now`.
 * @param now - integer Unix seconds.
 * @returns a frozen snapshot.
 * @throws TypeError/RangeError if `now` is not an integer Unix second below 10^12.
 */
export function initialSnapshot(now: number): EnrollmentSnapshot {
  return freeze({ version: 1, status: 'disabled', since: checkNow(now), pending: null, failures: 0, lockedUntil: null });
}

/**
 * Seconds until a lock ends, or 0 when not locked.
 * @param snapshot - a valid snapshot.
 * @param now - integer Unix seconds.
 */
export function lockRemaining(snapshot: EnrollmentSnapshot, now: number): number {
  return snapshot.lockedUntil !== null && snapshot.lockedUntil > now ? snapshot.lockedUntil - now : 0;
}

/**
 * Whether `event` is allowed in `status` by the table (ignoring locks).
 * @param status - a state.
 * @param event - any string.
 */
export function canTransition(status: EnrollmentStatus, event: string): boolean {
  return Object.hasOwn(TRANSITIONS[status], event);
}

/**
 * Applies one event. Pure: returns a new frozen snapshot and never changes its input.
 *
 * - `password-ok`/`token-ok` reset `failures`; `password-wrong`/`token-wrong` add one (and
 *   `token-wrong` one to `pending.attempts`); deciding when to `lock` is the caller's policy.
 * - `lock` ends any pending flow (back to where it started) and sets `lockedUntil`.
 * - While locked, events that make progress (`begin-*`, `*-ok`) are refused.
 *
 * @param snapshot - the current snapshot (a value from {@link parseSnapshot} or a transition).
 * @param event - an {@link EnrollmentEvent}; any other string is refused like a disallowed one.
 * @param context - `now` (integer Unix seconds, required); `keyRef` for `password-ok` in
 *   `enable-password`; `lockSeconds` (integer ≥ 1) for `lock`.
 * @returns the next snapshot, frozen.
 * @throws EnrollmentTransitionError (`ERR_ENROLLMENT_TRANSITION`, fields `state`, `event`) when
 *   the table has no entry for the pair, or the event makes progress while locked.
 * @throws TypeError/RangeError for a non-string event or a missing or malformed context field.
 * @example
 * let s = initialSnapshot(now);
 * s = transition(s, 'begin-enable', { now });
 * await store.commit(subject, { expectedEtag, snapshot: serializeSnapshot(s) });
 */
export function transition(snapshot: EnrollmentSnapshot, event: EnrollmentEvent, context: TransitionContext): EnrollmentSnapshot {
  if (typeof event !== 'string') throw new TypeError(`"event" expected a string, got ${describe(event)}`);
  if (context === null || typeof context !== 'object') {
    throw new TypeError(`"context" expected an object, got ${describe(context)}`);
  }
  const now = checkNow(context.now, 'context.now');
  const from = snapshot?.status;
  if (!(ENROLLMENT_STATES as readonly unknown[]).includes(from)) {
    throw new TypeError(`"snapshot" expected an enrollment snapshot, got ${describe(snapshot)}`);
  }
  const to = canTransition(from, event) ? TRANSITIONS[from][event] : undefined;
  // Unknown event names are echoed only when they look like an event name (never user text).
  if (to === undefined) {
    throw new EnrollmentTransitionError(from, EVENT_NAME.test(event) ? event : '(invalid)');
  }
  if (lockRemaining(snapshot, now) > 0 && BLOCKED_WHILE_LOCKED.has(event)) {
    throw new EnrollmentTransitionError(from, event);
  }
  const since = to === from ? snapshot.since : now;
  switch (event) {
    case 'password-ok': {
      if (to === 'enable-confirm') {
        const keyRef = context.keyRef;
        if (typeof keyRef !== 'string') throw new TypeError(`"context.keyRef" expected a string, got ${describe(keyRef)}`);
        if (!KEY_REF.test(keyRef)) throw new RangeError('"context.keyRef" expected 32 lower-case hex digits');
        return freeze({ ...snapshot, status: to, since, pending: { keyRef, issuedAt: now, attempts: 0 }, failures: 0 });
      }
      return freeze({ ...snapshot, status: to, since, pending: null, failures: 0 });
    }
    case 'token-ok':
      return freeze({ ...snapshot, status: to, since, pending: null, failures: 0 });
    case 'password-wrong':
      return freeze({ ...snapshot, failures: Math.min(snapshot.failures + 1, MAX_SNAPSHOT_COUNT) });
    case 'token-wrong': {
      const pending = snapshot.pending as PendingKeyRef; // enable-confirm always has one (parseSnapshot)
      return freeze({
        ...snapshot,
        pending: { ...pending, attempts: Math.min(pending.attempts + 1, MAX_SNAPSHOT_COUNT) },
        failures: Math.min(snapshot.failures + 1, MAX_SNAPSHOT_COUNT),
      });
    }
    case 'lock': {
      const seconds = assertInteger('context.lockSeconds', context.lockSeconds, 1, 366 * 86400);
      return freeze({ ...snapshot, status: to, since, pending: null, failures: 0, lockedUntil: now + seconds });
    }
    default:
      // begin-enable, begin-disable, cancel, expire: a plain move; leaving enable-confirm drops the key ref.
      return freeze({ ...snapshot, status: to, since, pending: null });
  }
}

/**
 * Validates a snapshot read back from storage, as untrusted input. Accepts the JSON text or
 * the parsed value; refuses unknown fields, wrong types, non-integer or millisecond-looking
 * timestamps, counts out of range, a pending key outside `enable-confirm` (or missing in it)
 * and any other version.
 * @param json - JSON text or an already parsed value.
 * @returns a frozen, valid {@link EnrollmentSnapshot} (a fresh object, never `json` itself).
 * @throws InvalidSnapshotError (`ERR_INVALID_SNAPSHOT`) with `path` naming the first bad field
 *   (`''` for the whole value, `'version'`, `'pending.issuedAt'`, …). Never echoes values.
 * @example
 * const record = await store.read(subject);
 * const status = record === null ? null : parseSnapshot(record.snapshot).status;
 * const twoFactorOn = status === 'enabled' || status === 'disable-password';
 */
export function parseSnapshot(json: unknown): EnrollmentSnapshot {
  try {
    return parseUntrusted(json);
  } catch (error) {
    if (error instanceof InvalidSnapshotError) throw error;
    // A hostile object (a Proxy, say) threw something else: still bad outside data.
    throw new InvalidSnapshotError('', 'snapshot could not be read');
  }
}

function parseUntrusted(json: unknown): EnrollmentSnapshot {
  let value = json;
  if (typeof value === 'string') {
    // Refused before parsing: a snapshot is about 200 characters.
    if (value.length > MAX_SNAPSHOT_CHARS) throw new InvalidSnapshotError('', `snapshot text is over ${MAX_SNAPSHOT_CHARS} characters`);
    try {
      value = JSON.parse(value);
    } catch {
      throw new InvalidSnapshotError('', 'snapshot is not valid JSON');
    }
  }
  // Each own property is read once, into a copy; everything below reads only the copy.
  const o = record(value, '');
  // The version first: a snapshot of another version may have any other shape.
  if (o.version !== SNAPSHOT_VERSION) throw new InvalidSnapshotError('version', `snapshot version must be ${SNAPSHOT_VERSION}`);
  allowOnly(o, ['version', 'status', 'since', 'pending', 'failures', 'lockedUntil'], '');
  const status = o.status;
  if (typeof status !== 'string' || !(ENROLLMENT_STATES as readonly string[]).includes(status)) {
    throw new InvalidSnapshotError('status', 'snapshot status is not a known state');
  }
  const since = seconds(o.since, 'since');
  const failures = count(o.failures, 'failures');
  const lockedUntil = o.lockedUntil === null ? null : seconds(o.lockedUntil, 'lockedUntil');
  let pending: PendingKeyRef | null = null;
  if (status === 'enable-confirm') {
    const p = record(o.pending, 'pending');
    allowOnly(p, ['keyRef', 'issuedAt', 'attempts'], 'pending.');
    const keyRef = p.keyRef;
    if (typeof keyRef !== 'string' || !KEY_REF.test(keyRef)) {
      throw new InvalidSnapshotError('pending.keyRef', 'pending key ref must be 32 lower-case hex digits');
    }
    pending = { keyRef, issuedAt: seconds(p.issuedAt, 'pending.issuedAt'), attempts: count(p.attempts, 'pending.attempts') };
  } else if (o.pending !== null) {
    throw new InvalidSnapshotError('pending', 'only enable-confirm may hold a pending key');
  }
  return freeze({ version: 1, status: status as EnrollmentStatus, since, pending, failures, lockedUntil });
}

/**
 * Serializes a snapshot as JSON text for the credential store, after validating it.
 * @param snapshot - a snapshot.
 * @returns JSON text with a fixed field order; contains no key or secret.
 * @throws InvalidSnapshotError if `snapshot` is not valid (as {@link parseSnapshot}).
 */
export function serializeSnapshot(snapshot: EnrollmentSnapshot): string {
  const s = parseSnapshot(snapshot);
  return JSON.stringify({
    version: s.version,
    status: s.status,
    since: s.since,
    pending: s.pending && { keyRef: s.pending.keyRef, issuedAt: s.pending.issuedAt, attempts: s.pending.attempts },
    failures: s.failures,
    lockedUntil: s.lockedUntil,
  });
}

function freeze(s: EnrollmentSnapshot): EnrollmentSnapshot {
  if (s.pending) Object.freeze(s.pending);
  return Object.freeze(s);
}

function checkNow(now: unknown, name = 'now'): number {
  return assertInteger(name, now, 0, MAX_UNIX_SECONDS - 1) || 0; // -0 reads as 0
}

/**
 * A copy of an untrusted object's own data properties, each read exactly once (one
 * `getOwnPropertyDescriptor`; a Proxy cannot answer the check one value and the use another).
 * Refuses a non-plain object, an accessor, a symbol key and more than {@link MAX_SNAPSHOT_FIELDS}
 * keys (before any property is read).
 */
function record(value: unknown, path: string): Record<string, unknown> {
  const what = `snapshot ${path || 'value'}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidSnapshotError(path, `${what} must be an object`);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new InvalidSnapshotError(path, `${what} must be a plain object`);
  const keys = Reflect.ownKeys(value);
  if (keys.length > MAX_SNAPSHOT_FIELDS) throw new InvalidSnapshotError(path, `${what} has over ${MAX_SNAPSHOT_FIELDS} fields`);
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of keys) {
    // The field name is attacker-controlled: report the parent path, not the name.
    if (typeof key !== 'string') throw new InvalidSnapshotError(path, 'snapshot has an unknown field');
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined) continue; // listed by a Proxy, then not there: absent
    // Data properties only: a getter would run code while we validate.
    if (!Object.hasOwn(descriptor, 'value')) throw new InvalidSnapshotError(path, `${what} has an accessor property`);
    copy[key] = descriptor.value;
  }
  return copy;
}

/** Checks a copy from {@link record}: exactly `fields`, no other. */
function allowOnly(o: Record<string, unknown>, fields: readonly string[], prefix: string): void {
  for (const key of Object.keys(o)) {
    if (!fields.includes(key)) throw new InvalidSnapshotError(prefix.replace(/\.$/, ''), 'snapshot has an unknown field');
  }
  for (const field of fields) {
    if (!Object.hasOwn(o, field)) throw new InvalidSnapshotError(prefix + field, `snapshot field ${prefix + field} is missing`);
  }
}

function seconds(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= MAX_UNIX_SECONDS) {
    throw new InvalidSnapshotError(path, `snapshot ${path} must be integer Unix seconds below 10^12`);
  }
  return value === 0 ? 0 : value; // -0 reads as 0
}

function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SNAPSHOT_COUNT) {
    throw new InvalidSnapshotError(path, `snapshot ${path} must be an integer from 0 to ${MAX_SNAPSHOT_COUNT}`);
  }
  return value === 0 ? 0 : value; // -0 reads as 0
}
