/**
 * The key vault (src/enrollment/key-vault.ts): AES-256-GCM envelopes checked against node:crypto
 * (an independent implementation of GCM), the binding to subject and keyRef, rotation, and the
 * typed errors of a wrong, unknown or malformed envelope.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OtpkitError } from '../../src/core/errors.js';
import { createKeyVault, resealAll, type SealedRow } from '../../src/enrollment/index.js';
import { KeyVaultError } from '../../src/errors.js';

const K1 = new Uint8Array(32).fill(0x11);
const K2 = new Uint8Array(32).fill(0x22);
const BINDING = { subject: 'alice', keyRef: '0123456789abcdef0123456789abcdef' };
const aad = (keyId: string, b: { subject: string; keyRef: string }) =>
  Buffer.from(JSON.stringify(['otpkit sealed key v1', keyId, b.subject, b.keyRef]), 'utf8');
const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

function fields(envelope: string) {
  const [prefix, version, keyId, nonce, sealed] = envelope.split(':');
  return { prefix, version, keyId, nonce: Buffer.from(nonce!, 'base64url'), sealed: Buffer.from(sealed!, 'base64url') };
}

async function caught(promise: Promise<unknown>): Promise<KeyVaultError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KeyVaultError);
    expect(error).toBeInstanceOf(OtpkitError);
    expect((error as KeyVaultError).code).toBe('ERR_KEY_VAULT');
    return error as KeyVaultError;
  }
  throw new Error('expected a KeyVaultError');
}

describe('key vault', () => {
  it('seals with AES-256-GCM that node:crypto opens with the documented AAD, and opens what node:crypto seals', async () => {
    const vault = await createKeyVault({ keys: [{ id: 'k1', key: K1 }] });
    const plain = new TextEncoder().encode('12345678901234567890');
    const env = await vault.seal(plain, BINDING);
    const f = fields(env);
    expect([f.prefix, f.version, f.keyId]).toEqual(['otpkit', 'v1', 'k1']);
    expect(f.nonce.length).toBe(12);
    expect(f.sealed.length).toBe(plain.length + 16);
    const d = createDecipheriv('aes-256-gcm', K1, f.nonce);
    d.setAAD(aad('k1', BINDING));
    d.setAuthTag(f.sealed.subarray(-16));
    expect(Buffer.concat([d.update(f.sealed.subarray(0, -16)), d.final()])).toEqual(Buffer.from(plain));

    const nonce = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', K1, nonce);
    c.setAAD(aad('k1', BINDING));
    const ct = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
    expect(await vault.open(`otpkit:v1:k1:${b64u(nonce)}:${b64u(ct)}`, BINDING)).toEqual(plain);
  });

  it('uses a fresh nonce per seal (1,000 seals, no repeat) and never writes the key in the envelope', async () => {
    const vault = await createKeyVault({ keys: [{ id: 'k1', key: K1 }] });
    const plain = new Uint8Array(20).fill(7);
    const nonces = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const env = await vault.seal(plain, BINDING);
      nonces.add(env.split(':')[3]!);
      expect(env).not.toContain(b64u(plain));
    }
    expect(nonces.size).toBe(1000);
  });

  it('does not open an envelope moved to another subject or keyRef', async () => {
    const vault = await createKeyVault({ keys: [{ id: 'k1', key: K1 }] });
    const env = await vault.seal(new Uint8Array(20).fill(1), BINDING);
    for (const other of [
      { ...BINDING, subject: 'mallory' },
      { ...BINDING, keyRef: 'f'.repeat(32) },
      { subject: 'alice","x', keyRef: BINDING.keyRef },
    ]) {
      const error = await caught(vault.open(env, other));
      expect(error.reason).toBe('authentication-failed');
      expect(error.subject).toBe(other.subject);
    }
  });

  it('refuses a changed envelope: every single-bit flip of nonce or ciphertext', async () => {
    const vault = await createKeyVault({ keys: [{ id: 'k1', key: K1 }] });
    const env = await vault.seal(new Uint8Array(20).fill(3), BINDING);
    const f = fields(env);
    const all = Buffer.concat([f.nonce, f.sealed]);
    for (let bit = 0; bit < all.length * 8; bit += 7) {
      const flipped = Buffer.from(all);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      const text = `otpkit:v1:k1:${b64u(flipped.subarray(0, 12))}:${b64u(flipped.subarray(12))}`;
      expect((await caught(vault.open(text, BINDING))).reason).toBe('authentication-failed');
    }
  });

  it('rotation: opens with any listed key, seals with the current one, reseals, and refuses an unknown key id', async () => {
    const old = await createKeyVault({ keys: [{ id: 'k1', key: K1 }] });
    const both = await createKeyVault({
      keys: [
        { id: 'k1', key: K1 },
        { id: 'k2', key: K2 },
      ],
      currentKeyId: 'k2',
    });
    const onlyNew = await createKeyVault({ keys: [{ id: 'k2', key: K2 }] });
    const plain = new Uint8Array(32).fill(9);
    const env1 = await old.seal(plain, BINDING);
    expect(both.needsReseal(env1)).toBe(true);
    expect(await both.open(env1, BINDING)).toEqual(plain);
    const env2 = await both.reseal(env1, BINDING);
    expect(fields(env2).keyId).toBe('k2');
    expect(both.needsReseal(env2)).toBe(false);
    expect(await onlyNew.open(env2, BINDING)).toEqual(plain);
    const unknown = await caught(onlyNew.open(env1, BINDING));
    expect([unknown.reason, unknown.keyId, unknown.subject]).toEqual(['unknown-key-id', 'k1', 'alice']);
    // The same id over a different key: authentication fails, never a wrong plaintext.
    const impostor = await createKeyVault({ keys: [{ id: 'k1', key: K2 }] });
    expect((await caught(impostor.open(env1, BINDING))).reason).toBe('authentication-failed');
  });

  it('resealAll rewrites old envelopes in batches, skips rows changed meanwhile, and can run again', async () => {
    const old = await createKeyVault({ keys: [{ id: 'k1', key: K1 }] });
    const both = await createKeyVault({
      keys: [
        { id: 'k2', key: K2 },
        { id: 'k1', key: K1 },
      ],
    });
    const rows = new Map<string, SealedRow>();
    for (let i = 0; i < 25; i++) {
      const id = `row${String(i).padStart(3, '0')}`;
      const binding = { subject: `s${i}`, keyRef: i.toString(16).padStart(32, '0') };
      const vault = i % 5 === 0 ? both : old;
      rows.set(id, { id, binding, envelope: await vault.seal(new Uint8Array([i + 1]), binding) });
    }
    const fetchBatch = async (after: string | null, limit: number) =>
      [...rows.values()].filter((r) => after === null || r.id > after).slice(0, limit);
    let raced = false;
    const update = async (row: SealedRow, envelope: string) => {
      if (!raced && row.id === 'row007') {
        raced = true;
        return false; // someone rewrote it between read and write
      }
      rows.set(row.id, { ...row, envelope });
      return true;
    };
    expect(await resealAll(both, { fetchBatch, update, batchSize: 4 })).toEqual({ scanned: 25, resealed: 19, skipped: 1 });
    expect(await resealAll(both, { fetchBatch, update, batchSize: 4 })).toEqual({ scanned: 25, resealed: 1, skipped: 0 });
    for (const row of rows.values()) {
      expect(both.needsReseal(row.envelope)).toBe(false);
      expect(await both.open(row.envelope, row.binding)).toEqual(new Uint8Array([Number(row.id.slice(3)) + 1]));
    }
  });

  it('refuses malformed envelopes with a typed error and never echoes them', async () => {
    const vault = await createKeyVault({ keys: [{ id: 'k1', key: K1 }] });
    const good = await vault.seal(new Uint8Array(20), BINDING);
    const bad = [
      '',
      'JBSWY3DPEHPK3PXP',
      good.replace('otpkit:v1:', 'otpkit:v2:'),
      `${good}:x`,
      good.replace(':k1:', ':k 1:'),
      good.replace(/:[^:]+:([^:]+)$/, ':AAAA:$1'),
      good.replace(/:[^:]+$/, ':AAAAAAAAAAAAAAAAAAAAAA'),
      `${good}=`,
      `otpkit:v1:k1:${'!'.repeat(16)}:${'A'.repeat(40)}`,
      'x'.repeat(5000),
    ];
    for (const text of bad) {
      const error = await caught(vault.open(text, BINDING));
      expect(error.reason).toBe('malformed');
      if (text.length > 8) expect(error.message).not.toContain(text.slice(-8));
      expect(() => vault.needsReseal(text)).toThrow(KeyVaultError);
    }
    await expect(vault.open(42 as unknown as string, BINDING)).rejects.toThrow(KeyVaultError);
  });

  it('property: seal/open round-trips any 1–64 byte key for any binding', async () => {
    const vault = await createKeyVault({ keys: [{ id: 'a.b_c-1', key: K2 }] });
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        async (plain, subject, keyRef) => {
          expect(await vault.open(await vault.seal(plain, { subject, keyRef }), { subject, keyRef })).toEqual(plain);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts an AES-GCM CryptoKey and refuses misuse with TypeError/RangeError', async () => {
    const cryptoKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const vault = await createKeyVault({ keys: [{ id: 'kms', key: cryptoKey }] });
    expect(await vault.open(await vault.seal(new Uint8Array([1, 2]), BINDING), BINDING)).toEqual(new Uint8Array([1, 2]));
    const aes128 = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt', 'decrypt']);
    await expect(createKeyVault({ keys: [{ id: 'x', key: aes128 }] })).rejects.toThrow(RangeError);
    await expect(createKeyVault({ keys: [] })).rejects.toThrow(TypeError);
    await expect(createKeyVault({ keys: [{ id: 'x', key: new Uint8Array(16) }] })).rejects.toThrow(RangeError);
    await expect(createKeyVault({ keys: [{ id: 'x:y', key: K1 }] })).rejects.toThrow(RangeError);
    await expect(
      createKeyVault({
        keys: [
          { id: 'x', key: K1 },
          { id: 'x', key: K2 },
        ],
      }),
    ).rejects.toThrow(RangeError);
    await expect(createKeyVault({ keys: [{ id: 'x', key: K1 }], currentKeyId: 'y' })).rejects.toThrow(RangeError);
    await expect(createKeyVault({ keys: [{ id: 'x', key: 'JBSWY3DPEHPK3PXP' as unknown as Uint8Array }] })).rejects.toThrow(TypeError);
    await expect(vault.seal(new Uint8Array(0), BINDING)).rejects.toThrow(RangeError);
    await expect(vault.seal(new Uint8Array(1), { subject: '', keyRef: 'x' })).rejects.toThrow(TypeError);
  });

  it('prints key ids only, never a key', async () => {
    const vault = await createKeyVault({
      keys: [
        { id: 'k1', key: K1 },
        { id: 'k2', key: K2 },
      ],
      currentKeyId: 'k2',
    });
    for (const text of [String(vault), JSON.stringify(vault), inspect(vault, { showHidden: true, depth: 9 })]) {
      expect(text).toContain('k2');
      expect(text).not.toMatch(/11111111|17, 17|EREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREQ/i);
    }
  });
});
