/**
 * `otpkit import <export|->`: turns a Google Authenticator export
 * (`otpauth-migration://offline?data=…`) into `otpauth://` key URIs, one per line, in export order.
 * The decoding is the core's `decodeMigrationURI`; this file checks the command line and prints.
 * @module
 */
import { InvalidKeyURIError } from '../core/errors.js';
import { decodeMigrationURI, isMigrationURI } from '../core/migration.js';
import { type CommandLine, onlyOptions, UsageError } from './args.js';

/** The usage line of `otpkit import`. */
export const IMPORT_USAGE = '  otpkit import <otpauth-migration://…|->   (a Google Authenticator export → one otpauth:// key URI a line)';

/**
 * Runs `otpkit import`: one positional, the export text, or `-` for the first line of standard
 * input (keeps it out of shell history). `read` resolves that argument (commands.ts's reader).
 * @returns the exit status, 0; every mistake throws (exit 2, one line, no secret).
 * @throws UsageError for options or a wrong number of arguments; InvalidKeyURIError for a
 *   missing or malformed export.
 */
export async function importCommand(
  line: CommandLine,
  out: (line: string) => void,
  read: (arg: string) => Promise<string>,
): Promise<number> {
  onlyOptions(line.values, 'import', []);
  if (line.positionals.length !== 1) throw new UsageError('import takes exactly one otpauth-migration:// export (or - for standard input)');
  const text = (await read(line.positionals[0] as string)).trim();
  for (const uri of decodeMigrationURI(text)) out(uri);
  return 0;
}

/**
 * Refuses a Google Authenticator export where a key or key URI is expected, naming the scheme and
 * what to do (instead of reporting a base32 character error).
 * @throws InvalidKeyURIError (`parameter: 'scheme'`) when `text` is an `otpauth-migration:` export.
 */
export function refuseMigrationExport(text: string): void {
  if (isMigrationURI(text)) {
    throw new InvalidKeyURIError(
      'scheme',
      'this is a Google Authenticator export (otpauth-migration://), not a key: run otpkit import on it to get otpauth:// key URIs',
    );
  }
}
