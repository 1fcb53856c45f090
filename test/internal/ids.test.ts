/**
 * One id rule at the boundary (src/internal/assert.ts): every credential id, subject and actor is a
 * string of well-formed Unicode, without NUL, of 1 to 256 UTF-16 code units, because that is
 * what every store can hold exactly. Redis clients and `pg` write text as UTF-8, which turns a
 * lone surrogate into U+FFFD ("u-\uD800" and "u-\uFFFD" would share one watermark and one
 * failure count); PostgreSQL text cannot hold NUL. The table below crosses every variant with
 * every entry point (verifier, throttle, enrollment service) and checks the error kind, that the
 * message names the parameter and never shows the id, and that no store or port was called.
 */
import { describe, expect, it } from 'vitest';
import { createEnrollmentService, MemoryCredentialStore } from '../../src/enrollment/index.js';
import { assertId, MAX_ID_LENGTH } from '../../src/internal/assert.js';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { createThrottle, MemoryThrottleStore } from '../../src/verify/throttle.js';
import { createHOTPVerifier, createTOTPVerifier } from '../../src/verify/verifier.js';
import { RFC_KEY } from '../verifier/fixtures.js';

/** Every call to any method of `target`, by name. */
function spy<T extends object>(target: T, calls: string[]): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return value.apply(object, args);
      };
    },
  });
}

// A marker that would show if the id were echoed: the message must contain none of these.
const MARK = 'Zq7victim';

/** Ids no store can hold exactly, with the error kind they must raise. */
const BAD_IDS: readonly { name: string; id: unknown; error: typeof TypeError | typeof RangeError }[] = [
  { name: 'lone high surrogate at the end', id: `${MARK}\uD800`, error: RangeError },
  { name: 'lone high surrogate in the middle', id: `${MARK}\uD83Dx`, error: RangeError },
  { name: 'lone low surrogate', id: `${MARK}\uDC00`, error: RangeError },
  { name: 'low surrogate before a high one (reversed pair)', id: `${MARK}\uDE00\uD83D`, error: RangeError },
  { name: 'lone surrogate alone', id: '\uDFFF', error: RangeError },
  { name: 'NUL inside', id: `${MARK}\u0000x`, error: RangeError },
  { name: 'NUL alone', id: '\u0000', error: RangeError },
  { name: 'empty', id: '', error: RangeError },
  { name: `${MAX_ID_LENGTH + 1} code units`, id: MARK + 'a'.repeat(MAX_ID_LENGTH + 1 - MARK.length), error: RangeError },
  { name: '10 MB', id: MARK + 'a'.repeat(10_000_000), error: RangeError },
  { name: 'a number', id: 42, error: TypeError },
  { name: 'undefined', id: undefined, error: TypeError },
  { name: 'null', id: null, error: TypeError },
  { name: 'a String object', id: new String(MARK), error: TypeError },
  { name: 'an array', id: [MARK], error: TypeError },
  { name: 'an object with toString', id: { toString: () => MARK }, error: TypeError },
];

/** Distinct ids every store must accept and keep apart. */
const GOOD_IDS: readonly string[] = [
  'u-\uFFFD',
  'u-\uFFFE',
  'u-\u00e9',
  'u-e\u0301',
  'U-ALICE',
  'u-alice',
  'u-😀',
  'a',
  'x'.repeat(MAX_ID_LENGTH),
  `${'x'.repeat(MAX_ID_LENGTH - 1)}y`,
  ' padded ',
];

