/**
 * The `otpkit` commands other than `demo`: `secret`, `code`, `verify`, `uri` and `qr`. Each takes
 * the checked command line (args.ts) and an output function, and resolves to an exit status:
 * 0 success, 1 wrong code, 2 bad argument (thrown as {@link UsageError} and printed by main.ts).
 * @module
 */
import { writeFileSync } from 'node:fs';
import { ALGORITHM_NAME_RULE, type HmacAlgorithm, parseAlgorithmName } from '../core/algorithm.js';
import { generateHOTP, verifyHOTP } from '../core/hotp.js';
import { buildKeyURI, type KeyURI, parseKeyURI } from '../core/key-uri.js';
import { decodeSecret, encodeSecret, generateKey } from '../core/secret.js';
import { generateTOTP, type TimeInput, verifyTOTP } from '../core/totp.js';
import {
  type CommandLine,
  counterOption,
  flag,
  integerOption,
  onlyOptions,
  periodOption,
  stringOption,
  timeOption,
  UsageError,
  type Values,
} from './args.js';
import { loadQR } from './demo.js';
import { refuseMigrationExport } from './import.js';

/** Where a command writes: `out` one line to standard output, `err` one line to standard error. */
export interface IO {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Reads a text argument; `-` means the first line of standard input. */
export async function readArgument(arg: string): Promise<string> {
  if (arg !== '-') return arg;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString('utf8').split('\n')[0] ?? '').replace(/\r$/, '');
}

const isKeyURI = (text: string): boolean => /^\s*otpauth:/i.test(text);

/** The `<secret|uri|->` argument: base32 text, or an `otpauth://` key URI whose settings become defaults. */
async function readKeyArgument(arg: string | undefined): Promise<{ key: Uint8Array; uri?: KeyURI }> {
  if (arg === undefined) throw new UsageError('missing <secret> (base32 text, an otpauth:// URI, or - to read it from standard input)');
  const text = await readArgument(arg);
  refuseMigrationExport(text);
  if (!isKeyURI(text)) return { key: decodeSecret(text) };
  const uri = parseKeyURI(text.trim());
  return { key: uri.key, uri };
}

/** `--algorithm A` or oathtool's `--totp=A`, in any case, with or without a dash (`sha-256`). */
function algorithmOption(values: Values): HmacAlgorithm | undefined {
  const fromTotp = stringOption(values, 'totp');
  const fromOption = stringOption(values, 'algorithm');
  if (fromTotp !== undefined && fromOption !== undefined) throw new UsageError('give --algorithm or --totp=MODE, not both');
  const raw = fromOption ?? fromTotp;
  if (raw === undefined) return undefined;
  const algorithm = parseAlgorithmName(raw);
  if (algorithm === undefined) throw new UsageError(ALGORITHM_NAME_RULE);
  return algorithm;
}

/** Options `code` and `verify` take. */
const CODE_OPTIONS = ['time', 't0', 'period', 'digits', 'window', 'counter', 'algorithm', 'totp', 'hotp', 'base32'];

/** Everything `code` and `verify` need: key, settings (options over the URI's), and the mode. */
interface CodeJob {
  readonly key: Uint8Array;
  readonly settings: { algorithm?: HmacAlgorithm; digits?: number; period?: number; t0?: number; encoder?: 'steam' };
  /** HOTP counter C, or `undefined` for TOTP. */
  readonly counter: number | bigint | undefined;
  readonly time: TimeInput | undefined;
}

