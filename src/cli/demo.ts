/**
 * `npm run demo:terminal` / `otpkit demo`: the portal's enrollment walk-through in a terminal.
 * With no option it walks enable → login → disable through `createEnrollmentService` over
 * `PostgresCredentialStore` on PGlite (embedded PostgreSQL, when `@electric-sql/pglite` is
 * installed; else the memory store), keys sealed with a key vault, printing the portal's own
 * messages ({@link runEnrollmentWalkthrough}). With `--secret` or `--token` it makes a key (or takes `--secret`), shows the QR code of its `otpauth://` key URI (Key URI
 * Format) for an authenticator app to scan, the URI itself, and the secret grouped in fours for
 * manual entry; then verifies the codes typed at the prompt with `createTOTPVerifier` over memory
 * stores: the delta of each valid code, a refusal for a code whose time step was already used
 * (RFC 6238 §5.2), throttling after repeated wrong codes. `--token` checks one code and exits.
 * @module
 */
import { createInterface } from 'node:readline';
import { migrate, PostgresCredentialStore, type SqlClient } from '../adapters/postgres.js';
import { prepareKey } from '../core/hmac-key.js';
import { buildKeyURI } from '../core/key-uri.js';
import { decodeSecret, encodeSecret, formatSecret, generateKey } from '../core/secret.js';
import { generateTOTP } from '../core/totp.js';
import { createKeyVault } from '../enrollment/key-vault.js';
import { MemoryCredentialStore } from '../enrollment/memory-store.js';
import { createEnrollmentService } from '../enrollment/service/create.js';
import type { EnrollmentService } from '../enrollment/service.js';
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

/** Runs the demo; resolves to the process exit status. Without `secret` and `token`: the enrollment walk-through. */
export async function runDemo(options: DemoOptions): Promise<number> {
  if (options.secret === undefined && options.token === undefined) return runEnrollmentWalkthrough(options);
  const key = options.secret === undefined ? generateKey() : decodeSecret(options.secret);
  const secret = encodeSecret(key);
  const uri = buildKeyURI({
    key,
    issuer: options.issuer ?? 'otpkit demo',
    accountName: options.accountName ?? 'demo@example.com',
  });
  const check = demoChecker(key, options.time);
  await showKey(uri, secret);
  if (options.token !== undefined) return (await check(options.token)) ? 0 : 1;
  await promptForCodes(check);
  return 0;
}

/** Writes one line to standard output. */
function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/**
 * Checks a typed code, printing the verdict; resolves to true when the code was accepted. The same
 * verifier a portal uses: replay guard, throttling and window of the default profile, over
 * in-memory stores (a portal passes otpkit/redis or otpkit/postgres stores instead).
 */
