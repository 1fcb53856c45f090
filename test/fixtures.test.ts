/**
 * The repository's fixtures (test/fixtures/) are copies of the team's vectors and case files. Where
 * the originals exist beside the checkout (../shared/), every file must be byte-for-byte equal, so
 * the copies never drift; a clone with nothing beside it runs on the copies alone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const originals = fileURLToPath(new URL('../../shared/', import.meta.url));
const folders = ['vectors', 'cases'];
const present = existsSync(join(originals, 'cases'));
if (!present) console.warn('../shared/ is not beside this checkout: the fixture comparison is skipped (the copies are used as they are)');

describe('test/fixtures', () => {
  it('holds the RFC vectors and every case file', () => {
    for (const folder of folders) expect(readdirSync(join(fixtures, folder)).length).toBeGreaterThan(0);
    expect(readdirSync(join(fixtures, 'cases')).sort()).toEqual(expect.arrayContaining(['core.json', 'outside-2.json']));
  });

  it.skipIf(!present)('equals ../shared/ file for file', () => {
    for (const folder of folders) {
      const names = readdirSync(join(originals, folder))
        .filter((n) => n.endsWith('.json'))
        .sort();
      expect(
        readdirSync(join(fixtures, folder))
          .filter((n) => n.endsWith('.json'))
          .sort(),
      ).toEqual(names);
      for (const name of names) {
        expect(readFileSync(join(fixtures, folder, name), 'utf8'), `${folder}/${name}`).toBe(
          readFileSync(join(originals, folder, name), 'utf8'),
        );
      }
    }
  });
});
