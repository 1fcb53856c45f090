/**
 * `otpkit/testkit`, credential-store part: the conformance suite every enrollment
 * `CredentialStore` must pass (see `enrollment/credential-store.ts` for the atomicity rule).
 * otpkit runs it on its memory store (plain and with a vault), on PostgreSQL and on PGlite; run
 * it on yours with `defineConformanceSuite({ describe, it }, 'my store', credentialStoreChecks(…))`.
 *
 * What it checks: the etag compare-and-set under races (2 tabs × 4 processes, modelled as 4
 * service instances with 2 concurrent requests each, plus raw concurrent commits), a recovery
 * code consumed by exactly one of 32 concurrent callers, a new pending key invalidating the old
 * one, activation of a stale keyRef refused, exact key bytes and copies, subjects kept apart,
 * 64 concurrent confirms giving exactly one enrollment, and a store that throws making the
 * service fail closed with the stored state left whole. Each check uses fresh random subjects.
 * Units: Unix seconds (the service's clock is fixed per check).
 * @module
 */

import { EnrollmentTransitionError } from '../core/errors.js';
import { decodeSecret } from '../core/secret.js';
import { generateTOTP } from '../core/totp.js';
import type { CredentialStore, EnrollmentCommit } from '../enrollment/credential-store.js';
import { initialSnapshot, serializeSnapshot, transition } from '../enrollment/machine.js';
import { generateRecoveryCodes } from '../enrollment/recovery-codes.js';
import { createEnrollmentService } from '../enrollment/service/create.js';
import type { EnrollmentService } from '../enrollment/service.js';
import { MemoryReplayStore } from '../verify/replay.js';
import { MemoryThrottleStore } from '../verify/throttle.js';
import { createTOTPVerifier } from '../verify/verifier.js';
import { bindChecks, randomHex, type StoreCheck, together } from './conformance.js';
import type { ConformanceCheck } from './testkit.js';

const NOW = 1_700_000_000; // fixed clock for the service checks, Unix seconds
const PASSWORD = 'conformance password';

function fail(message: string): never {
  throw new Error(`credential conformance: ${message}`);
}

