/**
 * The layer order of docs/design.md: every relative import in src/ points to the same layer or a
 * lower one. Layers: internal 0, core 1, verify 2, enrollment and permissions 3, adapters 4, cli 5;
 * the entry point src/index.ts re-exports layers 1–2 only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const LAYERS: Record<string, number> = { internal: 0, core: 1, verify: 2, enrollment: 3, permissions: 3, adapters: 4, cli: 5 };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The layer of a file under src/: its first folder; src/index.ts counts as the verification layer, src/errors.ts as the core. */
function layerOf(file: string): number {
  const top = relative(SRC, file).split(/[\\/]/)[0]!;
  if (top === 'index.ts') return LAYERS.verify!;
  if (top === 'errors.ts') return LAYERS.core!; // the otpkit/errors entry re-exports core/errors.ts
  const layer = LAYERS[top];
  if (layer === undefined) throw new Error(`${relative(SRC, file)} is in no layer: put it in one of ${Object.keys(LAYERS).join(', ')}`);
  return layer;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => resolve(dirname(file), m[1]!));
}

describe('architecture', () => {
  const files = filesUnder(SRC);

  it('puts every source file in a layer', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect(() => layerOf(file)).not.toThrow();
  });

  it('has no import from a lower layer to a higher one', () => {
    const upward: string[] = [];
    for (const file of files) {
      for (const target of importsOf(file)) {
        if (layerOf(target.replace(/\.js$/, '.ts')) > layerOf(file)) upward.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps permissions independent of verification and enrollment', () => {
    const crossing = files
      .filter((f) => relative(SRC, f).startsWith('permissions'))
      .flatMap((f) =>
        importsOf(f)
          .filter((t) => /[\\/]src[\\/](verify|enrollment)[\\/]/.test(t))
          .map((t) => `${relative(SRC, f)} → ${relative(SRC, t)}`),
      );
    expect(crossing).toEqual([]);
  });
});
