/**
 * The key vault: TOTP keys sealed at rest with AES-256-GCM (NIST SP 800-38D) on Web Crypto
 * (`crypto.subtle`), so it runs wherever the core runs (Node ≥ 20, browsers, Deno, Bun, workers).
 *
 * Each seal draws a fresh 96-bit nonce from `crypto.getRandomValues` and binds the sealed key to
 * its place with additional authenticated data: the envelope version, the wrapping key's id, the
 * `subject` and the `keyRef`. A sealed key copied to another row (another subject or keyRef) does
 * not open. The envelope is text, `otpkit:v1:<keyId>:<nonce>:<ciphertext‖tag>` (base64url, no
 * padding), so a credential store keeps it in a text column.
 *
 * Rotation: the vault holds every wrapping key still in use; `open` takes any listed key id,
 * `seal` always uses the current one, `needsReseal` tells which envelopes to rewrite, and
 * {@link resealAll} rewrites a whole table in batches. Out of scope: where wrapping keys live
 * (an environment variable, a secret manager, a KMS that hands out a data key): see
 * docs/security.md, "Key management".
 * @module
 */
import { KeyVaultError } from '../core/errors.js';
import { describe } from '../internal/assert.js';

/** Where a sealed key belongs; both are authenticated (AAD), neither is secret. */
export interface KeyBinding {
  /** The subject (contact/user id) whose key it is. */
  readonly subject: string;
  /** The key's id in the credential store (the verifier's `credentialId`). */
  readonly keyRef: string;
}

/** Seals and opens TOTP keys. Prints as `KeyVault { keys: [ids], current: id }`, never a key. */
export interface KeyVault {
  /** The id of the wrapping key that `seal` uses. */
  readonly currentKeyId: string;
  /** The ids of every wrapping key the vault can open with. */
  readonly keyIds: readonly string[];
  /**
   * Seals `plain` (1–1024 bytes) for `binding` with the current wrapping key and a fresh nonce.
   * @returns the envelope text. @throws TypeError/RangeError for bad arguments.
   */
  seal(plain: Uint8Array, binding: KeyBinding): Promise<string>;
  /**
   * Opens an envelope sealed for the same `binding`.
   * @returns the plain bytes (a new array; zero it when done).
   * @throws KeyVaultError `unknown-key-id`, `malformed` or `authentication-failed` (wrong key,
   *   changed envelope, or an envelope sealed for another subject or keyRef).
   */
  open(envelope: string, binding: KeyBinding): Promise<Uint8Array>;
  /** Whether `envelope` was sealed with a key other than the current one. @throws KeyVaultError `malformed`. */
  needsReseal(envelope: string): boolean;
  /** Opens with any listed key and seals again with the current one (same binding). @throws as `open`. */
  reseal(envelope: string, binding: KeyBinding): Promise<string>;
}

/** One wrapping key of {@link createKeyVault}'s `keys`. */
type WrappingKey = Parameters<typeof createKeyVault>[0]['keys'][number];

