/**
 * `npm run demo` / `otpkit demo`: the portal's enrollment walk-through in a terminal.
 * Makes a key (or takes `--secret`), shows the secret grouped in fours for manual entry into an
 * authenticator app, then verifies the codes typed at the prompt, with their delta, refusing a
 * code whose time step was already used (RFC 6238 §5.2). `--token` checks one code and exits.
 * @module
 */
import { createInterface } from 'node:readline/promises';
import { decodeSecret, encodeSecret, formatSecret, generateKey } from './secret.js';
import { verifyTOTP } from './totp.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Base32 secret to use instead of a new one. */
  secret?: string;
  /** A single code to verify non-interactively; exit status 0 if valid, 1 if not. */
  token?: string;
}

/** Runs the demo; resolves to the process exit status. */
export async function runDemo(options: DemoOptions): Promise<number> {
  const key = options.secret === undefined ? generateKey() : decodeSecret(options.secret);
  const secret = encodeSecret(key);
  const out = (line = '') => process.stdout.write(`${line}\n`);
  let lastStep = -1;
  const check = (token: string): boolean => {
    const result = verifyTOTP(key, token, { window: 1 });
    if (!result.valid) {
      out('  ✗ not a valid code for this key right now');
      return false;
    }
    if (result.timeStep <= lastStep) {
      out('  ✗ that code was already used (replay refused, RFC 6238 §5.2)');
      return false;
    }
    lastStep = result.timeStep;
    const drift = result.delta === 0 ? 'clocks agree' : `your phone is ${Math.abs(result.delta)} step(s) ${result.delta < 0 ? 'behind' : 'ahead'}`;
    out(`  ✓ valid (delta ${result.delta}: ${drift}, time step ${result.timeStep})`);
    return true;
  };

  out('otpkit demo: two-factor enrollment');
  out();
  out('Add this key to Google Authenticator, Duo Mobile or Authy ("Enter a setup key", time based):');
  out();
  out(`    ${formatSecret(secret)}`);
  out();
  if (options.token !== undefined) return check(options.token) ? 0 : 1;

  out('Type the 6-digit code the app shows (q to quit).');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  try {
    for (;;) {
      let line: string;
      try {
        line = await rl.question('code> ');
      } catch {
        break; // input closed
      }
      const answer = line.trim();
      if (answer === 'q' || answer === 'quit' || answer === 'exit') break;
      if (answer !== '') check(answer);
    }
  } finally {
    rl.close();
  }
  out('bye');
  return 0;
}
