/**
 * `otpkit/qr`: draws an `otpauth://` key URI (Key URI Format) as a QR code (ISO/IEC 18004) for an
 * authenticator app to scan: SVG, PNG bytes, a PNG data URL, or text for a terminal.
 *
 * An adapter: the core never imports it. The QR encoding itself (segments, error correction,
 * masking) is done by `qrcode` (an optional peer dependency, `npm install qrcode`); this file adds
 * input checks, the canonical form of the URI (what is drawn), safe defaults and a terminal
 * renderer with its own quiet zone and colours.
 * PNG output uses qrcode's Node renderer (pngjs), so `renderPNG`/`renderPNGDataURL` need Node;
 * `renderSVG` and `renderTerminal` only need the encoder.
 *
 * Units: `moduleSize` in pixels per QR module (SVG user units for SVG); `margin` (the quiet zone)
 * in modules. Colours are fixed black on white: the highest contrast, which every scanner reads.
 * @module
 */
import QRCode from 'qrcode';
import { canonicalKeyURI } from '../core/key-uri.js';
import { assertBoolean, assertInteger, assertOneOf, assertOptions, describe } from '../internal/assert.js';

/**
 * Most bytes a QR code (version 40, byte mode) holds at each error-correction level
 * (ISO/IEC 18004, data capacity table). A key URI is ASCII, so bytes = characters.
 */
export const QR_BYTE_CAPACITY: Readonly<Record<'L' | 'M' | 'Q' | 'H', number>> = Object.freeze({
  L: 2953,
  M: 2331,
  Q: 1663,
  H: 1273,
});

/** Options of {@link renderSVG}, {@link renderPNG} and {@link renderPNGDataURL}. */
export interface QRImageOptions {
  /**
   * Error-correction level: `'L'` ≈ 7 %, `'M'` ≈ 15 %, `'Q'` ≈ 25 %, `'H'` ≈ 30 % of the code may
   * be damaged. Default `'M'`: survives smudges and glare, keeps the code small.
   */
  errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  /**
   * Quiet zone around the code, in modules, an integer from 0 to 16. Default 4, the minimum
   * ISO/IEC 18004 asks for; less relies on the page around the code being light.
   */
  margin?: number;
  /** Size of one module, in pixels (SVG: user units of the width/height), an integer from 1 to 64. Default 8. */
  moduleSize?: number;
}

/** Options of {@link renderTerminal}. */
export interface QRTerminalOptions {
  /** Error-correction level, as {@link QRImageOptions.errorCorrectionLevel}. Default `'M'`. */
  errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone around the code, in modules, an integer from 0 to 16. Default 4. */
  margin?: number;
  /**
   * Paint black on white with ANSI colour codes, so the code scans on a dark terminal too.
   * Default true. With false, plain text: see `invert`.
   */
  ansi?: boolean;
  /**
   * Plain text only: draw the light modules instead of the dark ones, for light text on a dark
   * background. Default false (dark text on a light background). Ignored when `ansi` is true.
   */
  invert?: boolean;
}

/** QR error-correction level. */
type ErrorCorrectionLevel = keyof typeof QR_BYTE_CAPACITY;
/** Options every renderer takes. */
type QROptions = Pick<QRImageOptions, 'errorCorrectionLevel' | 'margin'>;

const DEFAULT_LEVEL: ErrorCorrectionLevel = 'M';
const DEFAULT_MARGIN = 4;
const DEFAULT_MODULE_SIZE = 8;
const LEVELS = ['L', 'M', 'Q', 'H'] as const;
const COLOR = { dark: '#000000ff', light: '#ffffffff' };

interface Checked {
  uri: string;
  errorCorrectionLevel: ErrorCorrectionLevel;
  margin: number;
}

function check(uri: unknown, options: QROptions | undefined): Checked & Partial<QRImageOptions & QRTerminalOptions> {
  if (typeof uri !== 'string') throw new TypeError(`"uri" expected a key URI string, got ${describe(uri)}`);
  const opts = assertOptions('options', options) as Partial<QRImageOptions & QRTerminalOptions>;
  // Only a valid key URI is ever drawn (a phone must not enroll what the server could not parse),
  // and only in its canonical form: RFC 3986 characters, nothing for a scanner to guess.
  const canonical = canonicalKeyURI(uri);
  const errorCorrectionLevel =
    opts.errorCorrectionLevel === undefined ? DEFAULT_LEVEL : assertOneOf('errorCorrectionLevel', opts.errorCorrectionLevel, LEVELS);
  const margin = opts.margin === undefined ? DEFAULT_MARGIN : assertInteger('margin', opts.margin, 0, 16);
  const bytes = canonical.length; // ASCII
  if (bytes > QR_BYTE_CAPACITY[errorCorrectionLevel]) throw tooLong(bytes, errorCorrectionLevel);
  return { ...opts, uri: canonical, errorCorrectionLevel, margin };
}

