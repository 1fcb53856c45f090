// `npm run demo` from the repository root: builds otpkit when its dist/ is older than its sources
// (JavaScript only, no type declarations: the portal needs none), bundles the portal, and starts
// it in this process. Nothing is installed: the root's `npm ci` brought every package.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outputs = ['index', 'enrollment', 'permissions', 'postgres', 'redis', 'qr'].map((name) => join(root, 'dist', `${name}.js`));

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = outputs.every((file) => existsSync(file)) ? Math.min(...outputs.map((file) => statSync(file).mtimeMs)) : 0;
const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'tsup.config.ts')), newest(join(root, 'package.json')));
if (built < sources) {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  console.log('Building otpkit (dist/ is older than src/)…');
  const result = scripts['build:quick']
    ? spawnSync('npm', ['run', '--silent', 'build:quick'], { cwd: root, stdio: 'inherit' })
    : spawnSync(join(root, 'node_modules', '.bin', 'tsup'), ['--silent', '--no-dts'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import('./build.mjs');
await import('./dist/server.js');
