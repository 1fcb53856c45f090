/**
 * src/internal/assert.ts: the one set of guards. TypeError for a wrong type, RangeError for a
 * wrong value, messages shaped `"name" expected …, got …` that describe a string by its length.
 */
import { describe, expect, it } from 'vitest';
import {
  assertBoolean,
  assertFunction,
  assertId,
  assertMethods,
  assertString,
  describe as describeValue,
} from '../../src/internal/assert.js';

describe('guards', () => {
  it('assertBoolean, assertFunction, assertString accept their type and return it', () => {
    expect(assertBoolean('flag', false)).toBe(false);
    const fn = () => 1;
    expect(assertFunction('clock', fn)).toBe(fn);
    expect(assertString('text', '')).toBe('');
  });

  it('refuse other types with a TypeError in the house style, never echoing a string', () => {
    expect(() => assertBoolean('stickyDeny', 'true')).toThrow(
      new TypeError('"stickyDeny" expected a boolean, got a string of 4 characters'),
    );
    expect(() => assertFunction('random', 7)).toThrow(new TypeError('"random" expected a function, got 7'));
    expect(() => assertString('contact', null)).toThrow(new TypeError('"contact" expected a string, got null'));
  });

  it('assertId takes 1 to 256 UTF-16 code units', () => {
    expect(assertId('subject', 'a')).toBe('a');
    expect(assertId('subject', 'x'.repeat(256))).toHaveLength(256);
    expect(() => assertId('subject', '')).toThrow(new RangeError('"subject" expected an id of 1 to 256 UTF-16 code units, got 0'));
    expect(() => assertId('subject', 'x'.repeat(257))).toThrow(RangeError);
    expect(() => assertId('subject', 5)).toThrow(TypeError);
  });

  it('assertMethods checks the shape of a store or port, prototype methods included', () => {
    class Store {
      consume() {}
      peek() {}
      delete() {}
    }
    const store = new Store();
    expect(assertMethods('replayStore', store, ['consume', 'peek', 'delete'])).toBe(store);
    expect(() => assertMethods('replayStore', { consume() {}, peek() {} }, ['consume', 'peek', 'delete'])).toThrow(
      new TypeError('"replayStore" expected an object with consume, peek and delete methods, got an object'),
    );
    expect(() => assertMethods('verifier', null, ['verify'])).toThrow(
      new TypeError('"verifier" expected an object with verify method, got null'),
    );
  });

  it('describe shows a string by its length only', () => {
    expect(describeValue('JBSWY3DPEHPK3PXP')).toBe('a string of 16 characters');
  });
});