async function codeJob(line: CommandLine, keyArg: string | undefined): Promise<CodeJob> {
  const { values } = line;
  const { key, uri } = await readKeyArgument(keyArg);
  const algorithm = algorithmOption(values) ?? uri?.algorithm;
  const digits = integerOption(values, 'digits', 6, 10) ?? uri?.digits;
  const period = periodOption(values) ?? (uri?.type === 'totp' ? uri.period : undefined);
  const start = timeOption(values, 't0');
  // T0 is Unix seconds in the core; an ISO date becomes its seconds (a fraction is refused there).
  const t0 = start instanceof Date ? start.getTime() / 1000 : start;
  const time = timeOption(values, 'time');
  const hotp = values.has('counter') || flag(values, 'hotp') || uri?.type === 'hotp';
  if (hotp && values.has('totp')) throw new UsageError('give --totp or --counter/--hotp, not both');
  if (hotp && time !== undefined) {
    throw new UsageError(uri?.type === 'hotp' ? 'the key URI is hotp: give --counter, not --time' : 'give --time or --counter, not both');
  }
  const counter = hotp ? (counterOption(values) ?? (uri?.type === 'hotp' ? uri.counter : 0)) : undefined;
  const settings = {
    ...(algorithm && { algorithm }),
    ...(digits !== undefined && { digits }),
    ...(period !== undefined && { period }),
    ...(t0 !== undefined && { t0 }),
    ...(uri?.type === 'totp' && uri.encoder !== undefined && { encoder: uri.encoder }),
  };
  return { key, settings, counter, time };
}

/** `otpkit code`: the current code, or with `-w N` that code and the N after it (as oathtool). */
export async function codeCommand(line: CommandLine, io: IO): Promise<number> {
  onlyOptions(line.values, 'code', CODE_OPTIONS);
  if (line.positionals.length !== 1) throw new UsageError('code takes exactly one <secret>');
  const job = await codeJob(line, line.positionals[0]);
  const more = integerOption(line.values, 'window', 0, 1000) ?? 0;
  if (job.counter !== undefined) {
    for (let i = 0; i <= more; i++) {
      const counter =
        typeof job.counter === 'bigint' || job.counter + i > Number.MAX_SAFE_INTEGER ? BigInt(job.counter) + BigInt(i) : job.counter + i;
      io.out(generateHOTP(job.key, counter, job.settings));
    }
    return 0;
  }
  // One reading of the clock for every line, so `-w` never skips or repeats a step.
  const start = job.time instanceof Date ? job.time.getTime() / 1000 : (job.time ?? Date.now() / 1000);
  const period = job.settings.period ?? 30;
  for (let i = 0; i <= more; i++) io.out(generateTOTP(job.key, { ...job.settings, time: start + i * period }));
  return 0;
}

/** `otpkit verify`: exit 0 and the delta for a valid code, 1 for a wrong one. */
export async function verifyCommand(line: CommandLine, io: IO): Promise<number> {
  onlyOptions(line.values, 'verify', CODE_OPTIONS);
  if (line.positionals.length !== 2) throw new UsageError('verify takes <secret> <token>');
  const job = await codeJob(line, line.positionals[0]);
  const token = line.positionals[1];
  if (job.counter !== undefined) {
    const lookAhead = integerOption(line.values, 'window', 0, 100);
    const result = verifyHOTP(job.key, token, { ...job.settings, counter: job.counter, ...(lookAhead !== undefined && { lookAhead }) });
    if (!result.valid) return wrongCode(io);
    io.out(`delta ${result.delta} counter ${result.counter}`);
    return 0;
  }
  const window = integerOption(line.values, 'window', 0, 10);
  const result = verifyTOTP(job.key, token, {
    ...job.settings,
    ...(job.time !== undefined && { time: job.time }),
    ...(window !== undefined && { window }),
  });
  if (!result.valid) return wrongCode(io);
  io.out(`delta ${result.delta} time step ${result.timeStep}`);
  return 0;
}

function wrongCode(io: IO): number {
  io.err('otpkit: wrong code');
  return 1;
}

/** `otpkit secret`: a new base32 secret of `--bytes` random bytes (default 20). */
export function secretCommand(line: CommandLine, io: IO): number {
  onlyOptions(line.values, 'secret', ['bytes']);
  if (line.positionals.length > 0) throw new UsageError('secret takes no arguments');
  const bytes = integerOption(line.values, 'bytes', 16, 128);
  io.out(encodeSecret(generateKey(bytes === undefined ? {} : { bytes })));
  return 0;
}

