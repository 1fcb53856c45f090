/**
 * Every code block of docs/verification.md, executed as written: the block is read from the
 * page, its `import { … } from '…'` lines are resolved against the real modules (a name the
 * module does not export fails the test), and the rest runs as the body of an async function
 * whose free variables (the request `row`/`body`, the `service`, `signIn`, …) this file supplies.
 * Stores are the memory ones (`otpkit/redis` is stood in for by them); the Set up block also runs
 * against the real Redis adapter when REDIS_URL is set. A block with no runner here fails.
 */
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as testkit from '../../src/adapters/testkit.js';
import * as enrollment from '../../src/enrollment/index.js';
import * as core from '../../src/index.js';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { MemoryThrottleStore } from '../../src/verify/throttle.js';
import { MemoryVerificationStore } from '../../src/verify/verification-store.js';
import { REDIS_URL, runId } from '../stores/env.js';
import { manualClock } from './fixtures.js';

interface Snippet {
  /** `section#n`: the `##` heading above the block and the block's number under it, from 1. */
  readonly id: string;
  readonly code: string;
}

function snippets(markdown: string): Snippet[] {
  const found: Snippet[] = [];
  let section = '';
  let count = 0;
  let open: string[] | null = null;
  for (const line of markdown.split('\n')) {
    if (open !== null) {
      if (line.startsWith('```')) {
        found.push({ id: `${section}#${count}`, code: open.join('\n') });
        open = null;
      } else open.push(line);
    } else if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      count = 0;
    } else if (line.startsWith('```')) {
      count++;
      open = [];
    }
  }
  return found;
}

type Modules = Record<string, Record<string, unknown>>;

/**
 * Runs a block: imports resolved from `modules`, free variables from `scope`, then `epilogue`
 * (e.g. `return { outcome }`) to hand locals back to the test. TypeScript syntax is stripped.
 */
async function run(code: string, modules: Modules, scope: Record<string, unknown>, epilogue = ''): Promise<unknown> {
  const bindings = new Map<string, unknown>();
  const body = code.replace(/^import\s+(.*?)\s+from\s+'([^']+)';?[ \t]*(\/\/.*)?$/gm, (_line, what: string, from: string) => {
    const named = /^\{([^}]*)\}$/.exec(what.trim());
    if (named === null) throw new Error(`unsupported import form in the doc: import ${what} from '${from}'`);
    const module = modules[from];
    if (module === undefined) throw new Error(`the doc imports from '${from}', which this test does not provide`);
    for (const part of (named[1] as string)
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [name, alias = name] = part.split(/\s+as\s+/) as [string, string?];
      if (!(name in module)) throw new Error(`the doc imports ${name} from '${from}', which does not export it`);
      bindings.set(alias, module[name]);
    }
    return '';
  });
  for (const [name, value] of Object.entries(scope)) bindings.set(name, value);
  const names = [...bindings.keys()];
  const { code: js } = transformSync(`async function __snippet(${names.join(', ')}) {\n${body}\n${epilogue}\n}`, { loader: 'ts' });
  const fn = new Function(`${js}\nreturn __snippet;`)() as (...args: unknown[]) => Promise<unknown>;
  return fn(...bindings.values());
}

const blocks = snippets(readFileSync(new URL('../../docs/verification.md', import.meta.url), 'utf8'));
const block = (id: string): string => {
  const found = blocks.find((b) => b.id === id);
  if (!found) throw new Error(`docs/verification.md has no code block ${id}`);
  return found.code;
};

/** `otpkit/redis` played by the memory stores (they ignore `client`). */
const memoryRedis: Modules = {
  'otpkit/redis': {
    RedisReplayStore: class extends MemoryReplayStore {
      constructor(_options: unknown) {
        super();
      }
    },
    RedisThrottleStore: class extends MemoryThrottleStore {
      constructor(_options: unknown) {
        super();
      }
    },
    RedisVerificationStore: class extends MemoryVerificationStore {
      constructor(_options: unknown) {
        super();
      }
    },
  },
  ioredis: { Redis: class {} },
};

