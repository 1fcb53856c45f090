/**
 * The `otpkit` command line (src/cli/main.ts, args.ts, commands.ts): oathtool's spellings, the
 * refusals (repeated option, negative values, options a command does not take, `demo --token`
 * without `--secret`), `qr --png`, `--version`, and — issue #10 fault 7 — no argument's text in
 * any message: every command runs with a secret in every argument position. Most runs are
 * in-process (fast on a loaded machine); the few that need a real process (EPIPE, exit status,
 * standard input) run dist/cli.js, which `npm test` builds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CLI, hasCommand, hasOathtool, oathtool } from '../helpers.js';

// Each test starts real processes (about 1.5 s each on a loaded 2-core machine): budget for it.
vi.setConfig({ testTimeout: 180_000 });

const KEY = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
const URI = `otpauth://totp/ACME:alice?secret=${KEY}&issuer=ACME`;
const dir = mkdtempSync(join(tmpdir(), 'otpkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs main() in-process; collects what it writes. */
async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(args, { out: (line) => out.push(`${line}\n`), err: (line) => err.push(`${line}\n`) });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

describe('oathtool spellings', () => {
  it.skipIf(!hasOathtool)('-d -s -S -N @secs --totp=MODE -w -c --hotp -b give what oathtool gives for the same line', async () => {
    // One oathtool line and the same otpkit line (with `code` in front) per case.
    const lines = [
      ['--totp', '-b', '-N', '@59', KEY],
      ['--totp=sha256', '-b', '-d', '8', '-s', '60', '-N', '@1234567890', KEY],
      ['--totp=SHA512', '-b', '-d', '7', '-s', '1m', '-S', '@1000', '-N', '@2000000000', KEY],
      ['--totp', '-b', '-w', '3', '-N', '@1700000000', KEY],
      ['--hotp', '-b', '-c', '18446744073709551610', '-w', '4', KEY],
      ['-b', '-c', '7', '-d', '8', KEY],
      ['--hotp', '-b', KEY],
      ['--totp', '-b', '--now=@1111111109', '--digits=8', '--time-step-size=30s', KEY],
    ];
    for (const line of lines) {
      const ours = await run(['code', ...line]);
      expect(ours.stderr, line.join(' ')).toBe('');
      expect(ours.stdout.trim(), line.join(' ')).toBe(oathtool(line));
    }
  });

  it('-V/--version prints the package version; -h/--help the usage', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const flag of ['-V', '--version']) {
      const result = spawnSync(process.execPath, [CLI, flag], { encoding: 'utf8' });
      expect(result.stdout).toBe(`otpkit ${version}\n`);
      expect(result.status).toBe(0);
    }
    expect((await run(['-h'])).stdout).toMatch(/^usage:\n {2}otpkit code/);
  });

  it.skipIf(!hasOathtool)('verify takes -w for the window and -N for the time', async () => {
    const token = oathtool(['--totp', '-b', '-N', '@1234567860', KEY]); // one step before 1234567890
    expect((await run(['verify', KEY, token, '-N', '@1234567890', '-w', '1'])).stdout).toMatch(/^delta -1 time step /);
    expect((await run(['verify', KEY, token, '-N', '@1234567890', '-w', '0'])).status).toBe(1);
  });
});

