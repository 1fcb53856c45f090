/**
 * The `otpkit` command against oathtool, as real processes on random seeded inputs, and the
 * demo's non-interactive mode verifying a code oathtool printed. Needs dist/ (npm test builds it).
 */
import { describe, expect, it, vi } from 'vitest';
import { hasOathtool, oathtool, oathtoolBatch, otpkit, seededRandom } from '../helpers.js';

// Each test starts real processes (about 1.5 s each on a loaded 2-core machine): budget for it.
vi.setConfig({ testTimeout: 180_000 });

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

describe.skipIf(!hasOathtool)('otpkit CLI vs oathtool', () => {
  const random = seededRandom(4226);
  const int = (n: number) => Math.floor(random() * n);
  // 12 cases × 5 codes each (`-w 4`: the code and the four after it) per mode.
  const cases = Array.from({ length: 12 }, () => ({
    secret: Array.from({ length: 16 + 8 * int(7) }, () => ALPHABET[int(32)]).join(''),
    algorithm: ['SHA1', 'SHA256', 'SHA512'][int(3)] as string,
    digits: 6 + int(3),
    period: [30, 60, 10][int(3)] as number,
    time: int(2 ** 33),
    counter: BigInt(int(2 ** 32)) * BigInt(int(2 ** 32)) + BigInt(int(1000)),
  }));

  it('`otpkit code` prints what oathtool prints, TOTP and HOTP, five codes a case', () => {
    const expected = oathtoolBatch(
      cases.flatMap((c) => [
        [`--totp=${c.algorithm}`, '-b', `--now=@${c.time}`, `--digits=${c.digits}`, `--time-step-size=${c.period}s`, '-w', '4', c.secret],
        ['--hotp', '-b', `--counter=${c.counter}`, `--digits=${c.digits}`, '-w', '4', c.secret],
      ]),
    );
    cases.forEach((c, i) => {
      const totp = otpkit([
        'code',
        c.secret,
        '--time',
        String(c.time),
        '--algorithm',
        c.algorithm,
        '--digits',
        String(c.digits),
        '--period',
        String(c.period),
        '-w',
        '4',
      ]);
      expect(totp.status, totp.stderr).toBe(0);
      expect(totp.stdout.trim().split('\n')).toEqual(expected[2 * i]);
      const hotp = otpkit(['code', c.secret, '--counter', String(c.counter), '--digits', String(c.digits), '-w', '4']);
      expect(hotp.stdout.trim().split('\n')).toEqual(expected[2 * i + 1]);
      expect(expected[2 * i]).toHaveLength(5);
    });
  }, 180_000);

  it('`otpkit verify` accepts oathtool codes of T−1..T+1 with their delta and exits 1 for a wrong code', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const time = 1234567890;
    for (const delta of [-1, 0, 1]) {
      const token = oathtool(['--totp', '-b', `--now=@${time + delta * 30}`, secret]);
      const result = otpkit(['verify', secret, token, '--time', String(time)]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^delta ${delta} `));
    }
    const far = oathtool(['--totp', '-b', `--now=@${time + 90}`, secret]);
    const wrong = otpkit(['verify', secret, far, '--time', String(time)]);
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toBe('');
  });

  it('reads the secret from standard input with -', () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const result = otpkit(['code', '-', '--time', '59'], `${secret}\n`);
    expect(result.stdout.trim()).toBe(oathtool(['--totp', '-b', '--now=@59', secret]));
  });

  it('`npm run demo -- --token` verifies the code oathtool prints for the same secret and time', () => {
    // Time frozen with --time on both sides: the run may cross a 30 s step without changing the answer.
    const secret = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
    const token = oathtool(['--totp', '-b', '--now=@1700000000', secret]);
    const result = otpkit(['demo', '--secret', secret, '--token', token, '--time', '1700000000']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/valid \(delta 0/);
    expect(result.stdout).toContain('MFRG GZDF MZTW Q2LK NNWG 23TP OBYX E43U');
    const behind = oathtool(['--totp', '-b', '--now=@1699999970', secret]);
    expect(otpkit(['demo', '--secret', secret, '--token', behind, '--time', '1700000000']).stdout).toMatch(
      /valid \(delta -1: your phone is 1 step\(s\) behind/,
    );
  });
});

describe('otpkit CLI errors', () => {
  it('a bad argument exits 2 with one line that never echoes the secret', () => {
    const secret = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
    const runs = [
      ['code', `${secret}8`],
      ['code', secret, '--digits', '5'],
      ['code', secret, '--algorithm', secret],
      ['code', secret, '--time', secret],
      ['code', secret, '--counter', '-1'],
      ['verify', secret],
      ['code', secret, '--bogus'],
      ['frobnicate', secret],
    ];
    for (const args of runs) {
      const result = otpkit(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr + result.stdout).not.toContain(secret);
      expect((result.stderr + result.stdout).toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });

  it('`otpkit secret` prints a new 32-character secret, different each time', () => {
    const a = otpkit(['secret']).stdout.trim();
    const b = otpkit(['secret']).stdout.trim();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(a).not.toBe(b);
    expect(otpkit(['secret', '--bytes', '10']).status).toBe(2);
  });
});

describe('otpkit CLI input handling', () => {
  const secret = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';

  it('--time takes Unix seconds or ISO 8601 in UTC or with an offset, never local time or free text', () => {
    // 2024-01-01T00:00:00Z is Unix 1704067200 (by hand: 19723 days × 86400 s); the code from
    // oathtool 2.6: `oathtool --totp -b --now=@1704067200 MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U`.
    const expected = '802637\n';
    for (const time of ['1704067200', '2024-01-01', '2024-01-01T00:00:00Z', '2024-01-01T09:00:00+09:00', '2023-12-31T19:00:00-05:00']) {
      expect(otpkit(['code', secret, `--time=${time}`]).stdout, time).toBe(expected);
    }
    for (const time of ['-5', 'May 5', 'x 2020', '2024-01-01T00:00:00', '2024-13-01', '1e9']) {
      const result = otpkit(['code', secret, `--time=${time}`]);
      expect(result.status, time).toBe(2);
    }
  });

  it('the demo ends with status 0 when piped input ends, refusing a replayed code', () => {
    // oathtool --totp -b --now=@1704067200 MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U prints 802637.
    const result = otpkit(['demo', '--secret', secret, '--time', '1704067200'], '802637\n802637\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/valid \(delta 0[\s\S]*already used/);
    expect(result.stdout.trim().endsWith('bye')).toBe(true);
  });
});