function equal(actual: unknown, expected: unknown, what: string): void {
  if (!Object.is(actual, expected)) fail(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

function sameBytes(actual: unknown, expected: Uint8Array, what: string): void {
  if (!(actual instanceof Uint8Array) || actual.length !== expected.length || actual.some((b, i) => b !== expected[i])) {
    fail(`${what}: the key read back differs from the key written`);
  }
}

const freshSubject = (): string => `cs-${randomHex(8)}`;
const freshKeyRef = (): string => randomHex(16);
const freshKey = (): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(20));

/** Snapshots for raw commits: a valid chain disabled → enable-password → enable-confirm → enabled. */
const S0 = initialSnapshot(NOW);
const S1 = transition(S0, 'begin-enable', { now: NOW });
const pendingSnapshot = (keyRef: string) => serializeSnapshot(transition(S1, 'password-ok', { now: NOW, keyRef }));
const enabledSnapshot = (keyRef: string) =>
  serializeSnapshot(transition(transition(S1, 'password-ok', { now: NOW, keyRef }), 'token-ok', { now: NOW }));

async function commitOk(store: CredentialStore, subject: string, change: EnrollmentCommit, what: string): Promise<string> {
  const result = await store.commit(subject, change);
  if (result?.ok !== true || typeof result.etag !== 'string') fail(`${what}: the commit was refused`);
  return result.etag;
}

/** Creates `subject`'s record in the enable-password state; returns its etag. */
function create(store: CredentialStore, subject: string): Promise<string> {
  return commitOk(store, subject, { expectedEtag: null, snapshot: serializeSnapshot(S1) }, 'create');
}

/** Commits a new pending key (`snapshot`: the pending state by default); returns the new etag. */
function putPending(
  store: CredentialStore,
  subject: string,
  etag: string,
  pending: { keyRef: string; key: Uint8Array },
  what: string,
  snapshot = pendingSnapshot(pending.keyRef),
): Promise<string> {
  const { keyRef, key } = pending;
  return commitOk(store, subject, { expectedEtag: etag, snapshot, key: { op: 'put-pending', keyRef, key } }, what);
}

/** A subject with an active key and a recovery-code set; returns its etag and what was stored. */
async function enrolled(store: CredentialStore, subject: string) {
  const keyRef = freshKeyRef();
  const key = freshKey();
  let etag = await create(store, subject);
  etag = await putPending(store, subject, etag, { keyRef, key }, 'put-pending');
  const { stored } = generateRecoveryCodes({ count: 3 });
  etag = await commitOk(
    store,
    subject,
    { expectedEtag: etag, snapshot: enabledSnapshot(keyRef), key: { op: 'activate-pending', keyRef }, recoveryCodes: stored },
    'activate-pending',
  );
  return { etag, keyRef, key, recovery: stored };
}

/** The service over `store`, with memory verifier stores and a fixed clock; every actor may manage every subject. */
function serviceOver(store: CredentialStore): EnrollmentService {
  const clock = () => NOW;
  return createEnrollmentService({
    verifyPassword: (_actor, password) => password === PASSWORD,
    credentialStore: store,
    permissions: { mayManageTwoFactor: () => ({ allowed: true }) },
    verifier: createTOTPVerifier({
      replayStore: new MemoryReplayStore({ clock }),
      throttleStore: new MemoryThrottleStore({ clock }),
      clock,
    }),
    clock,
  });
}

/** Runs the enable flow up to the issued secret; returns the code an app shows now. */
async function issue(service: EnrollmentService, subject: string): Promise<string> {
  const begun = await service.beginEnable(subject, subject);
  if (!begun.ok) fail(`beginEnable: ${begun.reason}`);
  const issued = await service.submitPassword(subject, subject, PASSWORD);
  if (!issued.ok || issued.result !== 'secret-issued') fail('submitPassword did not issue a secret');
  return generateTOTP(decodeSecret(issued.secret.secret()), { time: NOW });
}

/** A view of `store` whose `method` throws (sync, rejected promise, or never-typed value) once armed. */
function faulty(store: CredentialStore, method: keyof CredentialStore, mode: FaultMode) {
  const state = { armed: false, calls: 0 };
  const view = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (name !== method || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        if (!state.armed) return value.apply(target, args);
        state.calls++;
        if (mode === 'throw') throw new Error('store down');
        return Promise.reject(new Error('store down'));
      };
    },
  });
  return { view, state };
}

type FaultMode = 'throw' | 'reject';
type FaultyMethod = 'read' | 'commit' | 'getPendingKey' | 'getActiveKey' | 'getRecoveryCodes' | 'consumeRecoveryCode';

/**
 * A service over a view of `store` whose `method` fails in `mode` while `armed` runs `act`; a
 * throw or rejection of `act` is `'threw'`, and `failed` tells whether the store was called and failed.
 */
function faultyService(store: CredentialStore, method: FaultyMethod, mode: FaultMode) {
  const { view, state } = faulty(store, method, mode);
  const armed = async <R>(act: () => Promise<R>): Promise<{ outcome: R | 'threw'; failed: boolean }> => {
    state.armed = true;
    const outcome = await act().catch(() => 'threw' as const);
    state.armed = false;
    return { outcome, failed: state.calls > 0 };
  };
  return { service: serviceOver(view), armed };
}

/**
 * The credential-store checks.
 * @param store - the store under test (one instance serves every check), or a factory called
 *   once at the start of each check.
 * @param options - `consumers`: concurrent consumers of one recovery code, an integer ≥ 2
 *   (default 32); `confirms`: concurrent `confirm` calls with the same right code (default 64).
 * @returns the checks; each rejects with an Error when the store does not conform.
 * @example
 * defineConformanceSuite({ describe, it }, 'my credential store', credentialStoreChecks(() => store));
 */