describe('refusals, in otpkit words', () => {
  const cases: [string[], string][] = [
    [['code', KEY, '--digits', '-5'], 'otpkit: --digits expects a whole number from 6 to 10\n'],
    [['code', KEY, '-d', '-8'], 'otpkit: --digits expects a whole number from 6 to 10\n'],
    [['code', KEY, '--counter', '-1'], 'otpkit: --counter expects a whole number from 0 to 2^64 - 1\n'],
    [['code', KEY, '--window', '-1'], 'otpkit: --window expects a whole number from 0 to 1000\n'],
    [['code', KEY, '--period', '-30'], 'otpkit: --period expects a time step size from 1 to 2^31 seconds (e.g. 30, 30s, 1m)\n'],
    [['secret', '--bytes', '-20'], 'otpkit: --bytes expects a whole number from 16 to 128\n'],
    [['code', KEY, '--time', '-5'], expect.stringMatching(/^otpkit: --time expects Unix seconds/)],
    [['code', KEY, '--digits', '6', '-d', '7'], 'otpkit: --digits given more than once\n'],
    [['code', KEY, '--now', '@5', '--time', '5'], 'otpkit: --time given more than once\n'],
    [['code', KEY, '-s', '30', '--period', '30'], 'otpkit: --period given more than once\n'],
    [['code', KEY, '--totp=SHA1', '--algorithm', 'SHA1'], 'otpkit: give --algorithm or --totp=MODE, not both\n'],
    [['code', KEY, '--totp', '--counter', '5'], 'otpkit: give --totp or --counter/--hotp, not both\n'],
    [['code', KEY, '--digits'], 'otpkit: --digits needs a value\n'],
    [['code', KEY, '--hotp=yes'], 'otpkit: --hotp takes no value\n'],
    [['secret', '--digits', '8'], 'otpkit: --digits does not apply to otpkit secret\n'],
    [['qr', URI, '--counter', '1'], 'otpkit: --counter does not apply to otpkit qr\n'],
    [['demo', '--token', '123456'], 'otpkit: demo --token needs --secret (the key the code came from)\n'],
    [['qr', URI, '--png', join(dir, 'x.png'), '--plain'], 'otpkit: --plain and --invert apply to terminal output, not --png\n'],
    [['qr', URI, '--png', join(dir, 'no', 'such', 'dir.png')], 'otpkit: cannot write the --png file (ENOENT)\n'],
    [['frobnicate'], 'otpkit: unknown command; run otpkit --help\n'],
  ];
  it.each(cases)('%j', async (args, stderr) => {
    const result = await run(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toEqual(stderr);
  });
});

describe('no argument text in any message (#10 fault 7)', () => {
  // A secret pasted in the wrong place. Every run below is a mistake (exit 2); none may echo it.
  const SECRET = 'KRUGS4ZAM5XWKIDUN5XXIIDTMVRXEZLU';
  const base: Record<string, string[]> = {
    code: [KEY],
    verify: [KEY, '123456'],
    secret: [],
    uri: ['--issuer', 'ACME', '--account', 'alice'],
    qr: [URI],
    demo: ['--secret', KEY, '--token', '123456'],
  };
  // Options whose value is free text, and which commands take them (there the secret is a valid value).
  const TEXT_OPTIONS = ['secret', 'token', 'issuer', 'account', 'image', 'png'];
  const ACCEPTS: Record<string, string[]> = {
    uri: ['secret', 'issuer', 'account', 'image'],
    qr: ['png'],
    demo: ['secret', 'token', 'issuer', 'account'],
  };
  const valueOptions = [
    '--digits',
    '--time',
    '--counter',
    '--window',
    '--algorithm',
    '--period',
    '--t0',
    '--bytes',
    '--level',
    '--margin',
    '--type',
  ];
  const placements = (command: string): string[][] => [
    [`--${SECRET}`],
    [`-${SECRET}`],
    [`--${SECRET}=x`],
    [`--plain=${SECRET}`],
    [`--strict=${SECRET}`],
    [`--totp=${SECRET}`],
    [SECRET],
    ['--', SECRET],
    ['--', `--${SECRET}`],
    ...valueOptions.map((option) => [option, SECRET]),
    ...valueOptions.map((option) => [`${option}=${SECRET}`]),
    ['--digits', '6', '--digits', SECRET],
    // Text options: refused where the command does not take them, or where base already gave them.
    ...TEXT_OPTIONS.filter((option) => !ACCEPTS[command]?.includes(option) || base[command]?.includes(`--${option}`)).map((option) => [
      `--${option}`,
      SECRET,
    ]),
  ];
  const runs: string[][] = [
    [SECRET],
    [`--${SECRET}`, 'code', KEY],
    ['--', SECRET],
    ['code', `${SECRET}8`],
    ['code', `--${SECRET}`],
    ['verify', `--${SECRET}`, '123456'],
    ...Object.keys(base).flatMap((command) => placements(command).map((p) => [command, ...(base[command] ?? []), ...p])),
  ];

  it(`${runs.length} mistaken command lines exit 2 with one otpkit line and no trace of the secret`, async () => {
    const needles = [SECRET, SECRET.toLowerCase(), SECRET.slice(0, 10), SECRET.slice(-10)];
    for (const args of runs) {
      const result = await run(args);
      const label = args.join(' ');
      expect(result.status, label).toBe(2);
      expect(result.stderr, label).toMatch(/^otpkit: [^\n]+\n$/);
      expect(result.stderr, label).not.toBe('otpkit: unexpected error\n');
      for (const needle of needles) expect((result.stdout + result.stderr).toLowerCase(), label).not.toContain(needle.toLowerCase());
    }
  });

  it('the same holds for the real process, where Node would print its own parser text', () => {
    for (const args of [['code', `--${SECRET}`], ['code', KEY, `--digits=${SECRET}`], [`-${SECRET}`]]) {
      const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^otpkit: [^\n]+\n$/);
      expect(result.stdout + result.stderr).not.toContain(SECRET);
    }
  });
});

describe('process behaviour', () => {
  it('a closed pipe (| head -1) ends quietly, exit 0, no EPIPE trace', () => {
    // `true` exits before reading, so every write meets a closed pipe.
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" code ${KEY} -w 1000 -N @59 | true; echo "status $?"`], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    const head = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" code ${KEY} -w 1000 -N @59 | head -1`], { encoding: 'utf8' });
    expect(head.stderr).toBe('');
    expect(head.stdout).toBe('241063\n'); // oathtool --totp -b -N @59 MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U
  });

  it.skipIf(!hasCommand('zbarimg', ['--version']))('qr --png FILE writes a PNG (owner-only) that zbarimg reads back', async () => {
    const file = join(dir, 'key.png');
    const result = await run(['qr', URI, '--png', file, '--level', 'Q']);
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    const read = spawnSync('zbarimg', ['--raw', '-q', '-Sbinary', file], { encoding: 'utf8' });
    // What is drawn is the canonical form (docs/key-uri.md): the Key URI Format's defaults written out.
    expect(read.stdout).toBe(`${URI}&algorithm=SHA1&digits=6&period=30`);
  });
});
