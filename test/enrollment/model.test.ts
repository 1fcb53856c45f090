/**
 * Model-based tests of the enrollment service over PostgresCredentialStore (fast-check
 * `fc.commands` + `fc.asyncModelRun`): random sequences of begin enable, right and wrong
 * passwords, confirm with the right, a wrong, a replayed and a stale code, cancel, expiry by
 * moving the clock, begin disable, reset, unlock, regenerate codes, login and recovery codes,
 * by the subject, an administrator and a contact without the permission. After every step:
 * - two-factor never becomes enabled without a right code of the current pending key;
 * - a `forbidden` call, or a call the state refuses, changes nothing stored;
 * - at most one pending key, and it is the one the snapshot names;
 * - every code and recovery code is accepted at most once;
 * - the stored snapshot parses and agrees with the model (enabled or not, keys present or not).
 * Codes come from an RFC 6238 implementation on node:crypto written here (not otpkit's).
 * Runs on PGlite always (1,000 sequences in CI, 150 locally; OTPKIT_MODEL_RUNS overrides) and
 * on PostgreSQL with DATABASE_URL (a quarter as many, the same SQL over a network socket).
 */
import { createHmac } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import base32Decode from 'base32-decode';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, PostgresCredentialStore, type SqlClient } from '../../src/adapters/postgres.js';
import { createEnrollmentService, createKeyVault, type EnrollmentService } from '../../src/enrollment/index.js';
import { parseSnapshot } from '../../src/enrollment/machine.js';
import { EnrollmentTransitionError } from '../../src/errors.js';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { MemoryThrottleStore } from '../../src/verify/throttle.js';
import { createTOTPVerifier } from '../../src/verify/verifier.js';
import { DATABASE_URL, dropMigration, enrollmentTables, runId } from '../stores/env.js';

const RUNS = Number(process.env.OTPKIT_MODEL_RUNS ?? (process.env.CI ? 1000 : 150));
const PASSWORDS: Record<string, string> = { alice: 'alice pw', admin: 'admin pw', carol: 'carol pw' };

/** RFC 6238 TOTP, SHA-1, 6 digits, X = 30 s, T0 = 0, on node:crypto (RFC 4226 §5.3 truncation). */
function rfcTotp(secret: string, time: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 30)));
  const mac = createHmac('sha1', Buffer.from(base32Decode(secret, 'RFC4648')))
    .update(counter)
    .digest();
  const offset = (mac[19] as number) & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

interface Model {
  enabled: boolean;
  issued: string[]; // every secret issued, newest last
  active: string | null;
  accepted: Set<string>; // `${secret}|${step}` of accepted TOTP codes
  lastAccepted: { secret: string; code: string } | null;
  recoveryUnused: string[];
  recoveryUsed: string[];
}

interface Real {
  service: EnrollmentService;
  clock: { now: number };
  subject: string;
  client: SqlClient;
  table: string;
  store: PostgresCredentialStore;
}

type Outcome = { ok: boolean; result?: string; reason?: string; [k: string]: unknown };

async function row(r: Real): Promise<Record<string, unknown> | null> {
  const { rows } = await r.client.query(`SELECT * FROM ${r.table} WHERE subject = $1`, [r.subject]);
  return (rows[0] as Record<string, unknown> | undefined) ?? null;
}

/** Runs one service call; a refused transition is an outcome too (and must change nothing). */
async function call(r: Real, run: () => Promise<unknown>): Promise<{ outcome: Outcome | 'refused'; before: unknown; after: unknown }> {
  const before = await row(r);
  let outcome: Outcome | 'refused';
  try {
    outcome = (await run()) as Outcome;
  } catch (error) {
    if (!(error instanceof EnrollmentTransitionError)) throw error;
    outcome = 'refused';
  }
  if (process.env.OTPKIT_MODEL_DEBUG) console.log(String(run), JSON.stringify(outcome));
  const after = await row(r);
  if (outcome !== 'refused' && outcome.ok === false && outcome.reason === 'forbidden') expect(after).toEqual(before);
  if (outcome === 'refused') {
    // A refused event changes no key and no recovery code; the only write allowed is the lazy
    // expiry of a run-out flow (back to where it started), which happens before the refusal.
    const keep = (x: unknown) => {
      const o = (x ?? {}) as Record<string, unknown>;
      return [o.active_key, o.active_key_ref, o.recovery_salt, o.recovery_hashes];
    };
    expect(keep(after)).toEqual(keep(before));
    if ((after as { etag?: unknown } | null)?.etag !== (before as { etag?: unknown } | null)?.etag) {
      const s = parseSnapshot((after as { snapshot: string }).snapshot);
      expect(['disabled', 'enabled']).toContain(s.status);
      expect(s.since).toBe(r.clock.now);
    }
  }
  return { outcome, before, after };
}

