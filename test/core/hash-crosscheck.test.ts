/**
 * Cross-check of otpkit's own SHA-1/SHA-256/SHA-512 compression functions and fixed-layout HMAC
 * (src/core/hmac-key.ts, src/internal/sha*-block.ts) against `@noble/hashes`, on random keys,
 * counters and messages from a fixed seed. The expected values come from noble's `hmac` and
 * `sha*` plus an RFC 4226 §5.3 dynamic truncation written here, never from otpkit. Also checks
 * that decodeSecret's own base32 decoder gives the bytes the `base32-decode` package gives.
 * HMAC-SHA-512 is checked on both of its paths: the WebAssembly module and the JavaScript
 * fallback (switched per key with the internal `setSha512Wasm`).
 * Excluded from the dist-esm/dist-cjs reruns (vitest.config.ts): it reaches into src/ internals.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import base32Decode from 'base32-decode';
import { describe, expect, it } from 'vitest';
import { PreparedKey } from '../../src/core/hmac-key.js';
import { SHA1_IV, sha1Block } from '../../src/internal/sha1-block.js';
import { SHA256_IV, sha256Block } from '../../src/internal/sha256-block.js';
import { SHA512_IV, sha512Block } from '../../src/internal/sha512-block.js';
import { setSha512Wasm, sha512WasmKeysPrepared } from '../../src/internal/sha512-hmac-wasm.js';
import { ascii, fixtureJSON, seededRandom, toHex } from '../helpers.js';
import { type errors, otpkit } from './target.js';

type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';
const NOBLE = { SHA1: sha1, SHA256: sha256, SHA512: sha512 } as const;
const ALGORITHMS: readonly Algorithm[] = ['SHA1', 'SHA256', 'SHA512'];
const BLOCK_BYTES = { SHA1: 64, SHA256: 64, SHA512: 128 } as const;

/** RFC 4226 §5.2: C as 8 big-endian bytes. */
function counterBytes(hi: number, lo: number): Uint8Array {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, hi);
  view.setUint32(4, lo);
  return bytes;
}

/** RFC 4226 §5.3 dynamic truncation of a MAC, offset from its last byte (as RFC 6238's code). */
function dynamicTruncation(mac: Uint8Array): number {
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  return new DataView(mac.buffer, mac.byteOffset).getUint32(offset) & 0x7fffffff;
}

function referenceSnum(algorithm: Algorithm, key: Uint8Array, hi: number, lo: number): number {
  return dynamicTruncation(hmac(NOBLE[algorithm], key, counterBytes(hi, lo)));
}

/** Key lengths around every boundary that matters, plus random ones (10–300 bytes; 10 is the floor). */
function pickKeyLength(random: () => number): number {
  const edges = [10, 11, 16, 19, 20, 21, 32, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 200];
  return random() < 0.5 ? (edges[Math.floor(random() * edges.length)] as number) : 10 + Math.floor(random() * 291);
}

/** A counter half: 0, 2^32 − 1, a small value or a random one. */
function pickHalf(random: () => number): number {
  const r = random();
  if (r < 0.15) return 0;
  if (r < 0.25) return 0xffffffff;
  if (r < 0.4) return Math.floor(random() * 1000);
  return Math.floor(random() * 0x1_0000_0000);
}

