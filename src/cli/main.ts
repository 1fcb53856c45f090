/**
 * The `otpkit` command, with oathtool's option spellings where they do not conflict:
 *
 *   otpkit code <secret|uri|-> [-N|--time S] [-c|--counter N] [--hotp] [--totp[=MODE]] [--algorithm A]
 *               [-d|--digits D] [-s|--period X] [-S|--t0 T] [-w|--window W]
 *   otpkit verify <secret|uri|-> <token> [same options]
 *   otpkit secret [--bytes N]
 *   otpkit uri --issuer I --account A [--secret S|-] [--type totp|hotp] [--counter N] [--algorithm A]
 *              [--digits D] [--period X] [--image URL] [--strict]
 *   otpkit qr <uri|-> [--level L|M|Q|H] [--margin M] [--plain] [--invert] [--png FILE]
 *   otpkit demo [--secret S [--token T]] [--issuer I] [--account A] [-N|--time S]
 *   otpkit import <otpauth-migration://…|->   (a Google Authenticator export → key URIs)
 *
 * `<secret>` is base32 text (oathtool's `-b`, here the default); `<uri>` an `otpauth://` key URI
 * (Key URI Format), whose algorithm, digits, period and counter become the defaults that explicit
 * options override; `-` reads either from standard input (keeps it out of shell history and
 * `ps`). Times are Unix seconds, `@seconds` or an ISO 8601 date. With `--counter`, `--hotp` or an
 * hotp URI, codes are HOTP. `code -w N` prints the code and the N after it, as oathtool does.
 * The QR commands need the optional `qrcode` package.
 * Exit status: 0 success, 1 wrong code, 2 bad argument or input (one line on stderr in otpkit's
 * own words, never an argument's text).
 * @module
 */
import { OtpkitError } from '../core/errors.js';
import { type CommandLine, flag, onlyOptions, parseCommandLine, stringOption, timeOption, UsageError } from './args.js';
import { codeCommand, type IO, qrCommand, readArgument, secretCommand, uriCommand, verifyCommand } from './commands.js';
import { runDemo } from './demo.js';
import { IMPORT_USAGE, importCommand } from './import.js';

/** Replaced by the build (tsup `define`) with package.json's version. */
declare const __OTPKIT_VERSION__: string | undefined;
const VERSION = typeof __OTPKIT_VERSION__ === 'string' ? __OTPKIT_VERSION__ : '0.0.0-source';

const USAGE = `usage:
  otpkit code <secret|uri|-> [-N|--time S | -c|--counter N] [--algorithm SHA1|SHA256|SHA512] [-d|--digits 6-10] [-s|--period X] [-S|--t0 T] [-w|--window N]
  otpkit verify <secret|uri|-> <token> [same options; -w|--window W]
  otpkit secret [--bytes N]
  otpkit uri --issuer I --account A [--secret S|-] [--type totp|hotp] [--counter N] [--algorithm A] [--digits D] [--period X] [--image URL] [--strict]
  otpkit qr <uri|-> [--level L|M|Q|H] [--margin 0-16] [--plain] [--invert] [--png FILE]
  otpkit demo [--secret S [--token T]] [--issuer I] [--account A] [-N|--time S]
${IMPORT_USAGE}
  otpkit --version | --help`;

type Command = (line: CommandLine, io: IO) => number | Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  code: codeCommand,
  verify: verifyCommand,
  secret: secretCommand,
  uri: uriCommand,
  qr: qrCommand,
  demo: demoCommand,
  import: (line, io) => importCommand(line, io.out, readArgument),
};

function demoCommand(line: CommandLine): Promise<number> {
  const { values } = line;
  onlyOptions(values, 'demo', ['secret', 'token', 'issuer', 'account', 'time']);
  if (line.positionals.length > 0) throw new UsageError('demo takes options only');
  const secret = stringOption(values, 'secret');
  const token = stringOption(values, 'token');
  // A code only means something for a key already in an app: the demo's new key is in none yet.
  if (token !== undefined && secret === undefined) throw new UsageError('demo --token needs --secret (the key the code came from)');
  const issuer = stringOption(values, 'issuer');
  const accountName = stringOption(values, 'account');
  const time = timeOption(values, 'time');
  return runDemo({
    ...(time !== undefined && { time }),
    ...(secret !== undefined && { secret }),
    ...(token !== undefined && { token }),
    ...(issuer !== undefined && { issuer }),
    ...(accountName !== undefined && { accountName }),
  });
}

function run(argv: readonly string[], io: IO): number | Promise<number> {
  const line = parseCommandLine(argv);
  if (flag(line.values, 'version') || flag(line.values, 'help') || line.command === 'help') {
    io.out(flag(line.values, 'version') ? `otpkit ${VERSION}` : USAGE);
    return 0;
  }
  if (line.command === undefined) {
    io.err(USAGE);
    return 2;
  }
  const command = Object.hasOwn(COMMANDS, line.command) ? COMMANDS[line.command] : undefined;
  if (command === undefined) throw new UsageError('unknown command; run otpkit --help');
  return command(line, io);
}

/**
 * What may be printed of an error: otpkit's own messages only. Usage errors, `OtpkitError`s and
 * the library's argument checks (TypeError/RangeError without a Node `code`) never hold a
 * secret; anything else (a Node or dependency error) may quote input, so it is not shown.
 */
function messageOf(error: unknown): string {
  if (error instanceof UsageError || error instanceof OtpkitError) return error.message;
  if ((error instanceof RangeError || error instanceof TypeError) && !('code' in error)) return error.message;
  return 'unexpected error';
}

/** Standard output and standard error, one line a call. */
const processIO: IO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Runs the CLI with `argv` (without node and script); resolves to the exit status. Errors are
 * written to `io.err` as one line in otpkit's own words.
 */
export async function main(argv: readonly string[], io: IO = processIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    io.err(`otpkit: ${messageOf(error).split('\n')[0]}`);
    return 2;
  }
}
