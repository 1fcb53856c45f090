/**
 * Key URIs against a real peer, pyotp (Debian python3-pyotp, run by /usr/bin/python3):
 * URIs written by pyotp's `provisioning_uri` parse here to the fields pyotp was given, and URIs
 * we build are read by `pyotp.parse_uri` into the same fields and the same codes.
 * Inputs are random from a fixed seed, so a failure is reproducible.
 */
import { describe, expect, it } from 'vitest';
import type { HmacAlgorithm } from '../../src/core/algorithm.js';
import { generateHOTP } from '../../src/core/hotp.js';
import { buildKeyURI, parseKeyURI } from '../../src/core/key-uri.js';
import { generateTOTP } from '../../src/core/totp.js';
import { hasPyotp, runPython, seededRandom } from '../helpers.js';

if (!hasPyotp) console.warn('pyotp (python3-pyotp for /usr/bin/python3) is missing: Key URI interop with pyotp is skipped');

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALGORITHMS: HmacAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

function picker(seed: number) {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const text = (alphabet: readonly string[], min: number, max: number) =>
    Array.from({ length: max <= min ? min : min + int(max - min + 1) }, () => pick(alphabet)).join('');
  return { int, pick, text };
}

// Names pyotp's writer handles: it percent-encodes the label with quote() and the query with urlencode().
const WRITER_ALPHABET = [...'abcXYZ019 .-_@+&=?#:%/', 'é', 'ü', 'ß', '東', '京', '😀', '\u00a0'];
// pyotp's parse_uri percent-decodes the whole URI before splitting it (see docs/key-uri.md), so a
// name it is to read back must not contain URI delimiters, encoded or not.
const READER_ALPHABET = [...'abcXYZ019 .-_@', 'é', 'ü', 'ß', '東', '京', '😀'];

