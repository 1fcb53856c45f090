/**
 * The migration shipped twice: as sql/otpkit-postgres.sql (for psql) and embedded in
 * src/adapters/postgres-sql.ts (for `migrate(client)` at run time). They must be the same text.
 * After editing the .sql file, regenerate the module: `OTPKIT_WRITE_SQL=1 npx vitest run --project src test/stores/postgres-sql.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OTPKIT_POSTGRES_SQL } from '../../src/adapters/postgres-sql.js';

const sqlFile = new URL('../../sql/otpkit-postgres.sql', import.meta.url);
const moduleFile = new URL('../../src/adapters/postgres-sql.ts', import.meta.url);

function moduleText(sql: string): string {
  return `/**
 * The migration of sql/otpkit-postgres.sql as a string, for \`migrate(client)\` at run time
 * (no file system needed). Generated: edit the .sql file, then run
 * \`OTPKIT_WRITE_SQL=1 npx vitest run --project src test/stores/postgres-sql.test.ts\`.
 * @module
 */

/** The text of sql/otpkit-postgres.sql: idempotent DDL for every otpkit table. */
export const OTPKIT_POSTGRES_SQL: string =
  ${JSON.stringify(sql)};
`;
}

describe('embedded migration', () => {
  it('equals sql/otpkit-postgres.sql', () => {
    const sql = readFileSync(sqlFile, 'utf8');
    if (process.env.OTPKIT_WRITE_SQL === '1') writeFileSync(moduleFile, moduleText(sql));
    expect(OTPKIT_POSTGRES_SQL).toBe(sql);
    expect(OTPKIT_POSTGRES_SQL).toContain('CREATE TABLE IF NOT EXISTS otpkit_enrollment');
  });
});
