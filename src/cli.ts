#!/usr/bin/env node
/**
 * The `otpkit` command, working like `oathtool`:
 *
 *   otpkit code <secret|-> [--time S] [--counter N] [--algorithm A] [--digits D] [--period X] [--t0 T]
 *   otpkit verify <secret|-> <token> [same options] [--window W]
 *   otpkit secret [--bytes N]
 *   otpkit demo [--secret S] [--token T]
 *
 * `<secret>` is base32 text; `-` reads it from standard input (keeps it out of shell history
 * and `ps`). `--time` is Unix seconds or an ISO 8601 date. With `--counter`, codes are HOTP.
 * Exit status: 0 success, 1 wrong code, 2 bad argument or input (one line on stderr, never the
 * secret).
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HMAC_ALGORITHMS, type HmacAlgorithm } from './algorithm.js';
import { OtpkitError } from './errors.js';
import { generateHOTP, verifyHOTP } from './hotp.js';
import { decodeSecret, encodeSecret, generateKey } from './secret.js';
import { generateTOTP, type TimeInput, verifyTOTP } from './totp.js';
import { runDemo } from './demo.js';

/** A command-line mistake: exit status 2 and one line, which must never hold the secret. */
class UsageError extends Error {}

const USAGE = `usage:
  otpkit code <secret|-> [--time S | --counter N] [--algorithm SHA1|SHA256|SHA512] [--digits 6-10] [--period X] [--t0 T]
  otpkit verify <secret|-> <token> [same options] [--window W]
  otpkit secret [--bytes N]
  otpkit demo [--secret S] [--token T]`;

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
  const upper = raw.toUpperCase().replace('-', '');
  if (!(HMAC_ALGORITHMS as readonly string[]).includes(upper)) {
    throw new UsageError('--algorithm expects SHA1, SHA256 or SHA512');
  }
  return upper as HmacAlgorithm;
}

function timeOption(values: Values): TimeInput | undefined {
  const raw = values.time;
  if (raw === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw);
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw new UsageError('--time expects Unix seconds or an ISO 8601 date');
  return date;
}

function counterOption(values: Values): number | bigint | undefined {
  const raw = values.counter;
  if (raw === undefined) return undefined;
  if (!/^\d{1,20}$/.test(raw)) throw new UsageError('--counter expects a whole number from 0 to 2^64 - 1');
  const big = BigInt(raw);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** Reads the secret argument; `-` means the first line of standard input. */
export function readSecretArgument(arg: string | undefined): Uint8Array {
  if (arg === undefined) throw new UsageError('missing <secret> (base32 text, or - to read it from standard input)');
  const text = arg === '-' ? (readFileSync(0, 'utf8').split('\n')[0] ?? '') : arg;
  return decodeSecret(text);
}

function codeSettings(values: Values) {
  const algorithm = algorithmOption(values);
  const digits = integerOption(values, 'digits', 6, 10);
  const period = integerOption(values, 'period', 1, 2 ** 31);
  const t0 = integerOption(values, 't0', 0, 1e12 - 1);
  return {
    ...(algorithm && { algorithm }),
    ...(digits !== undefined && { digits }),
    ...(period !== undefined && { period }),
    ...(t0 !== undefined && { t0 }),
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
      const key = readSecretArgument(rest[0]);
      const settings = codeSettings(values);
      const counter = counterOption(values);
      const time = timeOption(values);
      if (counter !== undefined && time !== undefined) throw new UsageError('give --time or --counter, not both');
      out(counter !== undefined ? generateHOTP(key, counter, settings) : generateTOTP(key, { ...settings, ...(time !== undefined && { time }) }));
      return 0;
    }
    case 'verify': {
      if (rest.length !== 2) throw new UsageError('verify takes <secret> <token>');
      const key = readSecretArgument(rest[0]);
      const token = rest[1];
      const settings = codeSettings(values);
      const counter = counterOption(values);
      const time = timeOption(values);
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
    case 'demo':
      return runDemo({
        ...(values.secret !== undefined && { secret: values.secret }),
        ...(values.token !== undefined && { token: values.token }),
      });
    default:
      throw new UsageError(`unknown command; run otpkit --help`);
  }
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