function tooLong(bytes: number, level: ErrorCorrectionLevel): RangeError {
  return new RangeError(
    `"uri" is ${bytes} bytes; a QR code at error-correction level ${level} holds at most ${QR_BYTE_CAPACITY[level]}` +
      (level === 'L' ? '' : ' (a lower level holds more)'),
  );
}

function moduleSizeOf(opts: Partial<QRImageOptions>): number {
  return opts.moduleSize === undefined ? DEFAULT_MODULE_SIZE : assertInteger('moduleSize', opts.moduleSize, 1, 64);
}

/**
 * The URI as ONE byte-mode segment. qrcode would otherwise split it into byte and alphanumeric
 * segments (the upper-case base32 secret), and zbar, a decoder real scanner apps are built on,
 * misreads some such mixed codes, appending stray characters after the URI. A percent-encoded
 * URI is ASCII, so byte mode is exact, and QR_BYTE_CAPACITY already assumes it.
 */
function segmentsOf(c: Checked): QRCode.QRCodeSegment[] {
  return [{ data: new TextEncoder().encode(c.uri), mode: 'byte' }];
}

/** The module matrix from qrcode; its own "too big" error becomes our RangeError. */
function encode(c: Checked): { size: number; dark: (x: number, y: number) => boolean } {
  let code: QRCode.QRCode;
  try {
    code = QRCode.create(segmentsOf(c), { errorCorrectionLevel: c.errorCorrectionLevel });
  } catch {
    throw tooLong(new TextEncoder().encode(c.uri).length, c.errorCorrectionLevel);
  }
  const { size, data } = code.modules;
  return { size, dark: (x, y) => x >= 0 && y >= 0 && x < size && y < size && data[y * size + x] === 1 };
}

/**
 * Renders a key URI as an SVG document (black modules on a white square, `shape-rendering="crispEdges"`).
 * @param uri - an `otpauth://` key URI, e.g. from `buildKeyURI`; it is parsed first and drawn in its canonical form (`canonicalKeyURI`: what `buildKeyURI` writes for the parsed value).
 * @param options - `{ errorCorrectionLevel = 'M', margin = 4 (modules), moduleSize = 8 (px per module) }`.
 * @returns the SVG markup; its width and height are (modules + 2·margin)·moduleSize pixels.
 * @throws TypeError if `uri` is not a string or an option has the wrong type.
 * @throws RangeError for an option out of range, or a URI too long for a QR code at that level
 *   (see {@link QR_BYTE_CAPACITY}).
 * @throws InvalidKeyURIError if `uri` is not a valid key URI (naming the part); RangeError if its value cannot be written canonically.
 * @see Key URI Format; ISO/IEC 18004
 * @example
 * const svg = await renderSVG(buildKeyURI({ key, issuer: 'ACME Co', accountName: email }));
 * // Serve it with Cache-Control: no-store; it encodes the secret.
 */
export async function renderSVG(uri: string, options?: QRImageOptions): Promise<string> {
  const c = check(uri, options);
  const moduleSize = moduleSizeOf(c);
  const { size } = encode(c);
  return QRCode.toString(segmentsOf(c), {
    type: 'svg',
    errorCorrectionLevel: c.errorCorrectionLevel,
    margin: c.margin,
    width: (size + 2 * c.margin) * moduleSize,
    color: COLOR,
  });
}

/**
 * Renders a key URI as PNG image bytes (8-bit, black on white). Node only (qrcode uses pngjs).
 * @param uri - an `otpauth://` key URI; it is parsed first and drawn in its canonical form (`canonicalKeyURI`: what `buildKeyURI` writes for the parsed value).
 * @param options - `{ errorCorrectionLevel = 'M', margin = 4 (modules), moduleSize = 8 (px per module) }`.
 * @returns the PNG file as bytes, (modules + 2·margin)·moduleSize pixels square.
 * @throws TypeError if `uri` is not a string or an option has the wrong type.
 * @throws RangeError for an option out of range, or a URI too long for a QR code at that level.
 * @throws InvalidKeyURIError if `uri` is not a valid key URI (naming the part); RangeError if its value cannot be written canonically.
 * @see Key URI Format; ISO/IEC 18004
 * @example
 * const png = await renderPNG(uri, { moduleSize: 6 });
 * response.setHeader('Cache-Control', 'no-store'); // the image holds the secret
 */
