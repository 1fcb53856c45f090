/**
 * @internal The pieces the conformance checks of `otpkit/testkit` share (the store checks of
 * testkit.ts and the credential-store checks of credential-testkit.ts): how a check written
 * against one store becomes a {@link ConformanceCheck} that resolves the store when it starts,
 * N concurrent calls, and random hex for fresh ids. Not an entry point.
 * @module
 */
import { toHex } from '../enrollment/recovery-codes.js';
import type { ConformanceCheck } from './testkit.js';

/** A check written against the store it is given. */
export interface StoreCheck<S> {
  /** What the check asserts, as a sentence. */
  readonly name: string;
  /** Runs the check on `store`; rejects with an Error when it does not conform. */
  readonly run: (store: S) => Promise<void>;
}

/**
 * Turns store checks into frozen {@link ConformanceCheck}s, resolving `store` once per run: a
 * factory is called when the check starts (not per operation, which would hand each call a fresh
 * store and hide every stateful fault, or fail a correct store).
 * @param store - the store, or a factory of it.
 * @param checks - the checks, kept in order and by name.
 * @param fail - throws the kit's Error when the factory returns something that is not a store.
 */
export function bindChecks<S extends object>(
  store: S | (() => S),
  checks: readonly StoreCheck<S>[],
  fail: (message: string) => never,
): ConformanceCheck[] {
  return checks.map(({ name, run }) =>
    Object.freeze({
      name,
      run: async () => {
        const instance = typeof store === 'function' ? (store as () => S)() : store;
        if (instance === null || typeof instance !== 'object') fail(`the store factory returned ${String(instance)}, not a store`);
        await run(instance);
      },
    }),
  );
}

/** Starts `call` `n` times at once and waits for all of them; the results in start order. */
export function together<T>(n: number, call: (index: number) => T | Promise<T>): Promise<Awaited<T>[]> {
  return Promise.all(Array.from({ length: n }, (_, index) => call(index)));
}

/** `bytes` random bytes (`crypto.getRandomValues`) as lowercase hex. */
export function randomHex(bytes: number): string {
  return toHex(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}