const key = core.generateKey();
const requests = () => ({
  row: { id: `docs-${runId()}`, secret: core.encodeSecret(key) },
  body: { code: core.generateTOTP(key) },
});

/** A portal with alice enrolled: the real enrollment service over memory stores. */
async function enrolledPortal() {
  const c = manualClock(1_700_000_000);
  const verifier = core.createTOTPVerifier({
    replayStore: new MemoryReplayStore({ clock: c.clock }),
    throttleStore: new MemoryThrottleStore({ clock: c.clock }),
    clock: c.clock,
  });
  const credentialStore = new enrollment.MemoryCredentialStore();
  const service = enrollment.createEnrollmentService({
    verifyPassword: (_actor, password) => password === 'pw',
    credentialStore,
    permissions: { mayManageTwoFactor: () => ({ allowed: true }) },
    verifier,
    clock: c.clock,
  });
  await service.beginEnable('alice', 'alice');
  const issued = await service.submitPassword('alice', 'alice', 'pw');
  if (!issued.ok || issued.result !== 'secret-issued') throw new Error('enrollment: no secret');
  const done = await service.confirm('alice', 'alice', core.generateTOTP(core.decodeSecret(issued.secret.secret()), { time: c.now }));
  if (!done.ok) throw new Error('enrollment: confirm failed');
  const active = await credentialStore.getActiveKey('alice');
  return { verifier, credentialStore, service, codes: done.recoveryCodes.reveal(), credentialId: active?.keyRef as string };
}

/** The helpers the recovery-code blocks call; each returns what it was given, tagged. */
const outcomes = {
  signIn: (subject: string) => ({ signedIn: subject }),
  refuse: (outcome: { reason: string }) => ({ refused: outcome.reason }),
  tooManyAttempts: (retryAfterSeconds: number | undefined) => ({ locked: retryAfterSeconds }),
};

