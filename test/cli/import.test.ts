/**
 * The command-line half of #12 (dist/cli.js as a real process; `npm test` builds it):
 * `otpkit import`, the export scheme named by `code`, the Steam encoder, the one algorithm
 * parser and the colon-in-issuer warning. Expected codes from oathtool or by hand, never otpkit.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALGORITHM_NAME_RULE } from '../../src/core/algorithm.js';
import { InvalidKeyURIError } from '../../src/core/errors.js';
import { parseKeyURI } from '../../src/core/key-uri.js';
import { fixtureJSON, hasOathtool, oathtool, otpkit } from '../helpers.js';

const cases = fixtureJSON<{ cases: { id: string; kind: string; given: string }[] }>('cases/outside-2.json').cases;
const byId = (id: string) => cases.find((c) => c.id === id) as { id: string; kind: string; given: string };
const EXPORT = 'otpauth-migration://offline?data=Ci4KCkhlbGxvId6tvu8SEWFsaWNlQGV4YW1wbGUuY29tGgdFeGFtcGxlIAEoATACEAEYASAA';

describe(`cli-names-the-uri-scheme: ${byId('cli-names-the-uri-scheme').kind}`, () => {
  it('otpkit code on an export: exit 2, names the scheme and what to do', () => {
    expect(byId('cli-names-the-uri-scheme').given).toContain(EXPORT);
    const r = otpkit(['code', EXPORT]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Google Authenticator export \(otpauth-migration:\/\/\).*otpkit import/);
    expect(r.stderr).not.toMatch(/base32/);
    expect(r.stdout).toBe('');
  });

  it('otpkit import prints the key URIs (argument and standard input); bad data: exit 2, one line', () => {
    const expected =
      'otpauth://totp/Example:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30\n';
    expect(otpkit(['import', EXPORT])).toMatchObject({ status: 0, stdout: expected });
    expect(otpkit(['import', '-'], `${EXPORT}\n`)).toMatchObject({ status: 0, stdout: expected });
    const bad = otpkit(['import', 'otpauth-migration://offline?data=Ci4K']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^otpkit: malformed protobuf: field at byte 1 runs past the end\n$/);
    expect(otpkit(['--help']).stdout).toContain('otpkit import');
  });
});

describe(`code-changing-parameter-not-ignored: ${byId('code-changing-parameter-not-ignored').kind}`, () => {
  const uri = 'otpauth://totp/Steam:alice?secret=JBSWY3DPEHPK3PXP&issuer=Steam&encoder=steam';

  /** By hand from the published algorithm (KeePassXC, Aegis): HOTP truncation, 5 base-26 characters. */
  function steam(time: number): string {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(Math.floor(time / 30)));
    const mac = createHmac('sha1', Buffer.from('48656c6c6f21deadbeef', 'hex')).update(counter).digest();
    let v = mac.readUInt32BE((mac[19] as number) & 15) & 0x7fffffff;
    let code = '';
    for (let i = 0; i < 5; i++, v = Math.floor(v / 26)) code += '23456789BCDFGHJKMNPQRTVWXY'[v % 26];
    return code;
  }

  it('parseKeyURI reads encoder=steam; otpkit code prints the Steam Guard code; other encoders are refused naming encoder', () => {
    expect(byId('code-changing-parameter-not-ignored').given).toContain(uri);
    const parsed = parseKeyURI(uri);
    expect(parsed.type === 'totp' && parsed.encoder).toBe('steam');
    expect(parsed.extra).toEqual([]);
    expect(parsed.warnings.map((w) => w.code)).toEqual(['non-default-encoder']);
    expect(otpkit(['code', uri, '--time', '1700000000'])).toMatchObject({ status: 0, stdout: `${steam(1700000000)}\n` });
    expect(otpkit(['verify', uri, steam(1700000000), '--time', '1700000000']).status).toBe(0);
    for (const other of ['encoder=base26', 'encoder=', 'encoder=steam&encoder=steam']) {
      const text = `otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&${other}`;
      expect(() => parseKeyURI(text), other).toThrow(InvalidKeyURIError);
      try {
        parseKeyURI(text);
      } catch (e) {
        expect((e as InvalidKeyURIError).parameter).toBe('encoder');
      }
      expect(otpkit(['code', text]).status, other).toBe(2);
    }
    expect(() => parseKeyURI('otpauth://hotp/A:b?secret=JBSWY3DPEHPK3PXP&counter=1&encoder=steam')).toThrow(/totp only/);
  });
});

describe(`algorithm-spelling-consistent: ${byId('algorithm-spelling-consistent').kind}`, () => {
  // Every spelling gets the same answer on both paths: accepted as the same algorithm, or refused with the same message.
  const spellings: [string, string | null][] = [
    ['sha-256', 'SHA256'],
    ['SHA-256', 'SHA256'],
    ['Sha256', 'SHA256'],
    ['sha1', 'SHA1'],
    ['SHA-1', 'SHA1'],
    ['sha-512', 'SHA512'],
    ['SHA2-56', null],
    ['SHA_256', null],
    ['HMAC-SHA-256', null],
    ['SHA 256', null],
    ['SHA--256', null],
    ['MD5', null],
    ['SHA224', null],
  ];
  it.skipIf(!hasOathtool).each(spellings)('%s → %s on the CLI and in parseKeyURI', (spelling, algorithm) => {
    const uri = `otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=${encodeURIComponent(spelling)}`;
    const cli = otpkit(['code', '--algorithm', spelling, '--time', '59', 'JBSWY3DPEHPK3PXP']);
    if (algorithm === null) {
      expect(() => parseKeyURI(uri)).toThrow(ALGORITHM_NAME_RULE);
      expect(cli.status).toBe(2);
      expect(cli.stderr).toBe(`otpkit: ${ALGORITHM_NAME_RULE}\n`);
      return;
    }
    expect(parseKeyURI(uri).algorithm).toBe(algorithm);
    const oath = oathtool([`--totp=${algorithm.toLowerCase()}`, '-b', 'JBSWY3DPEHPK3PXP', '-N', '@59']);
    expect(cli).toMatchObject({ status: 0, stdout: `${oath}\n` });
  });
});

describe(`colon-in-issuer-warns: ${byId('colon-in-issuer-warns').kind}`, () => {
  it('otpkit uri --issuer localhost:8000 warns, and --strict refuses', () => {
    const args = ['uri', '--issuer', 'localhost:8000', '--account', 'alice@example.com', '--secret', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'];
    const loose = otpkit(args);
    expect(loose.status).toBe(0);
    expect(loose.stderr).toMatch(/warning: issuer has a colon/);
    const strict = otpkit([...args, '--strict']);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/colon/);
  });
});