export function credentialStoreChecks(
  store: CredentialStore | (() => CredentialStore),
  options: { consumers?: number; confirms?: number } = {},
): ConformanceCheck[] {
  const checks = [
    ...etagChecks(),
    ...keyChecks(),
    ...removalChecks(),
    ...recoveryAndSubjectChecks(options.consumers ?? 32),
    ...serviceChecks(options.confirms ?? 64),
  ];
  return bindChecks(store, checks, fail);
}

/** The etag compare-and-set: one creator, one winner per etag, raw and through the service. */
function etagChecks(): StoreCheck<CredentialStore>[] {
  return [
    {
      name: 'an unknown subject reads as null; the first commit needs expectedEtag null, and only one creator wins',
      async run(st) {
        const subject = freshSubject();
        equal(await st.read(subject), null, 'read');
        equal(await st.getActiveKey(subject), null, 'getActiveKey');
        equal(await st.getRecoveryCodes(subject), null, 'getRecoveryCodes');
        equal(
          (await st.commit(subject, { expectedEtag: 'no-such-etag', snapshot: serializeSnapshot(S0) })).ok,
          false,
          'commit with an etag on no record',
        );
        const results = await together(8, () => st.commit(subject, { expectedEtag: null, snapshot: serializeSnapshot(S1) }));
        equal(results.filter((r) => r.ok).length, 1, 'creators that won');
        const record = await st.read(subject);
        equal(record?.snapshot, serializeSnapshot(S1), 'snapshot read back');
      },
    },
    {
      name: 'etag race: of 8 concurrent commits on one etag exactly one wins, 20 rounds, and the winner is what reads back',
      async run(st) {
        const subject = freshSubject();
        let etag = await create(st, subject);
        for (let round = 0; round < 20; round++) etag = await etagRound(st, subject, etag, round);
      },
    },
    {
      name: 'etag race through the service: 2 tabs × 4 processes submit the password at once, exactly one secret is issued and it is the one stored',
      async run(st) {
        const subject = freshSubject();
        const processes = Array.from({ length: 4 }, () => serviceOver(st));
        const begun = await (processes[0] as EnrollmentService).beginEnable(subject, subject);
        if (!begun.ok) fail(`beginEnable: ${begun.reason}`);
        // A loser that read the state before the winner committed gets `conflict`; one that read
        // it after finds the prompt gone and gets EnrollmentTransitionError (docs/enrollment.md).
        const outcomes = await Promise.all(
          processes.flatMap((service) =>
            [0, 1].map(() =>
              service.submitPassword(subject, subject, PASSWORD).catch((error: unknown) => {
                if (error instanceof EnrollmentTransitionError) return 'moved-on' as const;
                throw error;
              }),
            ),
          ),
        );
        const issued = outcomes.filter((o) => o !== 'moved-on' && o.ok && o.result === 'secret-issued');
        equal(issued.length, 1, 'secrets issued');
        for (const o of outcomes) if (o !== 'moved-on' && !o.ok) equal(o.reason, 'conflict', 'losers');
        const secret = (issued[0] as { secret: { secret(): string } }).secret.secret();
        const done = await (processes[3] as EnrollmentService).confirm(subject, subject, generateTOTP(decodeSecret(secret), { time: NOW }));
        equal(done.ok && done.result, 'enrollment-complete', 'confirm with the issued secret');
      },
    },
  ];
}