/** `otpkit uri`: a key URI for the given (or a new) secret. */
export async function uriCommand(line: CommandLine, io: IO): Promise<number> {
  const { values } = line;
  onlyOptions(values, 'uri', ['issuer', 'account', 'secret', 'type', 'counter', 'algorithm', 'digits', 'period', 'image', 'strict']);
  if (line.positionals.length > 0) throw new UsageError('uri takes options only: --issuer I --account A [--secret S|-]');
  const accountName = stringOption(values, 'account');
  const issuer = stringOption(values, 'issuer');
  if (accountName === undefined) throw new UsageError('uri needs --account (the account name, e.g. an email address)');
  if (issuer === undefined) throw new UsageError('uri needs --issuer (who issues the key, e.g. your company)');
  const type = (stringOption(values, 'type') ?? 'totp').toLowerCase();
  if (type !== 'totp' && type !== 'hotp') throw new UsageError('--type expects totp or hotp');
  const counter = counterOption(values);
  if (type === 'hotp' && counter === undefined) throw new UsageError('--type hotp needs --counter');
  if (type === 'totp' && counter !== undefined) throw new UsageError('--counter needs --type hotp');
  const period = periodOption(values);
  if (type === 'hotp' && period !== undefined) throw new UsageError('--period applies to totp only');
  const algorithm = algorithmOption(values);
  const digits = integerOption(values, 'digits', 6, 10);
  const secretArg = stringOption(values, 'secret');
  const secretText = secretArg === undefined ? undefined : await readArgument(secretArg);
  const image = stringOption(values, 'image');
  io.out(
    buildKeyURI({
      type,
      ...(secretText === undefined ? { key: generateKey() } : { secret: secretText }),
      issuer,
      accountName,
      ...(algorithm !== undefined && { algorithm }),
      ...(digits !== undefined && { digits }),
      ...(period !== undefined && { period }),
      ...(counter !== undefined && { counter }),
      ...(image !== undefined && { image }),
      ...(flag(values, 'strict') && { strict: true }),
      // Build's own warnings (short-key among them) arrive here; parse cannot see a key's age.
      onWarning: (w) => io.err(`otpkit: warning: ${w.message}`),
    }),
  );
  return 0;
}

/** `otpkit qr`: the key URI as a QR code in the terminal, or as a PNG file with `--png FILE`. */
export async function qrCommand(line: CommandLine, io: IO): Promise<number> {
  const { values } = line;
  onlyOptions(values, 'qr', ['level', 'margin', 'plain', 'invert', 'png']);
  if (line.positionals.length !== 1) throw new UsageError('qr takes exactly one <uri> (or - to read it from standard input)');
  const text = (await readArgument(line.positionals[0] as string)).trim();
  if (!isKeyURI(text)) throw new UsageError('qr expects an otpauth:// key URI; make one with otpkit uri');
  const uri = parseKeyURI(text);
  for (const w of uri.warnings) io.err(`otpkit: warning: ${w.message}`);
  const level = stringOption(values, 'level')?.toUpperCase();
  if (level !== undefined && !['L', 'M', 'Q', 'H'].includes(level)) throw new UsageError('--level expects L, M, Q or H');
  const margin = integerOption(values, 'margin', 0, 16);
  const png = stringOption(values, 'png');
  if (png !== undefined && (values.has('plain') || values.has('invert')))
    throw new UsageError('--plain and --invert apply to terminal output, not --png');
  const qr = await loadQR();
  if (qr === undefined) throw new UsageError('qr needs the optional qrcode package: npm install qrcode');
  const options = {
    ...(level !== undefined && { errorCorrectionLevel: level as 'L' | 'M' | 'Q' | 'H' }),
    ...(margin !== undefined && { margin }),
  };
  if (png !== undefined) {
    writePrivateFile(png, await qr.renderPNG(text, options));
    return 0;
  }
  const ansi = !values.has('plain') && process.stdout.isTTY === true && !process.env.NO_COLOR;
  io.out(qr.renderTerminal(text, { ...options, ansi, invert: flag(values, 'invert') }));
  return 0;
}

/** The image holds the secret: readable by its owner only. */
function writePrivateFile(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes, { mode: 0o600 });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new UsageError(`cannot write the --png file${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}
