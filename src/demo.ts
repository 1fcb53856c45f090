/**
 * `npm run demo` / `otpkit demo`: the portal's enrollment walk-through in a terminal.
 * Makes a key (or takes `--secret`), shows the QR code of its `otpauth://` key URI (Key URI
 * Format) for an authenticator app to scan, the URI itself, and the secret grouped in fours for
 * manual entry; then verifies the codes typed at the prompt, with their delta, refusing a code
 * whose time step was already used (RFC 6238 §5.2). `--token` checks one code and exits.
 * @module
 */
import { createInterface } from 'node:readline/promises';
import { buildKeyURI } from './key-uri.js';
import { decodeSecret, encodeSecret, formatSecret, generateKey } from './secret.js';
import { verifyTOTP } from './totp.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Base32 secret to use instead of a new one. */
  secret?: string;
  /** A single code to verify non-interactively; exit status 0 if valid, 1 if not. */
  token?: string;
  /** Issuer shown in the authenticator app. Default `'otpkit demo'`. */
  issuer?: string;
  /** Account name shown in the authenticator app. Default `'demo@example.com'`. */
  accountName?: string;
}

type QRModule = typeof import('./adapters/qr.js');

/**
 * Loads `otpkit/qr` on demand, so the CLI runs without the optional `qrcode` package;
 * resolves to `undefined` when that package is not installed.
 */
export async function loadQR(): Promise<QRModule | undefined> {
  try {
    return await import('./adapters/qr.js');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** Runs the demo; resolves to the process exit status. */
export async function runDemo(options: DemoOptions): Promise<number> {
  const key = options.secret === undefined ? generateKey() : decodeSecret(options.secret);
  const secret = encodeSecret(key);
  const uri = buildKeyURI({
    key,
    issuer: options.issuer ?? 'otpkit demo',
    accountName: options.accountName ?? 'demo@example.com',
  });
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
  const qr = await loadQR();
  if (qr === undefined) {
    out('(install the optional qrcode package to see the QR code here: npm install qrcode)');
  } else {
    out('Scan this with Google Authenticator, Duo Mobile or Authy:');
    out();
    // Colours only on a terminal: piped output gets plain text (dark modules drawn).
    out(qr.renderTerminal(uri, { ansi: process.stdout.isTTY === true && !process.env.NO_COLOR }));
  }
  out();
  out(`    ${uri}`);
  out();
  out('Or add the key by hand ("Enter a setup key", time based):');
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
