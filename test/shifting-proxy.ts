/**
 * A hostile input for parsers of untrusted values: plain data wrapped (deeply) in Proxies that
 * count every read of every own property (`get` or `getOwnPropertyDescriptor`) by path, and
 * can answer differently after a number of reads: the shape of "check, then read again"
 * (#10.4: `pending.keyRef` passes the check, then reads as `"../../other-subject"`).
 * The descriptors the traps report are always data descriptors (what `JSON.parse` makes), so a
 * parser that copies each own data property once sees one consistent plain value.
 */

/** Switch the value at `path` (property names from the root) to `value` after `after` reads. */
export interface Shift {
  readonly path: readonly string[];
  readonly after: number;
  readonly value: unknown;
}

/** Every path of `data` that holds an own property (objects and arrays), root first. */
export function propertyPaths(data: unknown, prefix: readonly string[] = []): string[][] {
  if (data === null || typeof data !== 'object') return [];
  const out: string[][] = [];
  for (const key of Object.keys(data)) {
    const path = [...prefix, key];
    out.push(path, ...propertyPaths((data as Record<string, unknown>)[key], path));
  }
  return out;
}

/**
 * Wraps `data`; `reads` counts reads per path joined with `.`.
 * @param data - plain JSON-like data (objects, arrays, primitives).
 * @param shifts - the paths that change, or none.
 */
export function shifting(data: unknown, ...shifts: Shift[]): { proxy: unknown; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const byPath = new Map(shifts.map((shift) => [shift.path.join('.'), shift]));
  const wrap = (value: unknown, at: readonly string[]): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const children = new Map<string, unknown>();
    const current = (key: string): unknown => {
      const path = [...at, key];
      const name = path.join('.');
      const n = (reads.get(name) ?? 0) + 1;
      reads.set(name, n);
      const shift = byPath.get(name);
      if (shift !== undefined && n > shift.after) return shift.value;
      if (!children.has(key)) children.set(key, wrap((value as Record<string, unknown>)[key], path));
      return children.get(key);
    };
    return new Proxy(value as object, {
      get(target, key, receiver) {
        if (typeof key !== 'string' || !Object.hasOwn(target, key)) return Reflect.get(target, key, receiver);
        return current(key);
      },
      getOwnPropertyDescriptor(target, key) {
        const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
        if (typeof key !== 'string' || descriptor === undefined) return descriptor;
        // A non-configurable property (an array's length) must report its real value.
        if (!descriptor.configurable) {
          current(key);
          return descriptor;
        }
        return { value: current(key), writable: true, enumerable: descriptor.enumerable ?? true, configurable: true };
      },
    });
  };
  return { proxy: wrap(data, []), reads };
}

/** The paths read more than once. */
export function rereadPaths(reads: Map<string, number>): string[] {
  return [...reads].filter(([, n]) => n > 1).map(([path, n]) => `${path} ×${n}`);
}
