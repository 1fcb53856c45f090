/**
 * The `random` port's output, checked: the one place the enrollment layer draws random bytes.
 *
 * The documented shape is that of `crypto.getRandomValues`: the source fills the `Uint8Array` it
 * is given, in place, and returns `undefined` or that same array. A source of another shape,
 * such as `(buf) => randomBytes(buf.length)` (which returns new bytes and leaves `buf` all
 * zero), would otherwise hand every subject the all-zero key, one shared keyRef and the recovery
 * code 0000-0000-0000-0000, silently.
 * @module
 */
import { describe } from '../internal/assert.js';

/** Fewest bytes for which an all-zero answer is refused: a CSPRNG gives that with odds 2^-128. */
export const MIN_CHECKED_RANDOM_BYTES = 16;

const SHAPE = 'a function that fills the given Uint8Array in place and returns undefined or that same array, like crypto.getRandomValues';

/**
 * Draws `length` bytes from `random` into a new buffer and checks the answer.
 * @param random - the port, `(buffer: Uint8Array) => undefined | buffer`.
 * @param length - bytes wanted, an integer ≥ 0.
 * @returns the filled buffer.
 * @throws TypeError, saying what shape is wanted, if the source returns anything but `undefined`
 *   or the buffer it was given (a new array, a promise, a number, …), or leaves a buffer of
 *   {@link MIN_CHECKED_RANDOM_BYTES} or more bytes all zero.
 */
export function fillRandom(random: (buffer: Uint8Array) => unknown, length: number): Uint8Array {
  const buffer = new Uint8Array(length);
  const answer = random(buffer);
  if (answer !== undefined && answer !== buffer) {
    throw new TypeError(`"random" expected ${SHAPE}; it returned ${describe(answer)}`);
  }
  if (length >= MIN_CHECKED_RANDOM_BYTES && buffer.every((byte) => byte === 0)) {
    throw new TypeError(`"random" left a ${length}-byte buffer all zero: expected ${SHAPE}`);
  }
  return buffer;
}
