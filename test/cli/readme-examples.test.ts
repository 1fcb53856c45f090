/**
 * Every `otpkit` example in the README runs as written (issue #15 item 5): the sh blocks of the
 * "The `otpkit` command" section, line by line, with `otpkit` standing for dist/cli.js (which
 * `npm test` builds), in a scratch folder. `verify` with the README's made-up code may exit 1
 * (wrong code), as the README says; everything else exits 0 with output, or writes its file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CLI } from '../helpers.js';

// Each test starts real processes (about 1.5 s each on a loaded 2-core machine): budget for it.
vi.setConfig({ testTimeout: 180_000 });

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const section = readme.slice(
  readme.indexOf('## The `otpkit` command'),
  readme.indexOf('\n## ', readme.indexOf('## The `otpkit` command') + 5),
);
const examples = [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => (m[1] as string).split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line.startsWith('otpkit '));
const dir = mkdtempSync(join(tmpdir(), 'otpkit-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README: the otpkit command', () => {
  it('has examples to run', () => expect(examples.length).toBeGreaterThanOrEqual(6));

  it.each(examples)('%s', (line) => {
    const script = `otpkit() { "${process.execPath}" "${CLI}" "$@"; }\n${line}\n`;
    const result = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const png = /--png (\S+)/.exec(line)?.[1];
    if (line.startsWith('otpkit verify ') && result.status === 1) {
      expect(result.stderr).toBe('otpkit: wrong code\n');
      return;
    }
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    if (png !== undefined) expect(readFileSync(join(dir, png)).subarray(1, 4).toString()).toBe('PNG');
    else expect(result.stdout.trim().length).toBeGreaterThan(0);
    if (/^otpkit code .* -w 2/.test(line)) expect(result.stdout.trim().split('\n')).toHaveLength(3);
  });
});
