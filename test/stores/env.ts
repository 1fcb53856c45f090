/**
 * Where the real servers are: REDIS_URL and DATABASE_URL (set and checked by .ci/run). Without
 * them the suites that need a server are skipped, and say why once.
 */
import { readFileSync } from 'node:fs';

export const REDIS_URL = process.env.REDIS_URL;
export const DATABASE_URL = process.env.DATABASE_URL;
/** Comma-separated node URLs of a Redis Cluster (three masters; .ci/redis-cluster starts one). */
export const REDIS_CLUSTER_URLS = process.env.REDIS_CLUSTER_URLS;

const warned = new Set<string>();
/** Prints the reason a suite is skipped, once per variable. */
export function warnSkipped(variable: string, what: string): void {
  if (warned.has(variable)) return;
  warned.add(variable);
  console.warn(`${variable} is not set: ${what} skipped (set ${variable} to run them against a real server)`);
}

/** A name no other test run uses: lower case letters, digits and underscores. */
export function runId(): string {
  return `t${process.pid}_${Date.now().toString(36)}_${Math.floor(performance.now() * 1000).toString(36)}`;
}

/** The shipped migration, with its default table names replaced. */
export function migrationSQL(replayTable: string, throttleTable: string): string {
  const sql = readFileSync(new URL('../../sql/otpkit-postgres.sql', import.meta.url), 'utf8');
  return sql.replaceAll('otpkit_replay', replayTable).replaceAll('otpkit_throttle', throttleTable);
}
