/**
 * The `otpkit` command's key URI features as real processes (dist/cli.js; `npm test` builds it):
 * `uri`, `qr` (read back with zbarimg), `code`/`verify` taking an otpauth:// URI (checked against
 * oathtool), and the demo's QR code. Exit status 2 errors are one line and never hold the secret.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseKeyURI } from '../../src/core/key-uri.js';
import { hasCommand, hasOathtool, oathtool, otpkit } from '../helpers.js';

// Each test starts real processes (about 1.5 s each on a loaded 2-core machine): budget for it.
vi.setConfig({ testTimeout: 180_000 });

const hasZbarimg = hasCommand('zbarimg', ['--version']);
if (!hasZbarimg) console.warn('zbarimg (Debian zbar-tools) is missing: CLI QR read-back tests are skipped');
if (!hasOathtool) console.warn('oathtool is missing: CLI key URI codes are not checked against it');

const dir = mkdtempSync(join(tmpdir(), 'otpkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Plain terminal QR text (dark modules drawn) → PBM at 4 px a module → zbarimg's raw bytes. */
function readTerminalQR(lines: string[]): string {
  const rows = lines.flatMap((line) => {
    const chars = [...line];
    return [chars.map((c) => c === '█' || c === '▀'), chars.map((c) => c === '█' || c === '▄')];
  });
  const scale = 4;
  const pbm = [`P1`, `${(rows[0]?.length ?? 0) * scale} ${rows.length * scale}`];
  for (const row of rows) {
    const line = row.map((dark) => (dark ? '1' : '0').repeat(scale)).join('');
    for (let i = 0; i < scale; i++) pbm.push(line);
  }
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pbm`);
  writeFileSync(file, `${pbm.join('\n')}\n`);
  const result = spawnSync('zbarimg', ['--raw', '-q', '-Sbinary', file]);
  expect(result.status).toBe(0);
  return result.stdout.toString('latin1');
}

const SECRET = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';

describe('otpkit uri', () => {
  it('prints a key URI with a new 160-bit secret each time', () => {
    const a = otpkit(['uri', '--issuer', 'Any Company', '--account', 'contact@example.com']);
    const b = otpkit(['uri', '--issuer', 'Any Company', '--account', 'contact@example.com']);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stderr).toBe('');
    expect(a.stdout).toMatch(
      /^otpauth:\/\/totp\/Any%20Company:contact%40example\.com\?secret=[A-Z2-7]{32}&issuer=Any%20Company&algorithm=SHA1&digits=6&period=30\n$/,
    );
    expect(a.stdout).not.toBe(b.stdout);
  });

  it('uses --secret (or - for standard input), canonical; hotp with --counter', () => {
    const given = otpkit(['uri', '--issuer', 'ACME', '--account', 'bob', '--secret', 'mfrg gzdf mztw q2lk nnwg 23tp obyx e43u']);
    expect(given.stdout.trim()).toBe(`otpauth://totp/ACME:bob?secret=${SECRET}&issuer=ACME&algorithm=SHA1&digits=6&period=30`);
    const stdin = otpkit(
      ['uri', '--issuer', 'ACME', '--account', 'bob', '--secret', '-', '--type', 'hotp', '--counter', '42'],
      `${SECRET}\n`,
    );
    expect(stdin.stdout.trim()).toBe(`otpauth://hotp/ACME:bob?secret=${SECRET}&issuer=ACME&algorithm=SHA1&digits=6&counter=42`);
  });

  it('warns on stderr about non-default settings; --strict refuses them', () => {
    const loose = otpkit(['uri', '--issuer', 'A', '--account', 'b', '--secret', SECRET, '--digits', '8', '--algorithm', 'sha256']);
    expect(loose.status).toBe(0);
    expect(loose.stdout).toContain('algorithm=SHA256&digits=8');
    expect(loose.stderr).toMatch(/warning: non-default algorithm/);
    expect(loose.stderr).toMatch(/warning: non-default digits/);
    const strict = otpkit(['uri', '--issuer', 'A', '--account', 'b', '--secret', SECRET, '--period', '60', '--strict']);
    expect(strict.status).toBe(2);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/^otpkit: strict: non-default period/);
  });
});

describe('otpkit code and verify with a key URI', () => {
  it.skipIf(!hasOathtool)('take the URI settings as defaults, explicit options win (vs oathtool)', () => {
    const uri = `otpauth://totp/ACME:alice?secret=${SECRET}&issuer=ACME&algorithm=SHA256&digits=8&period=60`;
    const time = 1234567890;
    const fromURI = otpkit(['code', uri, '--time', String(time)]);
    expect(fromURI.status, fromURI.stderr).toBe(0);
    expect(fromURI.stdout.trim()).toBe(oathtool(['--totp=SHA256', '-b', `--now=@${time}`, '--digits=8', '--time-step-size=60s', SECRET]));
    const overridden = otpkit(['code', uri, '--time', String(time), '--digits', '6', '--period', '30', '--algorithm', 'SHA1']);
    expect(overridden.stdout.trim()).toBe(oathtool(['--totp', '-b', `--now=@${time}`, '--digits=6', SECRET]));
    const stdin = otpkit(['code', '-', '--time', String(time)], `${uri}\n`);
    expect(stdin.stdout).toBe(fromURI.stdout);

    const token = oathtool(['--totp=SHA256', '-b', `--now=@${time - 60}`, '--digits=8', '--time-step-size=60s', SECRET]);
    const verified = otpkit(['verify', uri, token, '--time', String(time)]);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/^delta -1 time step /);
  });

  it.skipIf(!hasOathtool)('an hotp URI gives HOTP at its counter; --counter overrides; --time is refused', () => {
    const uri = `otpauth://hotp/ACME:alice?secret=${SECRET}&counter=1000000007`;
    expect(otpkit(['code', uri]).stdout.trim()).toBe(oathtool(['--hotp', '-b', '--counter=1000000007', SECRET]));
    expect(otpkit(['code', uri, '--counter', '5']).stdout.trim()).toBe(oathtool(['--hotp', '-b', '--counter=5', SECRET]));
    const token = oathtool(['--hotp', '-b', '--counter=1000000009', SECRET]);
    const verified = otpkit(['verify', uri, token, '--window', '3']);
    expect(verified.stdout.trim()).toBe('delta 2 counter 1000000009');
    const time = otpkit(['code', uri, '--time', '59']);
    expect(time.status).toBe(2);
    expect(time.stderr).toBe('otpkit: the key URI is hotp: give --counter, not --time\n');
  });
});

