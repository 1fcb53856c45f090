#!/usr/bin/env node
/**
 * The `otpkit` command, working like `oathtool`:
 *
 *   otpkit code <secret|uri|-> [--time S] [--counter N] [--algorithm A] [--digits D] [--period X] [--t0 T]
 *   otpkit verify <secret|uri|-> <token> [same options] [--window W]
 *   otpkit secret [--bytes N]
 *   otpkit uri --issuer I --account A [--secret S|-] [--type totp|hotp] [--counter N] [--algorithm A]
 *              [--digits D] [--period X] [--image URL] [--strict]
 *   otpkit qr <uri|-> [--level L|M|Q|H] [--margin M] [--plain] [--invert]
 *   otpkit demo [--secret S] [--token T] [--issuer I] [--account A]
 *
 * `<secret>` is base32 text; `<uri>` an `otpauth://` key URI (Key URI Format), whose algorithm,
 * digits, period and counter become the defaults that explicit options override; `-` reads
 * either from standard input (keeps it out of shell history and `ps`). `--time` is Unix seconds
 * or an ISO 8601 date. With `--counter`, or an hotp URI, codes are HOTP. `uri` makes a new key
 * when no `--secret` is given; `qr` draws the code in the terminal (ANSI black on white when
 * standard output is a terminal and NO_COLOR is unset; `--plain` for text, `--invert` for plain
 * text on a dark background). The QR commands need the optional `qrcode` package.
 * Exit status: 0 success, 1 wrong code, 2 bad argument or input (one line on stderr, never the
 * secret).
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALGORITHM_NAME_RULE, type HmacAlgorithm, parseAlgorithmName } from '../core/algorithm.js';
import { OtpkitError } from '../core/errors.js';
import { generateHOTP, verifyHOTP } from '../core/hotp.js';
import { buildKeyURI, type KeyURI, parseKeyURI } from '../core/key-uri.js';
import { decodeSecret, encodeSecret, generateKey } from '../core/secret.js';
import { generateTOTP, type TimeInput, verifyTOTP } from '../core/totp.js';
import { loadQR, runDemo } from './demo.js';
import { IMPORT_USAGE, refuseMigrationExport, runImport } from './import.js';

/** A command-line mistake: exit status 2 and one line, which must never hold the secret. */
class UsageError extends Error {}

const USAGE = `usage:
  otpkit code <secret|uri|-> [--time S | --counter N] [--algorithm SHA1|SHA256|SHA512] [--digits 6-10] [--period X] [--t0 T]
  otpkit verify <secret|uri|-> <token> [same options] [--window W]
  otpkit secret [--bytes N]
  otpkit uri --issuer I --account A [--secret S|-] [--type totp|hotp] [--counter N] [--algorithm A] [--digits D] [--period X] [--image URL] [--strict]
  otpkit qr <uri|-> [--level L|M|Q|H] [--margin 0-16] [--plain] [--invert]
  otpkit demo [--secret S] [--token T] [--issuer I] [--account A]
${IMPORT_USAGE}`;

const codeOptions = {
  time: { type: 'string' },
  counter: { type: 'string' },
  algorithm: { type: 'string' },
  digits: { type: 'string' },
  period: { type: 'string' },
  t0: { type: 'string' },
  window: { type: 'string' },
  bytes: { type: 'string' },
  secret: { type: 'string' },
  token: { type: 'string' },
  issuer: { type: 'string' },
  account: { type: 'string' },
  type: { type: 'string' },
  image: { type: 'string' },
  strict: { type: 'boolean' },
  level: { type: 'string' },
  margin: { type: 'string' },
  plain: { type: 'boolean' },
  invert: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = { [K in keyof typeof codeOptions]?: (typeof codeOptions)[K]['type'] extends 'boolean' ? boolean : string };

function integerOption(values: Values, name: keyof Values, min: number, max: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`--${name} expects a whole number from ${min} to ${max}`);
  }
  return Number(raw);
}

function algorithmOption(values: Values): HmacAlgorithm | undefined {
  const raw = values.algorithm;
  if (raw === undefined) return undefined;
  const algorithm = parseAlgorithmName(raw);
  if (algorithm === undefined) throw new UsageError(ALGORITHM_NAME_RULE);
  return algorithm;
}