const RUNNERS: Record<string, () => Promise<void>> = {
  'Set up#1': async () => {
    const scope = requests();
    const first = (await run(block('Set up#1'), { otpkit: core, ...memoryRedis }, scope, 'return { outcome, verifier };')) as {
      outcome: core.TOTPVerifierResult;
      verifier: core.TOTPVerifier;
    };
    expect(first.outcome).toMatchObject({ ok: true });
    // The same code again on the verifier the block built: a replay.
    const again = await first.verifier.verify({ credentialId: scope.row.id, key: core.prepareKey(key), token: scope.body.code });
    expect(again).toEqual({ ok: false, reason: 'replayed' });
    const wrong = { ...scope, body: { code: '12345x' } };
    expect(await run(block('Set up#1'), { otpkit: core, ...memoryRedis }, wrong, 'return outcome;')).toEqual({
      ok: false,
      reason: 'invalid',
    });
  },

  'Other verification paths share the throttle#1': async () => {
    const p = await enrolledPortal();
    const code = block('Other verification paths share the throttle#1');
    const use = (typed: string) =>
      run(code, { otpkit: core, 'otpkit/enrollment': enrollment }, { service: p.service, subject: 'alice', typed, ...outcomes });
    expect(await use(p.codes[0] as string)).toEqual({ signedIn: 'alice' });
    expect(await use(p.codes[0] as string)).toEqual({ refused: 'invalid-code' }); // used: its hash is gone
    // Two requests with one code at the same moment: one signs in, the other is a replay.
    const both = await Promise.all([use(p.codes[1] as string), use(p.codes[1] as string)]);
    expect(both).toEqual(expect.arrayContaining([{ signedIn: 'alice' }, { refused: 'replayed' }]));
    expect(await use('AAAA-AAAA-AAAA-AAAA')).toEqual({ refused: 'invalid-code' });
    // Wrong guesses are counted on verifier.throttle, under the login credentialId, until a lock.
    let last: unknown;
    for (let i = 0; i < 20 && !(last as { locked?: unknown } | undefined)?.locked; i++) last = await use('AAAA-AAAA-AAAA-AAAA');
    expect(last).toEqual({ locked: expect.any(Number) });
    expect((await p.verifier.throttle.status(p.credentialId)).lock).toBe('backoff');
  },

  'Other verification paths share the throttle#2': async () => {
    const p = await enrolledPortal();
    const code = block('Other verification paths share the throttle#2');
    const use = (typed: string) =>
      run(
        code,
        { otpkit: core, 'otpkit/enrollment': enrollment },
        {
          verifier: p.verifier,
          credentialId: p.credentialId,
          credentialStore: p.credentialStore,
          subject: 'alice',
          typed,
          ...outcomes,
        },
      );
    expect(await use('AAAA-AAAA-AAAA-AAAA')).toEqual({ refused: 'invalid' });
    expect((await p.verifier.throttle.status(p.credentialId)).failures).toBe(1);
    expect(await use((p.codes[1] as string).toLowerCase())).toEqual({ signedIn: 'alice' }); // typed in lower case
    expect((await p.verifier.throttle.status(p.credentialId)).failures).toBe(0);
    expect(await use(p.codes[1] as string)).toEqual({ refused: 'invalid' }); // single use
    // The same count as the service's own recovery-code path and login.
    expect(await p.service.useRecoveryCode('alice', 'AAAA-AAAA-AAAA-AAAA')).toEqual({ ok: false, reason: 'invalid-code' });
    expect((await p.verifier.throttle.status(p.credentialId)).failures).toBe(2);
  },

  'Your own store#1': async () => {
    const registered: { name: string; body: () => Promise<void> }[] = [];
    const suites: string[] = [];
    const vitest = {
      describe: (name: string, body: () => void) => {
        suites.push(name);
        body();
      },
      it: (name: string, body: () => Promise<void>) => registered.push({ name, body }),
    };
    await run(
      block('Your own store#1'),
      { vitest, 'otpkit/testkit': testkit },
      {
        myVerificationStore: new MemoryVerificationStore(),
        myReplayStore: new MemoryReplayStore(),
        myThrottleStore: new MemoryThrottleStore(),
      },
    );
    expect(suites).toEqual(['my verification store', 'my replay store', 'my throttle store']);
    expect(registered.length).toBe(
      testkit.verificationStoreChecks(new MemoryVerificationStore()).length +
        testkit.replayStoreChecks(new MemoryReplayStore()).length +
        testkit.throttleStoreChecks(new MemoryThrottleStore()).length,
    );
    for (const test of registered) await test.body();
  },
};

describe('docs/verification.md code blocks', () => {
  it('every block has a runner here, and every runner a block', () => {
    expect(blocks.map((b) => b.id).sort()).toEqual(Object.keys(RUNNERS).sort());
  });

  for (const [id, runner] of Object.entries(RUNNERS)) it(`${id} runs as written`, runner);

  it.skipIf(!REDIS_URL)('Set up#1 runs as written against the Redis adapter and a real ioredis client', async () => {
    const redisAdapter = await import('../../src/adapters/redis.js');
    const { Redis } = await import('ioredis');
    const scope = requests();
    const { outcome, client } = (await run(
      block('Set up#1'),
      { otpkit: core, 'otpkit/redis': redisAdapter, ioredis: { Redis } },
      scope,
      'return { outcome, client };',
    )) as {
      outcome: core.TOTPVerifierResult;
      client: InstanceType<typeof Redis>;
    };
    try {
      expect(outcome).toMatchObject({ ok: true });
    } finally {
      await client.del(`otpkit:{${scope.row.id}}:replay`, `otpkit:{${scope.row.id}}:throttle`);
      client.disconnect();
    }
  });
});
