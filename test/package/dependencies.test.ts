/**
 * Hygiene (#10.9): the runtime dependencies are exactly the packages the built files import.
 * Every bare `import … from`, `import()`, `export … from` and `require()` in dist/*.js and
 * dist/*.cjs is collected; node builtins are left out and the optional peers must be declared as
 * peers. `npm ls --omit=dev` must then list only those packages (and no test reference such as
 * `base32-decode`, which only the tests use).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const dist = new URL('dist/', root);
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** The package a bare specifier names: `@scope/name` or `name` (subpaths dropped). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

/** Bare specifiers imported or required by one built file. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/g,
    // (not the word inside a string, as in `onlyOptions(values, 'import', [])`)
    /(?<![\w$'"`.])import\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1] as string);
  return found.filter((s) => !s.startsWith('.') && !s.startsWith('/') && !BUILTINS.has(s) && !BUILTINS.has(packageOf(s)));
}

describe.skipIf(!existsSync(dist))('runtime dependencies', () => {
  const files = existsSync(dist) ? readdirSync(dist).filter((f) => /\.(js|cjs)$/.test(f)) : [];
  const imported = new Set(files.flatMap((f) => specifiers(readFileSync(new URL(f, dist), 'utf8')).map(packageOf)));
  const peers = new Set(Object.keys(pkg.peerDependencies ?? {}));

  it('the scanner sees what it should (a check that can fail)', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(specifiers(`import a from "x/y"; const b = require('@s/p/q'); export { c } from 'z'; import("w"); import 'v'`)).toEqual([
      'x/y',
      'z',
      'v',
      'w',
      '@s/p/q',
    ]);
    expect(specifiers(`import fs from 'node:fs'; require("crypto"); import x from './chunk.js'`)).toEqual([]);
  });

  it('package.json dependencies equal the non-peer packages dist/ imports', () => {
    const runtime = [...imported].filter((name) => !peers.has(name)).sort();
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(runtime);
  });

  it('every peer dist/ imports is an optional peer dependency', () => {
    for (const name of [...imported].filter((n) => peers.has(n))) {
      expect(pkg.peerDependencies?.[name], name).toBeDefined();
    }
  });

  it('npm ls --omit=dev lists only what dist/ imports (base32-decode is a dev dependency)', () => {
    const out = execFileSync('npm', ['ls', '--omit=dev', '--depth=0', '--json'], { cwd: root, encoding: 'utf8' });
    const listed = Object.keys((JSON.parse(out) as { dependencies?: Record<string, unknown> }).dependencies ?? {}).filter(
      (name) => !peers.has(name),
    );
    expect(listed.sort()).toEqual([...imported].filter((name) => !peers.has(name)).sort());
    expect(listed).not.toContain('base32-decode');
  });
});
