/**
 * The physical limit: how many SHA-1 compressions per second otpkit's own block function
 * (src/internal/sha1-block.ts, bundled here by esbuild exactly as tsup bundles it) runs on one
 * core. A ±1-step verification with precomputed HMAC states needs 6 of them (2 per step), so
 * compressions/s ÷ 6 is the most verifications/s any JavaScript on top of it could reach.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { now } from './measure.mjs';

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
      sha1Block(w, SHA1_IV, 0, out, 0);
    }
    rates.push(blocks / ((now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { compressionsPerSecond: rates[rates.length - 1], median: rates[rates.length >> 1] };
}