function demoChecker(key: Uint8Array, time: number | Date | undefined): (token: string) => Promise<boolean> {
  const verifier = createTOTPVerifier({
    replayStore: new MemoryReplayStore(),
    throttleStore: new MemoryThrottleStore(),
    ...(time !== undefined && { clock: () => time }),
  });
  const prepared = prepareKey(key);
  return async (token) => {
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
}

/** The setup screen: the QR code (when `qrcode` is installed), the key URI and the grouped secret. */
async function showKey(uri: string, secret: string): Promise<void> {
  out('otpkit demo: two-factor enrollment');
  out();
  const qr = await loadQR();
  if (qr === undefined) {
    out('(install the optional qrcode package to see the QR code here: npm install qrcode)');
  } else {
    out('Scan this with Google Authenticator, Duo Mobile or Authy:');
    out();
    out(renderQR(qr, uri));
  }
  out();
  out(`    ${uri}`);
  out();
  out('Or add the key by hand ("Enter a setup key", time based):');
  out();
  out(`    ${formatSecret(secret)}`);
  out();
}

/** The QR code as terminal text. Colours only on a terminal: piped output gets plain text (dark modules drawn). */
function renderQR(qr: QRModule, uri: string): string {
  return qr.renderTerminal(uri, { ansi: process.stdout.isTTY === true && !process.env.NO_COLOR });
}

/** Checks each line typed at the `code>` prompt until `q`, `quit`, `exit` or the end of input. */
async function promptForCodes(check: (token: string) => Promise<boolean>): Promise<void> {
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
}

const DEMO_PASSWORD = 'correct horse battery staple';

/** The embedded database of the walk-through. */
type DemoDatabase = SqlClient & { exec(sql: string): Promise<unknown>; close(): Promise<void> };

/** PGlite when installed (a dev dependency of otpkit, optional for users), else `undefined`. */
async function loadPGlite(): Promise<DemoDatabase | undefined> {
  // A computed specifier: the bundler must not pull the WebAssembly database into the CLI.
  const specifier = ['@electric-sql', 'pglite'].join('/');
  try {
    const { PGlite } = (await import(specifier)) as { PGlite: new () => DemoDatabase };
    return new PGlite();
  } catch {
    return undefined;
  }
}

/** What every step of the walk-through uses. `ask` resolves to '' when nobody is at a terminal. */
interface Walkthrough {
  readonly service: EnrollmentService;
  readonly me: string;
  readonly db: DemoDatabase | undefined;
  ask(question: string): Promise<string>;
}

/**
 * The portal's two-factor flow, step by step, through the enrollment service: "Two-Factor:
 * Click to enable" → re-enter password → scan → "Complete Enrollment" → a login with the next
 * code → "Disable" → password. On a terminal it asks for the codes of your authenticator app
 * (an empty line lets the demo's simulated phone answer); piped, the simulated phone answers.
 * Resolves to the exit status (0 when every step gave the portal's success message).
 */
export async function runEnrollmentWalkthrough(options: Pick<DemoOptions, 'issuer' | 'accountName'> = {}): Promise<number> {
  const interactive = process.stdin.isTTY === true;
  const db = await loadPGlite();
  const service = await demoService(db, options.issuer ?? 'otpkit demo');
  const me = options.accountName ?? 'demo@example.com';
  const rl = interactive ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  const ask = async (question: string): Promise<string> =>
    rl ? new Promise((resolve) => rl.question(question, (a) => resolve(a.trim()))) : '';
  try {
    return await walkThrough({ service, me, db, ask });
  } finally {
    rl?.close();
    await db?.close();
  }
}

/** The enrollment service of the walk-through: keys sealed with a fresh vault, in PGlite or memory, audit events printed. */
async function demoService(db: DemoDatabase | undefined, issuer: string): Promise<EnrollmentService> {
  const vault = await createKeyVault({ keys: [{ id: 'demo-1', key: globalThis.crypto.getRandomValues(new Uint8Array(32)) }] });
  let credentialStore: PostgresCredentialStore | MemoryCredentialStore;
  if (db) {
    await migrate(db);
    credentialStore = new PostgresCredentialStore({ client: db, vault });
  } else {
    credentialStore = new MemoryCredentialStore({ vault });
  }
  return createEnrollmentService({
    verifyPassword: (_actor, password) => password === DEMO_PASSWORD,
    credentialStore,
    permissions: { mayManageTwoFactor: (actor, subject) => ({ allowed: actor === subject }) },
    verifier: createTOTPVerifier({ replayStore: new MemoryReplayStore(), throttleStore: new MemoryThrottleStore() }),
    issuer,
    onEvent: (event) =>
      out(
        `    [audit] ${event.type} subject=${event.subject}${'actor' in event && event.actor ? ` actor=${event.actor}` : ''} at=${event.at}`,
      ),
  });
}

/** Steps 1 to 5 in order; the first that fails ends the walk-through with status 1. */
async function walkThrough(w: Walkthrough): Promise<number> {
  out(
    `otpkit demo: two-factor enrollment through the enrollment service, stored in ${w.db ? 'PostgreSQL (PGlite, in memory)' : 'memory (install @electric-sql/pglite for PostgreSQL)'}`,
  );
  out();
  const key = await enable(w);
  if (key === undefined) return 1;
  const code = await confirm(w, key);
  if (code === undefined || !(await logIn(w, key, code)) || !(await disable(w))) return 1;
  key.fill(0);
  return 0;
}

/** Prints why a step failed. */
function fail(what: string, outcome: { ok: boolean; reason?: string }): undefined {
  out(`  ✗ ${what}: ${outcome.ok ? 'unexpected answer' : outcome.reason}`);
  return undefined;
}

/** The code the demo's simulated phone shows `offsetSeconds` from now. */
function phone(key: Uint8Array, offsetSeconds: number): string {
  return generateTOTP(key, { time: Math.floor(Date.now() / 1000) + offsetSeconds });
}

/** Steps 1 and 2: "Click to enable", the password, then the secret to scan; resolves to the key (or undefined). */
async function enable(w: Walkthrough): Promise<Uint8Array | undefined> {
  const { service, me, db } = w;
  out('1. Profile page → "Two-Factor: Click to enable"');
  const begun = await service.beginEnable(me, me);
  if (!begun.ok) return fail('beginEnable', begun);
  out(`   ${begun.uiText}`);
  out(`   (password: ${DEMO_PASSWORD})`);
  const issued = await service.submitPassword(me, me, DEMO_PASSWORD);
  if (!issued.ok || issued.result !== 'secret-issued') return fail('submitPassword', issued);
  out(`2. ${issued.uiText}`);
  out();
  const qr = await loadQR();
  if (qr !== undefined) out(renderQR(qr, issued.secret.keyURI()));
  out(`    ${issued.secret.keyURI()}`);
  out(`    ${issued.secret.formattedSecret()}`);
  out();
  const key = decodeSecret(issued.secret.secret());
  if (db) {
    const { rows } = await db.query('SELECT pending_key FROM otpkit_enrollment WHERE subject = $1', [me]);
    const sealed = String((rows[0] as { pending_key?: unknown } | undefined)?.pending_key);
    out(`   stored in otpkit_enrollment.pending_key, sealed (AES-256-GCM): ${sealed.slice(0, 32)}…`);
  }
  return key;
}

/** Step 3: "Complete Enrollment" with the app's code; resolves to that code (or undefined). */
async function confirm(w: Walkthrough, key: Uint8Array): Promise<string | undefined> {
  let code = await w.ask('   Code from your app (Enter: the demo phone answers): ');
  if (code === '') code = phone(key, 0);
  out(`3. "Complete Enrollment" with ${code}`);
  const done = await w.service.confirm(w.me, w.me, code);
  if (!done.ok) return fail('confirm', done);
  out(`   ${done.uiText}`);
  out(`   Recovery codes (shown once): ${done.recoveryCodes.reveal().join('  ')}`);
  out();
  return code;
}

/** Step 4: the enrollment code again (refused as a replay), then the next code signs in. */
async function logIn(w: Walkthrough, key: Uint8Array, used: string): Promise<true | undefined> {
  out('4. Log in: password, then the next code (the one just used is refused: RFC 6238 §5.2)');
  let login = await w.ask('   Next code from your app (Enter: the demo phone answers): ');
  if (login === '') login = phone(key, 30);
  const replay = await w.service.verifyLogin(w.me, used);
  out(`   the enrollment code again: ${replay.ok ? 'accepted?!' : replay.reason}`);
  const verified = await w.service.verifyLogin(w.me, login);
  if (!verified.ok) return fail('verifyLogin', verified);
  out(`   ${login}: signed in (delta ${verified.delta})`);
  out();
  return true;
}

/** Step 5: "Disable", then the password. */
async function disable(w: Walkthrough): Promise<true | undefined> {
  out('5. Profile page → "Disable"');
  const disabling = await w.service.beginDisable(w.me, w.me);
  if (!disabling.ok) return fail('beginDisable', disabling);
  out(`   ${disabling.uiText}`);
  const disabled = await w.service.submitPassword(w.me, w.me, DEMO_PASSWORD);
  if (!disabled.ok || disabled.result !== 'two-factor-disabled') return fail('submitPassword', disabled);
  out(`   ${disabled.uiText}`);
  return true;
}
