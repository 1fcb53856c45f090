/**
 * #12 kind 2, case qr-draws-the-canonical-uri: every renderer (and so `otpkit qr`, which calls
 * renderTerminal) draws the canonical form `buildKeyURI` writes for the parsed value, never the
 * caller's text. Read back with zbarimg WITHOUT -Sbinary, i.e. with its charset guessing on, for
 * names in several scripts: the canonical form is ASCII, so there is nothing to guess.
 * Expected URIs are written out by hand (percent-encoding from RFC 3986 and UTF-8 tables).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderPNG, renderSVG, renderTerminal } from '../../src/adapters/qr.js';
import { InvalidKeyURIError } from '../../src/core/errors.js';
import { canonicalKeyURI } from '../../src/core/key-uri.js';
import { fixtureJSON, hasCommand } from '../helpers.js';

const hasZbarimg = hasCommand('zbarimg', ['--version']);
if (!hasZbarimg) console.warn('zbarimg (Debian zbar-tools) is missing: the canonical QR read-back is skipped');
const dir = mkdtempSync(join(tmpdir(), 'otpkit-qr-canonical-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** zbarimg with its default charset handling (no -Sbinary): the text it would hand an app. */
function scan(png: Uint8Array): string {
  const file = join(dir, `${n++}.png`);
  writeFileSync(file, png);
  const result = spawnSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  return result.stdout.replace(/\n$/, '');
}

// RFC 3986 §2: unreserved, reserved and "%" only. What java.net.URI accepts without complaint.
const RFC3986 = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const S = 'secret=JBSWY3DPEHPK3PXP';
const TAIL = 'algorithm=SHA1&digits=6&period=30';

// [what the caller passes, the canonical form by hand]
const SCRIPTS: [string, string, string][] = [
  [
    'Latin with accents',
    `otpauth://totp/Caf\u00e9 Z\u00fcrich:Jos\u00e9?${S}&issuer=Caf\u00e9 Z\u00fcrich`,
    `otpauth://totp/Caf%C3%A9%20Z%C3%BCrich:Jos%C3%A9?${S}&issuer=Caf%C3%A9%20Z%C3%BCrich&${TAIL}`,
  ],
  [
    'Cyrillic',
    `otpauth://totp/\u0411\u0430\u043d\u043a:\u0438\u0432\u0430\u043d?${S}&issuer=\u0411\u0430\u043d\u043a`,
    `otpauth://totp/%D0%91%D0%B0%D0%BD%D0%BA:%D0%B8%D0%B2%D0%B0%D0%BD?${S}&issuer=%D0%91%D0%B0%D0%BD%D0%BA&${TAIL}`,
  ],
  [
    'CJK',
    `otpauth://totp/%E6%9D%B1%E4%BA%AC:%E5%A4%AA%E9%83%8E?${S}&issuer=%E6%9D%B1%E4%BA%AC`,
    `otpauth://totp/%E6%9D%B1%E4%BA%AC:%E5%A4%AA%E9%83%8E?${S}&issuer=%E6%9D%B1%E4%BA%AC&${TAIL}`,
  ],
  [
    'Arabic',
    `otpauth://totp/\u0628\u0646\u0643:\u0639\u0644\u064a?${S}&issuer=\u0628\u0646\u0643`,
    `otpauth://totp/%D8%A8%D9%86%D9%83:%D8%B9%D9%84%D9%8A?${S}&issuer=%D8%A8%D9%86%D9%83&${TAIL}`,
  ],
  [
    'emoji',
    `otpauth://totp/\u{1F510} Vault:alice\u{1F600}?${S}&issuer=\u{1F510}+Vault`,
    `otpauth://totp/%F0%9F%94%90%20Vault:alice%F0%9F%98%80?${S}&issuer=%F0%9F%94%90%20Vault&${TAIL}`,
  ],
];

describe("qr-draws-the-canonical-uri: the QR renderers (library and `otpkit qr`) check a URI leniently and then draw the caller's original text", () => {
  const c = fixtureJSON<{ cases: { id: string; given: string }[] }>('cases/outside-2.json').cases.find(
    (x) => x.id === 'qr-draws-the-canonical-uri',
  );
  const given = 'otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=test 123';
  // The issuer parameter wins over the label's prefix (docs/key-uri.md), so both say "test 123".
  const expected = `otpauth://totp/test%20123:alice%40example.com?${S}&issuer=test%20123&${TAIL}`;

  it('the case: a raw space becomes %20; what is drawn is RFC 3986 text', async () => {
    expect(c?.given).toContain(given);
    expect(canonicalKeyURI(given)).toBe(expected);
    expect(expected).toMatch(RFC3986);
    if (hasZbarimg) expect(scan(await renderPNG(given))).toBe(expected);
  });

  it.skipIf(!hasZbarimg)('SVG and terminal draw the same canonical text (the terminal one is what `otpkit qr` prints)', async () => {
    // SVG and terminal matrices equal the PNG's: all are drawn from the same canonical segments.
    const svg = await renderSVG(given);
    expect(svg).toBe(await renderSVG(expected));
    expect(renderTerminal(given, { ansi: false })).toBe(renderTerminal(expected, { ansi: false }));
  });

  it.skipIf(!hasZbarimg).each(SCRIPTS)(
    'names in %s: zbarimg with charset guessing reads the canonical URI',
    async (_, input, canonical) => {
      expect(canonicalKeyURI(input)).toBe(canonical);
      expect(canonical).toMatch(RFC3986);
      expect(scan(await renderPNG(input))).toBe(canonical);
    },
  );

  it('variants of the kind: raw characters outside RFC 3986 are encoded, unknown parameters kept; an unparseable URI is refused naming the part', () => {
    const variants: [string, string][] = [
      [`otpauth://totp/A:b c?${S}`, `otpauth://totp/A:b%20c?${S}&issuer=A&${TAIL}`],
      [`otpauth://totp/A:b"<>{}|^\`?${S}`, `otpauth://totp/A:b%22%3C%3E%7B%7D%7C%5E%60?${S}&issuer=A&${TAIL}`],
      [`otpauth://totp/A:b?${S}&issuer=A&x-note=a b`, `otpauth://totp/A:b?${S}&issuer=A&${TAIL}&x-note=a%20b`],
      [`OTPAUTH://TOTP/A:b?secret=jbsw y3dp ehpk 3pxp`, `otpauth://totp/A:b?${S}&issuer=A&${TAIL}`],
    ];
    for (const [input, canonical] of variants) {
      expect(canonicalKeyURI(input), input).toBe(canonical);
      expect(canonical).toMatch(RFC3986);
    }
    for (const bad of [`otpauth://totp/A:b?${S}#frag`, `otpauth://totp/A:b:c?${S}`, `otpauth://totp/A:b?${S}&digits=5`]) {
      expect(() => renderTerminal(bad), bad).toThrow(InvalidKeyURIError);
    }
  });
});
