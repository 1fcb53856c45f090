// Bundles the portal (TypeScript + Hono JSX) into dist/server.js with esbuild, in about 0.1 s.
// Packages stay external and are found in node_modules. `otpkit` is this repository: when the
// portal was installed on its own (`npm install` here, "otpkit": "file:../..") it resolves from
// node_modules; when run from the repository root (`npm run demo`), nothing is installed here,
// so `otpkit` and its subpaths are pointed at the root's freshly built dist/ — the same files
// `file:../..` would link.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outdir = join(here, 'dist');

let installed = false;
try {
  createRequire(join(here, 'package.json')).resolve('otpkit/package.json');
  installed = !existsSync(join(root, 'dist', 'index.js')) || existsSync(join(here, 'node_modules', 'otpkit'));
} catch {
  installed = false;
}

const otpkitFromRoot = {
  name: 'otpkit-from-root',
  setup(b) {
    b.onResolve({ filter: /^otpkit(\/[a-z]+)?$/ }, (args) => {
      const sub = args.path === 'otpkit' ? 'index' : args.path.slice('otpkit/'.length);
      const file = join(root, 'dist', `${sub}.js`);
      if (!existsSync(file)) return { errors: [{ text: `${args.path}: ${file} is missing; run the root build first` }] };
      return { path: `./${relative(outdir, file)}`, external: true };
    });
  },
};

await build({
  entryPoints: [join(here, 'src', 'main.tsx')],
  outfile: join(outdir, 'server.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  packages: 'external',
  plugins: installed ? [] : [otpkitFromRoot],
  logLevel: 'warning',
  sourcemap: true,
});
