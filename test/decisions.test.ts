/**
 * docs/decisions/README.md lists every decision file, each once, in number order, and every link
 * in it points to a file that exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../docs/decisions/', import.meta.url);

describe('docs/decisions', () => {
  const files = readdirSync(DIR)
    .filter((name) => name !== 'README.md')
    .sort();
  const index = readFileSync(new URL('README.md', DIR), 'utf8');
  const linked = [...index.matchAll(/\]\((\d{4}-[^)]+\.md)\)/g)].map((m) => m[1] as string);

  it('holds numbered Markdown files only', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const name of files) expect(name).toMatch(/^\d{4}-[a-z0-9-]+\.md$/);
  });

  it('lists every decision file in the index, once, in number order', () => {
    expect(linked).toEqual(files);
  });

  it('gives each decision its sections', () => {
    for (const name of files) {
      const text = readFileSync(new URL(name, DIR), 'utf8');
      expect(text, name).toMatch(new RegExp(`^# ${name.slice(0, 4)} `));
      for (const section of ['## Context', '## Decision', '## Consequences']) expect(text, `${name}: ${section}`).toContain(section);
    }
  });
});
