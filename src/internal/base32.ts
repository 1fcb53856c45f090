/**
 * Base32 decoding (RFC 4648 §6 alphabet A–Z, 2–7) straight from the text into bytes, with no
 * intermediate string. The text must already have been checked by `decodeSecret`: every
 * character is either an alphabet letter (either case) or one of the separators it tolerates
 * (ASCII whitespace, `-`, `=`), which are skipped here.
 *
 * Same output as the `base32-decode` package on the cleaned text: floor(5 · n / 8) bytes for
 * n alphabet characters, most significant bits first, leftover bits of a last partial group
 * ignored.
 * @module
 */

/**
 * Decodes the `symbols` alphabet characters of a validated `text` into a new Uint8Array of
 * floor(5 · symbols / 8) bytes.
 * @param text - validated base32 text (see module comment).
 * @param symbols - how many alphabet characters `text` holds, as counted while validating.
 * @internal
 */
export function decodeBase32(text: string, symbols: number): Uint8Array {
  const bytes = new Uint8Array(Math.floor((symbols * 5) / 8));
  let bits = 0; // how many pending bits `buffer` holds (0–12)
  let buffer = 0;
  let at = 0;
  for (let i = 0; i < text.length && at < bytes.length; i++) {
    const c = text.charCodeAt(i) | 0x20; // lower-cases letters; digits are unchanged
    let value: number;
    if (c >= 0x61 && c <= 0x7a) value = c - 0x61; // a–z → 0–25
    else if (c >= 0x32 && c <= 0x37) value = c - 0x18; // 2–7 → 26–31
    else continue; // a separator
    buffer = ((buffer << 5) | value) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = buffer >>> bits;
      buffer &= (1 << bits) - 1;
    }
  }
  return bytes;
}