describe.skipIf(!hasZbarimg)('otpkit qr and the demo draw codes zbarimg reads', () => {
  it('otpkit qr "$(otpkit uri --issuer \'Any Company\' --account contact@example.com)"', () => {
    const uri = otpkit(['uri', '--issuer', 'Any Company', '--account', 'contact@example.com']).stdout.trim();
    const qr = otpkit(['qr', uri]);
    expect(qr.status, qr.stderr).toBe(0);
    expect(qr.stdout).not.toContain('\u001b'); // not a terminal here: plain text
    expect(readTerminalQR(qr.stdout.replace(/\n$/, '').split('\n'))).toBe(uri);
    const fromStdin = otpkit(['qr', '-', '--level', 'h', '--margin', '2'], `${uri}\n`);
    expect(readTerminalQR(fromStdin.stdout.replace(/\n$/, '').split('\n'))).toBe(uri);
  });

  it('the demo shows a scannable QR code of its URI, the URI, and the grouped secret', () => {
    const demo = otpkit(['demo', '--secret', SECRET, '--token', '000000', '--issuer', 'Café Zürich', '--account', 'zoë@example.com']);
    const lines = demo.stdout.split('\n');
    const uri = `otpauth://totp/Caf%C3%A9%20Z%C3%BCrich:zo%C3%AB%40example.com?secret=${SECRET}&issuer=Caf%C3%A9%20Z%C3%BCrich&algorithm=SHA1&digits=6&period=30`;
    expect(lines).toContain(`    ${uri}`);
    expect(lines).toContain('    MFRG GZDF MZTW Q2LK NNWG 23TP OBYX E43U');
    const start = lines.findIndex((l) => l.startsWith('Scan this')) + 2;
    const end = lines.indexOf('', start);
    expect(end - start).toBeGreaterThan(10);
    expect(readTerminalQR(lines.slice(start, end))).toBe(uri);
  });
});

describe('key URI errors at the command line', () => {
  it('exit 2 with one line that never holds the secret', () => {
    const uri = `otpauth://totp/ACME:alice?secret=${SECRET}&issuer=ACME`;
    const runs: [string[], string?][] = [
      [['uri', '--account', 'a', '--secret', SECRET]],
      [['uri', '--issuer', 'A', '--secret', SECRET]],
      [['uri', '--issuer', 'A', '--account', 'a', '--secret', `${SECRET}8`]],
      [['uri', '--issuer', 'A', '--account', 'a', '--secret', SECRET, '--type', 'motp']],
      [['uri', '--issuer', 'A', '--account', 'a', '--secret', SECRET, '--type', 'hotp']],
      [['uri', '--issuer', 'A', '--account', 'a', '--secret', SECRET, '--counter', '3']],
      [['uri', '--issuer', 'A', '--account', ' a', '--secret', SECRET]],
      [['uri', '--issuer', 'A', '--account', 'a', '--secret', SECRET, '--image', `http://x/${SECRET}`]],
      [['uri', '--issuer', 'A', '--account', 'a', '--secret', SECRET, 'extra']],
      [['qr', SECRET]],
      [['qr', `${uri}&secret=${SECRET}`]],
      [['qr', uri, '--level', 'X']],
      [['qr', uri, '--margin', '99']],
      [['qr']],
      [['code', `${uri}&digits=5`]],
      [['code', uri.replace('secret=', 'secret=1')]],
      [['code', 'otpauth://totp/A:b']],
      [['verify', `${uri}&secret=${SECRET}`, '123456']],
      [['code', '-'], `${uri}&algorithm=MD5\n`],
    ];
    for (const [args, input] of runs) {
      const result = otpkit(args, input);
      const label = args.join(' ');
      expect(result.status, label).toBe(2);
      expect(result.stdout, label).toBe('');
      expect(result.stderr.trim().split('\n'), label).toHaveLength(1);
      expect(result.stderr, label).toMatch(/^otpkit: /);
      expect(result.stderr, label).not.toBe('otpkit: unexpected error\n');
      expect(result.stderr.toUpperCase(), label).not.toContain(SECRET.slice(0, 8));
    }
  });

  it('the URI printed by otpkit uri parses to the arguments given', () => {
    const result = otpkit(['uri', '--issuer', 'Issuer: with & odd + chars', '--account', 'ünï:cödé@example.com', '--secret', SECRET]);
    const parsed = parseKeyURI(result.stdout.trim());
    expect([parsed.issuer, parsed.labelIssuer, parsed.accountName, parsed.secret]).toEqual([
      'Issuer: with & odd + chars',
      'Issuer: with & odd + chars',
      'ünï:cödé@example.com',
      SECRET,
    ]);
  });
});
