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
    let value: number;
    if (c >= 0x41 && c <= 0x5a) value = c - 0x41; // A–Z → 0–25
    else if (c >= 0x61 && c <= 0x7a) value = c - 0x61; // a–z → 0–25
    else if (c >= 0x32 && c <= 0x37) value = c - 0x18; // 2–7 → 26–31
    else if (c === 0x3d) {
      padding = true;
      continue;
    } else if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x2d) continue;
    else return ~i;
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
