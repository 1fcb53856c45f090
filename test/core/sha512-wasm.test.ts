/**
 * The WebAssembly HMAC-SHA-512 path (src/internal/sha512.wat, sha512-hmac-wasm.ts):
 * - the bytes embedded in src/internal/sha512-wasm.ts are exactly what wabt assembles from the
 *   .wat, so reviewers read the text and this test vouches for the binary
 *   (`UPDATE_WASM=1 npx vitest run --project src test/core/sha512-wasm.test.ts` rewrites them);
 * - the module is WebAssembly 1.0 only, has no imports, and stays under Chromium's 4 KB limit for
 *   synchronous compilation on a page's main thread;
 * - its bare compression function gives @noble/hashes' full SHA-512 digests;
 * - no key material is left in its memory after a key is prepared or a code computed;
 * - with WebAssembly refused (as under a strict CSP), keys silently use the JavaScript path.
 * The 120,000-case HMAC cross-check of both paths is in hash-crosscheck.test.ts.
 * Excluded from the dist-esm/dist-cjs reruns (vitest.config.ts): it reaches into src/ internals.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import wabtInit from 'wabt';
import { SHA512_IV } from '../../src/internal/sha512-block.js';
import { SHA512_WASM_LAYOUT, sha512Wasm } from '../../src/internal/sha512-hmac-wasm.js';
import { SHA512_WASM_BASE64 } from '../../src/internal/sha512-wasm.js';
import { seededRandom, toHex } from '../helpers.js';

const WAT = new URL('../../src/internal/sha512.wat', import.meta.url);
const EMBEDDED = new URL('../../src/internal/sha512-wasm.ts', import.meta.url);
const WABT_VERSION = '1.0.39';

/** Everything after WebAssembly 1.0 switched off, so wabt refuses any later instruction. */
const MVP_ONLY = {
  mutable_globals: false,
  sat_float_to_int: false,
  sign_extension: false,
  multi_value: false,
  bulk_memory: false,
  reference_types: false,
  simd: false,
} as const;