const PREFIX = 'otpkit:v1:';
const KEY_ID = /^[A-Za-z0-9._-]{1,32}$/;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const MAX_PLAIN_BYTES = 1024;
const MAX_ENVELOPE = 2048;
const B64URL = /^[A-Za-z0-9_-]+$/;
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Creates a key vault over AES-256-GCM wrapping keys.
 * @param options - `keys`: every wrapping key still in use, old and new, at least one, ids
 *   distinct. Each `id` is a short public name written into every envelope (1–32 characters of
 *   `A–Z a–z 0–9 . _ -`); each `key` is 32 random bytes or a 256-bit AES-GCM `CryptoKey` (from
 *   `crypto.subtle.importKey` or `generateKey`, usages `encrypt` and `decrypt`; non-extractable
 *   recommended), typed by its shape so that these declarations need no DOM library.
 *   `currentKeyId`: the id `seal` uses (default: the first key's id).
 * @returns a frozen {@link KeyVault}. Raw key bytes are imported as non-extractable CryptoKeys;
 *   the caller may zero its copy afterwards.
 * @throws TypeError/RangeError for a missing or malformed key, a duplicate id or an unknown
 *   `currentKeyId`; KeyVaultError `crypto-unavailable` without Web Crypto.
 * @see NIST SP 800-38D (GCM; 96-bit nonces drawn at random, at most 2^32 seals per key)
 * @example
 * const vault = await createKeyVault({ keys: [{ id: '2026-11', key: hexToBytes(process.env.OTPKIT_VAULT_KEY) }] });
 * const store = new PostgresCredentialStore({ client: pool, vault });
 */
export async function createKeyVault(options: {
  keys: readonly {
    readonly id: string;
    readonly key:
      | Uint8Array
      | { readonly type: string; readonly extractable: boolean; readonly algorithm: object; readonly usages: readonly string[] };
  }[];
  currentKeyId?: string;
}): Promise<KeyVault> {
  if (options === null || typeof options !== 'object') throw new TypeError(`"options" expected an object, got ${describe(options)}`);
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new KeyVaultError('crypto-unavailable', 'Web Crypto (crypto.subtle) is not available');
  const list = options.keys;
  const keys = await importWrappingKeys(subtle, list);
  const currentKeyId = options.currentKeyId ?? (list[0] as WrappingKey).id;
  if (typeof currentKeyId !== 'string') throw new TypeError(`"currentKeyId" expected a string, got ${describe(currentKeyId)}`);
  if (!keys.has(currentKeyId)) throw new RangeError('"currentKeyId" expected the id of one of "keys"');
  const ring: KeyRing = { subtle, keys, currentKeyId };
  const keyIds = Object.freeze([...keys.keys()]);
  const seal = (plain: Uint8Array, binding: KeyBinding): Promise<string> => sealWith(ring, plain, binding);
  const open = (envelope: string, binding: KeyBinding): Promise<Uint8Array> => openWith(ring, envelope, binding);
  const vault: KeyVault = {
    currentKeyId,
    keyIds,
    seal,
    open,
    needsReseal: (envelope) => parseEnvelope(envelope, undefined).keyId !== currentKeyId,
    async reseal(envelope, binding) {
      const plain = await open(envelope, binding);
      try {
        return await seal(plain, binding);
      } finally {
        plain.fill(0);
      }
    },
  };
  const text = `KeyVault { keys: [${keyIds.join(', ')}], current: ${currentKeyId} }`;
  Object.defineProperties(vault, {
    toString: { value: () => text },
    toJSON: { value: () => ({ keyIds, currentKeyId }) },
    [inspectSymbol]: { value: () => text },
  });
  return Object.freeze(vault);
}

/** A vault's imported wrapping keys by id, and the id `seal` uses. */
interface KeyRing {
  readonly subtle: SubtleCrypto;
  readonly keys: ReadonlyMap<string, CryptoKey>;
  readonly currentKeyId: string;
}

/** Checks `keys` (ids well-formed and distinct) and imports each, in order. */
async function importWrappingKeys(subtle: SubtleCrypto, list: unknown): Promise<Map<string, CryptoKey>> {
  if (!Array.isArray(list) || list.length === 0) throw new TypeError(`"keys" expected a non-empty array, got ${describe(list)}`);
  const keys = new Map<string, CryptoKey>();
  for (const [i, entry] of list.entries()) {
    const id = (entry as Partial<WrappingKey> | null)?.id;
    if (typeof id !== 'string') throw new TypeError(`"keys[${i}].id" expected a string, got ${describe(id)}`);
    if (!KEY_ID.test(id)) throw new RangeError(`"keys[${i}].id" expected 1 to 32 characters of A-Z a-z 0-9 . _ -`);
    if (keys.has(id)) throw new RangeError(`"keys[${i}].id" repeats the id "${id}"`);
    keys.set(id, await importWrappingKey(subtle, `keys[${i}].key`, (entry as WrappingKey).key));
  }
  return keys;
}

/** `KeyVault.seal`: the current wrapping key, a fresh nonce, the binding as AAD. */
async function sealWith(ring: KeyRing, plain: Uint8Array, binding: KeyBinding): Promise<string> {
  if (!(plain instanceof Uint8Array)) throw new TypeError(`"plain" expected a Uint8Array, got ${describe(plain)}`);
  if (plain.length < 1 || plain.length > MAX_PLAIN_BYTES) {
    throw new RangeError(`"plain" expected 1 to ${MAX_PLAIN_BYTES} bytes, got ${plain.length}`);
  }
  const { subtle, keys, currentKeyId } = ring;
  const aad = additionalData(currentKeyId, checkBinding(binding));
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  // A copy on a plain ArrayBuffer (the caller's may be shared), zeroed once Web Crypto has it.
  const copy = plain.slice() as Uint8Array<ArrayBuffer>;
  let sealed: Uint8Array;
  try {
    const params = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 };
    sealed = new Uint8Array(await subtle.encrypt(params, keys.get(currentKeyId) as CryptoKey, copy));
  } finally {
    copy.fill(0);
  }
  return `${PREFIX}${currentKeyId}:${toBase64Url(nonce)}:${toBase64Url(sealed)}`;
}

