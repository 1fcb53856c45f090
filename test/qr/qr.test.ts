/**
 * otpkit/qr read back by a real QR decoder, zbarimg (Debian zbar-tools): PNG bytes, PNG data URLs,
 * terminal text (redrawn as a PBM bitmap, the way a phone sees the terminal) and SVG (drawn by
 * headless Chromium) must decode to the key URI byte for byte. Also option checks, the length
 * limits and the rule that the core never imports the adapter.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { QR_BYTE_CAPACITY, renderPNG, renderPNGDataURL, renderSVG, renderTerminal } from '../../src/adapters/qr.js';
import { InvalidKeyURIError } from '../../src/core/errors.js';
import { buildKeyURI } from '../../src/core/key-uri.js';
import { fixtureJSON, hasCommand, seededRandom } from '../helpers.js';

const hasZbarimg = hasCommand('zbarimg', ['--version']);
if (!hasZbarimg) console.warn('zbarimg (Debian zbar-tools) is missing: QR read-back tests are skipped');
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn('/usr/bin/chromium is missing: the SVG read-back test is skipped');

const dir = mkdtempSync(join(tmpdir(), 'otpkit-qr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;

/** Decodes an image file's bytes with zbarimg; returns its raw output bytes. */
function zbar(bytes: Uint8Array | string, extension: string): Buffer {
  const file = join(dir, `${fileCount++}.${extension}`);
  writeFileSync(file, bytes);
  const result = spawnSync('zbarimg', ['--raw', '-q', '-Sbinary', file]);
  expect(result.status, `zbarimg exit status for ${file}`).toBe(0);
  return result.stdout;
}

/** With -Sbinary, zbarimg --raw writes the payload bytes exactly (no charset guess, no newline). */
function expectDecodes(output: Buffer, uri: string): void {
  expect(output.equals(Buffer.from(uri, 'utf8')), `zbarimg read ${JSON.stringify(output.toString('latin1'))}`).toBe(true);
}