function timeOption(values: Values): TimeInput | undefined {
  const raw = values.time;
  if (raw === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw);
  // ISO 8601 only, and never in local time: a date alone is UTC midnight, a date-time needs Z or
  // an offset. `new Date()` would also take "May 5" or "-5" and read them in the local zone.
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const date = new Date(raw);
  if (!iso.test(raw) || Number.isNaN(date.getTime())) {
    throw new UsageError('--time expects Unix seconds or an ISO 8601 date (YYYY-MM-DD, or a date-time with Z or an offset)');
  }
  return date;
}

function counterOption(values: Values): number | bigint | undefined {
  const raw = values.counter;
  if (raw === undefined) return undefined;
  if (!/^\d{1,20}$/.test(raw)) throw new UsageError('--counter expects a whole number from 0 to 2^64 - 1');
  const big = BigInt(raw);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** Reads a text argument; `-` means the first line of standard input. */
function readArgument(arg: string): string {
  return arg === '-' ? (readFileSync(0, 'utf8').split('\n')[0] ?? '').replace(/\r$/, '') : arg;
}

const isKeyURI = (text: string): boolean => /^\s*otpauth:/i.test(text);

/**
 * Reads the `<secret|uri|->` argument: base32 text, or an `otpauth://` key URI whose settings
 * become defaults. `-` means the first line of standard input.
 */
export function readKeyArgument(arg: string | undefined): { key: Uint8Array; uri?: KeyURI } {
  if (arg === undefined) throw new UsageError('missing <secret> (base32 text, an otpauth:// URI, or - to read it from standard input)');
  const text = readArgument(arg);
  refuseMigrationExport(text);
  if (!isKeyURI(text)) return { key: decodeSecret(text) };
  const uri = parseKeyURI(text.trim());
  return { key: uri.key, uri };
}

/** Code settings: explicit options first, then the key URI's, then the library defaults. */
function codeSettings(values: Values, uri?: KeyURI) {
  const algorithm = algorithmOption(values) ?? uri?.algorithm;
  const digits = integerOption(values, 'digits', 6, 10) ?? uri?.digits;
  const period = integerOption(values, 'period', 1, 2 ** 31) ?? (uri?.type === 'totp' ? uri.period : undefined);
  const t0 = integerOption(values, 't0', 0, 1e12 - 1);
  return {
    ...(algorithm && { algorithm }),
    ...(digits !== undefined && { digits }),
    ...(period !== undefined && { period }),
    ...(t0 !== undefined && { t0 }),
    ...(uri?.type === 'totp' && uri.encoder !== undefined && { encoder: uri.encoder }),
  };
}

function run(argv: string[], out: (line: string) => void): number | Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: codeOptions, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    out(USAGE);
    return values.help || command === 'help' ? 0 : 2;
  }
  switch (command) {
    case 'secret': {
      if (rest.length > 0) throw new UsageError('secret takes no arguments');
      const bytes = integerOption(values, 'bytes', 16, 128);
      out(encodeSecret(generateKey(bytes === undefined ? {} : { bytes })));
      return 0;
    }
    case 'code': {
      if (rest.length !== 1) throw new UsageError('code takes exactly one <secret>');
      const { key, uri } = readKeyArgument(rest[0]);
      const settings = codeSettings(values, uri);
      const time = timeOption(values);
      const counter = counterOption(values) ?? uriCounter(uri, time);
      if (counter !== undefined && time !== undefined) throw new UsageError('give --time or --counter, not both');
      out(
        counter !== undefined
          ? generateHOTP(key, counter, settings)
          : generateTOTP(key, { ...settings, ...(time !== undefined && { time }) }),
      );
      return 0;
    }
    case 'verify': {
      if (rest.length !== 2) throw new UsageError('verify takes <secret> <token>');
      const { key, uri } = readKeyArgument(rest[0]);
      const token = rest[1];
      const settings = codeSettings(values, uri);
      const time = timeOption(values);
      const counter = counterOption(values) ?? uriCounter(uri, time);
      if (counter !== undefined && time !== undefined) throw new UsageError('give --time or --counter, not both');
      if (counter !== undefined) {
        const lookAhead = integerOption(values, 'window', 0, 100);
        const result = verifyHOTP(key, token, { ...settings, counter, ...(lookAhead !== undefined && { lookAhead }) });
        if (!result.valid) return wrongCode();
        out(`delta ${result.delta} counter ${result.counter}`);
        return 0;
      }
      const window = integerOption(values, 'window', 0, 10);
      const result = verifyTOTP(key, token, {
        ...settings,
        ...(time !== undefined && { time }),
        ...(window !== undefined && { window }),
      });
      if (!result.valid) return wrongCode();
      out(`delta ${result.delta} time step ${result.timeStep}`);
      return 0;
    }
    case 'uri': {
      if (rest.length > 0) throw new UsageError('uri takes options only: --issuer I --account A [--secret S|-]');
      out(keyURICommand(values));
      return 0;
    }
    case 'qr': {
      if (rest.length !== 1) throw new UsageError('qr takes exactly one <uri> (or - to read it from standard input)');
      const text = readArgument(rest[0] as string).trim();
      if (!isKeyURI(text)) throw new UsageError('qr expects an otpauth:// key URI; make one with otpkit uri');
      const uri = parseKeyURI(text);
      for (const w of uri.warnings) process.stderr.write(`otpkit: warning: ${w.message}\n`);
      const level = values.level === undefined ? undefined : values.level.toUpperCase();
      if (level !== undefined && !['L', 'M', 'Q', 'H'].includes(level)) throw new UsageError('--level expects L, M, Q or H');
      const margin = integerOption(values, 'margin', 0, 16);
      const ansi = !values.plain && process.stdout.isTTY === true && !process.env.NO_COLOR;
      return loadQR().then((qr) => {
        if (qr === undefined) throw new UsageError('qr needs the optional qrcode package: npm install qrcode');
        out(
          qr.renderTerminal(text, {
            ansi,
            invert: values.invert === true,
            ...(level !== undefined && { errorCorrectionLevel: level as 'L' | 'M' | 'Q' | 'H' }),
            ...(margin !== undefined && { margin }),
          }),
        );
        return 0;
      });
    }
    case 'import':
      return runImport(rest, out);
    case 'demo':
      return runDemo({
        ...(values.secret !== undefined && { secret: values.secret }),
        ...(values.token !== undefined && { token: values.token }),
        ...(values.issuer !== undefined && { issuer: values.issuer }),
        ...(values.account !== undefined && { accountName: values.account }),
      });
    default:
      throw new UsageError(`unknown command; run otpkit --help`);
  }
}

