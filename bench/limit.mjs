/**
 * The physical limit: how many SHA-1 compressions per second otpkit's own block function
 * (src/internal/sha1-block.ts, bundled here by esbuild exactly as tsup bundles it) runs on one
 * core. A ±1-step verification with precomputed HMAC states needs 6 of them (2 per step), so
 * compressions/s ÷ 6 is the most verifications/s any JavaScript on top of it could reach.
 * Also the native limit: OpenSSL's SHA-1 per compression, for the share otpkit's JavaScript
 * block reaches. Both are medians of rounds, like every rate in the bench.
 */

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { median, now } from './measure.mjs';

export async function measureCompressions({ rounds = 7, blocks = 2_000_000 } = {}) {
  const result = await build({
    entryPoints: [new URL('../src/internal/sha1-block.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'node20',
    write: false,
  });
  const dir = mkdtempSync(join(tmpdir(), 'otpkit-limit-'));
  const file = join(dir, 'sha1-block.mjs');
  writeFileSync(file, result.outputFiles[0].text);
  const { sha1Block, SHA1_IV } = await import(pathToFileURL(file).href);
  rmSync(dir, { recursive: true, force: true });

  // The HOTP inner block's layout: counter, 0x80 padding, zeros, bit length (64 + 8) · 8.
  const w = new Int32Array(16);
  w[2] = 0x80000000 | 0;
  w[15] = 576;
  const out = new Int32Array(5);
  const rates = [];
  for (let r = 0; r < rounds; r++) {
    const start = now();
    for (let i = 0; i < blocks; i++) {
      w[1] = i;
      sha1Block(w, 0, SHA1_IV, 0, out, 0);
    }
    rates.push(blocks / ((now() - start) / 1000));
  }
  return { median: median(rates), rounds: rates };
}

/**
 * The native limit: OpenSSL's SHA-1 through node:crypto (SHA-NI or AVX2 where the CPU has them)
 * on 4 MiB messages, so the per-call overhead vanishes; 64 bytes = one compression. Median of
 * `rounds`, the same statistic as every rate in the bench.
 */
export function measureNativeSha1({ rounds = 7, bytes = 4 * 2 ** 20, repeats = 8 } = {}) {
  const message = Buffer.alloc(bytes, 0x5a);
  const rates = [];
  for (let r = 0; r < rounds; r++) {
    const start = now();
    for (let i = 0; i < repeats; i++) createHash('sha1').update(message).digest();
    rates.push((repeats * bytes) / 64 / ((now() - start) / 1000));
  }
  return { median: median(rates), rounds: rates };
}
