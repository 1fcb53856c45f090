/**
 * The WebAssembly path for HMAC-SHA-512 in hmac-key.ts: key pads (RFC 2104 §4) and one HOTP
 * value (RFC 4226 §5.2–5.3) per call, computed by the module assembled from `sha512.wat`
 * (64-bit integers there; JavaScript has to emulate them on 32-bit halves, about 4× slower).
 *
 * Loaded lazily and synchronously, on the first SHA-512 key, never at import. Where
 * WebAssembly is missing or refuses to compile (a browser page whose Content-Security-Policy
 * lacks `'wasm-unsafe-eval'`, edge runtimes that forbid compiling code at run time), this
 * module reports itself unavailable, once and for good, and the caller keeps using the
 * JavaScript compression in sha512-block.ts, which gives the same results. The module is 3 KB,
 * under the 4 KB that Chromium allows `new WebAssembly.Module` to compile on a page's main thread.
 *
 * The inner and outer chaining values cross the boundary as 16 opaque 32-bit words each (the
 * module's own 64-bit layout): only this file and the .wat read them. WebAssembly memory holds key material only during a call:
 * `prepare` zeroes the key block and its message schedule, the pads are zeroed here after
 * being copied out, and after each HOTP value (see `truncate`).
 * @module
 */
import { SHA512_WASM_BASE64 } from './sha512-wasm.js';

/** What the module exports (see the header of sha512.wat). */
export interface Sha512WasmExports {
  readonly memory: WebAssembly.Memory;
  prepare(): void;
  truncate(hi: number, lo: number): number;
  compressBlock(): void;
}

/** Byte offsets in the module's memory, as laid out in sha512.wat. */
export const SHA512_WASM_LAYOUT = Object.freeze({ pads: 1280, key: 1408, state: 1664 });

/** Size of one chaining value in 32-bit words: eight 64-bit words. */
export const SHA512_WASM_STATE_WORDS = 16;

const INNER_WORD = 1280 / 4;
const OUTER_WORD = 1344 / 4;
const KEY_BYTE = 1408;
const BLOCK_BYTES = 128;

let enabled = true;
/** `undefined` until first asked for, then the instance or `null` for good. */
let loaded: Sha512WasmExports | null | undefined;
// Views of the module's memory, set by instantiate(); read only once `loaded` is an instance.
let bytes!: Uint8Array;
let words!: Int32Array;
let prepared = 0;

function instantiate(): Sha512WasmExports | null {
  try {
    if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return null;
    const text = atob(SHA512_WASM_BASE64);
    const binary = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) binary[i] = text.charCodeAt(i);
    const exports = new WebAssembly.Instance(new WebAssembly.Module(binary), {}).exports as unknown as Sha512WasmExports;
    bytes = new Uint8Array(exports.memory.buffer);
    words = new Int32Array(exports.memory.buffer);
    return exports;
  } catch {
    return null;
  }
}

/**
 * The instantiated module, instantiating it on first use, or `null` if WebAssembly is
 * unavailable here (or switched off by {@link setSha512Wasm}).
 * @internal
 */
export function sha512Wasm(): Sha512WasmExports | null {
  if (!enabled) return null;
  if (loaded === undefined) loaded = instantiate();
  return loaded;
}

/**
 * Test switch: `false` makes keys prepared from now on use the JavaScript compression; keys
 * already prepared keep the path they were made with. Not part of the public API.
 * @internal
 */
export function setSha512Wasm(on: boolean): void {
  enabled = on;
}

/** How many keys have been prepared through WebAssembly in this realm (for tests). @internal */
export function sha512WasmKeysPrepared(): number {
  return prepared;
}

/**
 * Fills `inner` and `outer` (16 words each) with the chaining values after K ⊕ ipad and K ⊕ opad.
 * @param key - K is `key[0 … length)`, at most 128 bytes (a longer key is hashed by the caller, RFC 2104 §2).
 * @internal Call only after {@link sha512Wasm} returned an instance.
 */
export function sha512WasmPads(key: Uint8Array, length: number, inner: Int32Array, outer: Int32Array): void {
  bytes.fill(0, KEY_BYTE, KEY_BYTE + BLOCK_BYTES);
  for (let i = 0; i < length; i++) bytes[KEY_BYTE + i] = key[i]!;
  (loaded as Sha512WasmExports).prepare(); // zeroes the key block and the schedule
  for (let i = 0; i < SHA512_WASM_STATE_WORDS; i++) {
    inner[i] = words[INNER_WORD + i]!;
    outer[i] = words[OUTER_WORD + i]!;
    words[INNER_WORD + i] = 0;
    words[OUTER_WORD + i] = 0;
  }
  prepared++;
}

/**
 * RFC 4226 §5.3 Snum of HMAC-SHA-512(K, C) for C = hi · 2^32 + lo, from pads made by
 * {@link sha512WasmPads}. The module zeroes its copy of the pads before returning.
 * @internal
 */
export function sha512WasmTruncate(inner: Int32Array, outer: Int32Array, hi: number, lo: number): number {
  words.set(inner, INNER_WORD);
  words.set(outer, OUTER_WORD);
  return (loaded as Sha512WasmExports).truncate(hi, lo);
}
