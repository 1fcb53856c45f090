/**
 * Runs the example portal (examples/portal) as `npm run demo` does — the bundle built from the
 * root's dist/, a child process on 127.0.0.1 — and the outside tools a real user would have: a
 * QR scanner (`zbarimg`) and an authenticator (`oathtool`). otpkit is never used to make codes.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { oathtool } from '../helpers.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const TMP = join(ROOT, '.tmp', 'portal');

function which(command: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Chromium: CHROMIUM_PATH, else `chromium` on PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH || which('chromium');
export const MISSING = [
  CHROMIUM ? null : 'chromium (set CHROMIUM_PATH or apt-get install chromium)',
  which('zbarimg') ? null : 'zbarimg (apt-get install zbar-tools)',
  which('oathtool') ? null : 'oathtool (apt-get install oathtool)',
  existsSync(join(ROOT, 'dist', 'index.js')) ? null : 'dist/ (run npm run build first)',
].filter((x): x is string => x !== null);
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export interface Portal {
  origin: string;
  output: () => string;
  stop(): Promise<void>;
}

let built = false;
/** Bundles the portal once per test process (esbuild, about 0.1 s of CPU). */
export function buildPortal(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, 'examples', 'portal', 'build.mjs')], { stdio: 'inherit' });
  built = true;
}

/** Starts the portal on a free port with the given environment; resolves once it prints its URL. */
export async function startPortal(env: Record<string, string>): Promise<Portal> {
  buildPortal();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'examples', 'portal', 'dist', 'server.js')], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`portal did not start in 150 s:\n${out}`)), 150_000);
    const check = () => {
      const match = /otpkit portal: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`portal exited with ${code}:\n${out}`));
    });
  });
  return {
    origin,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const dataDirs: string[] = [];
/** A fresh data directory under .tmp/portal (PGlite's files, the vault's key file). */
export function freshDataDir(name: string): string {
  const dir = join(TMP, `data-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  dataDirs.push(dir);
  return dir;
}

/** Removes the data directories this process made. */
export function removeDataDirs(): void {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Decodes the QR code in a PNG file with zbarimg, as a phone's camera would. */
export function scanQR(png: string): string {
  return execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' }).trim();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The current TOTP code of `secret` (base32) from oathtool, computed right before it is typed: if
 * the 30 s step ends in less than `margin` seconds, or the step is not after `after` (the step of
 * a code already used), wait for the next step first.
 */
export async function totp(secret: string, after = -1, margin = 4): Promise<{ code: string; step: number }> {
  for (;;) {
    const now = Date.now() / 1000;
    const step = Math.floor(now / 30);
    const left = 30 - (now % 30);
    if (left >= margin && step > after) {
      const code = oathtool(['--totp', '-b', secret]);
      // oathtool read the clock a moment later: make sure it was still the same step.
      if (Math.floor(Date.now() / 1000 / 30) === step) return { code, step };
    }
    await sleep((left + 0.3) * 1000);
  }
}

/** A 6-digit code that is certainly wrong: none of the codes the ±1-step window would accept. */
export function wrongCode(secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const near = new Set([-60, -30, 0, 30, 60].map((d) => oathtool(['--totp', '-b', '-N', `@${now + d}`, secret])));
  for (let n = 0; ; n++) {
    const candidate = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}