/** One round of the raw etag race: 8 concurrent put-pending commits on `etag`; returns the winner's etag. */
async function etagRound(st: CredentialStore, subject: string, etag: string, round: number): Promise<string> {
  const refs = Array.from({ length: 8 }, freshKeyRef);
  const results = await Promise.all(
    refs.map((keyRef) =>
      st.commit(subject, { expectedEtag: etag, snapshot: pendingSnapshot(keyRef), key: { op: 'put-pending', keyRef, key: freshKey() } }),
    ),
  );
  const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
  equal(winners.length, 1, `round ${round}: winners`);
  const w = winners[0] as number;
  const record = await st.read(subject);
  equal(record?.snapshot, pendingSnapshot(refs[w] as string), `round ${round}: snapshot`);
  equal(record?.etag, (results[w] as { etag: string }).etag, `round ${round}: etag`);
  for (const [i, keyRef] of refs.entries())
    equal((await st.getPendingKey(subject, keyRef)) !== null, i === w, `round ${round}: pending key ${i}`);
  const next = record?.etag as string;
  if (new Set(results.filter((r) => r.ok).map((r) => (r as { etag: string }).etag)).has(next) === false) fail('etag not returned');
  return next;
}

/** Keys: exact bytes and copies, one pending key at a time, activation only of the current one. */
function keyChecks(): StoreCheck<CredentialStore>[] {
  return [
    {
      name: 'keys read back byte for byte, as copies; a new pending key invalidates the old one',
      async run(st) {
        const subject = freshSubject();
        let etag = await create(st, subject);
        const [ref1, ref2] = [freshKeyRef(), freshKeyRef()];
        const [key1, key2] = [freshKey(), freshKey()];
        const written = key1.slice();
        etag = await putPending(st, subject, etag, { keyRef: ref1, key: key1 }, 'put 1');
        key1.fill(0); // the caller zeroes its buffer: the store must have copied it
        const read1 = await st.getPendingKey(subject, ref1);
        sameBytes(read1, written, 'pending key 1');
        (read1 as Uint8Array).fill(0);
        sameBytes(await st.getPendingKey(subject, ref1), written, 'pending key 1 after zeroing the copy');
        equal(await st.getPendingKey(subject, ref2), null, 'a keyRef never stored');
        await putPending(st, subject, etag, { keyRef: ref2, key: key2 }, 'put 2');
        equal(await st.getPendingKey(subject, ref1), null, 'the replaced pending key');
        sameBytes(await st.getPendingKey(subject, ref2), key2, 'pending key 2');
      },
    },
    {
      name: 'activation of a stale keyRef is refused and changes nothing; activation of the current one moves it to active',
      run: staleActivation,
    },
  ];
}

async function staleActivation(st: CredentialStore): Promise<void> {
  const subject = freshSubject();
  let etag = await create(st, subject);
  const [ref1, ref2] = [freshKeyRef(), freshKeyRef()];
  const key2 = freshKey();
  etag = await putPending(st, subject, etag, { keyRef: ref1, key: freshKey() }, 'put 1');
  etag = await putPending(st, subject, etag, { keyRef: ref2, key: key2 }, 'put 2');
  const { stored } = generateRecoveryCodes({ count: 2 });
  const activate = (keyRef: string): EnrollmentCommit => ({
    expectedEtag: etag,
    snapshot: enabledSnapshot(keyRef),
    key: { op: 'activate-pending', keyRef },
    recoveryCodes: stored,
  });
  equal((await st.commit(subject, activate(ref1))).ok, false, 'activate a stale keyRef');
  equal((await st.read(subject))?.etag, etag, 'etag after the refused activation');
  equal(await st.getActiveKey(subject), null, 'active key after the refused activation');
  equal(await st.getRecoveryCodes(subject), null, 'recovery codes after the refused activation');
  sameBytes(await st.getPendingKey(subject, ref2), key2, 'pending key after the refused activation');
  await commitOk(st, subject, activate(ref2), 'activate');
  const active = await st.getActiveKey(subject);
  equal(active?.keyRef, ref2, 'active keyRef');
  sameBytes(active?.key, key2, 'active key');
  equal(await st.getPendingKey(subject, ref2), null, 'pending key after activation');
  equal((await st.getRecoveryCodes(subject))?.hashes.length, 2, 'recovery codes after activation');
}

