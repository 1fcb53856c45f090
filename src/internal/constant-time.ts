/**
 * Constant-time comparison helpers. The time they take depends only on the lengths of their
 * inputs, never on where the first difference is.
 * @module
 */

/**
 * Compares two strings of UTF-16 code units in time that depends only on their lengths.
 * Used for recovery codes and any other short secret compared as text.
 * @param a - one string; pass strings only (nothing is type-checked: no message can echo them).
 * @param b - the other string.
 * @returns `true` if both have the same length and the same code units.
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    // Out-of-range charCodeAt is NaN; `| 0` turns it into 0 without a branch.
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return diff === 0;
}