/** Invariants after every step. */
async function checkInvariants(m: Model, r: Real): Promise<void> {
  const stored = await row(r);
  if (stored === null) {
    expect(m.enabled).toBe(false);
    return;
  }
  const snapshot = parseSnapshot(stored.snapshot);
  const on = snapshot.status === 'enabled' || snapshot.status === 'disable-password';
  expect(on).toBe(m.enabled);
  expect(stored.active_key !== null).toBe(m.enabled);
  expect(stored.recovery_hashes !== null).toBe(m.enabled);
  // At most one pending key, and exactly the one the snapshot names.
  if (snapshot.pending) expect(stored.pending_key_ref).toBe(snapshot.pending.keyRef);
  else expect(stored.pending_key_ref).toBeNull();
  if (m.enabled) {
    const active = await r.store.getActiveKey(r.subject);
    expect(Buffer.from(active!.key).equals(Buffer.from(base32Decode(m.active!, 'RFC4648')))).toBe(true);
    expect((stored.recovery_hashes as string[]).length).toBe(m.recoveryUnused.length);
  }
}

const actor = fc.constantFrom('alice', 'alice', 'alice', 'admin', 'carol');
const step = async (m: Model, r: Real, c: { toString(): string }, body: () => Promise<void>) => {
  await body();
  await checkInvariants(m, r);
  void c;
};

