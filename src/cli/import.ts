/**
 * `otpkit import <export|->`: turns a Google Authenticator export
 * (`otpauth-migration://offline?data=…`) into `otpauth://` key URIs, one per line, in export order.
 * The decoding is the core's `decodeMigrationURI`; this file reads the argument and prints.
 * @module
 */
import { readFileSync } from 'node:fs';
import { InvalidKeyURIError } from '../core/errors.js';
import { decodeMigrationURI, isMigrationURI } from '../core/migration.js';

/** The usage line of `otpkit import`. */
export const IMPORT_USAGE = '  otpkit import <otpauth-migration://…|->   (a Google Authenticator export → one otpauth:// key URI a line)';

/**
 * Runs `otpkit import`: `args` are the positionals after the command; `-` reads the export's
 * first line from standard input (keeps it out of shell history).
 * @returns the exit status, 0; every mistake throws (exit 2, one line, no secret).
 * @throws InvalidKeyURIError for a missing or malformed export.
 */
export function runImport(args: readonly string[], out: (line: string) => void): number {
  if (args.length !== 1)
    throw new InvalidKeyURIError('uri', 'import takes exactly one otpauth-migration:// export (or - for standard input)');
  const arg = args[0] as string;
  const text = arg === '-' ? (readFileSync(0, 'utf8').split('\n')[0] ?? '').replace(/\r$/, '') : arg;
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
