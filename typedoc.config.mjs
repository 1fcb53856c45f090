// TypeDoc over every entry point of the package (`npm run docs` → docs/api/, generated, not
// committed; CI builds it with validation on, so an undocumented export or a broken {@link}
// fails the run). Entry points come from package.json's `exports`, so a new subpath is
// documented without editing this file: `./name` is src/name/index.ts, src/name.ts or
// src/<layer>/name.ts (the first that exists, in that order).
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

function sourceOf(subpath) {
  if (subpath === '.') return 'src/index.ts';
  const name = subpath.slice(2);
  const layers = readdirSync('src', { withFileTypes: true }).filter((d) => d.isDirectory());
  const candidates = [`src/${name}/index.ts`, `src/${name}.ts`, ...layers.map((d) => `src/${d.name}/${name}.ts`)].filter(existsSync);
  // The first match wins, in this order: a folder's index, a top-level entry file, a layer's file.
  if (candidates.length === 0) throw new Error(`typedoc: export ${subpath} maps to no source file`);
  return candidates[0];
}

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPoints: Object.keys(pkg.exports)
    .filter((subpath) => subpath !== './package.json')
    .map(sourceOf),
  out: 'docs/api',
  name: `otpkit ${pkg.version}`,
  readme: 'none',
  excludeInternal: true,
  excludePrivate: true,
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  // Every exported name needs a docstring; members of documented types are described there.
  requiredToBeDocumented: ['Module', 'Namespace', 'Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
  githubPages: false,
  hideGenerator: true,
};
