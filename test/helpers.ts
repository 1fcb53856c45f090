/** Shared test helpers: fixture loading, byte conversions, external peers. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Reads a JSON fixture from test/fixtures/ (the repository's own copies of the RFC vectors and the
 * case files; test/fixtures.test.ts keeps them equal to the team's originals where those exist).
 */
export function fixtureJSON<T = any>(relative: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${relative}`, import.meta.url), 'utf8')) as T;
}

export const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
export const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** True when `command` runs (used to report interop suites as skipped where a peer is missing). */
export function hasCommand(command: string, args: string[] = ['--version']): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

export const PYTHON = '/usr/bin/python3';
export const hasOathtool = hasCommand('oathtool');
export const hasPyotp = existsSync(PYTHON) && hasCommand(PYTHON, ['-c', 'import pyotp']);

/** Runs oathtool once; returns its standard output, trimmed. Throws when oathtool fails. */
export function oathtool(args: readonly string[]): string {
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

/**
 * Runs many oathtool command lines in one `sh` process (one spawn from the test instead of one per
 * line, so a test stays within its timeout on a loaded machine); every argument is quoted. Returns
 * each command's output lines; a command that failed gives the line `FAILED`.
 */
export function oathtoolBatch(commands: readonly (readonly string[])[]): string[][] {
  const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
  const script = commands.map((args) => `oathtool ${args.map(quote).join(' ')} || echo FAILED; echo ---`).join('\n');
  return execFileSync('sh', ['-s'], { input: script, maxBuffer: 16 * 1024 * 1024 })
    .toString()
    .split('---\n')
    .slice(0, commands.length)
    .map((block) => block.trim().split('\n'));
}

/** The built command line's entry point. */
export const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

/**
 * Runs the built `otpkit` command (dist/cli.js, which `npm test` builds) as a real process, with
 * `input` on standard input; NO_COLOR is emptied so that no caller's setting changes the output.
 */
export function otpkit(args: readonly string[], input?: string) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '' },
    ...(input !== undefined && { input }),
  });
}

/** Runs pyotp over JSON input on stdin; returns its parsed JSON output. */
export function runPython<T>(script: string, input: unknown): T {
  const out = execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(input), maxBuffer: 64 << 20 });
  return JSON.parse(out.toString('utf8')) as T;
}

/** Deterministic PRNG (mulberry32) so that random interop cases are reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The error `run` throws, after checking that it is a `type`; when `run` returns instead, throws
 * `expected <type> for <what>` (failing the test).
 */
export function thrown<E extends Error>(type: abstract new (...args: never[]) => E, run: () => unknown, what?: string): E {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected ${type.name}${what === undefined ? '' : ` for ${what}`}`);
}

/** A case's test name: its id, then its `about` when the case file gives one. */
export function caseName(c: { id: string; about?: string }): string {
  return c.about ? `${c.id} — ${c.about}` : c.id;
}
