/** The state machine: every state × every event, purity, locks, and snapshots as untrusted input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENROLLMENT_EVENTS,
  ENROLLMENT_STATES,
  type EnrollmentEvent,
  type EnrollmentSnapshot,
  type EnrollmentStatus,
  initialSnapshot,
  parseSnapshot,
  serializeSnapshot,
  transition,
} from '../../src/enrollment/machine.js';
import { EnrollmentTransitionError, InvalidSnapshotError } from '../../src/errors.js';

const NOW = 1_700_000_000;
const REF = '0123456789abcdef0123456789abcdef';

// Written by hand from docs/design.md "Enrollment: the state machine" (not read from the code):
// the allowed pairs and where each leads. Everything else must throw.
const EXPECTED: Record<EnrollmentStatus, Partial<Record<EnrollmentEvent, EnrollmentStatus>>> = {
  disabled: { 'begin-enable': 'enable-password' },
  'enable-password': {
    'password-ok': 'enable-confirm',
    'password-wrong': 'enable-password',
    cancel: 'disabled',
    expire: 'disabled',
    lock: 'disabled',
  },
  'enable-confirm': {
    'token-ok': 'enabled',
    'token-wrong': 'enable-confirm',
    cancel: 'disabled',
    expire: 'disabled',
    lock: 'disabled',
  },
  enabled: { 'begin-disable': 'disable-password', 'password-wrong': 'enabled', lock: 'enabled' },
  'disable-password': {
    'password-ok': 'disabled',
    'password-wrong': 'disable-password',
    cancel: 'enabled',
    expire: 'enabled',
    lock: 'enabled',
  },
};

function snapshotIn(status: EnrollmentStatus): EnrollmentSnapshot {
  return parseSnapshot({
    version: 1,
    status,
    since: NOW - 10,
    pending: status === 'enable-confirm' ? { keyRef: REF, issuedAt: NOW - 10, attempts: 2 } : null,
    failures: 1,
    lockedUntil: null,
  });
}

const context = { now: NOW, keyRef: 'fedcba9876543210fedcba9876543210', lockSeconds: 900 };

describe('transition: every state × every event', () => {
  it('knows exactly the five states and nine events', () => {
    expect([...ENROLLMENT_STATES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(ENROLLMENT_EVENTS).toHaveLength(9);
  });

  for (const state of Object.keys(EXPECTED) as EnrollmentStatus[]) {
    for (const event of ENROLLMENT_EVENTS) {
      const to = EXPECTED[state][event];
      if (to === undefined) {
        it(`${state} × ${event} throws EnrollmentTransitionError`, () => {
          const before = snapshotIn(state);
          let caught: unknown;
          try {
            transition(before, event, context);
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(EnrollmentTransitionError);
          expect(caught).toMatchObject({ code: 'ERR_ENROLLMENT_TRANSITION', state, event });
        });
      } else {
        it(`${state} × ${event} → ${to}`, () => {
          const before = snapshotIn(state);
          const copy = JSON.stringify(before);
          const after = transition(before, event, context);
          expect(after.status).toBe(to);
          expect(after).not.toBe(before);
          expect(Object.isFrozen(after)).toBe(true);
          if (after.pending) expect(Object.isFrozen(after.pending)).toBe(true);
          expect(JSON.stringify(before)).toBe(copy); // pure: input untouched
          expect(parseSnapshot(serializeSnapshot(after))).toEqual(after); // still a valid snapshot
          // Only enable-confirm holds a key ref; leaving it (any way) drops it.
          expect(after.pending !== null).toBe(to === 'enable-confirm');
        });
      }
    }
  }
});

describe('transition: fields', () => {
  it('password-ok issues the pending key ref with issuedAt = now and 0 attempts, and resets failures', () => {
    const s = transition(snapshotIn('enable-password'), 'password-ok', context);
    expect(s).toEqual({
      version: 1,
      status: 'enable-confirm',
      since: NOW,
      pending: { keyRef: context.keyRef, issuedAt: NOW, attempts: 0 },
      failures: 0,
      lockedUntil: null,
    });
  });

  it('token-wrong counts an attempt on the key and a failure; password-wrong a failure only', () => {
    const s = transition(snapshotIn('enable-confirm'), 'token-wrong', context);
    expect(s.pending).toEqual({ keyRef: REF, issuedAt: NOW - 10, attempts: 3 });
    expect(s.failures).toBe(2);
    expect(s.since).toBe(NOW - 10);
    expect(transition(snapshotIn('enable-password'), 'password-wrong', context).failures).toBe(2);
  });

  it('lock sets lockedUntil = now + lockSeconds, clears failures, and refuses progress until then', () => {
    const locked = transition(snapshotIn('enable-confirm'), 'lock', context);
    expect(locked).toMatchObject({ status: 'disabled', pending: null, failures: 0, lockedUntil: NOW + 900 });
    expect(() => transition(locked, 'begin-enable', { now: NOW + 899 })).toThrow(EnrollmentTransitionError);
    expect(transition(locked, 'begin-enable', { now: NOW + 900 }).status).toBe('enable-password');
  });

  it('refuses misuse of the context with TypeError/RangeError', () => {
    const s = snapshotIn('enable-password');
    expect(() => transition(s, 'password-ok', { now: NOW })).toThrow(TypeError);
    expect(() => transition(s, 'password-ok', { now: NOW, keyRef: 'ABCDEF' })).toThrow(RangeError);
    expect(() => transition(s, 'cancel', { now: NOW * 1000 })).toThrow(RangeError);
    expect(() => transition(s, 'cancel', { now: 1.5 })).toThrow(RangeError);
    expect(() => transition(s, 'lock', { now: NOW })).toThrow(TypeError);
    expect(() => transition(s, 1 as unknown as EnrollmentEvent, { now: NOW })).toThrow(TypeError);
    expect(() => transition({} as EnrollmentSnapshot, 'cancel', { now: NOW })).toThrow(TypeError);
  });

  it('does not echo an event name that is not event-shaped', () => {
    const s = snapshotIn('enabled');
    try {
      transition(s, 'hunter2 PASSWORD 123456' as EnrollmentEvent, { now: NOW });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ event: '(invalid)' });
      expect(String(error)).not.toContain('hunter2');
    }
    // Object.prototype names are not table entries.
    expect(() => transition(s, 'toString' as EnrollmentEvent, { now: NOW })).toThrow(EnrollmentTransitionError);
    expect(() => transition(s, '__proto__' as EnrollmentEvent, { now: NOW })).toThrow(EnrollmentTransitionError);
  });

  it('starts disabled, unlocked, without failures', () => {
    expect(initialSnapshot(NOW)).toEqual({ version: 1, status: 'disabled', since: NOW, pending: null, failures: 0, lockedUntil: null });
  });
});

describe('parseSnapshot: untrusted input', () => {
  const valid = {
    version: 1,
    status: 'enable-confirm',
    since: NOW,
    pending: { keyRef: REF, issuedAt: NOW, attempts: 0 },
    failures: 0,
    lockedUntil: null,
  };

  it('accepts a valid snapshot as object or JSON text and returns a fresh frozen copy', () => {
    const parsed = parseSnapshot(valid);
    expect(parsed).toEqual(valid);
    expect(parsed).not.toBe(valid);
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(parseSnapshot(JSON.stringify(valid))).toEqual(valid);
    expect(JSON.parse(serializeSnapshot(parsed))).toEqual(valid);
  });

  const tampered: [string, unknown, string][] = [
    ['not JSON', '{"version":1,', ''],
    ['null', null, ''],
    ['an array', [valid], ''],
    ['a number', 1, ''],
    ['version 999 (the shared case)', { version: 999, status: 'enabled' }, 'version'],
    ['version "1"', { ...valid, version: '1' }, 'version'],
    ['an unknown status', { ...valid, status: 'admin' }, 'status'],
    ['an extra field', { ...valid, secret: 'JBSWY3DPEHPK3PXP' }, ''],
    ['a missing field', { ...valid, failures: undefined }, 'failures'],
    ['since in milliseconds', { ...valid, since: NOW * 1000 }, 'since'],
    ['since fractional', { ...valid, since: NOW + 0.5 }, 'since'],
    ['since negative', { ...valid, since: -1 }, 'since'],
    ['since as text', { ...valid, since: String(NOW) }, 'since'],
    ['lockedUntil in milliseconds', { ...valid, lockedUntil: 1e12 }, 'lockedUntil'],
    ['failures negative', { ...valid, failures: -1 }, 'failures'],
    ['failures huge', { ...valid, failures: 1e9 }, 'failures'],
    ['pending missing in enable-confirm', { ...valid, pending: null }, 'pending'],
    ['pending in enabled', { ...valid, status: 'enabled' }, 'pending'],
    ['keyRef upper case', { ...valid, pending: { ...valid.pending, keyRef: REF.toUpperCase() } }, 'pending.keyRef'],
    ['keyRef too short', { ...valid, pending: { ...valid.pending, keyRef: 'abc' } }, 'pending.keyRef'],
    ['the key itself instead of a ref', { ...valid, pending: { ...valid.pending, key: [1, 2, 3] } }, 'pending'],
    ['attempts fractional', { ...valid, pending: { ...valid.pending, attempts: 0.5 } }, 'pending.attempts'],
    ['issuedAt NaN-ish', { ...valid, pending: { ...valid.pending, issuedAt: null } }, 'pending.issuedAt'],
  ];
  for (const [name, input, path] of tampered) {
    it(`refuses ${name} with InvalidSnapshotError at "${path}"`, () => {
      let caught: unknown;
      try {
        parseSnapshot(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidSnapshotError);
      expect(caught).toMatchObject({ code: 'ERR_INVALID_SNAPSHOT', path });
    });
  }

  it('reads -0 as 0 (found by the property below: it broke the round trip)', () => {
    const parsed = parseSnapshot({ ...valid, since: -0, failures: -0, pending: { ...valid.pending, attempts: -0 } });
    expect(Object.is(parsed.since, 0) && Object.is(parsed.failures, 0) && Object.is(parsed.pending?.attempts, 0)).toBe(true);
  });

  it('refuses a __proto__ key, a class instance, accessors and a hostile Proxy', () => {
    expect(() => parseSnapshot(JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(valid).slice(1)}`))).toThrow(InvalidSnapshotError);
    expect(() => parseSnapshot(Object.assign(new (class Snap {})(), valid))).toThrow(InvalidSnapshotError);
    const getter = { ...valid };
    Object.defineProperty(getter, 'failures', { get: () => 0, enumerable: true });
    expect(() => parseSnapshot(getter)).toThrow(InvalidSnapshotError);
    const proxy = new Proxy(valid, {
      getPrototypeOf() {
        throw new Error('boom');
      },
    });
    expect(() => parseSnapshot(proxy)).toThrow(InvalidSnapshotError);
  });

  it('never echoes the offending value in its message', () => {
    const canary = 'CANARYSECRET2345';
    for (const input of [
      { ...valid, [canary]: 1 },
      { ...valid, status: canary },
      { ...valid, pending: { ...valid.pending, keyRef: canary } },
      canary,
    ]) {
      try {
        parseSnapshot(input);
        expect.unreachable();
      } catch (error) {
        expect(String(error)).not.toContain(canary);
        expect(JSON.stringify(error)).not.toContain(canary);
        expect((error as InvalidSnapshotError).path).not.toContain(canary);
      }
    }
  });

  it('property: any JSON value either parses to a valid snapshot or throws InvalidSnapshotError, nothing else', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        check(value);
        check(JSON.stringify(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a valid snapshot with one field replaced by arbitrary JSON is valid or InvalidSnapshotError', () => {
    const fields = ['version', 'status', 'since', 'pending', 'failures', 'lockedUntil'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.jsonValue(), (field, replacement) => {
        check({ ...valid, [field]: replacement });
        check({ ...valid, pending: { ...valid.pending, [field === 'since' ? 'issuedAt' : 'attempts']: replacement } });
      }),
      { numRuns: 2000 },
    );
  });

  function check(value: unknown): void {
    let result: EnrollmentSnapshot;
    try {
      result = parseSnapshot(value);
    } catch (error) {
      if (!(error instanceof InvalidSnapshotError)) throw error;
      expect(error.code).toBe('ERR_INVALID_SNAPSHOT');
      return;
    }
    // Accepted: it must satisfy every invariant, and survive a round trip.
    expect(result.version).toBe(1);
    expect(ENROLLMENT_STATES).toContain(result.status);
    expect(Number.isInteger(result.since) && result.since >= 0 && result.since < 1e12).toBe(true);
    expect(result.pending !== null).toBe(result.status === 'enable-confirm');
    expect(parseSnapshot(serializeSnapshot(result))).toEqual(result);
  }
});
