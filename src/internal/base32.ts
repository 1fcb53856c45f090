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
  let symbols = 0;
  let padding = false;
  let buffer = 0; // pending bits, the newest in the low end
  let bits = 0; // how many of them (0–12)
  let at = 0;
  for (let i = 0; i < text.length; i++) {
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
