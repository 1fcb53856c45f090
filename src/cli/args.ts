/**
 * The `otpkit` command line, read: Node's `parseArgs` splits the words into tokens, and this
 * module checks them itself so that every message is otpkit's own wording. A message names a
 * known option (`--digits`) or a position, never the text of an argument: an unknown option or a
 * stray word may be a secret pasted in the wrong place (`otpkit code --JBSW…`).
 *
 * Spellings follow oathtool where they do not conflict: `-d/--digits`, `-w/--window`,
 * `-c/--counter`, `-s/--time-step-size` (alias `--period`), `-S/--start-time` (alias `--t0`),
 * `-N/--now` (alias `--time`), `--totp[=MODE]`, `--hotp`, `-b/--base32` (accepted, base32 is
 * the default), `-V/--version`, `-h/--help`.
 * @module
 */
import { parseArgs } from 'node:util';

/** A command-line mistake: exit status 2 and one line, which must never hold an argument's text. */
export class UsageError extends Error {}

interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The option this one is another spelling of; both count as one when repeated. */
  readonly same?: string;
}

/** Every option, by its long name. Aliases name the option they stand for in `same`. */
const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  time: { type: 'string' },
  now: { type: 'string', short: 'N', same: 'time' },
  t0: { type: 'string' },
  'start-time': { type: 'string', short: 'S', same: 't0' },
  period: { type: 'string' },
  'time-step-size': { type: 'string', short: 's', same: 'period' },
  digits: { type: 'string', short: 'd' },
  window: { type: 'string', short: 'w' },
  counter: { type: 'string', short: 'c' },
  algorithm: { type: 'string' },
  // `--totp` alone or `--totp=MODE`: a boolean to parseArgs, so `--totp SECRET` never takes
  // the secret as its value; the inline value is read from the token.
  totp: { type: 'boolean' },
  hotp: { type: 'boolean' },
  base32: { type: 'boolean', short: 'b' },
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
  png: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
};

/** Option values by canonical name (`--now` is stored as `time`); `true` for a flag. */
export type Values = ReadonlyMap<string, string | true>;

/** A command line after checking: the command word, its other words, and the options given. */
export interface CommandLine {
  readonly command: string | undefined;
  readonly positionals: readonly string[];
  readonly values: Values;
}

/** Which spelling the user would recognise: `--now` was given as `-N` or `--now`, shown long. */
const shown = (name: string): string => `--${name}`;

/**
 * Splits and checks `argv` (without node and script). Refuses an unknown option (by position),
 * a string option without a value, a flag with a value, and an option given twice in any of its
 * spellings.
 * @throws {UsageError} on any of those.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const options = Object.fromEntries(
    Object.entries(OPTIONS).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]),
  );
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  const values = new Map<string, string | true>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(OPTIONS, token.name) ? OPTIONS[token.name] : undefined;
    if (spec === undefined) throw new UsageError(`unknown option (argument ${token.index + 1}); run otpkit --help`);
    const name = spec.same ?? token.name;
    if (values.has(name)) throw new UsageError(`${shown(name)} given more than once`);
    values.set(name, optionValue(token.name, spec, token.value));
  }
  const [command, ...rest] = positionals;
  return { command, positionals: rest, values };
}

function optionValue(name: string, spec: OptionSpec, value: string | undefined): string | true {
  if (spec.type === 'string') {
    if (value === undefined) throw new UsageError(`${shown(name)} needs a value`);
    return value;
  }
  if (value === undefined) return true;
  if (name === 'totp') return value;
  throw new UsageError(`${shown(name)} takes no value`);
}

/**
 * Refuses options that `command` does not use, naming the first one (a known option's name is
 * safe to print).
 * @throws {UsageError}
 */
export function onlyOptions(values: Values, command: string, allowed: readonly string[]): void {
  for (const name of values.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`${shown(name)} does not apply to otpkit ${command}`);
  }
}

/** A string option's value, or `undefined` when absent. */
export function stringOption(values: Values, name: string): string | undefined {
  const value = values.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** Whether a flag was given. */
export const flag = (values: Values, name: string): boolean => values.get(name) === true;

/**
 * A whole number in `[min, max]`, or `undefined` when absent.
 * @throws {UsageError} for anything else (signs, fractions, exponents, out of range).
 */
export function integerOption(values: Values, name: string, min: number, max: number): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,16}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${shown(name)} expects a whole number from ${min} to ${max}`);
  }
  return Number(raw);
}

const DURATION_UNITS: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600 };

/**
 * `--period` / `-s`: the time step size X in seconds, as oathtool takes it: `30`, `30s`, `1m`, `1h`.
 * @throws {UsageError}
 */
export function periodOption(values: Values): number | undefined {
  const raw = stringOption(values, 'period');
  if (raw === undefined) return undefined;
  const match = /^(\d{1,10})([smh]?)$/.exec(raw);
  const seconds = match ? Number(match[1]) * (DURATION_UNITS[match[2] ?? ''] ?? Number.NaN) : Number.NaN;
  if (!(seconds >= 1 && seconds <= 2 ** 31)) {
    throw new UsageError('--period expects a time step size from 1 to 2^31 seconds (e.g. 30, 30s, 1m)');
  }
  return seconds;
}

/** ISO 8601 only, never local time: a date alone is UTC midnight, a date-time needs Z or an offset. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A point in time for `--time`/`-N` and `--t0`/`-S`: Unix seconds (`1700000000` or oathtool's
 * `@1700000000`) or an ISO 8601 date. `new Date()` would also take "May 5" or "-5" and read them
 * in the local zone, so anything else is refused.
 * @returns Unix seconds (a number) or a `Date`; `undefined` when absent.
 * @throws {UsageError}
 */
export function timeOption(values: Values, name: 'time' | 't0'): number | Date | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const seconds = /^@?(\d{1,12}(\.\d+)?)$/.exec(raw);
  if (seconds) return Number(seconds[1]);
  const date = new Date(raw);
  if (!ISO_8601.test(raw) || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `${shown(name)} expects Unix seconds (e.g. 1700000000 or @1700000000) or an ISO 8601 date (YYYY-MM-DD, or a date-time with Z or an offset)`,
    );
  }
  return date;
}

/**
 * `--counter`/`-c`: the HOTP moving factor C, 0 to 2^64 − 1 (RFC 4226 §5.1); a bigint above 2^53.
 * @throws {UsageError}
 */
export function counterOption(values: Values): number | bigint | undefined {
  const raw = stringOption(values, 'counter');
  if (raw === undefined) return undefined;
  const big = /^\d{1,20}$/.test(raw) ? BigInt(raw) : -1n;
  if (big < 0n || big > 2n ** 64n - 1n) throw new UsageError('--counter expects a whole number from 0 to 2^64 - 1');
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}