/** An hotp URI's counter is the default C; with --time it is a mistake, not a silent TOTP. */
function uriCounter(uri: KeyURI | undefined, time: TimeInput | undefined): number | bigint | undefined {
  if (uri?.type !== 'hotp') return undefined;
  if (time !== undefined) throw new UsageError('the key URI is hotp: give --counter, not --time');
  return uri.counter;
}

function keyURICommand(values: Values): string {
  if (values.account === undefined) throw new UsageError('uri needs --account (the account name, e.g. an email address)');
  if (values.issuer === undefined) throw new UsageError('uri needs --issuer (who issues the key, e.g. your company)');
  const type = values.type === undefined ? 'totp' : values.type.toLowerCase();
  if (type !== 'totp' && type !== 'hotp') throw new UsageError('--type expects totp or hotp');
  const counter = counterOption(values);
  if (type === 'hotp' && counter === undefined) throw new UsageError('--type hotp needs --counter');
  if (type === 'totp' && counter !== undefined) throw new UsageError('--counter needs --type hotp');
  const period = integerOption(values, 'period', 1, 2 ** 31);
  if (type === 'hotp' && period !== undefined) throw new UsageError('--period applies to totp only');
  const algorithm = algorithmOption(values);
  const digits = integerOption(values, 'digits', 6, 10);
  const secretText = values.secret === undefined ? undefined : readArgument(values.secret);
  const uri = buildKeyURI({
    type,
    ...(secretText === undefined ? { key: generateKey() } : { secret: secretText }),
    issuer: values.issuer,
    accountName: values.account,
    ...(algorithm !== undefined && { algorithm }),
    ...(digits !== undefined && { digits }),
    ...(period !== undefined && { period }),
    ...(counter !== undefined && { counter }),
    ...(values.image !== undefined && { image: values.image }),
    ...(values.strict === true && { strict: true }),
    // Build's own warnings (short-key among them) arrive here; parse cannot see a key's age.
    onWarning: (w) => process.stderr.write(`otpkit: warning: ${w.message}\n`),
  });
  return uri;
}

function wrongCode(): number {
  process.stderr.write('otpkit: wrong code\n');
  return 1;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    // Only our own messages are printed: they name options and positions, never the secret.
    const message =
      error instanceof UsageError || error instanceof OtpkitError || error instanceof RangeError
        ? error.message
        : error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
          ? error.message
          : 'unexpected error';
    // One line, always: parseArgs' own messages span several.
    process.stderr.write(`otpkit: ${message.split('\n')[0]}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
