#!/usr/bin/env node
// Builds dist/ with tsup unless it is already current. Used by `prepare` (git installs, fresh
// clones), `prepack`, `pretest` and `build:quick` (the demos), so a second run costs nothing.
//   node .ci/build.mjs           full build (JavaScript + declarations), skipped when current
//   node .ci/build.mjs --quick   JavaScript only (no declarations): seconds, for the demos
//   node .ci/build.mjs --force   full build, always
// "Current": the last build of at least that kind (full satisfies quick) is newer than every
// file under src/ and the build's configuration. The stamp lives in node_modules/.cache, never
// in dist/, so it is not packed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = new Set(process.argv.slice(2));
const kind = args.has('--quick') ? 'quick' : 'full';
const stampFile = join(root, 'node_modules', '.cache', 'otpkit-build.json');
const inputs = ['src', 'tsup.config.ts', 'package.json', 'tsconfig.json'];

function newestInput() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of inputs) if (existsSync(join(root, input))) visit(join(root, input));
  return newest;
}

function isCurrent() {
  if (args.has('--force') || !existsSync(stampFile) || !existsSync(join(root, 'dist', 'cli.js'))) return false;
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  if (kind === 'full' && stamp.kind !== 'full') return false;
  if (kind === 'full' && !existsSync(join(root, 'dist', 'index.d.ts'))) return false;
  return stamp.startedMs > newestInput();
}

if (isCurrent()) process.exit(0);
const startedMs = Date.now();
const result = spawnSync(process.execPath, [join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js'), '--silent'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, OTPKIT_QUICK_BUILD: kind === 'quick' ? '1' : '0' },
});
if (result.status !== 0) process.exit(result.status ?? 1);
mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
writeFileSync(stampFile, JSON.stringify({ kind, startedMs }));
