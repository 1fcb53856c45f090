/**
 * Check, then read again (#10.4): the parsers of stored snapshots and recovery-code sets copy
 * each own data property once and validate the copy. A Proxy that answers one value to the
 * check and another afterwards must get either a refusal or the result of one consistent value,
 * never a mix; and no property of the input is read twice.
 */
import { describe, expect, it } from 'vitest';
import { InvalidSnapshotError } from '../../src/core/errors.js';
import { type EnrollmentSnapshot, parseSnapshot } from '../../src/enrollment/machine.js';
import { findRecoveryCode, generateRecoveryCodes, type RecoveryCodeSet } from '../../src/enrollment/recovery-codes.js';
import { propertyPaths, rereadPaths, shifting } from '../shifting-proxy.js';

const KEY_REF = '0123456789abcdef0123456789abcdef';
const OTHER_REF = 'fedcba9876543210fedcba9876543210';

/** Snapshots covering every field: a pending key; a lock; the plain disabled state. */
const SNAPSHOTS = [
  {
    version: 1,
    status: 'enable-confirm',
    since: 1_700_000_000,
    pending: { keyRef: KEY_REF, issuedAt: 1_700_000_000, attempts: 1 },
    failures: 1,
    lockedUntil: null,
  },
  { version: 1, status: 'enabled', since: 1_700_000_000, pending: null, failures: 0, lockedUntil: 1_700_000_900 },
  { version: 1, status: 'disabled', since: 1_600_000_000, pending: null, failures: 2, lockedUntil: null },
] as const;

/** Second answers per field: invalid ones, and valid ones that differ from the first. */
const SECOND_ANSWERS: Record<string, readonly unknown[]> = {
  version: [2, '1', null],
  status: ['enabled', 'enable-confirm', 'disabled', 'nope', 7],
  since: [1e13, -1, 1.5, '1700000000', 1_700_000_001],
  pending: [null, {}, { keyRef: OTHER_REF, issuedAt: 1_700_000_000, attempts: 0 }, 'x'],
  'pending.keyRef': ['../../other-subject', OTHER_REF, KEY_REF.toUpperCase(), 42],
  'pending.issuedAt': [1e13, -5, 1_700_000_500],
  'pending.attempts': [5000, -1, 999],
  failures: [5000, 0.5, 3],
  lockedUntil: [1e13, 'later', 1_700_009_999, null],
};

function parsed(value: unknown): EnrollmentSnapshot | InvalidSnapshotError {
  try {
    return parseSnapshot(value);
  } catch (error) {
    if (error instanceof InvalidSnapshotError) return error;
    throw error;
  }
}

/** The value with `path` set to `replacement`: one consistent view an honest store could hold. */
function withValue(value: unknown, path: readonly string[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path.at(-1) as string] = structuredClone(replacement);
  return copy;
}

describe('parseSnapshot reads each field once', () => {
  it('the review\'s example: pending.keyRef becomes "../../other-subject" after the check', () => {
    // Whichever read the check happens to be, the value it validated is the value returned.
    for (let after = 1; after <= 6; after++) {
      const { proxy } = shifting(SNAPSHOTS[0], { path: ['pending', 'keyRef'], after, value: '../../other-subject' });
      const result = parsed(proxy);
      expect(JSON.stringify(result), `after ${after}`).not.toContain('other-subject');
      expect(result, `after ${after}`).toEqual(parseSnapshot(SNAPSHOTS[0]));
    }
  });

  it('no own property of any snapshot is read twice', () => {
    for (const snapshot of SNAPSHOTS) {
      const { proxy, reads } = shifting(snapshot);
      expect(parsed(proxy)).toEqual(parseSnapshot(snapshot));
      expect(rereadPaths(reads)).toEqual([]);
      // Every field was read (copied) once.
      for (const path of propertyPaths(snapshot)) expect(reads.get(path.join('.')), path.join('.')).toBe(1);
    }
  });

  it('every field × every second answer × after 0–6 reads: a refusal or one consistent value, never a mix', () => {
    let cases = 0;
    for (const snapshot of SNAPSHOTS) {
      for (const path of propertyPaths(snapshot)) {
        for (const replacement of SECOND_ANSWERS[path.join('.')] ?? []) {
          const consistent = [parsed(snapshot), parsed(withValue(snapshot, path, replacement))].filter(
            (r) => !(r instanceof InvalidSnapshotError),
          );
          for (let after = 0; after <= 6; after++) {
            const { proxy } = shifting(snapshot, { path, after, value: replacement });
            const result = parsed(proxy);
            cases++;
            if (result instanceof InvalidSnapshotError) continue;
            expect(consistent, `${path.join('.')} → ${JSON.stringify(replacement)} after ${after}`).toContainEqual(result);
            expect(Object.isFrozen(result)).toBe(true);
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(200);
  });
});

describe('recovery-code sets are read once', () => {
  const mine = generateRecoveryCodes({ count: 3 });
  const theirs = generateRecoveryCodes({ count: 1 });
  const set = (stored: RecoveryCodeSet) => ({ version: stored.version, salt: stored.salt, hashes: [...stored.hashes] });
  const myCode = mine.codes.reveal()[1] as string;
  const theirCode = theirs.codes.reveal()[0] as string;

  function found(stored: unknown, code: string): string | null | InvalidSnapshotError {
    try {
      return findRecoveryCode(stored as RecoveryCodeSet, code);
    } catch (error) {
      if (error instanceof InvalidSnapshotError) return error;
      throw error;
    }
  }

  it('a set that swaps salt and hashes after the check does not accept the swapped-in code', () => {
    const swapping = () =>
      shifting(
        set(mine.stored),
        { path: ['salt'], after: 1, value: theirs.stored.salt },
        { path: ['hashes'], after: 1, value: [...theirs.stored.hashes] },
        { path: ['hashes', '0'], after: 1, value: theirs.stored.hashes[0] },
      ).proxy;
    expect(found(swapping(), theirCode)).toBeNull();
    expect(found(swapping(), myCode)).toBe(mine.stored.hashes[1]);
  });

  it('no own property of a set is read twice', () => {
    const { proxy, reads } = shifting(set(mine.stored));
    expect(found(proxy, myCode)).toBe(mine.stored.hashes[1]);
    expect(rereadPaths(reads)).toEqual([]);
  });

  it('every field × second answers × after 0–6 reads: a refusal or the answer of one consistent set', () => {
    const good = set(mine.stored);
    const answers: Record<string, readonly unknown[]> = {
      version: [2, null],
      salt: [theirs.stored.salt, 'zz', 5],
      hashes: [[...theirs.stored.hashes], 'x', Array.from({ length: 51 }, () => theirs.stored.hashes[0])],
      'hashes.0': [theirs.stored.hashes[0], 'nothex'],
      'hashes.1': [theirs.stored.hashes[0], null],
      'hashes.2': [theirs.stored.hashes[0]],
    };
    let cases = 0;
    for (const path of propertyPaths(good)) {
      for (const replacement of answers[path.join('.')] ?? []) {
        const views = [good, withValue(good, path, replacement)];
        for (const code of [myCode, theirCode]) {
          const consistent = views.map((v) => found(v, code)).filter((r) => !(r instanceof InvalidSnapshotError));
          for (let after = 0; after <= 6; after++) {
            const result = found(shifting(good, { path, after, value: replacement }).proxy, code);
            cases++;
            if (result instanceof InvalidSnapshotError) continue;
            expect(consistent, `${path.join('.')} after ${after}`).toContainEqual(result);
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(100);
  });
});
