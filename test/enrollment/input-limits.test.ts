/**
 * Unbounded input (#10.8) in the enrollment layer: stored snapshots (MAX_SNAPSHOT_CHARS of JSON
 * text; at most 16 own keys in an object, refused before any is read) and typed recovery codes
 * (MAX_RECOVERY_CODE_CHARS). Each at the limit, one over, and at 10 MB.
 */
import { describe, expect, it } from 'vitest';
import { InvalidSnapshotError } from '../../src/core/errors.js';
import { MAX_SNAPSHOT_CHARS, parseSnapshot } from '../../src/enrollment/machine.js';
import {
  findRecoveryCode,
  generateRecoveryCodes,
  MAX_RECOVERY_CODE_CHARS,
  normalizeRecoveryCode,
} from '../../src/enrollment/recovery-codes.js';
import { thrown } from '../helpers.js';

const TEN_MB = 10_000_000;
const SNAPSHOT = { version: 1, status: 'disabled', since: 1_700_000_000, pending: null, failures: 0, lockedUntil: null };

const snapshotError = (value: unknown) => thrown(InvalidSnapshotError, () => parseSnapshot(value));

describe('snapshots', () => {
  it('JSON text: accepted at exactly MAX_SNAPSHOT_CHARS (4096, whitespace-padded), refused one over', () => {
    expect(MAX_SNAPSHOT_CHARS).toBe(4096);
    const text = JSON.stringify(SNAPSHOT);
    const atLimit = text + ' '.repeat(MAX_SNAPSHOT_CHARS - text.length);
    expect(parseSnapshot(atLimit)).toEqual(SNAPSHOT);
    expect(snapshotError(`${atLimit} `).path).toBe('');
  });

  it('10 MB of JSON text is refused before parsing: valid JSON or not', () => {
    const padded = JSON.stringify({ ...SNAPSHOT, junk: 'x'.repeat(TEN_MB) });
    for (const text of [padded, ' '.repeat(TEN_MB) + JSON.stringify(SNAPSHOT), '['.repeat(TEN_MB)]) {
      const error = snapshotError(text);
      expect(error.path).toBe('');
      expect(error.message).toMatch(/over 4096 characters/);
    }
  });

  it('an object listing a million keys is refused before any property is read', () => {
    const keys = [...Object.keys(SNAPSHOT), ...Array.from({ length: 1_000_000 }, (_, i) => `k${i}`)];
    let reads = 0;
    const counted = new Proxy(
      { ...SNAPSHOT },
      {
        ownKeys: () => keys,
        getOwnPropertyDescriptor(target, key) {
          reads++;
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
        get(target, key, receiver) {
          reads++;
          return Reflect.get(target, key, receiver);
        },
      },
    );
    expect(snapshotError(counted).path).toBe('');
    expect(reads).toBe(0);
  });
});

describe('typed recovery codes', () => {
  const { codes, stored } = generateRecoveryCodes({ count: 2 });
  const code = codes.reveal()[0] as string;

  it('accepted at exactly MAX_RECOVERY_CODE_CHARS (64, spaces around the code), refused one over', () => {
    expect(MAX_RECOVERY_CODE_CHARS).toBe(64);
    const atLimit = code + ' '.repeat(MAX_RECOVERY_CODE_CHARS - code.length);
    expect(findRecoveryCode(stored, atLimit)).toBe(stored.hashes[0]);
    expect(findRecoveryCode(stored, `${atLimit} `)).toBeNull();
  });

  it('10 MB typed is no code (null, never a throw)', () => {
    for (const text of [code + ' '.repeat(TEN_MB), '-'.repeat(TEN_MB), 'A'.repeat(TEN_MB)]) {
      expect(normalizeRecoveryCode(text)).toBeNull();
      expect(findRecoveryCode(stored, text)).toBeNull();
    }
  });
});
