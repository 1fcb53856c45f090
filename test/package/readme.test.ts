/** The README's quick start runs as written against the built package (imported by name). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

describe('README', () => {
  it('the quick start runs and its verifier answers', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const section = readme.slice(readme.indexOf('## Quick start'));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBeDefined();
    mkdirSync(new URL('.tmp/', root), { recursive: true });
    const file = new URL('.tmp/readme-quick-start.mjs', root);
    writeFileSync(file, `${block}\nconsole.log(JSON.stringify(outcome), svg.startsWith('<svg') || svg.startsWith('<?xml'));\n`);
    const lines = execFileSync(process.execPath, [file.pathname], { cwd: root }).toString().trim().split('\n');
    expect(lines[0]).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
    const [json, svgOk] = (lines[1] ?? '').split(' ');
    expect(svgOk).toBe('true');
    // '123456' against a fresh random key: invalid, unless it happens to be a window code (3 in 10^6).
    expect(JSON.parse(json ?? 'null')).toMatchObject({ ok: expect.any(Boolean) });
  });
});
