/**
 * The runtime suite (issue #15 item 3): the same checks on every runtime the README names.
 * Plain JavaScript, no imports, so Node, Deno, Bun, workerd and a browser page all load it as it
 * is. `runSuite(otpkit, mode)` takes the package's namespace and returns the checks' outcomes;
 * runtimes.test.ts bundles it with dist/index.js and runs it in each runtime.
 * Expected values are the RFCs' own (RFC 4226 Appendix D, RFC 6238 Appendix B) or written by
 * hand from the Key URI Format; none is computed by otpkit.
 */

const ascii = (text) => new TextEncoder().encode(text);
// RFC 6238 Appendix B seeds: "12345678901234567890" repeated to the hash's output size.
const SEEDS = {
  SHA1: ascii('12345678901234567890'),
  SHA256: ascii('12345678901234567890123456789012'),
  SHA512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};
// RFC 4226 Appendix D: HOTP(K, C) for C = 0..9, K = the SHA1 seed.
const HOTP = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
// RFC 6238 Appendix B: time (Unix seconds) → 8-digit TOTP for SHA1, SHA256, SHA512.
const TOTP = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];
const SECRET = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
// By hand, Key URI Format: label "issuer:account", then secret, issuer and the explicit defaults.
const URI = `otpauth://totp/ACME:bob?secret=${SECRET}&issuer=ACME&algorithm=SHA1&digits=6&period=30`;

/** Whether this runtime lets a script compile WebAssembly (workerd and strict-CSP pages do not). */
function canCompileWasm() {
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {Record<string, any>} o - the otpkit namespace (`import * as o from 'otpkit'`)
 * @param {'wasm' | 'fallback'} mode - `fallback` removes WebAssembly before otpkit first needs it
 * @returns {Promise<{ wasm: boolean, checks: Array<{ name: string, ok: boolean, got?: unknown }> }>}
 */
export async function runSuite(o, mode) {
  if (mode === 'fallback') delete globalThis.WebAssembly;
  const wasm = typeof WebAssembly === 'object' && canCompileWasm();
  const checks = [];
  const check = (name, got, want) => {
    const ok = JSON.stringify(got) === JSON.stringify(want);
    checks.push(ok ? { name, ok } : { name, ok, got });
  };

  check(
    'RFC 4226 Appendix D',
    HOTP.map((_, c) => o.generateHOTP(SEEDS.SHA1, c)),
    HOTP,
  );
  for (const [index, algorithm] of ['SHA1', 'SHA256', 'SHA512'].entries()) {
    const want = TOTP.map((row) => row[index + 1]);
    const got = TOTP.map(([time]) => o.generateTOTP(SEEDS[algorithm], { time, algorithm, digits: 8 }));
    check(`RFC 6238 Appendix B, ${algorithm}`, got, want);
    const prepared = o.prepareKey(SEEDS[algorithm], { algorithm });
    check(
      `RFC 6238 Appendix B, ${algorithm}, prepared key`,
      TOTP.map(([time]) => o.generateTOTP(prepared, { time, digits: 8 })),
      want,
    );
    check(`verifyTOTP, ${algorithm}`, o.verifyTOTP(SEEDS[algorithm], want[3], { time: 1234567890, algorithm, digits: 8 }).valid, true);
  }

  check('buildKeyURI', o.buildKeyURI({ type: 'totp', secret: SECRET, issuer: 'ACME', accountName: 'bob' }), URI);
  const parsed = o.parseKeyURI(URI);
  check(
    'parseKeyURI',
    [parsed.type, parsed.issuer, parsed.accountName, parsed.secret, parsed.algorithm, parsed.digits, parsed.period],
    ['totp', 'ACME', 'bob', SECRET, 'SHA1', 6, 30],
  );
  check('generateKey: 20 random bytes', [o.generateKey().length, o.encodeSecret(o.generateKey()).length], [20, 32]);

  // The stateful verifier over memory stores: the 6-digit code at T = 59 is the last six digits
  // of RFC 6238's 8-digit 94287082; a second use of it is a replay.
  const verifier = o.createTOTPVerifier({
    replayStore: new o.MemoryReplayStore(),
    throttleStore: new o.MemoryThrottleStore(),
    clock: () => 59,
  });
  const key = o.prepareKey(SEEDS.SHA1);
  const first = await verifier.verify({ credentialId: 'runtime-suite', key, token: '287082' });
  const second = await verifier.verify({ credentialId: 'runtime-suite', key, token: '287082' });
  check('memory verifier accepts, then refuses the replay', [first.ok, second.ok, second.reason], [true, false, 'replayed']);
  return { wasm, checks };
}