export async function renderPNG(uri: string, options?: QRImageOptions): Promise<Uint8Array> {
  const c = check(uri, options);
  const moduleSize = moduleSizeOf(c);
  encode(c);
  const buffer = await QRCode.toBuffer(segmentsOf(c), {
    type: 'png',
    errorCorrectionLevel: c.errorCorrectionLevel,
    margin: c.margin,
    scale: moduleSize,
    color: COLOR,
  });
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
}

/**
 * Renders a key URI as a `data:image/png;base64,…` URL, for an `<img src>`. Node only.
 * @param uri - an `otpauth://` key URI; it is parsed first and drawn in its canonical form (`canonicalKeyURI`: what `buildKeyURI` writes for the parsed value).
 * @param options - `{ errorCorrectionLevel = 'M', margin = 4 (modules), moduleSize = 8 (px per module) }`.
 * @returns the data URL of the PNG {@link renderPNG} makes.
 * @throws TypeError if `uri` is not a string or an option has the wrong type.
 * @throws RangeError for an option out of range, or a URI too long for a QR code at that level.
 * @throws InvalidKeyURIError if `uri` is not a valid key URI (naming the part); RangeError if its value cannot be written canonically.
 * @see Key URI Format; RFC 2397 (data URLs)
 * @example
 * const src = await renderPNGDataURL(uri);
 * html`<img src="${src}" alt="QR code for your authenticator app">`; // never log `src`
 */
export async function renderPNGDataURL(uri: string, options?: QRImageOptions): Promise<string> {
  const png = await renderPNG(uri, options);
  let binary = '';
  for (let i = 0; i < png.length; i += 0x8000) binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}

const RESET = '\u001b[0m';
const BLACK_ON_WHITE = '\u001b[30;47m';

/**
 * Renders a key URI as text for a terminal: two modules per character cell (`▀ ▄ █` and space),
 * with the quiet zone included. By default ANSI colours paint black on white so a phone scans it
 * on a dark terminal as well as a light one. Synchronous.
 * @param uri - an `otpauth://` key URI; it is parsed first and drawn in its canonical form (`canonicalKeyURI`: what `buildKeyURI` writes for the parsed value).
 * @param options - `{ errorCorrectionLevel = 'M', margin = 4 (modules), ansi = true, invert = false }`.
 * @returns the lines joined by `\n`, no trailing newline; each line is (modules + 2·margin)
 *   characters wide (plus colour codes).
 * @throws TypeError if `uri` is not a string or an option has the wrong type.
 * @throws RangeError for an option out of range, or a URI too long for a QR code at that level.
 * @throws InvalidKeyURIError if `uri` is not a valid key URI (naming the part); RangeError if its value cannot be written canonically.
 * @see Key URI Format; ISO/IEC 18004 (quiet zone)
 * @example
 * process.stdout.write(`${renderTerminal(uri)}\n`); // only to the user's own terminal
 */
export function renderTerminal(uri: string, options?: QRTerminalOptions): string {
  const c = check(uri, options);
  const ansi = c.ansi === undefined ? true : assertBoolean('ansi', c.ansi);
  const invert = c.invert === undefined ? false : assertBoolean('invert', c.invert);
  const { size, dark } = encode(c);
  // With ANSI colours the glyphs draw dark modules in black on a white background; plain text
  // draws whichever set of modules should appear as the terminal's foreground.
  const ink = ansi || !invert ? dark : (x: number, y: number) => !dark(x, y);
  const from = -c.margin;
  const to = size + c.margin; // exclusive
  const lines: string[] = [];
  for (let y = from; y < to; y += 2) {
    let line = '';
    for (let x = from; x < to; x++) {
      const top = ink(x, y);
      // An odd last row is paired with one more row of quiet zone (dark() is false outside the code).
      const bottom = ink(x, y + 1);
      line += top ? (bottom ? '█' : '▀') : bottom ? '▄' : ' ';
    }
    lines.push(ansi ? `${BLACK_ON_WHITE}${line}${RESET}` : line);
  }
  return lines.join('\n');
}