/** Terminal text → a PBM bitmap of what the screen shows (1 = dark), `scale` pixels a module. */
function terminalToPBM(text: string, darkIsInk: boolean, scale = 4): string {
  const rows: boolean[][] = [];
  for (const line of text.replace(/\u001b\[[0-9;]*m/g, '').split('\n')) {
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    for (const ch of line) {
      const [t, b] =
        ch === '█' ? [true, true] : ch === '▀' ? [true, false] : ch === '▄' ? [false, true] : ch === ' ' ? [false, false] : [null, null];
      if (t === null || b === null) throw new Error(`unexpected character ${JSON.stringify(ch)} in terminal output`);
      top.push(darkIsInk ? t : !t);
      bottom.push(darkIsInk ? b : !b);
    }
    rows.push(top, bottom);
  }
  const width = (rows[0]?.length ?? 0) * scale;
  const out = [`P1`, `${width} ${rows.length * scale}`];
  for (const row of rows) {
    const line = row.map((dark) => (dark ? '1' : '0').repeat(scale)).join('');
    for (let i = 0; i < scale; i++) out.push(line);
  }
  return `${out.join('\n')}\n`;
}

/** Random key URIs from a fixed seed, with non-ASCII and delimiter-laden names. */
function randomURIs(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const alphabet = [...'abcdefXYZ0189 .-_@+:&=?#%/', 'é', 'ñ', 'ü', 'Ω', 'Ж', '東', '京', 'の', '한', '😀', '🔐', '\u00a0'];
  const name = (min: number, max: number) =>
    Array.from({ length: min + int(max - min + 1) }, () => alphabet[int(alphabet.length)])
      .join('')
      .replace(/^ +/, 'x');
  return Array.from({ length: count }, (_, i) => {
    const key = Uint8Array.from({ length: 16 + int(49) }, () => int(256));
    return i % 5 === 4
      ? buildKeyURI({ type: 'hotp', key, issuer: name(1, 24), accountName: name(1, 40), counter: int(2 ** 40) })
      : buildKeyURI({ key, issuer: name(1, 24), accountName: name(1, 40) });
  });
}

type ErrorCorrectionLevel = keyof typeof QR_BYTE_CAPACITY;
const LEVELS: ErrorCorrectionLevel[] = ['L', 'M', 'Q', 'H'];

describe.skipIf(!hasZbarimg)('QR codes read back by zbarimg', () => {
  it('qr-decodes-to-uri (key-uri.json): the case URI, byte for byte', async () => {
    const c = fixtureJSON<{ cases: { id: string; given: { build: Parameters<typeof buildKeyURI>[0] } }[] }>(
      'cases/key-uri.json',
    ).cases.find((x) => x.id === 'qr-decodes-to-uri');
    if (!c) throw new Error('case qr-decodes-to-uri missing');
    const uri = buildKeyURI(c.given.build);
    expect(uri).toBe(
      'otpauth://totp/Any%20Company:contact%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Any%20Company&algorithm=SHA1&digits=6&period=30',
    );
    expectDecodes(zbar(await renderPNG(uri), 'png'), uri);
  });

  it('PNG: 24 random URIs with non-ASCII names, every error-correction level and several module sizes', async () => {
    const uris = randomURIs(24, 18004);
    expect(uris.some((u) => /%E[0-9A-F]%[89AB]/.test(u))).toBe(true); // 3-byte UTF-8 (CJK) present
    expect(uris.some((u) => u.includes('%F0%9F'))).toBe(true); // 4-byte UTF-8 (emoji) present
    for (const [i, uri] of uris.entries()) {
      const png = await renderPNG(uri, { errorCorrectionLevel: LEVELS[i % 4] as ErrorCorrectionLevel, moduleSize: 3 + (i % 4) });
      expectDecodes(zbar(png, 'png'), uri);
    }
  });

  it('a URI that zbar misread when qrcode split it into byte and alphanumeric segments', async () => {
    // Found by the CLI test: with qrcode's automatic segments, zbarimg read this URI with "A.5A"
    // appended. One byte-mode segment decodes exactly, in PNG and in terminal text.
    const uri =
      'otpauth://totp/Any%20Company:contact%40example.com?secret=EPZWVFMX7B7HUAZ7UDQEWWSM23SEGNOU&issuer=Any%20Company&algorithm=SHA1&digits=6&period=30';
    for (const level of LEVELS) expectDecodes(zbar(await renderPNG(uri, { errorCorrectionLevel: level }), 'png'), uri);
    expectDecodes(zbar(terminalToPBM(renderTerminal(uri, { ansi: false }), true), 'pbm'), uri);
  });

  it('PNG data URL decodes too', async () => {
    for (const uri of randomURIs(3, 6238)) {
      const url = await renderPNGDataURL(uri);
      expect(url.startsWith('data:image/png;base64,')).toBe(true);
      expectDecodes(zbar(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64'), 'png'), uri);
    }
  });

  it('terminal text: ANSI black on white, plain, and plain inverted for dark backgrounds', () => {
    for (const [i, uri] of randomURIs(6, 4226).entries()) {
      const level = LEVELS[i % 4] as ErrorCorrectionLevel;
      const ansi = renderTerminal(uri, { errorCorrectionLevel: level });
      expect(ansi.startsWith('\u001b[30;47m')).toBe(true);
      expectDecodes(zbar(terminalToPBM(ansi, true), 'pbm'), uri);
      expectDecodes(zbar(terminalToPBM(renderTerminal(uri, { ansi: false, errorCorrectionLevel: level }), true), 'pbm'), uri);
      // Inverted: the glyphs are the light modules; the screen shows them light on dark.
      expectDecodes(
        zbar(terminalToPBM(renderTerminal(uri, { ansi: false, invert: true, errorCorrectionLevel: level }), false), 'pbm'),
        uri,
      );
    }
  });

  describe.skipIf(!hasChromium)('SVG', () => {
    it('drawn by headless Chromium, decodes', async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
      try {
        const page = await browser.newPage();
        for (const uri of randomURIs(3, 2104)) {
          const svg = await renderSVG(uri, { moduleSize: 4 });
          expect(svg.startsWith('<svg')).toBe(true);
          await page.setContent(`<!doctype html><body style="margin:0;background:#fff">${svg}</body>`);
          const png = await page.locator('svg').screenshot();
          expectDecodes(zbar(png, 'png'), uri);
        }
      } finally {
        await browser.close();
      }
    });
  });
});

describe('QR rendering: sizes and options', () => {
  const uri = buildKeyURI({ secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', issuer: 'ACME Co', accountName: 'alice@example.com' });

  /** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
  const pngSize = (png: Uint8Array) => {
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    return [view.getUint32(16), view.getUint32(20)];
  };

  it('PNG: signature, and (17 + 4·version + 2·margin)·moduleSize pixels square', async () => {
    for (const [moduleSize, margin] of [
      [8, 4],
      [3, 0],
      [5, 16],
    ] as const) {
      const png = await renderPNG(uri, { moduleSize, margin });
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const [width, height] = pngSize(png) as [number, number];
      expect(width).toBe(height);
      expect(width % moduleSize).toBe(0);
      const modules = width / moduleSize - 2 * margin;
      expect(modules >= 21 && (modules - 17) % 4 === 0).toBe(true);
    }
  });

  it('a higher error-correction level never makes a smaller code', async () => {
    const widths = await Promise.all(
      LEVELS.map(
        async (errorCorrectionLevel) => pngSize(await renderPNG(uri, { errorCorrectionLevel, moduleSize: 1, margin: 0 }))[0] as number,
      ),
    );
    expect(widths).toEqual([...widths].sort((a, b) => a - b));
    expect((widths[3] as number) > (widths[0] as number)).toBe(true);
  });

  it('terminal: lines (modules + 2·margin) wide, ceil(rows / 2) tall', () => {
    const plain = renderTerminal(uri, { ansi: false, margin: 2 });
    const lines = plain.split('\n');
    const width = [...(lines[0] as string)].length;
    for (const line of lines) expect([...line].length).toBe(width);
    expect(lines.length).toBe(Math.ceil(width / 2));
    expect(lines[0]).toBe(' '.repeat(width)); // first row pair is all quiet zone
    expect(plain.endsWith('\n')).toBe(false);
  });

  it('SVG: width and height = (modules + 2·margin)·moduleSize, black on white', async () => {
    const svg = await renderSVG(uri, { moduleSize: 10, margin: 4 });
    const viewBox = /viewBox="0 0 (\d+) \1"/.exec(svg);
    expect(viewBox).not.toBeNull();
    const side = Number(viewBox?.[1]);
    expect(svg).toContain(`width="${side * 10}" height="${side * 10}"`);
    expect(svg).toContain('fill="#ffffff"');
    expect(svg).toContain('stroke="#000000"');
  });

  it('refuses a URI too long for the level with a RangeError naming the limit; a lower level fits it', async () => {
    const long = buildKeyURI({ secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', issuer: 'ACME', accountName: 'a'.repeat(2400) });
    expect(long.length).toBeGreaterThan(QR_BYTE_CAPACITY.M);
    expect(long.length).toBeLessThan(QR_BYTE_CAPACITY.L);
    expect(() => renderTerminal(long)).toThrow(/at error-correction level M holds at most 2331/);
    await expect(renderPNG(long, { errorCorrectionLevel: 'H' })).rejects.toThrow(RangeError);
    await expect(renderSVG(long)).rejects.toThrow(RangeError);
    expect(renderTerminal(long, { errorCorrectionLevel: 'L', ansi: false }).length).toBeGreaterThan(0);
  });

  it('refuses what is not a valid key URI with InvalidKeyURIError, never drawing it', async () => {
    for (const bad of [
      'https://example.com',
      'otpauth://totp/A:b?secret=QHNATAPGLOMF8XZ2',
      'otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ&secret=GEZDGNBVGY3TQOJQ',
    ]) {
      expect(() => renderTerminal(bad)).toThrow(InvalidKeyURIError);
      await expect(renderPNG(bad)).rejects.toThrow(InvalidKeyURIError);
      await expect(renderSVG(bad)).rejects.toThrow(InvalidKeyURIError);
      await expect(renderPNGDataURL(bad)).rejects.toThrow(InvalidKeyURIError);
    }
  });

  it.each<[string, unknown, unknown, typeof TypeError | typeof RangeError]>([
    ['uri not a string', 42, undefined, TypeError],
    ['options not an object', uri, 'M', TypeError],
    ['level "X"', uri, { errorCorrectionLevel: 'X' }, RangeError],
    ['level lower case', uri, { errorCorrectionLevel: 'm' }, RangeError],
    ['margin -1', uri, { margin: -1 }, RangeError],
    ['margin 17', uri, { margin: 17 }, RangeError],
    ['margin 1.5', uri, { margin: 1.5 }, RangeError],
    ['margin "4"', uri, { margin: '4' }, TypeError],
    ['moduleSize 0', uri, { moduleSize: 0 }, RangeError],
    ['moduleSize 65', uri, { moduleSize: 65 }, RangeError],
    ['moduleSize NaN', uri, { moduleSize: NaN }, RangeError],
  ])('image renderers throw for %s', async (_name, input, options, kind) => {
    await expect(renderPNG(input as string, options as object)).rejects.toThrow(kind);
    await expect(renderSVG(input as string, options as object)).rejects.toThrow(kind);
  });

  it('terminal renderer checks its options synchronously', () => {
    expect(() => renderTerminal(uri, { ansi: 'yes' as unknown as boolean })).toThrow(TypeError);
    expect(() => renderTerminal(uri, { invert: 1 as unknown as boolean })).toThrow(TypeError);
    expect(() => renderTerminal(uri, { margin: 20 })).toThrow(RangeError);
  });
});

describe('layering', () => {
  it('no core, verification or internal file imports an adapter or a QR library', () => {
    const src = new URL('../../src/', import.meta.url).pathname;
    const core = ['core', 'verify', 'internal'].flatMap((dir) =>
      readdirSync(join(src, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(src, dir, f)),
    );
    expect(core).toContain(join(src, 'core', 'key-uri.ts'));
    for (const file of core) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from ['"](?:(?:\.\.?\/)+adapters\/|qrcode|uqr)/);
    }
  });
});
