/**
 * Base32 decoding (RFC 4648 §6 alphabet A–Z, 2–7, either case) straight from the text into
 * bytes, in the same pass that checks the text: no intermediate string, no second loop.
 *
 * Tolerated and skipped: ASCII whitespace (tab, LF, VT, FF, CR, space), `-`, and `=` as long
 * as no alphabet character follows an `=`. Output: floor(5 · n / 8) bytes for n alphabet
 * characters, most significant bits first, leftover bits of a last partial group ignored
 * (what the `base32-decode` package gives for the cleaned text). Error reporting stays with
 * the caller (secret.ts): this file only says where the text breaks the rules.
 * @module
 */

const SKIP = -1; // ASCII whitespace or '-'
const PAD = -2; // '='
const BAD = -3; // anything else

/** For each ASCII code: its 5-bit value (A–Z and a–z → 0–25, 2–7 → 26–31), SKIP, PAD or BAD. */
const SYMBOLS = /* @__PURE__ */ (() => {
  const table = new Int8Array(0x80).fill(BAD);
  for (let i = 0; i < 26; i++) {
    table[0x41 + i] = i;
    table[0x61 + i] = i;
  }
  for (let i = 0; i < 6; i++) table[0x32 + i] = 26 + i;
  for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x2d]) table[c] = SKIP;
  table[0x3d] = PAD;
  return table;
})();

/**
 * Checks `text` and decodes its alphabet characters into `out` (as many bytes as fit).
 * @param text - base32 text as typed or stored.
 * @param out - receives up to floor(5 · n / 8) bytes; pass an empty array to only check and count.
 * @returns n, the number of alphabet characters, or `~i` (a negative number) where `i` is the
 *   position of the first character that is neither in the alphabet nor a separator, or of an
 *   alphabet character that follows an `=`.
 * @internal
 */
export function decodeBase32Into(text: string, out: Uint8Array): number {
  const done = decodeGroups(text, out);
  return decodeRest(text, done, out, (done >>> 3) * 5);
}

/**
 * Fast path: whole groups of 8 alphabet characters, 5 bytes each, for as long as the text has
 * nothing else. Any separator, `=` or non-ASCII character (a negative value or a code ≥ 0x80
 * in the OR of the group) stops it at the start of that group, which is byte-aligned.
 * @returns how many characters were decoded: a multiple of 8, all of them alphabet characters.
 */
function decodeGroups(text: string, out: Uint8Array): number {
  const n = text.length;
  const room = out.length;
  let i = 0;
  let at = 0;
  while (i + 8 <= n && at + 5 <= room) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    const c4 = text.charCodeAt(i + 4);
    const c5 = text.charCodeAt(i + 5);
    const c6 = text.charCodeAt(i + 6);
    const c7 = text.charCodeAt(i + 7);
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) >= 0x80) break;
    const v0 = SYMBOLS[c0]!;
    const v1 = SYMBOLS[c1]!;
    const v2 = SYMBOLS[c2]!;
    const v3 = SYMBOLS[c3]!;
    const v4 = SYMBOLS[c4]!;
    const v5 = SYMBOLS[c5]!;
    const v6 = SYMBOLS[c6]!;
    const v7 = SYMBOLS[c7]!;
    if ((v0 | v1 | v2 | v3 | v4 | v5 | v6 | v7) < 0) break;
    // 40 bits as two 20-bit halves, then cut into 5 bytes.
    const high = (v0 << 15) | (v1 << 10) | (v2 << 5) | v3;
    const low = (v4 << 15) | (v5 << 10) | (v6 << 5) | v7;
    out[at] = high >>> 12;
    out[at + 1] = high >>> 4;
    out[at + 2] = (high << 4) | (low >>> 16);
    out[at + 3] = low >>> 8;
    out[at + 4] = low;
    at += 5;
    i += 8;
  }
  return i;
}

/**
 * The general loop, from position `i` (where the fast path stopped, byte-aligned, with `i`
 * alphabet characters before it) and output byte `at`: separators, `=` and the last partial
 * group. Returns as {@link decodeBase32Into} does.
 */
function decodeRest(text: string, i: number, out: Uint8Array, at: number): number {
  const n = text.length;
  let symbols = i; // every character so far was an alphabet character
  let padding = false;
  let buffer = 0; // pending bits, the newest in the low end
  let bits = 0; // how many of them (0–12)
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    const value = c < 0x80 ? SYMBOLS[c]! : BAD;
    if (value < 0) {
      if (value === SKIP) continue;
      if (value === PAD) {
        padding = true;
        continue;
      }
      return ~i;
    }
    if (padding) return ~i;
    symbols++;
    buffer = ((buffer << 5) | value) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      if (at < out.length) out[at++] = buffer >>> bits;
      buffer &= (1 << bits) - 1;
    }
  }
  return symbols;
}

// Counts of alphabet characters whose last group cannot come from whole bytes (RFC 4648 §6:
// 8 characters per 5 bytes): a remainder of 1, 3 or 6 modulo 8, as bits of a mask.
const IMPOSSIBLE_REMAINDERS = (1 << 1) | (1 << 3) | (1 << 6);

/**
 * Whether `symbols` alphabet characters can encode whole bytes (RFC 4648 §6), and are not 0.
 * @internal
 */
export function isWholeBytes(symbols: number): boolean {
  return symbols > 0 && ((IMPOSSIBLE_REMAINDERS >>> (symbols & 7)) & 1) === 0;
}