async function assemble(): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('sha512.wat', readFileSync(WAT, 'utf8'), MVP_ONLY);
  try {
    module.validate();
    return Uint8Array.from(module.toBinary({ write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}

function embeddedSource(binary: Uint8Array): string {
  return `/**
 * src/internal/sha512.wat assembled by wabt ${WABT_VERSION} (WebAssembly 1.0, ${binary.length} bytes), in base64.
 * Generated: do not edit. test/core/sha512-wasm.test.ts fails if these bytes differ from the
 * assembled .wat; \`UPDATE_WASM=1 npx vitest run --project src test/core/sha512-wasm.test.ts\`
 * rewrites this file.
 * @module
 */

/** The module's bytes, base64 (RFC 4648 §4). @internal */
export const SHA512_WASM_BASE64 =
  '${Buffer.from(binary).toString('base64')}';
`;
}

const fresh = async () => {
  vi.resetModules();
  return {
    glue: await import('../../src/internal/sha512-hmac-wasm.js'),
    keys: await import('../../src/core/hmac-key.js'),
  };
};

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('the embedded module', () => {
  it('is byte for byte what wabt assembles from sha512.wat', async () => {
    const binary = await assemble();
    const want = embeddedSource(binary);
    if (process.env.UPDATE_WASM === '1') writeFileSync(EMBEDDED, want);
    expect(readFileSync(EMBEDDED, 'utf8')).toBe(want);
    expect(toHex(Uint8Array.from(Buffer.from(SHA512_WASM_BASE64, 'base64')))).toBe(toHex(binary));
  });

  it('is WebAssembly 1.0 with no imports, the documented exports, and under 4 KB', () => {
    const binary = Uint8Array.from(Buffer.from(SHA512_WASM_BASE64, 'base64'));
    expect(binary.length).toBeLessThan(4096);
    const module = new WebAssembly.Module(binary);
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    expect(
      WebAssembly.Module.exports(module)
        .map((e) => `${e.kind} ${e.name}`)
        .sort(),
    ).toEqual(['function compressBlock', 'function prepare', 'function truncate', 'memory memory']);
  });
});

describe('the WebAssembly compression function against @noble/hashes', () => {
  /** SHA-512 of `message` with the module's bare compression and padding written here (FIPS 180-4 §5.1.2). */
  function hashWithWasm(message: Uint8Array): string {
    const wasm = sha512Wasm();
    if (!wasm) throw new Error('WebAssembly unavailable in this Node');
    const memory = new DataView(wasm.memory.buffer);
    const padded = new Uint8Array(Math.ceil((message.length + 17) / 128) * 128);
    padded.set(message);
    padded[message.length] = 0x80;
    new DataView(padded.buffer).setBigUint64(padded.length - 8, BigInt(message.length * 8));
    const { key, state } = SHA512_WASM_LAYOUT;
    // H(0) (FIPS 180-4 §5.3.5), from the JavaScript path's (high, low) pairs: an input here.
    for (let j = 0; j < 8; j++) {
      const word = (BigInt(SHA512_IV[2 * j]! >>> 0) << 32n) | BigInt(SHA512_IV[2 * j + 1]! >>> 0);
      memory.setBigUint64(state + 8 * j, word, true);
    }
    for (let at = 0; at < padded.length; at += 128) {
      new Uint8Array(wasm.memory.buffer, key, 128).set(padded.subarray(at, at + 128));
      wasm.compressBlock();
    }
    const out = new DataView(new ArrayBuffer(64));
    for (let j = 0; j < 8; j++) out.setBigUint64(8 * j, memory.getBigUint64(state + 8 * j, true));
    return toHex(new Uint8Array(out.buffer));
  }

  it('hashes "abc" to the FIPS 180-4 example digest and 300 random messages as noble does', () => {
    expect(hashWithWasm(new TextEncoder().encode('abc'))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    const random = seededRandom(0x5a512);
    for (let n = 0; n < 300; n++) {
      const message = Uint8Array.from({ length: Math.floor(random() * 400) }, () => Math.floor(random() * 256));
      expect(hashWithWasm(message)).toBe(toHex(sha512(message)));
    }
  });
});

describe('key material in WebAssembly memory', () => {
  it('is zeroed after preparing a key and after each code', async () => {
    const { glue, keys } = await fresh();
    const key = Uint8Array.from({ length: 128 }, (_, i) => (i * 37 + 11) & 0xff);
    const prepared = new keys.PreparedKey(key, 'SHA512');
    expect(glue.sha512WasmKeysPrepared()).toBe(1);
    const memory = new Uint8Array(glue.sha512Wasm()!.memory.buffer);
    // W (640–1279), PADS (1280–1407), KEY (1408–1535) after preparation.
    expect(memory.subarray(640, 1536).every((b) => b === 0)).toBe(true);
    const mac = hmac(sha512, key, new Uint8Array([0, 0, 0, 0, 0, 0, 0, 7]));
    const offset = mac[63]! & 0x0f;
    expect(prepared.truncate(0, 7)).toBe(new DataView(mac.buffer).getUint32(offset) & 0x7fffffff);
    // After a code: PADS and KEY are zero again (W holds the outer block's schedule, as the
    // JavaScript path's scratch holds the inner digest).
    expect(memory.subarray(1280, 1536).every((b) => b === 0)).toBe(true);
  });
});

describe('fallback to the JavaScript compression', () => {
  const key = new TextEncoder().encode('1234567890'.repeat(7).slice(0, 64));
  // RFC 6238 Appendix B, SHA512, T = 1 (time 59): 90693936, i.e. Snum mod 10^8.
  const rfc = (snum: number) => String(snum % 1e8).padStart(8, '0');

  it('is silent and permanent when compiling is refused (as under a CSP without wasm-unsafe-eval)', async () => {
    let attempts = 0;
    vi.stubGlobal('WebAssembly', {
      ...WebAssembly,
      Module: function refused() {
        attempts++;
        throw new WebAssembly.CompileError('Refused to compile or instantiate WebAssembly module');
      },
    });
    const { glue, keys } = await fresh();
    expect(rfc(new keys.PreparedKey(key, 'SHA512').truncate(0, 1))).toBe('90693936');
    expect(rfc(new keys.PreparedKey(key, 'SHA512').truncate(0, 1))).toBe('90693936');
    expect(glue.sha512Wasm()).toBeNull();
    expect(glue.sha512WasmKeysPrepared()).toBe(0);
    expect(attempts).toBe(1);
  });

  it('is used when WebAssembly is missing', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const { glue, keys } = await fresh();
    expect(rfc(new keys.PreparedKey(key, 'SHA512').truncate(0, 1))).toBe('90693936');
    expect(glue.sha512WasmKeysPrepared()).toBe(0);
  });

  it('is chosen per key by the internal switch, and a key keeps the path it was made with', async () => {
    const { glue, keys } = await fresh();
    const viaWasm = new keys.PreparedKey(key, 'SHA512');
    expect(glue.sha512WasmKeysPrepared()).toBe(1);
    glue.setSha512Wasm(false);
    const viaJs = new keys.PreparedKey(key, 'SHA512');
    expect(glue.sha512WasmKeysPrepared()).toBe(1);
    glue.setSha512Wasm(true);
    expect(rfc(viaJs.truncate(0, 1))).toBe('90693936');
    expect(rfc(viaWasm.truncate(0, 1))).toBe('90693936');
    // SHA-1 and SHA-256 never touch the module.
    new keys.PreparedKey(key, 'SHA256');
    new keys.PreparedKey(key, 'SHA1');
    expect(glue.sha512WasmKeysPrepared()).toBe(1);
  });
});
