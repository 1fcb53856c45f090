/**
 * `npm run demo` / `otpkit demo`: the portal's enrollment walk-through in a terminal.
 * Makes a key (or takes `--secret`), shows the QR code of its `otpauth://` key URI (Key URI
 * Format) for an authenticator app to scan, the URI itself, and the secret grouped in fours for
 * manual entry; then verifies the codes typed at the prompt with `createTOTPVerifier` over memory
 * stores: the delta of each valid code, a refusal for a code whose time step was already used
 * (RFC 6238 §5.2), throttling after repeated wrong codes. `--token` checks one code and exits.
 * @module
 */
import { createInterface } from 'node:readline';
import { prepareKey } from '../core/hmac-key.js';
import { buildKeyURI } from '../core/key-uri.js';
import { decodeSecret, encodeSecret, formatSecret, generateKey } from '../core/secret.js';
import { MemoryReplayStore } from '../verify/replay.js';
import { MemoryThrottleStore } from '../verify/throttle.js';
import { createTOTPVerifier } from '../verify/verifier.js';

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
  /** Verify as of this time (Unix seconds or a Date) instead of the system clock: for tests. */
  time?: number | Date;
}

type QRModule = typeof import('../adapters/qr.js');

/**
 * Loads `otpkit/qr` on demand, so the CLI runs without the optional `qrcode` package;
 * resolves to `undefined` when that package is not installed.
 */
export async function loadQR(): Promise<QRModule | undefined> {
  try {
    return await import('../adapters/qr.js');
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
  // The same verifier a portal uses: replay guard, throttling and window of the default profile,
  // over in-memory stores (a portal passes otpkit/redis or otpkit/postgres stores instead).
  const { time } = options;
  const verifier = createTOTPVerifier({
    replayStore: new MemoryReplayStore(),
    throttleStore: new MemoryThrottleStore(),
    ...(time !== undefined && { clock: () => time }),
  });
  const prepared = prepareKey(key);
  const check = async (token: string): Promise<boolean> => {
    const outcome = await verifier.verify({ credentialId: 'demo', key: prepared, token });
    if (outcome.ok) {
      const drift =
        outcome.delta === 0 ? 'clocks agree' : `your phone is ${Math.abs(outcome.delta)} step(s) ${outcome.delta < 0 ? 'behind' : 'ahead'}`;
      out(`  ✓ valid (delta ${outcome.delta}: ${drift}, time step ${outcome.timeStep})`);
      return true;
    }
    const why = {
      invalid: 'not a valid code for this key right now',
      replayed: 'that code was already used (replay refused, RFC 6238 §5.2)',
      throttled: `too many wrong codes: ${'retryAfterSeconds' in outcome && outcome.retryAfterSeconds !== undefined ? `try again in ${outcome.retryAfterSeconds} s` : 'locked until reset'}`,
      unavailable: 'the verification store is unavailable',
    }[outcome.reason];
    out(`  ✗ ${why}`);
    return false;
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
  if (options.token !== undefined) return (await check(options.token)) ? 0 : 1;

  out('Type the 6-digit code the app shows (q to quit).');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  rl.setPrompt('code> ');
  rl.prompt();
  // Async iteration ends cleanly when the input closes (Ctrl-D, or the end of piped input).
  for await (const line of rl) {
    const answer = line.trim();
    if (answer === 'q' || answer === 'quit' || answer === 'exit') break;
    if (answer !== '') await check(answer);
    rl.prompt();
  }
  rl.close();
  out('bye');
  return 0;
}