/** `KeyVault.open`: the wrapping key the envelope names, the binding as AAD. */
async function openWith(ring: KeyRing, envelope: string, binding: KeyBinding): Promise<Uint8Array> {
  const b = checkBinding(binding);
  const parsed = parseEnvelope(envelope, b.subject);
  const key = ring.keys.get(parsed.keyId);
  if (key === undefined) {
    throw new KeyVaultError('unknown-key-id', 'sealed key names a wrapping key this vault does not hold', {
      keyId: parsed.keyId,
      subject: b.subject,
    });
  }
  try {
    const aad = additionalData(parsed.keyId, b);
    return new Uint8Array(
      await ring.subtle.decrypt({ name: 'AES-GCM', iv: parsed.nonce, additionalData: aad, tagLength: 128 }, key, parsed.sealed),
    );
  } catch (cause) {
    throw new KeyVaultError(
      'authentication-failed',
      'sealed key did not open: wrong wrapping key, changed envelope, or sealed for another row',
      {
        keyId: parsed.keyId,
        subject: b.subject,
        cause,
      },
    );
  }
}

/** One sealed key to reseal: its row id (any text the `update` callback understands), envelope and binding. */
export interface SealedRow {
  /** Opaque row id, passed back to `update`. */
  readonly id: string;
  /** The envelope as stored. */
  readonly envelope: string;
  /** The binding it was sealed with. */
  readonly binding: KeyBinding;
}

/** Options of {@link resealAll}. */
export interface ResealOptions {
  /**
   * Reads up to `limit` rows whose envelopes may need resealing, after the row id `after`
   * (`null`: from the start), ordered by id. An empty array ends the run.
   */
  fetchBatch: (after: string | null, limit: number) => Promise<readonly SealedRow[]>;
  /**
   * Replaces `row.envelope` with `envelope` only if the row still holds `row.envelope`
   * (compare-and-set); resolves `true` if it did. A row changed meanwhile is skipped: it was
   * sealed afresh by its writer, with the current key.
   */
  update: (row: SealedRow, envelope: string) => Promise<boolean>;
  /** Rows per batch, 1–10000. Default 500. */
  batchSize?: number;
}

/** What {@link resealAll} did. */
export interface ResealReport {
  /** Rows read. */
  readonly scanned: number;
  /** Rows rewritten with the current key. */
  readonly resealed: number;
  /** Rows that changed between read and write (left as their writer left them). */
  readonly skipped: number;
}

/**
 * Reseals every envelope not yet under the vault's current key, batch by batch (rotation step 2
 * of docs/security.md). Safe to run while the portal serves requests and to run again.
 * @param vault - a vault holding the old and the current keys.
 * @param options - `fetchBatch`, `update`, `batchSize` (default 500).
 * @returns counts of rows scanned, resealed and skipped.
 * @throws KeyVaultError when an envelope does not open (nothing after it is rewritten); errors
 *   of the callbacks are passed through.
 * @example
 * await store.resealAll({ batchSize: 200 }); // PostgresCredentialStore wraps this helper
 */