/** A throw, or for the async service methods a rejection, of `error`. */
async function expectRefusal(run: () => unknown, error: typeof TypeError | typeof RangeError, parameter: string): Promise<void> {
  let thrown: unknown;
  try {
    await run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected a throw or a rejection').toBeInstanceOf(error);
  const message = (thrown as Error).message;
  expect(message).toContain(`"${parameter}"`);
  expect(message).not.toContain(MARK);
  expect(message).not.toContain('\u0000');
  expect(new TextDecoder().decode(new TextEncoder().encode(message))).toBe(message); // survives UTF-8
  expect(message.length).toBeLessThan(200);
}

/** Every entry point that takes an id, with the parameter name it must report. */
function entryPoints() {
  const calls: string[] = [];
  const replayStore = spy(new MemoryReplayStore(), calls);
  const throttleStore = spy(new MemoryThrottleStore(), calls);
  const totp = createTOTPVerifier({ replayStore, throttleStore, clock: () => 1234567890 });
  const hotp = createHOTPVerifier({ replayStore, throttleStore, clock: () => 1234567890 });
  const throttle = createThrottle({ store: throttleStore, clock: () => 1234567890 });
  const credentialStore = spy(new MemoryCredentialStore(), calls);
  const service = createEnrollmentService({
    verifyPassword: () => {
      calls.push('verifyPassword');
      return true;
    },
    credentialStore,
    permissions: spy({ mayManageTwoFactor: () => ({ allowed: true }) }, calls),
    verifier: totp,
    clock: () => 1234567890,
  });
  const points: { name: string; parameter: string; call: (id: unknown) => unknown }[] = [
    {
      name: 'TOTP verify',
      parameter: 'credentialId',
      call: (id) => totp.verify({ credentialId: id as string, key: RFC_KEY, token: '005924' }),
    },
    {
      name: 'HOTP verify',
      parameter: 'credentialId',
      call: (id) => hotp.verify({ credentialId: id as string, key: RFC_KEY, token: '755224' }),
    },
    {
      name: 'HOTP resynchronize',
      parameter: 'credentialId',
      call: (id) => hotp.resynchronize({ credentialId: id as string, key: RFC_KEY, tokens: ['755224', '287082'] }),
    },
    { name: 'throttle.attempt', parameter: 'credentialId', call: (id) => throttle.attempt(id as string) },
    { name: 'throttle.reset', parameter: 'credentialId', call: (id) => throttle.reset(id as string) },
    { name: 'throttle.status', parameter: 'credentialId', call: (id) => throttle.status(id as string) },
    { name: 'verifier.throttle.attempt', parameter: 'credentialId', call: (id) => totp.throttle.attempt(id as string) },
  ];
  const pairs = ['beginEnable', 'beginDisable', 'cancel', 'status'] as const;
  for (const method of pairs) {
    points.push({ name: `service.${method} actor`, parameter: 'actor', call: (id) => service[method](id as string, 'alice') });
    points.push({ name: `service.${method} subject`, parameter: 'subject', call: (id) => service[method]('alice', id as string) });
  }
  for (const method of ['submitPassword', 'regenerateRecoveryCodes'] as const) {
    points.push({ name: `service.${method} actor`, parameter: 'actor', call: (id) => service[method](id as string, 'alice', 'pw') });
    points.push({ name: `service.${method} subject`, parameter: 'subject', call: (id) => service[method]('alice', id as string, 'pw') });
  }
  points.push({ name: 'service.confirm actor', parameter: 'actor', call: (id) => service.confirm(id as string, 'alice', '123456') });
  points.push({ name: 'service.confirm subject', parameter: 'subject', call: (id) => service.confirm('alice', id as string, '123456') });
  points.push({ name: 'service.verifyLogin subject', parameter: 'subject', call: (id) => service.verifyLogin(id as string, '123456') });
  points.push({ name: 'service.useRecoveryCode subject', parameter: 'subject', call: (id) => service.useRecoveryCode(id as string, 'x') });
  return { points, calls };
}

describe('ids at the boundary', () => {
  it('the review\'s example: "u-\\uD800" is refused before any store call, "u-\\uFFFD" is kept', async () => {
    const { points, calls } = entryPoints();
    const totp = points[0]!;
    await expectRefusal(() => totp.call('u-\uD800'), RangeError, 'credentialId');
    expect(calls).toEqual([]);
    await totp.call('u-\uFFFD');
    expect(calls.length).toBeGreaterThan(0);
  });

  for (const bad of BAD_IDS) {
    it(`refuses ${bad.name} at every entry point, naming the parameter, echoing nothing, calling no store`, async () => {
      const { points, calls } = entryPoints();
      expect(points.length).toBe(23);
      for (const point of points) {
        await expectRefusal(() => point.call(bad.id), bad.error, point.parameter);
      }
      expect(calls).toEqual([]);
    });
  }

  it('accepts every valid id at every entry point (no throw)', async () => {
    const { points } = entryPoints();
    for (const id of GOOD_IDS) {
      for (const point of points) {
        const answer = point.call(id);
        expect(answer, `${point.name} ${JSON.stringify(id)}`).toBeInstanceOf(Promise);
        await (answer as Promise<unknown>).catch(() => undefined); // e.g. an enrollment transition error
      }
    }
  });

  it('assertId itself: the same table, and the valid ids come back unchanged', async () => {
    for (const bad of BAD_IDS) await expectRefusal(() => assertId('subject', bad.id), bad.error, 'subject');
    for (const id of GOOD_IDS) expect(assertId('credentialId', id)).toBe(id);
    // A well-formed pair is one code point, not a lone surrogate.
    expect(assertId('actor', '\uD83D\uDE00')).toBe('😀');
  });
});
