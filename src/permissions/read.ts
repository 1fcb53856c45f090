/**
 * Total, own-data reads of untrusted model objects. Every read of model data in the permissions
 * module goes through these helpers, so nothing is ever taken from a prototype (polluted
 * `Object.prototype.primary`, `Array.prototype[0]`, `Object.create({ roles })` inputs), no getter
 * runs, and a proxy whose trap throws, a revoked proxy or an accessor property becomes an
 * {@link Unreadable} carrying the model path, which validation turns into an `unreadable`
 * finding. Internal to the permissions module.
 * @module
 */

/** Thrown by the helpers below when a value cannot be read as plain data; never escapes validation. */
export class Unreadable {
  constructor(readonly path: string) {}
}

/**
 * `object[key]` when it is an own data property, `undefined` when there is no own property.
 * Reads the property descriptor once (one `getOwnPropertyDescriptor` trap on a proxy), so no
 * getter runs and an inherited member is never seen.
 * @throws Unreadable (with `path`) for an accessor property or a trap that throws.
 */
export function own(object: object, key: string, path: string): unknown {
  let descriptor: PropertyDescriptor | undefined;
  try {
    descriptor = Object.getOwnPropertyDescriptor(object, key);
  } catch {
    throw new Unreadable(path);
  }
  if (descriptor === undefined) return undefined;
  // The descriptor is a fresh ordinary object: an own `value` marks a data property.
  if (!Object.hasOwn(descriptor, 'value')) throw new Unreadable(path);
  return descriptor.value as unknown;
}

/**
 * `'array'`, `'record'` (any other non-null object) or `'other'`.
 * @throws Unreadable for a revoked proxy.
 */
export function kindOf(value: unknown, path: string): 'array' | 'record' | 'other' {
  if (typeof value !== 'object' || value === null) return 'other';
  try {
    return Array.isArray(value) ? 'array' : 'record';
  } catch {
    throw new Unreadable(path);
  }
}

/**
 * An array's own `length`. Check it against a cap before reading elements with {@link element}.
 * @throws Unreadable when it is not an own non-negative safe integer.
 */
export function lengthOf(array: object, path: string): number {
  const length = own(array, 'length', path);
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) throw new Unreadable(path);
  return length;
}

/** Element `i` as own data (a hole is `undefined`, never `Array.prototype[i]`). */
export function element(array: object, i: number, path: string): unknown {
  return own(array, String(i), `${path}[${i}]`);
}

/**
 * A record's own string keys, enumerable or not (symbols are ignored), in property order.
 * @throws Unreadable when the `ownKeys` trap throws.
 */
export function keysOf(record: object, path: string): string[] {
  try {
    return Object.getOwnPropertyNames(record);
  } catch {
    throw new Unreadable(path);
  }
}

/**
 * An option's own value, or `undefined` (options are programmer input: a getter may run, but an
 * inherited, e.g. polluted, member is never read).
 */
export function ownOption(options: object, key: string): unknown {
  return Object.hasOwn(options, key) ? (options as Record<string, unknown>)[key] : undefined;
}
