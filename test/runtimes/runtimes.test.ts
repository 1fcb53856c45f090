/**
 * The runtime suite (suite.js) on every runtime the README names: Node, headless Chromium, Deno,
 * Bun and workerd — twice where WebAssembly is allowed (through the WebAssembly SHA-512 and
 * through the JavaScript fallback, WebAssembly removed), once on workerd, which refuses to compile
 * WebAssembly at run time. The suite is bundled with the built package (dist/index.js, which
 * `npm test` builds) into one ES module per mode. Deno, Bun and workerd come from their npm
 * packages (devDependencies); Chromium from CHROMIUM_PATH or `chromium` on the PATH. A missing
 * runtime is skipped with its reason here; CI fails on any skipped test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'otpkit-runtimes-'));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
type Mode = 'wasm' | 'fallback';
interface SuiteResult {
  wasm: boolean;
  checks: { name: string; ok: boolean; got?: unknown }[];
}

/** A runtime's version line, or `undefined` when it cannot be run here. */
function versionOf(command: string, args: string[] = ['--version']): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  return result.status === 0 ? (result.stdout || result.stderr).trim().split('\n')[0] : undefined;
}
const chromiumPath =
  process.env.CHROMIUM_PATH ??
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((d) => join(d, 'chromium'))
    .find((file) => existsSync(file));
const runtimes = {
  deno: versionOf(bin('deno')),
  bun: versionOf(bin('bun')),
  workerd: versionOf(bin('workerd')),
  chromium: chromiumPath === undefined ? undefined : versionOf(chromiumPath),
};
for (const [name, version] of Object.entries(runtimes)) {
  if (version === undefined)
    console.warn(
      `runtimes: ${name} is not available here, its suite is skipped (npm ci installs deno, bun and workerd; apt-get install chromium or set CHROMIUM_PATH)`,
    );
}

const bundles: Record<Mode, string> = { wasm: '', fallback: '' };
beforeAll(async () => {
  for (const mode of ['wasm', 'fallback'] as const) {
    const result = await build({
      entryPoints: [join(root, 'test', 'runtimes', 'entry.js')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      define: { __OTPKIT_SUITE_MODE__: JSON.stringify(mode) },
      write: false,
      logLevel: 'silent',
    });
    bundles[mode] = result.outputFiles[0]?.text ?? '';
    writeFileSync(join(dir, `suite-${mode}.mjs`), bundles[mode]);
    writeFileSync(join(dir, `run-${mode}.mjs`), `import { suiteJSON } from './suite-${mode}.mjs';\nconsole.log(await suiteJSON());\n`);
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectAllPass(result: SuiteResult, wasm: boolean): void {
  expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  expect(result.checks.length).toBeGreaterThanOrEqual(14);
  expect(result.wasm).toBe(wasm);
}

/** Runs `command` on a run-<mode>.mjs file and reads the suite's JSON from its last line. */
function runFile(command: string, args: string[], mode: Mode): SuiteResult {
  const result = spawnSync(command, [...args, join(dir, `run-${mode}.mjs`)], { encoding: 'utf8', cwd: dir, timeout: 120_000 });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? 'null');
}

const cli: [string, string | undefined, string, string[]][] = [
  ['Node', process.version, process.execPath, []],
  ['Deno', runtimes.deno, bin('deno'), ['run', '--quiet', '--no-config', '--allow-read']],
  ['Bun', runtimes.bun, bin('bun'), []],
];
for (const [name, version, command, args] of cli) {
  describe.skipIf(version === undefined)(`${name} (${version ?? 'missing'})`, () => {
    it('passes the suite through WebAssembly', () => expectAllPass(runFile(command, args, 'wasm'), true), 120_000);
    it('passes the suite through the JavaScript fallback', () => expectAllPass(runFile(command, args, 'fallback'), false), 120_000);
  });
}

describe.skipIf(runtimes.workerd === undefined)(`workerd (${runtimes.workerd ?? 'missing'}), where WebAssembly is refused`, () => {
  it('passes the suite through the JavaScript fallback, as WebAssembly cannot compile there', () => {
    writeFileSync(
      join(dir, 'worker.mjs'),
      `import { suiteJSON } from './suite-wasm.mjs';
export default { async test() { console.log('SUITE ' + await suiteJSON()); } };\n`,
    );
    writeFileSync(
      join(dir, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.mjs"), (name = "./suite-wasm.mjs", esModule = embed "suite-wasm.mjs") ],
  compatibilityDate = "2025-01-01",
);\n`,
    );
    const result = spawnSync(bin('workerd'), ['test', join(dir, 'config.capnp'), '--verbose'], {
      encoding: 'utf8',
      cwd: dir,
      timeout: 120_000,
    });
    const output = result.stdout + result.stderr;
    const line = /SUITE (\{.*\})/.exec(output)?.[1];
    expect(line, output).toBeDefined();
    // Asked for WebAssembly (mode 'wasm'), workerd refuses to compile it: the fallback answers.
    expectAllPass(JSON.parse(line ?? 'null'), false);
    expect(result.status, output).toBe(0);
  }, 120_000);
});

describe.skipIf(runtimes.chromium === undefined)(`headless Chromium (${runtimes.chromium ?? 'missing'})`, () => {
  it('passes the suite through WebAssembly and through the fallback', async () => {
    const { chromium } = await import('playwright-core');
    const server = createServer((req, res) => {
      const mode = req.url === '/suite-fallback.mjs' ? 'fallback' : req.url === '/suite-wasm.mjs' ? 'wasm' : undefined;
      if (mode) res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundles[mode]);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>otpkit runtime suite</title>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: chromiumPath as string,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      for (const mode of ['wasm', 'fallback'] as const) {
        const page = await browser.newPage();
        await page.goto(origin);
        // A string, not a function: the test runner would rewrite a function's dynamic import().
        const json = await page.evaluate(`import('${origin}/suite-${mode}.mjs').then((m) => m.suiteJSON())`);
        expectAllPass(JSON.parse(json as string), mode === 'wasm');
        await page.close();
      }
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 120_000);
});
