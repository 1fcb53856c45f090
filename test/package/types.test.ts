/**
 * Types for every resolver (issue #15 item 2): a small consumer importing every subpath of the
 * packed tarball compiles with tsc under node10 (`module: commonjs`), node16 from ESM and from
 * CommonJS, and bundler resolution. The subpaths come from package.json's exports, so a new
 * entry point is covered (and must be mapped in typesVersions) without editing this file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const TSC = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const subpaths = Object.keys(pkg.exports)
  .filter((s) => s !== './package.json')
  .map((s) => (s === '.' ? 'otpkit' : `otpkit/${s.slice(2)}`));
const dir = mkdtempSync(join(tmpdir(), 'otpkit-types-'));

beforeAll(() => {
  // The real tarball, unpacked as npm would into node_modules/otpkit (scripts off: dist/ is built).
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root }).toString(),
  );
  const target = join(dir, 'node_modules', 'otpkit');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, pack.filename), '-C', target, '--strip-components=1']);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One import per subpath, each used in a type position so a missing declaration fails. */
const consumer = (style: 'import' | 'require') =>
  `${subpaths
    .map((s, i) =>
      style === 'import'
        ? `import * as m${i} from '${s}';\nexport type T${i} = keyof typeof m${i};\nexport const n${i}: number = Object.keys(m${i}).length;`
        : `import m${i} = require('${s}');\nexport type T${i} = keyof typeof m${i};\nexport const n${i}: number = Object.keys(m${i}).length;`,
    )
    .join('\n')}\nexport const code: string = m0.generateHOTP(new Uint8Array(20), 0);\n`;

const settings = [
  { name: 'node10 (module commonjs)', file: 'consumer.ts', style: 'import', options: { module: 'commonjs', moduleResolution: 'node10' } },
  { name: 'node16 from ESM', file: 'consumer.mts', style: 'import', options: { module: 'node16', moduleResolution: 'node16' } },
  { name: 'node16 from CommonJS', file: 'consumer.cts', style: 'require', options: { module: 'node16', moduleResolution: 'node16' } },
  { name: 'bundler', file: 'consumer.ts', style: 'import', options: { module: 'esnext', moduleResolution: 'bundler' } },
] as const;

describe(`a consumer of ${subpaths.length} entry points type-checks`, () => {
  it.each(settings)('under $name', ({ name, file, style, options }) => {
    const project = join(dir, name.replace(/\W+/g, '-'));
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, file), consumer(style));
    const tsconfig = {
      compilerOptions: {
        ...options,
        target: 'es2022',
        lib: ['es2022'],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        typeRoots: [],
      },
      files: [file],
    };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    // node_modules one level up, as in any project.
    const result = spawnSync(process.execPath, [TSC, '-p', project], { cwd: project, encoding: 'utf8' });
    expect(result.stdout + result.stderr, name).toBe('');
    expect(result.status).toBe(0);
  });
});
