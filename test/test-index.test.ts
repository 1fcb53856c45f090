/**
 * test/README.md indexes every source file (module → its tests): each file under src/ has a row,
 * and every test file a row names exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(ROOT, path).replaceAll('\\', '/')];
  });
}

describe('test/README.md', () => {
  const index = readFileSync(join(ROOT, 'test/README.md'), 'utf8');
  const rows = new Map(
    [...index.matchAll(/^\| `(src\/[^`]+)` \| (.+) \|$/gm)].map((m) => [
      m[1] as string,
      [...(m[2] as string).matchAll(/`(test\/[^`]+)`/g)].map((t) => t[1] as string),
    ]),
  );

  it('has a row for every source file', () => {
    const missing = filesUnder(join(ROOT, 'src')).filter((file) => !rows.has(file));
    expect(missing).toEqual([]);
  });

  it('names at least one existing test file per row, and only existing ones', () => {
    for (const [module, tests] of rows) {
      expect(existsSync(join(ROOT, module)), `${module} exists`).toBe(true);
      expect(tests.length, module).toBeGreaterThan(0);
      for (const test of tests) expect(existsSync(join(ROOT, test)), `${module} → ${test}`).toBe(true);
    }
  });
});
