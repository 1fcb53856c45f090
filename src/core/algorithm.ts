/**
 * The HMAC hash functions allowed by RFC 6238 §1.2 (HMAC-SHA-1, HMAC-SHA-256, HMAC-SHA-512),
 * named as the Key URI Format spells them. This file is the only importer of `@noble/hashes`,
 * so the rest of otpkit (and its public types) never names a noble type.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { assertOneOf } from '../internal/assert.js';

/** HMAC hash name: `'SHA1'` (default everywhere), `'SHA256'` or `'SHA512'` (RFC 6238 §1.2). */
export type HmacAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** Every supported algorithm, in Key URI spelling. */
export const HMAC_ALGORITHMS: readonly HmacAlgorithm[] = Object.freeze(['SHA1', 'SHA256', 'SHA512']);

const HASHES = { SHA1: sha1, SHA256: sha256, SHA512: sha512 } as const;

/** Block size B and output size L in bytes for each algorithm (RFC 2104 §2). */
export const HASH_SIZES: Readonly<Record<HmacAlgorithm, { readonly blockBytes: number; readonly outputBytes: number }>> = Object.freeze({
  SHA1: Object.freeze({ blockBytes: 64, outputBytes: 20 }),
  SHA256: Object.freeze({ blockBytes: 64, outputBytes: 32 }),
  SHA512: Object.freeze({ blockBytes: 128, outputBytes: 64 }),
});

/**
 * Asserts `value` names a supported algorithm.
 * @throws TypeError if not a string; RangeError if not `'SHA1' | 'SHA256' | 'SHA512'`.
 */
export function assertAlgorithm(value: unknown, name = 'algorithm'): HmacAlgorithm {
  // Three identity comparisons on the hot path; the list and its message only for a mistake.
  if (value === 'SHA1' || value === 'SHA256' || value === 'SHA512') return value;
  return assertOneOf(name, value, HMAC_ALGORITHMS);
}

/** What {@link parseAlgorithmName} accepts, as said in its message (never echoing the input). */
export const ALGORITHM_NAME_RULE = 'algorithm must be SHA1, SHA256 or SHA512 (any case; SHA-1, SHA-256, SHA-512 also accepted)';

/**
 * Reads an algorithm name from text (a key URI's `algorithm=`, the CLI's `--algorithm`): one
 * parser, so every path accepts and refuses the same spellings. Case-insensitive; RFC 6238's
 * spelling with a hyphen after "SHA" (`SHA-256`) is accepted too. Nothing else: no whitespace,
 * no `HMAC-` prefix, no `SHA2`.
 * @param text - the name as written.
 * @returns `'SHA1' | 'SHA256' | 'SHA512'`, or `undefined` when `text` is none of them (the caller
 *   raises its own error kind with `ALGORITHM_NAME_RULE` as the message).
 * @see RFC 6238 §1.2; Key URI Format (`algorithm`)
 */
export function parseAlgorithmName(text: string): HmacAlgorithm | undefined {
  const spelled = text.toUpperCase().replace(/^SHA-/, 'SHA');
  return HMAC_ALGORITHMS.find((name) => name === spelled);
}

/**
 * One-shot HMAC (RFC 2104) of `message` under `key`. A key longer than the hash block is hashed
 * first, a shorter one zero-padded, exactly as RFC 2104 §2 says.
 * @internal
 */
export function hmacOnce(algorithm: HmacAlgorithm, key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmac(HASHES[algorithm], key, message);
}

/**
 * One-shot hash of `message` with the named algorithm: used only to shorten HMAC keys longer
 * than the hash block (RFC 2104 §2), a rare path the HMAC fast path leaves to `@noble/hashes`.
 * @internal
 */
export function hashOnce(algorithm: HmacAlgorithm, message: Uint8Array): Uint8Array {
  return HASHES[algorithm](message);
}