/** Removal: each key operation deletes what it names and nothing else. */
function removalChecks(): StoreCheck<CredentialStore>[] {
  return [
    {
      name: 'remove-active deletes the key and the recovery codes; remove-all also the pending key; discard-pending only the pending key',
      async run(st) {
        const subject = freshSubject();
        let { etag } = await enrolled(st, subject);
        const disabled = serializeSnapshot(S0);
        etag = await commitOk(st, subject, { expectedEtag: etag, snapshot: disabled, key: { op: 'remove-active' } }, 'remove-active');
        equal(await st.getActiveKey(subject), null, 'active key after remove-active');
        equal(await st.getRecoveryCodes(subject), null, 'recovery codes after remove-active');
        const ref = freshKeyRef();
        etag = await putPending(st, subject, etag, { keyRef: ref, key: freshKey() }, 'put');
        etag = await commitOk(st, subject, { expectedEtag: etag, snapshot: disabled, key: { op: 'discard-pending' } }, 'discard');
        equal(await st.getPendingKey(subject, ref), null, 'pending key after discard-pending');
        const other = freshSubject();
        const e = await enrolled(st, other);
        const ref2 = freshKeyRef();
        // A pending key beside an active one (re-enrolment is not a flow, but a store must not care).
        const e2 = await putPending(st, other, e.etag, { keyRef: ref2, key: freshKey() }, 'put beside active', enabledSnapshot(e.keyRef));
        await commitOk(st, other, { expectedEtag: e2, snapshot: disabled, key: { op: 'remove-all' } }, 'remove-all');
        equal(await st.getActiveKey(other), null, 'active key after remove-all');
        equal(await st.getPendingKey(other, ref2), null, 'pending key after remove-all');
        equal(await st.getRecoveryCodes(other), null, 'recovery codes after remove-all');
      },
    },
  ];
}

/** Recovery codes consumed exactly once, and subjects kept apart. */
function recoveryAndSubjectChecks(consumers: number): StoreCheck<CredentialStore>[] {
  return [
    {
      name: `a recovery code is consumed by exactly one of ${consumers} concurrent callers; the others stay usable; a replaced set is gone`,
      async run(st) {
        const subject = freshSubject();
        const { etag, recovery, keyRef } = await enrolled(st, subject);
        const [first, second] = recovery.hashes as [string, string];
        const results = await together(consumers, () => st.consumeRecoveryCode(subject, first));
        equal(results.filter((r) => r === true).length, 1, 'callers that consumed it');
        equal(await st.consumeRecoveryCode(subject, first), false, 'consuming it again');
        equal((await st.getRecoveryCodes(subject))?.hashes.length, recovery.hashes.length - 1, 'codes left');
        equal(await st.consumeRecoveryCode(freshSubject(), second), false, "another subject's code");
        const { stored } = generateRecoveryCodes({ count: 2 });
        await commitOk(st, subject, { expectedEtag: etag, snapshot: enabledSnapshot(keyRef), recoveryCodes: stored }, 'regenerate');
        equal(await st.consumeRecoveryCode(subject, second), false, 'a code of the replaced set');
        equal(await st.consumeRecoveryCode(subject, stored.hashes[0] as string), true, 'a code of the new set');
      },
    },
    {
      name: 'subjects are kept apart, including ids that differ only in case or Unicode form',
      async run(st) {
        const base = freshSubject();
        const subjects = [`${base}-a`, `${base}-A`, `${base}-é`, `${base}-e\u0301`, `${base}-ａ`];
        const stored = [];
        for (const s of subjects) stored.push(await enrolled(st, s));
        for (const [i, s] of subjects.entries()) {
          const active = await st.getActiveKey(s);
          equal(active?.keyRef, stored[i]?.keyRef, `keyRef of subject ${i}`);
          sameBytes(active?.key, (stored[i] as { key: Uint8Array }).key, `key of subject ${i}`);
          equal((await st.getRecoveryCodes(s))?.salt, stored[i]?.recovery.salt, `recovery salt of subject ${i}`);
        }
      },
    },
  ];
}

