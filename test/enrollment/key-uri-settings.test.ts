/**
 * #12 kind 1, case enrollment-uri-carries-every-code-parameter: the key URI the enrollment
 * service hands out carries every setting of its verifier that changes a code (algorithm,
 * digits, period), and a verifier whose settings a key URI cannot carry is refused when the
 * service is created. The "phone" reads the issued URI with the WHATWG URL parser (not otpkit)
 * and computes the code with oathtool (digits 6–8) or pyotp (digits 9 and 10, which oathtool
 * does not support): never with otpkit.
 */
import { describe, expect, it } from 'vitest';
import type { HmacAlgorithm } from '../../src/core/algorithm.js';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { MemoryThrottleStore } from '../../src/verify/throttle.js';
import { createTOTPVerifier } from '../../src/verify/verifier.js';
import { hasOathtool, hasPyotp, oathtool, runPython } from '../helpers.js';
import { PASSWORDS, portal } from './harness.js';

if (!hasOathtool || !hasPyotp) console.warn('oathtool or pyotp is missing: the enrollment key URI property is skipped');

const ALGORITHMS: HmacAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];
const DIGITS = [6, 7, 8, 9, 10]; // every length the verifier accepts
const PERIODS = [30, 60, 15, 1, 90, 3600];

/** What an authenticator app reads from the URI: the WHATWG URL parser, not otpkit. */
function readURI(uri: string) {
  const url = new URL(uri);
  const q = url.searchParams;
  return {
    secret: q.get('secret') as string,
    algorithm: q.get('algorithm'),
    digits: Number(q.get('digits')),
    period: Number(q.get('period')),
  };
}

/** The phone's codes for each [uri, Unix second]: oathtool for 6–8 digits, pyotp (one batch) beyond. */
function phone(requests: [string, number][]): string[] {
  const long: { secret: string; digits: number; algorithm: string; period: number; time: number }[] = [];
  const codes = requests.map(([uri, time]) => {
    const { secret, algorithm, digits, period } = readURI(uri);
    if (digits > 8) {
      long.push({ secret, digits, algorithm: algorithm ?? 'SHA1', period, time });
      return undefined;
    }
    const mode = `--totp=${(algorithm ?? 'SHA1').toLowerCase()}`;
    return oathtool([mode, '-d', String(digits), '-s', String(period), '-b', secret, '-N', `@${time}`]);
  });
  const fromPyotp = runPython<string[]>(
    `
import sys, json, hashlib, pyotp
print(json.dumps([pyotp.TOTP(c['secret'], digits=c['digits'], digest=getattr(hashlib, c['algorithm'].lower()), interval=c['period']).at(c['time']) for c in json.load(sys.stdin)]))
`,
    long,
  );
  return codes.map((code) => code ?? (fromPyotp.shift() as string));
}

describe('enrollment-uri-carries-every-code-parameter: a parameter that changes the code is lost between the verifier and the key URI the enrollment service hands out', () => {
  it.skipIf(!hasOathtool || !hasPyotp)(
    'for every algorithm × digits × period the verifier accepts, the code computed from the issued URI completes the enrollment',
    async () => {
      const enrollments: { label: string; p: ReturnType<typeof portal>; uri: string }[] = [];
      for (const algorithm of ALGORITHMS) {
        for (const digits of DIGITS) {
          for (const period of PERIODS) {
            const base = portal();
            const verifier = createTOTPVerifier({
              replayStore: new MemoryReplayStore({ clock: () => base.clock.now }),
              throttleStore: new MemoryThrottleStore({ clock: () => base.clock.now }),
              clock: () => base.clock.now,
              algorithm,
              digits,
              period,
            });
            const p = portal({ verifier });
            const label = `${algorithm}/${digits}/${period}`;
            expect((await p.service.beginEnable('alice', 'alice')).ok, label).toBe(true);
            const issued = await p.service.submitPassword('alice', 'alice', PASSWORDS.alice);
            if (!issued.ok || issued.result !== 'secret-issued') throw new Error(`no secret issued for ${label}`);
            const uri = issued.secret.keyURI();
            expect(readURI(uri), label).toMatchObject({ algorithm, digits, period });
            enrollments.push({ label, p, uri });
          }
        }
      }
      const codes = phone(enrollments.map((e) => [e.uri, e.p.clock.now]));
      let combinations = 0;
      for (const [i, { label, p }] of enrollments.entries()) {
        const done = await p.service.confirm('alice', 'alice', codes[i] as string);
        expect(done.ok && done.result, label).toBe('enrollment-complete');
        combinations++;
      }
      expect(combinations).toBe(ALGORITHMS.length * DIGITS.length * PERIODS.length);
    },
    120_000,
  );

  it('the verifier exposes every code-changing setting', () => {
    const v = createTOTPVerifier({
      replayStore: new MemoryReplayStore(),
      throttleStore: new MemoryThrottleStore(),
      algorithm: 'SHA512',
      digits: 8,
      period: 60,
    });
    expect(v.settings).toMatchObject({ algorithm: 'SHA512', digits: 8, period: 60, t0: 0 });
  });

  it('a verifier whose settings a key URI cannot carry is refused when the service is created (variants)', () => {
    const verify = async () => ({ ok: false as const, reason: 'invalid' as const });
    const variants: [object, RegExp][] = [
      [{ t0: 30 }, /"verifier\.settings\.t0" expected 0/],
      [{ algorithm: 'MD5' }, /"verifier\.settings\.algorithm"/],
      [{ algorithm: 'sha256' }, /"verifier\.settings\.algorithm"/],
      [{ digits: 5 }, /"verifier\.settings\.digits" expected an integer from 6 to 10/],
      [{ digits: 11 }, /"verifier\.settings\.digits"/],
      [{ period: 0 }, /"verifier\.settings\.period"/],
      [{ period: 1.5 }, /"verifier\.settings\.period"/],
    ];
    for (const [settings, message] of variants) {
      expect(() => portal({ verifier: { verify, settings } as never }), JSON.stringify(settings)).toThrow(message);
    }
  });
});