class BeginEnable implements fc.AsyncCommand<Model, Real> {
  constructor(readonly who: string) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await step(m, r, this, async () => {
      await call(r, () => r.service.beginEnable(this.who, r.subject));
    });
  }
  toString = () => `beginEnable(${this.who})`;
}
class BeginDisable extends BeginEnable {
  override async run(m: Model, r: Real) {
    await step(m, r, this, async () => {
      await call(r, () => r.service.beginDisable(this.who, r.subject));
    });
  }
  override toString = () => `beginDisable(${this.who})`;
}
class Cancel extends BeginEnable {
  override async run(m: Model, r: Real) {
    await step(m, r, this, async () => {
      await call(r, () => r.service.cancel(this.who, r.subject));
    });
  }
  override toString = () => `cancel(${this.who})`;
}
class Unlock extends BeginEnable {
  override async run(m: Model, r: Real) {
    await step(m, r, this, async () => {
      await call(r, () => r.service.unlock(this.who, r.subject));
    });
  }
  override toString = () => `unlock(${this.who})`;
}
class SubmitPassword implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly who: string,
    readonly right: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await step(m, r, this, async () => {
      const { outcome } = await call(r, () => r.service.submitPassword(this.who, r.subject, this.right ? PASSWORDS[this.who] : 'wrong'));
      if (outcome === 'refused' || !outcome.ok) return;
      expect(this.right).toBe(true);
      if (outcome.result === 'secret-issued') m.issued.push((outcome.secret as { secret(): string }).secret());
      if (outcome.result === 'two-factor-disabled') Object.assign(m, { enabled: false, active: null, recoveryUnused: [] });
    });
  }
  toString = () => `submitPassword(${this.who}, ${this.right ? 'right' : 'wrong'})`;
}
class Reset extends SubmitPassword {
  override async run(m: Model, r: Real) {
    await step(m, r, this, async () => {
      const { outcome } = await call(r, () => r.service.resetTwoFactor(this.who, r.subject, this.right ? PASSWORDS[this.who] : 'wrong'));
      if (outcome === 'refused' || !outcome.ok) return;
      expect(this.right).toBe(true);
      Object.assign(m, { enabled: false, active: null, recoveryUnused: [] });
    });
  }
  override toString = () => `resetTwoFactor(${this.who}, ${this.right ? 'right' : 'wrong'})`;
}
class Regenerate extends SubmitPassword {
  override async run(m: Model, r: Real) {
    await step(m, r, this, async () => {
      const { outcome } = await call(r, () =>
        r.service.regenerateRecoveryCodes(this.who, r.subject, this.right ? PASSWORDS[this.who] : 'wrong'),
      );
      if (outcome === 'refused' || !outcome.ok) return;
      expect(this.right).toBe(true);
      m.recoveryUsed.push(...m.recoveryUnused);
      m.recoveryUnused = [...(outcome.recoveryCodes as { reveal(): string[] }).reveal()];
    });
  }
  override toString = () => `regenerateRecoveryCodes(${this.who}, ${this.right ? 'right' : 'wrong'})`;
}
type CodeKind = 'right' | 'wrong' | 'replayed' | 'stale';
function codeFor(m: Model, r: Real, kind: CodeKind, secret: string | null): { code: string; secret: string | null } {
  if (kind === 'replayed' && m.lastAccepted) return m.lastAccepted;
  if (kind === 'stale' && m.issued.length > 1) {
    const old = m.issued[m.issued.length - 2] as string;
    return { code: rfcTotp(old, r.clock.now), secret: old };
  }
  if (kind === 'right' && secret) return { code: rfcTotp(secret, r.clock.now), secret };
  // A wrong code: none of the right codes of any issued secret around now.
  const right = new Set(m.issued.flatMap((s) => [-30, 0, 30].map((d) => rfcTotp(s, r.clock.now + d))));
  let n = 0;
  while (right.has(String(n).padStart(6, '0'))) n++;
  return { code: String(n).padStart(6, '0'), secret: null };
}
class Confirm implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly who: string,
    readonly kind: CodeKind,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await step(m, r, this, async () => {
      const latest = m.issued.at(-1) ?? null;
      const { code, secret } = codeFor(m, r, this.kind, latest);
      const wasEnabled = m.enabled;
      const { outcome, before } = await call(r, () => r.service.confirm(this.who, r.subject, code));
      if (outcome === 'refused' || !outcome.ok) return;
      // Enabled only by a right code of the current pending key, and only from enable-confirm.
      expect(outcome.result).toBe('enrollment-complete');
      expect(wasEnabled).toBe(false);
      expect(secret).toBe(latest);
      expect(parseSnapshot((before as { snapshot: string }).snapshot).status).toBe('enable-confirm');
      const used = `${secret}|${Math.floor(r.clock.now / 30)}`;
      expect(m.accepted.has(used)).toBe(false);
      m.accepted.add(used);
      m.lastAccepted = { code, secret: secret as string };
      Object.assign(m, { enabled: true, active: secret, recoveryUnused: [...(outcome.recoveryCodes as { reveal(): string[] }).reveal()] });
    });
  }
  toString = () => `confirm(${this.who}, ${this.kind})`;
}
class Login implements fc.AsyncCommand<Model, Real> {
  constructor(readonly kind: CodeKind) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await step(m, r, this, async () => {
      const { code, secret } = codeFor(m, r, this.kind, m.active);
      const { outcome } = await call(r, () => r.service.verifyLogin(r.subject, code));
      if (outcome === 'refused') throw new Error('verifyLogin never refuses a transition');
      if (!m.enabled) expect(outcome).toEqual({ ok: false, reason: 'not-enrolled' });
      if (!outcome.ok) return;
      expect(secret).toBe(m.active);
      const used = `${secret}|${outcome.timeStep}`;
      expect(m.accepted.has(used)).toBe(false);
      m.accepted.add(used);
      m.lastAccepted = { code, secret: secret as string };
    });
  }
  toString = () => `verifyLogin(${this.kind})`;
}
class UseRecovery implements fc.AsyncCommand<Model, Real> {
  constructor(readonly kind: 'unused' | 'used' | 'garbage') {}
  check = () => true;
  async run(m: Model, r: Real) {
    await step(m, r, this, async () => {
      const code = this.kind === 'unused' ? m.recoveryUnused[0] : this.kind === 'used' ? m.recoveryUsed.at(-1) : 'ZZZZ-ZZZZ-ZZZZ-ZZZZ';
      if (code === undefined) return;
      const { outcome } = await call(r, () => r.service.useRecoveryCode(r.subject, code));
      if (outcome === 'refused') throw new Error('useRecoveryCode never refuses a transition');
      if (!outcome.ok) return;
      expect(m.recoveryUnused).toContain(code);
      expect(m.recoveryUsed).not.toContain(code);
      m.recoveryUnused = m.recoveryUnused.filter((c) => c !== code);
      m.recoveryUsed.push(code);
    });
  }
  toString = () => `useRecoveryCode(${this.kind})`;
}
class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await step(m, r, this, async () => {
      r.clock.now += this.seconds;
    });
  }
  toString = () => `advance(${this.seconds} s)`;
}