/** The enrollment service over the store: one enrollment of N confirms, and fail-closed on store errors. */
function serviceChecks(confirms: number): StoreCheck<CredentialStore>[] {
  return [
    {
      name: `${confirms} concurrent confirm calls with the same right code give exactly one enrollment-complete`,
      async run(st) {
        const subject = freshSubject();
        const service = serviceOver(st);
        const code = await issue(service, subject);
        const outcomes = await together(confirms, () => service.confirm(subject, subject, code));
        equal(outcomes.filter((o) => o.ok && o.result === 'enrollment-complete').length, 1, 'enrollment-complete answers');
        for (const o of outcomes)
          if (!o.ok && !['replayed', 'conflict', 'locked'].includes(o.reason)) fail(`unexpected refusal "${o.reason}"`);
        const status = await service.status(subject, subject);
        equal(status.ok && status.enabled, true, 'enabled afterwards');
        equal(status.ok && status.recoveryCodesRemaining, 10, 'one recovery-code set');
      },
    },
    {
      name: 'a store that throws or rejects makes the service fail closed, and the stored state stays whole',
      async run(st) {
        const methods = ['read', 'commit', 'getPendingKey', 'getActiveKey', 'getRecoveryCodes', 'consumeRecoveryCode'] as const;
        for (const method of methods) {
          for (const mode of ['throw', 'reject'] as const) {
            await confirmFailsClosed(st, method, mode);
            await loginFailsClosed(st, method, mode);
          }
        }
      },
    },
  ];
}

/** `confirm` while `method` fails: not ok, and the stored snapshot is unchanged. */
async function confirmFailsClosed(st: CredentialStore, method: FaultyMethod, mode: FaultMode): Promise<void> {
  const subject = freshSubject();
  const { service, armed } = faultyService(st, method, mode);
  const code = await issue(service, subject);
  const before = await st.read(subject);
  const { outcome, failed } = await armed(() => service.confirm(subject, subject, code));
  if (failed && outcome !== 'threw' && outcome.ok) fail(`${method} ${mode}: confirm answered ok while the store failed`);
  if (failed) equal((await st.read(subject))?.snapshot, before?.snapshot, `${method} ${mode}: snapshot after the failed confirm`);
}

/** Enrolled (with the store healthy), then `verifyLogin` and `useRecoveryCode` while `method` fails: not ok; the code survives. */
async function loginFailsClosed(st: CredentialStore, method: FaultyMethod, mode: FaultMode): Promise<void> {
  const healthy = serviceOver(st);
  const fresh = freshSubject();
  const loginCode = await issue(healthy, fresh);
  const done = await healthy.confirm(fresh, fresh, loginCode);
  if (!done.ok || done.result !== 'enrollment-complete') fail('confirm on the healthy store');
  const recovery = done.recoveryCodes.reveal()[0] as string;
  for (const path of ['verifyLogin', 'useRecoveryCode'] as const) {
    const { service, armed } = faultyService(st, method, mode);
    const { outcome, failed } = await armed<{ ok: boolean }>(() =>
      path === 'verifyLogin' ? service.verifyLogin(fresh, loginCode) : service.useRecoveryCode(fresh, recovery),
    );
    if (failed && outcome !== 'threw' && outcome.ok) fail(`${method} ${mode}: ${path} answered ok while the store failed`);
  }
  if (method === 'consumeRecoveryCode' || method === 'getRecoveryCodes' || method === 'read') {
    const again = await healthy.useRecoveryCode(fresh, recovery);
    equal(again.ok, true, `${method} ${mode}: the recovery code is still usable after the failed attempt`);
  }
}