export async function resealAll(vault: KeyVault, options: ResealOptions): Promise<ResealReport> {
  if (typeof options?.fetchBatch !== 'function' || typeof options.update !== 'function') {
    throw new TypeError('"options" expected { fetchBatch, update } functions');
  }
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000) {
    throw new RangeError(`"batchSize" expected an integer from 1 to 10000, got ${describe(batchSize)}`);
  }
  let scanned = 0;
  let resealed = 0;
  let skipped = 0;
  let after: string | null = null;
  for (;;) {
    const rows = await options.fetchBatch(after, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      scanned++;
      if (!vault.needsReseal(row.envelope)) continue;
      const next = await vault.reseal(row.envelope, row.binding);
      if (await options.update(row, next)) resealed++;
      else skipped++;
    }
    after = (rows[rows.length - 1] as SealedRow).id;
  }
  return Object.freeze({ scanned, resealed, skipped });
}

async function importWrappingKey(subtle: SubtleCrypto, name: string, key: unknown): Promise<CryptoKey> {
  if (key instanceof Uint8Array) {
    if (key.length !== 32) throw new RangeError(`"${name}" expected 32 bytes (AES-256), got ${key.length}`);
    return subtle.importKey('raw', key.slice(), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  }
  const crypto = key as CryptoKey | null;
  if (crypto === null || typeof crypto !== 'object' || typeof crypto.algorithm !== 'object' || typeof crypto.usages === 'undefined') {
    throw new TypeError(`"${name}" expected 32 bytes or an AES-GCM CryptoKey, got ${describe(key)}`);
  }
  const algorithm = crypto.algorithm as { name?: string; length?: number };
  if (algorithm.name !== 'AES-GCM' || algorithm.length !== 256) throw new RangeError(`"${name}" expected an AES-GCM CryptoKey of 256 bits`);
  if (!crypto.usages.includes('encrypt') || !crypto.usages.includes('decrypt')) {
    throw new RangeError(`"${name}" expected a CryptoKey with the "encrypt" and "decrypt" usages`);
  }
  return crypto;
}

function checkBinding(binding: KeyBinding): KeyBinding {
  if (binding === null || typeof binding !== 'object')
    throw new TypeError(`"binding" expected { subject, keyRef }, got ${describe(binding)}`);
  const { subject, keyRef } = binding;
  if (typeof subject !== 'string' || subject.length === 0)
    throw new TypeError(`"binding.subject" expected a non-empty string, got ${describe(subject)}`);
  if (typeof keyRef !== 'string' || keyRef.length === 0)
    throw new TypeError(`"binding.keyRef" expected a non-empty string, got ${describe(keyRef)}`);
  return { subject, keyRef };
}

/** The AAD: a JSON array, so no choice of subject or keyRef can make two bindings' AAD equal. */
function additionalData(keyId: string, binding: KeyBinding): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    JSON.stringify(['otpkit sealed key v1', keyId, binding.subject, binding.keyRef]),
  ) as Uint8Array<ArrayBuffer>;
}

function parseEnvelope(
  envelope: unknown,
  subject: string | undefined,
): { keyId: string; nonce: Uint8Array<ArrayBuffer>; sealed: Uint8Array<ArrayBuffer> } {
  const malformed = (why: string, keyId?: string): KeyVaultError =>
    new KeyVaultError('malformed', `sealed key is malformed: ${why}`, {
      ...(keyId === undefined ? {} : { keyId }),
      ...(subject === undefined ? {} : { subject }),
    });
  if (typeof envelope !== 'string') throw malformed('not a string');
  if (envelope.length > MAX_ENVELOPE) throw malformed('too long');
  if (!envelope.startsWith(PREFIX)) throw malformed('unknown format or version');
  const parts = envelope.slice(PREFIX.length).split(':');
  if (parts.length !== 3) throw malformed('wrong number of fields');
  const [keyId, nonceText, sealedText] = parts as [string, string, string];
  if (!KEY_ID.test(keyId)) throw malformed('bad wrapping key id');
  const nonce = fromBase64Url(nonceText);
  const sealed = fromBase64Url(sealedText);
  if (nonce === null || nonce.length !== NONCE_BYTES) throw malformed('bad nonce', keyId);
  if (sealed === null || sealed.length <= TAG_BYTES) throw malformed('bad ciphertext', keyId);
  return { keyId, nonce, sealed };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!B64URL.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // Canonical encoding only: one envelope text per sealed value.
  return toBase64Url(bytes) === text ? bytes : null;
}