function randomBytes(random: () => number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

describe('the reference in this file', () => {
  // Guards the guard: the truncation written above reproduces RFC 4226 Appendix D.
  const rfc = fixtureJSON('vectors/rfc-and-extras.json').rfc4226_appendix_d;
  it('matches RFC 4226 Appendix D (HMAC-SHA-1 and truncation)', () => {
    const key = ascii(rfc.secret.ascii);
    for (const v of rfc.vectors) {
      const mac = hmac(sha1, key, counterBytes(0, v.counter));
      expect(toHex(mac)).toBe(v.hmacSha1Hex);
      expect(dynamicTruncation(mac)).toBe(v.truncatedDecimal);
    }
  });
});

describe('HMAC-based truncation against @noble/hashes', () => {
  const CASES = 120_000;

  it(`agrees on ${CASES} random (algorithm, key, counter) cases through the internal PreparedKey, SHA-512 on both paths`, () => {
    const random = seededRandom(0x5eed_4226);
    let checked = 0;
    const wasmKeysBefore = sha512WasmKeysPrepared();
    const mismatches: string[] = [];
    try {
      for (let n = 0; n < CASES; n++) {
        const algorithm = ALGORITHMS[n % 3] as Algorithm;
        const key = randomBytes(random, pickKeyLength(random));
        const hi = pickHalf(random);
        const lo = pickHalf(random);
        // SHA-512: one key through WebAssembly, one through the JavaScript fallback.
        const paths = algorithm === 'SHA512' ? (['wasm', 'js'] as const) : (['js'] as const);
        for (const path of paths) {
          setSha512Wasm(path === 'wasm');
          const prepared = new PreparedKey(key, algorithm);
          // Several counters per key: the prepared state must not change between uses.
          for (const [h, l] of [
            [hi, lo],
            [hi, lo ^ 1],
          ] as const) {
            const got = prepared.truncate(h, l >>> 0);
            const want = referenceSnum(algorithm, key, h, l >>> 0);
            checked++;
            if (got !== want && mismatches.length < 5) {
              mismatches.push(`${algorithm} (${path}) key ${key.length} bytes C=${h}:${l >>> 0} got ${got} want ${want}`);
            }
          }
        }
      }
    } finally {
      setSha512Wasm(true);
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe((CASES + CASES / 3) * 2);
    // Every SHA-512 'wasm' key above really went through WebAssembly.
    expect(sha512WasmKeysPrepared() - wasmKeysBefore).toBe(CASES / 3);
    // About 5 s on an idle machine; a shared machine under heavy load needs far longer.
  }, 180_000);

  it('agrees through the public API (generateHOTP, 10 digits = the full 31-bit value) on 30,000 cases', () => {
    const random = seededRandom(0x0c0f_fee5);
    const mismatches: string[] = [];
    for (let n = 0; n < 30_000; n++) {
      const algorithm = ALGORITHMS[n % 3] as Algorithm;
      const key = randomBytes(random, Math.max(10, pickKeyLength(random)));
      const hi = pickHalf(random) & 0x1fffff; // numbers stay safe integers (< 2^53)
      const lo = pickHalf(random);
      const counter = n % 2 === 0 ? hi * 0x1_0000_0000 + lo : (BigInt(hi) << 32n) | BigInt(lo);
      const want = String(referenceSnum(algorithm, key, hi, lo)).padStart(10, '0');
      const got = otpkit.generateHOTP(key, counter, { digits: 10, algorithm });
      const viaPrepared = otpkit.generateHOTP(otpkit.prepareKey(key, { algorithm }), counter, { digits: 10 });
      if ((got !== want || viaPrepared !== want) && mismatches.length < 5) {
        mismatches.push(`${algorithm} key ${key.length} bytes C=${counter}: got ${got}/${viaPrepared} want ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('covers counters whose high word is 2^32 − 1 (C up to 2^64 − 1) with bigint counters', () => {
    const random = seededRandom(42);
    for (let n = 0; n < 3_000; n++) {
      const algorithm = ALGORITHMS[n % 3] as Algorithm;
      const key = randomBytes(random, 20 + (n % 120));
      const lo = Math.floor(random() * 0x1_0000_0000);
      const want = String(referenceSnum(algorithm, key, 0xffffffff, lo)).padStart(10, '0');
      expect(otpkit.generateHOTP(key, (0xffffffffn << 32n) | BigInt(lo), { digits: 10, algorithm })).toBe(want);
    }
  });

  it('does not keep or alter the caller’s key bytes, and a hashed long key gives the same codes as its hash', () => {
    for (const algorithm of ALGORITHMS) {
      const long = randomBytes(seededRandom(7), BLOCK_BYTES[algorithm] + 1);
      const copy = long.slice();
      const prepared = new PreparedKey(long, algorithm);
      expect(long).toEqual(copy);
      // RFC 2104 §2: a key longer than B is replaced by H(K).
      const hashed = new PreparedKey(NOBLE[algorithm](long), algorithm);
      expect(prepared.truncate(0, 1)).toBe(hashed.truncate(0, 1));
      expect(prepared.truncate(0, 1)).toBe(referenceSnum(algorithm, long, 0, 1));
    }
  });
});

/**
 * Full digests: hash arbitrary messages with otpkit's block functions and a padding routine
 * written here (FIPS 180-4 §5.1), so every word of every digest is compared, not only the
 * 31 bits truncation reads.
 */
function hashWithBlocks(algorithm: Algorithm, message: Uint8Array): Uint8Array {
  const blockBytes = BLOCK_BYTES[algorithm];
  const lengthBytes = algorithm === 'SHA512' ? 16 : 8;
  const padded = new Uint8Array(Math.ceil((message.length + 1 + lengthBytes) / blockBytes) * blockBytes);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = message.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 0x1_0000_0000));
  view.setUint32(padded.length - 4, bits >>> 0);
  const [iv, block] =
    algorithm === 'SHA1'
      ? ([SHA1_IV, sha1Block] as const)
      : algorithm === 'SHA256'
        ? ([SHA256_IV, sha256Block] as const)
        : ([SHA512_IV, sha512Block] as const);
  const state = iv.slice();
  // Exactly one block: the functions must neither need nor change anything else.
  const w = new Int32Array(blockBytes / 4);
  for (let at = 0; at < padded.length; at += blockBytes) {
    for (let i = 0; i < blockBytes / 4; i++) w[i] = view.getInt32(at + i * 4);
    const copy = w.slice();
    block(w, 0, state, 0, state, 0);
    if (w.some((word, i) => word !== copy[i])) throw new Error(`${algorithm} block function changed its input`);
  }
  const out = new Uint8Array(state.length * 4);
  const outView = new DataView(out.buffer);
  for (const [i, word] of state.entries()) outView.setInt32(i * 4, word);
  return out;
}

describe('compression functions against @noble/hashes full digests', () => {
  it('hash 15,000 random messages of 0–400 bytes to the same digests', () => {
    const random = seededRandom(0xf1b51804);
    const mismatches: string[] = [];
    for (let n = 0; n < 15_000; n++) {
      const algorithm = ALGORITHMS[n % 3] as Algorithm;
      const message = randomBytes(random, Math.floor(random() * 401));
      const got = toHex(hashWithBlocks(algorithm, message));
      const want = toHex(NOBLE[algorithm](message));
      if (got !== want && mismatches.length < 5) mismatches.push(`${algorithm} ${message.length} bytes`);
    }
    expect(mismatches).toEqual([]);
  });

  it('XOR the pad into each word as they read it, leaving the block as it was (HMAC pads, RFC 2104 §2)', () => {
    const random = seededRandom(0x5c36_0001);
    const blocks = [
      [sha1Block, SHA1_IV, 16],
      [sha256Block, SHA256_IV, 16],
      [sha512Block, SHA512_IV, 32],
    ] as const;
    for (const [block, iv, words] of blocks) {
      for (const pad of [0x36363636, 0x5c5c5c5c]) {
        const w = Int32Array.from({ length: words }, () => Math.floor(random() * 2 ** 32) | 0);
        const original = w.slice();
        const xored = w.map((word) => word ^ pad);
        const withPad = new Int32Array(iv.length);
        const byHand = new Int32Array(iv.length);
        block(w, pad, iv, 0, withPad, 0);
        block(xored, 0, iv, 0, byHand, 0);
        expect(Array.from(withPad)).toEqual(Array.from(byHand));
        expect(Array.from(w)).toEqual(Array.from(original));
      }
    }
  });

  it('give the FIPS 180-4 example digests of "abc"', () => {
    // FIPS 180-4 examples (NIST CSRC "Examples with intermediate values"), typed by hand.
    expect(toHex(hashWithBlocks('SHA1', ascii('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(toHex(hashWithBlocks('SHA256', ascii('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(hashWithBlocks('SHA512', ascii('abc')))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });
});

describe('decodeSecret against the base32-decode package', () => {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const SEPARATORS = [' ', '-', '\t', '\n', '\r', '\v', '\f'];

  it('decodes 20,000 random tolerated spellings (case, separators, padding) to the same bytes', () => {
    const random = seededRandom(0xba5e_3200);
    const mismatches: string[] = [];
    let decoded = 0;
    for (let n = 0; n < 20_000; n++) {
      // Every length whose remainder mod 8 is 0, 2, 4, 5 or 7 and that gives ≥ 10 bytes.
      let length = 16 + Math.floor(random() * 200);
      while ([1, 3, 6].includes(length % 8)) length++;
      let clean = '';
      let text = '';
      for (let i = 0; i < length; i++) {
        const symbol = ALPHABET[Math.floor(random() * 32)] as string;
        clean += symbol;
        text += random() < 0.5 ? symbol.toLowerCase() : symbol;
        if (random() < 0.1) text += SEPARATORS[Math.floor(random() * SEPARATORS.length)];
      }
      if (random() < 0.3) text += '='.repeat(1 + Math.floor(random() * 6));
      const want = new Uint8Array(base32Decode(clean, 'RFC4648'));
      const got = otpkit.decodeSecret(text);
      decoded++;
      if (toHex(got) !== toHex(want) && mismatches.length < 5) mismatches.push(JSON.stringify(text));
    }
    expect(mismatches).toEqual([]);
    expect(decoded).toBe(20_000);
  });

  /**
   * The documented rules, written out here independently: the first character that is neither
   * in the alphabet nor a separator, or the `=` before the first alphabet character that
   * follows an `=`, is reported; otherwise the cleaned text goes to base32-decode.
   */
  function reference(text: string): { bytes: string } | { reason: string; character?: string; position?: number } {
    let clean = '';
    let firstPad = -1;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (/^[\t\n\v\f\r -]$/.test(ch)) continue;
      if (ch === '=') {
        if (firstPad < 0) firstPad = i;
        continue;
      }
      if (!ALPHABET.includes(ch.toUpperCase()) || !/^[A-Za-z2-7]$/.test(ch)) {
        return { reason: 'character', character: String.fromCodePoint(text.codePointAt(i) as number), position: i };
      }
      if (firstPad >= 0) return { reason: 'character', character: '=', position: text.lastIndexOf('=', i) };
      clean += ch.toUpperCase();
    }
    if (clean.length === 0) return { reason: 'empty' };
    if ([1, 3, 6].includes(clean.length % 8)) return { reason: 'length' };
    const bytes = new Uint8Array(base32Decode(clean, 'RFC4648'));
    return bytes.length < 10 ? { reason: 'too-short' } : { bytes: toHex(bytes) };
  }

  it('refuses or accepts 20,000 random texts (up to 1,400 characters, some corrupted) exactly as the rules say', () => {
    const random = seededRandom(0x0ddba11);
    const junk = ['0', '1', '8', '9', '!', '_', '\u00e9', '\u{1f600}', '\u0130', '=', '=', '\u00a0', '\u0000'];
    const mismatches: string[] = [];
    const outcomes = new Map<string, number>();
    for (let n = 0; n < 20_000; n++) {
      const long = random() < 0.1;
      const junkRate = random() < 0.5 ? 0 : long ? 0.002 : 0.03;
      const length = long ? 500 + Math.floor(random() * 900) : Math.floor(random() * 60);
      let text = '';
      for (let i = 0; i < length; i++) {
        const r = random();
        if (r < junkRate) text += junk[Math.floor(random() * junk.length)];
        else if (long && r < 0.6) text += ' ';
        else if (r < 0.97) text += ALPHABET[Math.floor(random() * 32)];
        else text += SEPARATORS[Math.floor(random() * SEPARATORS.length)];
      }
      if (random() < 0.2) text += '='.repeat(Math.floor(random() * 4));
      const want = reference(text);
      let got: typeof want;
      try {
        got = { bytes: toHex(otpkit.decodeSecret(text)) };
      } catch (error) {
        const e = error as InstanceType<typeof errors.InvalidSecretError>;
        got =
          e.reason === 'character'
            ? { reason: e.reason, character: e.character as string, position: e.position as number }
            : { reason: e.reason };
      }
      if (JSON.stringify(got) !== JSON.stringify(want) && mismatches.length < 5) {
        mismatches.push(`${JSON.stringify(text.slice(0, 80))}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
      }
      const outcome = 'bytes' in want ? (length > 512 ? 'long key' : 'key') : want.reason;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(mismatches).toEqual([]);
    // Every path was taken often enough to mean something.
    for (const outcome of ['key', 'long key', 'character', 'length', 'too-short', 'empty']) {
      expect(outcomes.get(outcome) ?? 0, outcome).toBeGreaterThan(50);
    }
  });
});
