/**
 * The redacted object {@link parseKeyURI} returns: plain, frozen, enumerable fields; the key K held
 * in a private field and read only through the `key` and `secret` getters, which `JSON.stringify`,
 * `String()`, `util.inspect`, spread and `structuredClone` never show.
 * @module
 */
import { encodeSecret } from '../secret.js';
import type { KeyURI } from './model.js';

/** A parsed key URI's fields without the key, for each kind of URI. */
export type KeyURIValues = KeyURI extends infer Kind ? (Kind extends unknown ? Omit<Kind, 'key' | 'secret'> : never) : never;

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Holds K privately; the fields are assigned onto an instance by {@link redactedKeyURI}. */
class RedactedKey {
  readonly #key: Uint8Array;
  readonly #summary: string;

  constructor(key: Uint8Array, summary: string) {
    this.#key = key;
    this.#summary = summary;
  }

  /** K as bytes, a fresh copy. */
  get key(): Uint8Array {
    return this.#key.slice();
  }

  /** K as canonical base32 text. */
  get secret(): string {
    return encodeSecret(this.#key);
  }

  /** Redacted: the label and type, never the key. */
  toString(): string {
    return this.#summary;
  }

  /** Redacted: every field but the key; a bigint counter becomes a decimal string. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(this)) out[name] = typeof value === 'bigint' ? String(value) : value;
    out.secret = '[redacted]';
    return out;
  }

  [inspectSymbol](_depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    const shown = { ...Object.fromEntries(Object.entries(this)), secret: '[redacted]' };
    return `KeyURI ${typeof inspect === 'function' ? inspect(shown, options) : JSON.stringify(this.toJSON())}`;
  }
}

/** The frozen, redacted result of a parse: `values` as own enumerable fields, `key` behind getters. */
export function redactedKeyURI(values: KeyURIValues, key: Uint8Array): KeyURI {
  const label = values.labelIssuer === undefined ? values.accountName : `${values.labelIssuer}:${values.accountName}`;
  const summary = `KeyURI { type: '${values.type}', label: ${JSON.stringify(label)}, secret: [redacted] }`;
  return Object.freeze(Object.assign(new RedactedKey(key, summary), values));
}
