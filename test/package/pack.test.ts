/**
 * The tarball `npm pack` makes (issue #15 item 1): what ships, what does not, and how big it is.
 * Reads `npm pack --dry-run --json` (scripts off: `npm test` has just built dist/) and the built
 * files it lists. The budgets are decisions: raise them in a reviewed change, not to make CI pass.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root }).toString());
const files: string[] = pack.files.map((f: { path: string }) => f.path);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** Every file an `exports` condition, `main`, `module`, `types`, `bin` or `typesVersions` names. */
function namedFiles(): string[] {
  const out = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
  };
  walk([pkg.exports, pkg.main, pkg.module, pkg.types, pkg.bin, pkg.typesVersions]);
  return [...out];
}

// Budgets, measured 2026-11-29 at 212 KB packed / 818 KB unpacked / 53 files, with room for the
// 0.2.0 additions (errors subpath, key URI import, credential vault).
const MAX_PACKED_BYTES = 400_000;
const MAX_UNPACKED_BYTES = 1_600_000;
const MAX_FILES = 100;

describe('npm pack', () => {
  it('ships every file package.json names, the SQL, README, CHANGELOG and LICENSE', () => {
    for (const file of namedFiles()) expect(files, file).toContain(file);
    for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE', 'package.json', 'sql/otpkit-postgres.sql']) expect(files).toContain(file);
  });

  it('ships no sources, tests, benchmarks, source maps or build stamps', () => {
    const stray = files.filter(
      (f) => !/^(dist\/[^/]+\.(js|cjs|d\.ts|d\.cts)|sql\/[^/]+\.sql|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/.test(f),
    );
    expect(stray).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it(`stays within its size budget (${MAX_PACKED_BYTES} B packed, ${MAX_UNPACKED_BYTES} B unpacked, ${MAX_FILES} files)`, () => {
    expect(pack.size).toBeLessThanOrEqual(MAX_PACKED_BYTES);
    expect(pack.unpackedSize).toBeLessThanOrEqual(MAX_UNPACKED_BYTES);
    expect(pack.entryCount).toBeLessThanOrEqual(MAX_FILES);
  });

  it("holds no path of the machine that built it (the builder's folder, home, /tmp)", () => {
    const here = new URL('.', root).pathname.replace(/\/$/, '');
    for (const file of files.filter((f) => f.startsWith('dist/'))) {
      const text = read(file);
      expect(text.includes(here), file).toBe(false);
      expect(/\/(home|root|tmp|Users)\/[\w.-]+\//.test(text), file).toBe(false);
    }
  });

  it('keeps the node: prefix of every Node built-in, as src/ writes it', () => {
    const builtins = ['fs', 'util', 'crypto', 'readline', 'path', 'os', 'child_process', 'net', 'http', 'events', 'stream', 'module'];
    const bare = new RegExp(`(from\\s*|require\\(|import\\()\\s*["'](${builtins.join('|')})["']`);
    for (const file of files.filter((f) => /^dist\/.*\.(js|cjs)$/.test(f))) expect(bare.exec(read(file))?.[0], file).toBeUndefined();
    expect(read('dist/cli.js')).toMatch(/from\s*["']node:util["']/);
  });

  it('has the metadata the npm page shows: repository, homepage, bugs, author, license', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/otpkit/otpkit.git' });
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/otpkit\/otpkit/);
    expect(pkg.bugs.url).toBe('https://github.com/otpkit/otpkit/issues');
    expect(pkg.author).toBeTruthy();
    expect(pkg.license).toBe('MIT');
  });

  it('builds itself when packed or installed from git (prepack, prepare)', () => {
    expect(pkg.scripts.prepack).toMatch(/\.ci\/build\.mjs/);
    expect(pkg.scripts.prepare).toMatch(/\.ci\/build\.mjs/);
  });

  it('maps every subpath in typesVersions, so node10 resolution finds its types', () => {
    const subpaths = Object.keys(pkg.exports).filter((s) => s !== '.' && s !== './package.json');
    expect(Object.keys(pkg.typesVersions['*']).sort()).toEqual(subpaths.map((s) => s.slice(2)).sort());
    for (const s of subpaths) expect(pkg.typesVersions['*'][s.slice(2)]).toEqual([pkg.exports[s].require.types]);
  });

  it('README links work on the npm page: absolute, or anchors; repository links name files that exist', () => {
    const readme = read('README.md');
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      expect(/^(https:\/\/|#)/.test(link), link).toBe(true);
      const file = /^https:\/\/github\.com\/otpkit\/otpkit\/blob\/main\/([^#]+)/.exec(link)?.[1];
      if (file !== undefined) expect(() => read(file), link).not.toThrow();
    }
  });
});
