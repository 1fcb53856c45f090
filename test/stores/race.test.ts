/**
 * verification.json "replay-race" across OS processes: 4 child processes × 16 concurrent
 * submissions of one valid code × 200 rounds, against Redis and against PostgreSQL. Each round
 * uses a fresh credential id; exactly one submission per round may succeed.
 *
 * The workers import the built package (dist/), as users do: `npm test` builds first.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureJSON } from '../helpers.js';
import { DATABASE_URL, migrationSQL, REDIS_CLUSTER_URLS, REDIS_URL, runId, warnSkipped } from './env.js';

const race = fixtureJSON<{ cases: { id: string; given: any; expect: any }[] }>('cases/verification.json').cases.find(
  (c) => c.id === 'replay-race',
)!;
const { processes, concurrentPerProcess, rounds } = race.given as { processes: number; concurrentPerProcess: number; rounds: number };
const built = ['index.js', 'redis.js', 'postgres.js'].every((f) => existsSync(new URL(`../../dist/${f}`, import.meta.url)));
if (!built) console.warn('dist/ is not built (run `npx tsup` or `npm test`): the multi-process race tests are skipped');
if (!REDIS_URL) warnSkipped('REDIS_URL', 'the Redis store suites are');
if (!DATABASE_URL) warnSkipped('DATABASE_URL', 'the PostgreSQL store suites are');
if (!REDIS_CLUSTER_URLS) warnSkipped('REDIS_CLUSTER_URLS', 'the Redis Cluster store suites are');

type Counts = { ok: number; replayed: number; throttled: number; invalid: number; unavailable: number };

async function runRace(init: Record<string, unknown>, label: string): Promise<{ perRound: Counts[]; totals: Counts }> {
  const workers: ChildProcess[] = [];
  const inbox = new Map<ChildProcess, ((m: any) => void)[]>();
  const next = (w: ChildProcess) => new Promise<any>((resolve) => inbox.get(w)!.push(resolve));
  try {
    for (let i = 0; i < processes; i++) {
      const w = fork(new URL('./race-worker.mjs', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      inbox.set(w, []);
      w.on('message', (m: any) => {
        if (m.type === 'error') throw new Error(`worker: ${m.message}`);
        inbox.get(w)!.shift()?.(m);
      });
      workers.push(w);
    }
    const ready = workers.map(next);
    for (const w of workers) w.send(init);
    expect((await Promise.all(ready)).map((m) => m.type)).toEqual(Array(processes).fill('ready'));
    // All worker pids differ from ours and each other: these are separate OS processes.
    expect(new Set([process.pid, ...workers.map((w) => w.pid)]).size).toBe(processes + 1);

    const perRound: Counts[] = [];
    const run = runId();
    for (let round = 0; round < rounds; round++) {
      const credentialId = `race-${label}-${run}-${round}`;
      const results = workers.map(next);
      for (const w of workers) w.send({ type: 'round', round, credentialId, concurrency: concurrentPerProcess });
      const counts: Counts = { ok: 0, replayed: 0, throttled: 0, invalid: 0, unavailable: 0 };
      for (const m of await Promise.all(results)) for (const k of Object.keys(counts) as (keyof Counts)[]) counts[k] += m.counts[k];
      perRound.push(counts);
    }
    const totals = perRound.reduce<Counts>(
      (a, c) => ({
        ok: a.ok + c.ok,
        replayed: a.replayed + c.replayed,
        throttled: a.throttled + c.throttled,
        invalid: a.invalid + c.invalid,
        unavailable: a.unavailable + c.unavailable,
      }),
      { ok: 0, replayed: 0, throttled: 0, invalid: 0, unavailable: 0 },
    );
    console.log(
      `[race ${label}] ${processes} processes × ${concurrentPerProcess} concurrent × ${rounds} rounds: ${JSON.stringify(totals)}`,
    );
    return { perRound, totals };
  } finally {
    for (const w of workers) {
      if (w.connected) w.send({ type: 'stop' });
    }
    await Promise.all(workers.map((w) => (w.exitCode !== null ? undefined : new Promise((r) => w.once('exit', r)))));
  }
}

function assertRace(perRound: Counts[], totals: Counts): void {
  const submissions = processes * concurrentPerProcess;
  expect(perRound).toHaveLength(rounds);
  // Exactly one success per round; every other submission is refused as a replay.
  const badRounds = perRound
    .map((c, i) => ({ i, ...c }))
    .filter((c) => c.ok !== race.expect.successesPerRound || c.replayed !== submissions - 1);
  expect(badRounds).toEqual([]);
  expect(totals.ok).toBe(rounds);
  expect(totals.ok - rounds).toBe(race.expect.acceptedReplays);
  expect(totals.unavailable + totals.invalid + totals.throttled).toBe(0);
}

describe.skipIf(!built || !REDIS_URL)('replay race across OS processes: Redis', () => {
  const prefix = `otpkit-race:${runId()}:`;
  afterAll(async () => {
    const client = new Redis(REDIS_URL as string);
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
    client.disconnect();
  });

  it(`${processes} processes × ${concurrentPerProcess} × ${rounds} rounds: one success per round, 0 accepted replays`, async () => {
    const { perRound, totals } = await runRace({ type: 'init', store: 'redis', url: REDIS_URL, prefix }, 'redis');
    assertRace(perRound, totals);
  }, 120_000);

  it(`one-call RedisVerificationStore: ${processes} processes × ${concurrentPerProcess} × ${rounds} rounds, one success per round`, async () => {
    const { perRound, totals } = await runRace(
      { type: 'init', store: 'redis', url: REDIS_URL, prefix: `${prefix}one:`, oneCall: true },
      'redis-one',
    );
    assertRace(perRound, totals);
  }, 120_000);
});

describe.skipIf(!built || !DATABASE_URL)('replay race across OS processes: PostgreSQL', () => {
  const id = runId();
  const replayTable = `otpkit_race_replay_${id}`;
  const throttleTable = `otpkit_race_throttle_${id}`;
  const admin = DATABASE_URL ? new pg.Pool({ connectionString: DATABASE_URL, max: 1 }) : undefined;
  afterAll(async () => {
    await admin?.query(`DROP TABLE IF EXISTS ${replayTable}, ${throttleTable}`);
    await admin?.query(`DROP FUNCTION IF EXISTS ${throttleTable}_verify`);
    await admin?.end();
  });

  it(`${processes} processes × ${concurrentPerProcess} × ${rounds} rounds: one success per round, 0 accepted replays`, async () => {
    await admin!.query(migrationSQL(replayTable, throttleTable));
    // The one-call store (one function call per submission); the 0.1 pair's atomicity is checked
    // per operation by the testkit, and its 4 calls per submission overran this budget on a loaded machine.
    const { perRound, totals } = await runRace(
      { type: 'init', store: 'postgres', url: DATABASE_URL, replayTable, throttleTable, poolSize: 8, oneCall: true },
      'postgres',
    );
    assertRace(perRound, totals);
  }, 120_000);
});

// On a 3-master Redis Cluster (.ci/redis-cluster), with each client's cluster API, through the
// 0.1 stores (replay + throttle) and the one-call verification store. KEYS runs per node.
for (const client of ['ioredis', 'node-redis'] as const) {
  describe.skipIf(!built || !REDIS_CLUSTER_URLS)(`replay race across OS processes: Redis Cluster (${client})`, () => {
    const prefix = `otpkit-race:${runId()}:${client}:`;
    afterAll(async () => {
      for (const url of (REDIS_CLUSTER_URLS as string).split(',')) {
        const node = new Redis(url);
        for (const key of await node.keys(`${prefix}*`)) await node.del(key);
        node.disconnect();
      }
    });

    for (const oneCall of [false, true]) {
      it(`${oneCall ? 'one-call store' : 'replay + throttle stores'}: ${processes} processes × ${concurrentPerProcess} × ${rounds} rounds, one success per round, 0 accepted replays`, async () => {
        const store = `redis-cluster-${client}`;
        const init = { type: 'init', store, urls: REDIS_CLUSTER_URLS, prefix: `${prefix}${oneCall ? '1' : '3'}:`, oneCall };
        const { perRound, totals } = await runRace(init, `${store}${oneCall ? '-one-call' : ''}`);
        assertRace(perRound, totals);
      }, 120_000);
    }
  });
}
