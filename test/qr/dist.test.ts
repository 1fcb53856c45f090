/**
 * The built otpkit/qr (dist/qr.js and dist/qr.cjs; `npm test` builds dist/ first) loads qrcode,
 * a CommonJS package, from both module systems and draws a code zbarimg reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCommand } from '../helpers.js';

type QR = typeof import('../../src/adapters/qr.js');
const uri =
  'otpauth://totp/Any%20Company:contact%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Any%20Company&algorithm=SHA1&digits=6&period=30';
const hasZbarimg = hasCommand('zbarimg', ['--version']);

describe.each([
  ['ESM', async () => (await import('../../dist/qr.js' as string)) as QR],
  ['CommonJS', async () => createRequire(import.meta.url)('../../dist/qr.cjs') as QR],
])('dist otpkit/qr as %s', (_name, load) => {
  it('exports the renderers and draws a PNG', async () => {
    const qr = await load();
    expect(Object.keys(qr).sort()).toEqual(['QR_BYTE_CAPACITY', 'renderPNG', 'renderPNGDataURL', 'renderSVG', 'renderTerminal']);
    const png = await qr.renderPNG(uri);
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    expect((await qr.renderSVG(uri)).startsWith('<svg')).toBe(true);
    expect(qr.renderTerminal(uri, { ansi: false })).toContain('█');
    if (hasZbarimg) {
      const dir = mkdtempSync(join(tmpdir(), 'otpkit-qr-dist-'));
      try {
        writeFileSync(join(dir, 'code.png'), png);
        const read = spawnSync('zbarimg', ['--raw', '-q', '-Sbinary', join(dir, 'code.png')]);
        expect(read.stdout.toString('latin1')).toBe(uri);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
