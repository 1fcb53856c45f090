/**
 * A port's output taken on trust (#10.5a): the `random` port must fill the buffer it is given,
 * in place, and return `undefined` or that same buffer (the shape of `crypto.getRandomValues`).
 * `(buf) => randomBytes(buf.length)` returns fresh bytes and leaves `buf` all zero: every
 * subject would get the all-zero key, one shared keyRef and the codes 0000-0000-0000-0000.
 * Every wrong shape below is refused with a TypeError that says what shape is wanted, before
 * anything is stored; every right shape works.
 */
import { randomBytes, randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes } from '../../src/enrollment/recovery-codes.js';
import { enroll, PASSWORDS, portal } from './harness.js';

type Source = (buffer: Uint8Array) => unknown;

/** Sources that do not fill the given buffer, or answer another shape. */
const WRONG: readonly { name: string; source: Source }[] = [
  { name: "the review's example: (buf) => randomBytes(buf.length)", source: (buf) => randomBytes(buf.length) },
  { name: 'returns a new Uint8Array of random bytes', source: (buf) => globalThis.crypto.getRandomValues(new Uint8Array(buf.length)) },
  {
    name: 'fills a copy and returns nothing',
    source: (buf) => {
      globalThis.crypto.getRandomValues(new Uint8Array(buf.length));
    },
  },
  { name: 'does nothing', source: () => undefined },
  { name: 'fills with zeros', source: (buf) => buf.fill(0) },
  { name: 'returns a number', source: (buf) => randomBytes(buf.length).readUInt8(0) },
  { name: 'returns a hex string', source: (buf) => randomBytes(buf.length).toString('hex') },
  { name: 'is async (returns a promise)', source: async (buf) => globalThis.crypto.getRandomValues(buf) },
  {
    name: 'fills the buffer but returns another one',
    source: (buf) => {
      globalThis.crypto.getRandomValues(buf);
      return new Uint8Array(buf.length);
    },
  },
  { name: 'returns null', source: () => null },
];

/** Sources of the documented shape. */
const RIGHT: readonly { name: string; source: Source }[] = [
  { name: 'crypto.getRandomValues (returns the buffer)', source: (buf) => globalThis.crypto.getRandomValues(buf) },
  {
    name: 'fills in place, returns undefined',
    source: (buf) => {
      globalThis.crypto.getRandomValues(buf);
    },
  },
  { name: 'node:crypto randomFillSync (returns the buffer)', source: (buf) => randomFillSync(buf) },
];

function refusal(run: () => unknown): TypeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  throw new Error('expected a TypeError');
}

async function asyncRefusal(run: () => Promise<unknown>): Promise<TypeError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TypeError);
  return error as TypeError;
}

function saysTheShape(error: TypeError): void {
  expect(error.message).toContain('"random"');
  expect(error.message).toMatch(/fill/);
  expect(error.message).toMatch(/in place/);
}

describe('the random port: recovery codes', () => {
  for (const { name, source } of WRONG) {
    it(`refuses a source that ${name}`, () => {
      saysTheShape(refusal(() => generateRecoveryCodes({ random: source })));
    });
  }
  for (const { name, source } of RIGHT) {
    it(`accepts ${name}: distinct codes, none all zero`, () => {
      const codes = generateRecoveryCodes({ count: 10, random: source }).codes.reveal();
      expect(new Set(codes).size).toBe(10);
      for (const code of codes) expect(code).not.toBe('0000-0000-0000-0000');
    });
  }
});

describe('the random port: the enrollment service', () => {
  function withSource(initial: Source) {
    const state = { source: initial };
    return { state, p: portal({ random: (buf) => state.source(buf) }) };
  }

  for (const { name, source } of WRONG) {
    it(`refuses a source that ${name} when issuing a key, and stores nothing`, async () => {
      const { p } = withSource(source);
      await p.service.beginEnable('alice', 'alice');
      const before = await p.store.read('alice');
      saysTheShape(await asyncRefusal(() => p.service.submitPassword('alice', 'alice', PASSWORDS.alice)));
      expect(await p.store.read('alice')).toEqual(before);
    });

    it(`refuses a source that ${name} when regenerating recovery codes, and keeps the old set`, async () => {
      const { p, state } = withSource(RIGHT[0]!.source);
      await enroll(p);
      const before = await p.store.getRecoveryCodes('alice');
      state.source = source;
      saysTheShape(await asyncRefusal(() => p.service.regenerateRecoveryCodes('alice', 'alice', PASSWORDS.alice)));
      expect(await p.store.getRecoveryCodes('alice')).toEqual(before);
    });
  }

  for (const { name, source } of RIGHT) {
    it(`accepts ${name}: two subjects get different keys`, async () => {
      const { p } = withSource(source);
      const a = await enroll(p, 'alice');
      const b = await enroll(p, 'bob');
      expect(a).not.toBe(b);
      expect(a).not.toMatch(/^A+$/); // base32 of zero bytes
    });
  }
});