describe.skipIf(!hasPyotp)('Key URIs and pyotp', () => {
  it('URIs from pyotp provisioning_uri parse to the fields pyotp was given', () => {
    const { int, pick, text } = picker(6238);
    const cases = Array.from({ length: 200 }, (_, i) => ({
      type: i % 4 === 3 ? 'hotp' : 'totp',
      secret: text([...BASE32], 16 + 8 * int(7), 0),
      digits: 6 + int(3),
      algorithm: pick(ALGORITHMS),
      issuer: i % 10 === 9 ? null : text(WRITER_ALPHABET, 1, 20),
      name: text(WRITER_ALPHABET, 1, 30).replace(/^ +/, 'x'),
      period: pick([30, 30, 60, 15, 90]),
      counter: int(2 ** 31),
    }));
    const uris = runPython<string[]>(
      `
import sys, json, hashlib, pyotp
out = []
for c in json.load(sys.stdin):
    digest = getattr(hashlib, c['algorithm'].lower())
    if c['type'] == 'totp':
        otp = pyotp.TOTP(c['secret'], digits=c['digits'], digest=digest, interval=c['period'])
        out.append(otp.provisioning_uri(name=c['name'], issuer_name=c['issuer']))
    else:
        otp = pyotp.HOTP(c['secret'], digits=c['digits'], digest=digest)
        out.append(otp.provisioning_uri(name=c['name'], initial_count=c['counter'], issuer_name=c['issuer']))
print(json.dumps(out))
`,
      cases,
    );
    expect(uris.length).toBe(cases.length);
    cases.forEach((c, i) => {
      const uri = uris[i] as string;
      const parsed = parseKeyURI(uri);
      expect(parsed.type, uri).toBe(c.type);
      expect(parsed.secret, uri).toBe(c.secret);
      // With no issuer, a colon in the name is the Key URI Format's separator (#12 kind 4):
      // expected split by hand from the format's rule.
      const at = c.issuer === null ? c.name.indexOf(':') : -1;
      const split = at > 0 && c.name.slice(at + 1).replace(/^ +/, '') !== '';
      const issuer = split ? c.name.slice(0, at) : c.issuer;
      expect(parsed.accountName, uri).toBe(split ? c.name.slice(at + 1).replace(/^ +/, '') : c.name);
      expect(parsed.issuer ?? null, uri).toBe(issuer);
      expect(parsed.labelIssuer ?? null, uri).toBe(issuer);
      expect(parsed.algorithm, uri).toBe(c.algorithm);
      expect(parsed.digits, uri).toBe(c.digits);
      if (parsed.type === 'totp') expect(parsed.period, uri).toBe(c.period);
      else expect(parsed.counter, uri).toBe(c.counter);
      expect(parsed.warnings.map((w) => w.code).filter((code) => code === 'issuer-mismatch')).toEqual([]);
    });
  });

  it('URIs we build are read by pyotp.parse_uri into the same fields and the same codes', () => {
    const { int, pick, text } = picker(4226);
    const cases = Array.from({ length: 200 }, (_, i) => {
      const key = Uint8Array.from({ length: 16 + int(49) }, () => int(256));
      const type = i % 4 === 3 ? ('hotp' as const) : ('totp' as const);
      return {
        type,
        key,
        issuer: text(READER_ALPHABET, 1, 20),
        accountName: text(READER_ALPHABET, 1, 30).replace(/^ +/, 'x'),
        algorithm: pick(ALGORITHMS),
        digits: 6 + int(3), // pyotp.parse_uri reads 6, 7 or 8
        period: pick([30, 60, 15, 90]),
        counter: int(2 ** 31),
        time: int(2 ** 32),
      };
    });
    const uris = cases.map((c) =>
      buildKeyURI({
        type: c.type,
        key: c.key,
        issuer: c.issuer,
        accountName: c.accountName,
        algorithm: c.algorithm,
        digits: c.digits,
        ...(c.type === 'totp' ? { period: c.period } : { counter: c.counter }),
      }),
    );
    const read = runPython<
      {
        kind: string;
        name: string;
        issuer: string;
        digits: number;
        digest: string;
        interval: number | null;
        initial_count: number | null;
        secret: string;
        code: string;
      }[]
    >(
      `
import sys, json, pyotp
out = []
for c in json.load(sys.stdin):
    otp = pyotp.parse_uri(c['uri'])
    hotp = isinstance(otp, pyotp.HOTP)
    out.append({
        'kind': 'hotp' if hotp else 'totp',
        'name': otp.name, 'issuer': otp.issuer, 'digits': otp.digits,
        'digest': otp.digest().name, 'secret': otp.secret,
        'interval': None if hotp else otp.interval,
        'initial_count': otp.initial_count if hotp else None,
        # pyotp's HOTP.at(n) is the code at initial_count + n
        'code': otp.at(0) if hotp else otp.at(c['time']),
    })
print(json.dumps(out))
`,
      cases.map((c, i) => ({ uri: uris[i], time: c.time })),
    );
    cases.forEach((c, i) => {
      const got = read[i];
      const uri = uris[i];
      expect(got?.kind, uri).toBe(c.type);
      expect(got?.name, uri).toBe(c.accountName);
      expect(got?.issuer, uri).toBe(c.issuer);
      expect(got?.digits, uri).toBe(c.digits);
      expect(got?.digest.toUpperCase().replace('-', ''), uri).toBe(c.algorithm);
      expect(got?.interval, uri).toBe(c.type === 'totp' ? c.period : null);
      expect(got?.initial_count, uri).toBe(c.type === 'hotp' ? c.counter : null);
      // The codes pyotp computes from what it read equal ours from the original settings.
      const ours =
        c.type === 'totp'
          ? generateTOTP(c.key, { time: c.time, period: c.period, digits: c.digits, algorithm: c.algorithm })
          : generateHOTP(c.key, c.counter, { digits: c.digits, algorithm: c.algorithm });
      expect(got?.code, uri).toBe(ours);
    });
  });
});