const kinds = fc.constantFrom<CodeKind>('right', 'right', 'right', 'wrong', 'replayed', 'stale');
const mostlyRight = fc.constantFrom(true, true, true, false);
/** Each command arbitrary with a weight: the flow's steps come up often enough to reach every state. */
const weighted: [fc.Arbitrary<fc.AsyncCommand<Model, Real>>, number][] = [
  [actor.map((w) => new BeginEnable(w)), 4],
  [actor.map((w) => new BeginDisable(w)), 2],
  [actor.map((w) => new Cancel(w)), 1],
  [actor.map((w) => new Unlock(w)), 1],
  [fc.tuple(actor, mostlyRight).map(([w, right]) => new SubmitPassword(w, right)), 5],
  [fc.tuple(actor, mostlyRight).map(([w, right]) => new Reset(w, right)), 1],
  [fc.tuple(actor, mostlyRight).map(([w, right]) => new Regenerate(w, right)), 1],
  [fc.tuple(actor, kinds).map(([w, k]) => new Confirm(w, k)), 5],
  [kinds.map((k) => new Login(k)), 3],
  [fc.constantFrom('unused', 'used', 'garbage').map((k) => new UseRecovery(k as 'unused' | 'used' | 'garbage')), 2],
  [fc.constantFrom(1, 29, 31, 299, 601, 1000).map((s) => new Advance(s)), 2],
];
const commands = weighted.flatMap(([arbitrary, weight]) => Array.from({ length: weight }, () => arbitrary));

function modelSuite(
  name: string,
  runs: number,
  connect: () => Promise<{ client: SqlClient & { exec?: (sql: string) => Promise<unknown> }; close: () => Promise<void> }>,
) {
  describe(name, () => {
    const id = runId();
    const tables = enrollmentTables(id);
    const table = tables.enrollmentTable;
    let client: SqlClient;
    let close: () => Promise<void>;
    let store: PostgresCredentialStore;
    beforeAll(async () => {
      ({ client, close } = await connect());
      await migrate(client, tables);
      store = new PostgresCredentialStore({
        client,
        vault: await createKeyVault({ keys: [{ id: 'model', key: new Uint8Array(32).fill(9) }] }),
        table,
      });
    }, 300_000);
    afterAll(async () => {
      await dropMigration(client, tables);
      await close?.();
    });

    it(`${runs} random operation sequences keep every invariant`, { timeout: 900_000 }, async () => {
      let n = 0;
      let issuedRuns = 0;
      let enabledRuns = 0;
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 24, size: 'medium' }), async (cmds) => {
          const subject = `m${n++}-${id}`;
          const clock = { now: 1_700_000_000 + 20 };
          const time = () => clock.now;
          const service = createEnrollmentService({
            verifyPassword: (who, password) => PASSWORDS[who === subject ? 'alice' : who] === password,
            credentialStore: store,
            permissions: { mayManageTwoFactor: (who, subject) => ({ allowed: who === subject || who === 'admin' }) },
            verifier: createTOTPVerifier({
              replayStore: new MemoryReplayStore({ clock: time }),
              throttleStore: new MemoryThrottleStore({ clock: time }),
              clock: time,
            }),
            clock: time,
          });
          const real: Real = { service, clock, subject, client, table, store };
          // The subject is 'alice' to the permission port: alias it.
          const aliased: Real = {
            ...real,
            service: Object.fromEntries(
              Object.entries(service).map(([method, fn]) => [
                method,
                (...args: unknown[]) => (fn as (...a: unknown[]) => unknown)(...args.map((x) => (x === 'alice' ? subject : x))),
              ]),
            ) as unknown as EnrollmentService,
          };
          const model: Model = {
            enabled: false,
            issued: [],
            active: null,
            accepted: new Set(),
            lastAccepted: null,
            recoveryUnused: [],
            recoveryUsed: [],
          };
          await fc.asyncModelRun(() => ({ model, real: aliased }), cmds);
          if (model.issued.length > 0) issuedRuns++;
          if (model.accepted.size > 0) enabledRuns++;
        }),
        { numRuns: runs },
      );
      expect(n).toBeGreaterThanOrEqual(runs);
      // Not a vacuous model: a fair share of the sequences issue secrets and complete enrollment.
      console.info(`${name}: ${n} sequences, ${issuedRuns} issued a secret, ${enabledRuns} enabled two-factor`);
      expect(issuedRuns).toBeGreaterThan(runs / 10);
      expect(enabledRuns).toBeGreaterThan(runs / 40);
    });
  });
}

modelSuite('enrollment model on PGlite', RUNS, async () => {
  const db = new PGlite();
  await db.waitReady;
  return { client: db, close: () => db.close() };
});

describe.skipIf(!DATABASE_URL)('PostgreSQL server', () => {
  modelSuite('enrollment model on PostgreSQL', Math.ceil(RUNS / 4), async () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
    return { client: pool, close: () => pool.end() };
  });
});
