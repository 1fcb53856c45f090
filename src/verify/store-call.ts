/**
 * @internal Store plumbing shared by the verification layer: the time limit of one store call,
 * the call wrapper that turns every failure into {@link StoreUnavailableError}, and the
 * credential-id check applied once at the boundary.
 * @module
 */
import { StoreUnavailableError } from '../core/errors.js';
import { assertId, assertInteger } from '../internal/assert.js';

/** Default time limit for one store operation, in milliseconds. */
export const DEFAULT_STORE_TIMEOUT_MS = 1000;

/** @internal Validates `storeTimeoutMs` (integer milliseconds from 1 to 60 000). */
export function checkStoreTimeout(value: unknown): number {
  return value === undefined ? DEFAULT_STORE_TIMEOUT_MS : assertInteger('storeTimeoutMs', value, 1, 60_000);
}

/**
 * @internal Runs one store operation with a time limit. Any synchronous throw, rejection or
 * timeout becomes a rejection with {@link StoreUnavailableError} (`operation` names the call).
 */
export function callStore<T>(operation: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new StoreUnavailableError(operation, { cause: new Error(`timed out after ${timeoutMs} ms`) })),
      timeoutMs,
    );
    let pending: Promise<T>;
    try {
      pending = Promise.resolve(run());
    } catch (error) {
      clearTimeout(timer);
      reject(new StoreUnavailableError(operation, { cause: error }));
      return;
    }
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(new StoreUnavailableError(operation, { cause: error }));
      },
    );
  });
}

/** @internal Validates a credential id by the one id rule (assertId in internal/assert.ts): well-formed, no NUL, 1–256 code units. */
export function checkCredentialId(value: unknown): string {
  return assertId('credentialId', value);
}
