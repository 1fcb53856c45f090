/**
 * The core in a real browser: src/index.ts bundled for the browser platform (a Node-only import
 * would fail the bundle), served on 127.0.0.1, run in Debian's headless Chromium through
 * playwright-core. Checks RFC 4226/6238 vectors and crypto.getRandomValues-based keys there,
 * and HMAC-SHA-512 both through WebAssembly and, on a page whose Content-Security-Policy refuses
 * WebAssembly compilation (no 'wasm-unsafe-eval'), through the JavaScript fallback.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn('browser: /usr/bin/chromium not found, the browser suite is skipped (apt-get install chromium)');

describe.skipIf(!hasChromium)('core in headless Chromium', () => {
  let server: Server;
  let browser: Browser;
  let origin = '';

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [new URL('../../src/index.ts', import.meta.url).pathname],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const code = bundle.outputFiles[0]?.text ?? '';
    server = createServer((req, res) => {
      if (req.url === '/otpkit.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
      else if (req.url === '/strict-csp') {
        res
          .writeHead(200, { 'content-type': 'text/html', 'content-security-policy': "script-src 'self'" })
          .end('<!doctype html><title>otpkit, strict CSP</title>');
      } else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>otpkit</title>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('computes the RFC vectors and makes keys with the browser CSPRNG', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    // A string, not a function: the test runner would rewrite a function's dynamic import().
    const result = await page.evaluate(`(async () => {
      const o = await import('${origin}/otpkit.js');
      const seed = new TextEncoder().encode('12345678901234567890');
      const key = o.generateKey();
      return {
        hotp: [0, 1, 9].map((c) => o.generateHOTP(seed, c)),
        totp: o.generateTOTP(seed, { time: 59, digits: 8 }),
        verify: o.verifyTOTP(seed, '005924', { time: 1234567890 }),
        keyLength: key.length,
        secret: o.encodeSecret(seed),
        hasProcess: typeof globalThis.process !== 'undefined',
      };
    })()`);
    // RFC 4226 Appendix D (C = 0, 1, 9) and RFC 6238 Appendix B (SHA1, t = 59).
    expect(result).toEqual({
      hotp: ['755224', '287082', '520489'],
      totp: '94287082',
      verify: { valid: true, timeStep: 41152263, delta: 0 },
      keyLength: 20,
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      hasProcess: false,
    });
  });

  // RFC 6238 Appendix B, SHA512, t = 59: the 64-byte seed is "1234567890" repeated to 64 bytes.
  const sha512Script = (base: string) => `(async () => {
    let canCompile;
    try {
      new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
      canCompile = true;
    } catch {
      canCompile = false;
    }
    const o = await import('${base}/otpkit.js');
    const seed = new TextEncoder().encode('1234567890'.repeat(7).slice(0, 64));
    return {
      canCompile,
      totp: o.generateTOTP(seed, { time: 59, digits: 8, algorithm: 'SHA512' }),
      prepared: o.generateTOTP(o.prepareKey(seed, { algorithm: 'SHA512' }), { time: 59, digits: 8 }),
    };
  })()`;

  it('computes the RFC 6238 SHA512 vector through WebAssembly', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    expect(await page.evaluate(sha512Script(origin))).toEqual({ canCompile: true, totp: '90693936', prepared: '90693936' });
  });

  it('computes it through the JavaScript fallback where the CSP refuses WebAssembly', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/strict-csp`);
    expect(await page.evaluate(sha512Script(origin))).toEqual({ canCompile: false, totp: '90693936', prepared: '90693936' });
  });
});
