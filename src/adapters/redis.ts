/**
 * `otpkit/redis`: the replay and throttle stores on Redis (standalone or Cluster), for verifiers
 * that run on many processes and servers.
 *
 * Works with an `ioredis` client (`new Redis(…)`, `new Cluster(…)`) or a node-redis client
 * (`createClient(…)`, `createCluster(…)`), created, connected and closed by you; both are
 * optional peer dependencies. Every operation is ONE Lua script (EVALSHA, falling back to EVAL
 * once after a NOSCRIPT), so it is atomic on the server. Each script touches one key, and keys
 * carry the credential as a hash tag (`otpkit:{credentialId}:replay`), so a credential's keys
 * live in one Cluster slot.
 *
 * Units: Unix seconds for times (from the verifier's clock, never Redis's), seconds for TTLs.
 * Replay records expire with Redis TTLs (≥ the window, set by the verifier); throttle records
 * do not expire: only a success or a reset clears them.
 * @module
 */
import { createHash } from 'node:crypto';
import { describe as describeValue } from '../internal/assert.js';
import { checkRecordArguments, type ReplayRecord, type ReplayStore } from '../verify/replay.js';
import type { ThrottleAttempt, ThrottlePolicy, ThrottleState, ThrottleStore } from '../verify/throttle.js';
import type { VerificationAnswer, VerificationRequest, VerificationState, VerificationStore } from '../verify/verification-store.js';

/**
 * A connected `ioredis` or `redis` (node-redis) client, or cluster: the part of it these stores
 * call. ioredis: `evalsha` (a cached Lua script by its SHA-1: keys first, then arguments) and
 * `eval` (a script given as text, cached on the server); node-redis: `evalSha` and `eval` with
 * `{ keys, arguments }`.
 */
export type RedisClientLike =
  | {
      /** Runs a cached Lua script by its SHA-1 (ioredis `evalsha`: keys first, then arguments). */
      evalsha(sha: string, numKeys: number, ...args: string[]): Promise<unknown>;
      /** Runs a Lua script given as text (ioredis `eval`), caching it on the server. */
      eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
    }
  | {
      /** Runs a cached Lua script by its SHA-1 (node-redis `evalSha`). */
      evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
      /** Runs a Lua script given as text (node-redis `eval`), caching it on the server. */
      eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
    };

/** The part of an ioredis client (or Cluster) these stores call. */
type IORedisLike = Extract<RedisClientLike, { evalsha: unknown }>;
/** The part of a node-redis client (or cluster) these stores call. */
type NodeRedisLike = Extract<RedisClientLike, { evalSha: unknown }>;

/** Options of the Redis stores. */
export interface RedisStoreOptions {
  /** A connected ioredis or node-redis client (or cluster); you own its lifecycle. */
  client: RedisClientLike;
  /** Key prefix, up to 64 characters without `{` or `}`. Default `'otpkit:'`. */
  prefix?: string;
}

/** Turns a script's reply into the store's answer (throws on a reply it does not expect). */
type Reader = (reply: unknown) => unknown;

/** Runs a script on `key`(s) with `args`: the reply as is, or what `read` makes of it. */
interface Runner {
  (script: LuaScript, key: string | string[], args: string[]): Promise<unknown>;
  <T>(script: LuaScript, key: string | string[], args: string[], read: (reply: unknown) => T): Promise<T>;
}

interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

function lua(source: string): LuaScript {
  return Object.freeze({ source, sha: createHash('sha1').update(source).digest('hex') });
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

function makeRunner(client: unknown): Runner {
  const c = client as Partial<IORedisLike & NodeRedisLike> | null | undefined;
  if (typeof c?.evalSha === 'function' && typeof c.eval === 'function') {
    const nodeRedis = c as NodeRedisLike;
    return ((script: LuaScript, key: string | string[], args: string[], read?: Reader) => {
      const options = { keys: typeof key === 'string' ? [key] : key, arguments: args };
      return withRetry(
        () => nodeRedis.evalSha(script.sha, options),
        () => nodeRedis.eval(script.source, options),
        read,
      );
    }) as Runner;
  }
  if (typeof c?.evalsha === 'function' && typeof c.eval === 'function') {
    const ioredis = c as IORedisLike;
    return ((script: LuaScript, key: string | string[], args: string[], read?: Reader) => {
      const keys = typeof key === 'string' ? [key] : key;
      return withRetry(
        () => ioredis.evalsha(script.sha, keys.length, ...keys, ...args),
        () => ioredis.eval(script.source, keys.length, ...keys, ...args),
        read,
      );
    }) as Runner;
  }
  throw new TypeError(`"client" expected an ioredis or node-redis client, got ${describeValue(client)}`);
}

// EVALSHA, then EVAL once after a NOSCRIPT (also one thrown synchronously), then `read`: the
// reply is read in the same step that catches a NOSCRIPT, and no async function wraps the
// client's promise in another.
function withRetry(first: () => Promise<unknown>, again: () => Promise<unknown>, read: Reader = asIs): Promise<unknown> {
  let pending: Promise<unknown>;
  try {
    pending = Promise.resolve(first());
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.then(read, (error: unknown) => {
    if (!isNoScript(error)) throw error;
    return Promise.resolve(again()).then(read);
  });
}

function asIs(reply: unknown): unknown {
  return reply;
}

function checkPrefix(prefix: unknown): string {
  if (prefix === undefined) return 'otpkit:';
  if (typeof prefix !== 'string') throw new TypeError(`"prefix" expected a string, got ${describeValue(prefix)}`);
  if (prefix.length > 64 || /[{}]/.test(prefix)) {
    throw new RangeError(`"prefix" expected up to 64 characters without { or }, got ${describeValue(prefix)}`);
  }
  return prefix;
}

function unexpected(operation: string, reply: unknown): Error {
  return new Error(`Redis ${operation}: unexpected reply of type ${typeof reply}`);
}

// Raise the watermark only upward. A Lua script runs atomically: no other command interleaves.
const CONSUME = lua(`
local current = redis.call('HGET', KEYS[1], 's')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 's', ARGV[1], 'd', ARGV[3])
if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) else redis.call('PERSIST', KEYS[1]) end
return 1
`);

const PEEK_REPLAY = lua(`
local v = redis.call('HMGET', KEYS[1], 's', 'd')
if not v[1] then return false end
return {v[1], v[2] or '0'}
`);

const DELETE = lua(`return redis.call('DEL', KEYS[1])`);

/**
 * A {@link ReplayStore} on Redis: one hash per credential (`s` = watermark, `d` = drift) with a
 * TTL, raised by one Lua script.
 * @example
 * import { Redis } from 'ioredis';
 * const replayStore = new RedisReplayStore({ client: new Redis(process.env.REDIS_URL) });
 */
export class RedisReplayStore implements ReplayStore {
  readonly #run: Runner;
  readonly #prefix: string;

  /**
   * @param options - `client` (ioredis or node-redis), `prefix` (default `'otpkit:'`).
   * @throws TypeError if `client` is neither kind; TypeError/RangeError for a bad prefix.
   */
  constructor(options: RedisStoreOptions) {
    this.#run = makeRunner(options?.client);
    this.#prefix = checkPrefix(options.prefix);
  }

  /** The key of a credential's watermark: `<prefix>{<credentialId>}:replay`. */
  key(credentialId: string): string {
    return `${this.#prefix}{${credentialId}}:replay`;
  }

  async consume(credentialId: string, timeStep: number, ttlSeconds: number, drift = 0): Promise<boolean> {
    checkRecordArguments(timeStep, ttlSeconds, drift);
    const reply = await this.#run(CONSUME, this.key(credentialId), [String(timeStep), String(ttlSeconds), String(drift)]);
    if (reply === 1) return true;
    if (reply === 0) return false;
    throw unexpected('consume', reply);
  }

  async peek(credentialId: string): Promise<ReplayRecord | undefined> {
    const reply = await this.#run(PEEK_REPLAY, this.key(credentialId), []);
    if (reply === null || reply === undefined) return undefined;
    if (!Array.isArray(reply) || reply.length !== 2) throw unexpected('peek', reply);
    const timeStep = Number(reply[0]);
    const drift = Number(reply[1]);
    if (!Number.isSafeInteger(timeStep) || !Number.isInteger(drift)) throw unexpected('peek', reply);
    return Object.freeze({ timeStep, drift });
  }

  async delete(credentialId: string): Promise<void> {
    await this.#run(DELETE, this.key(credentialId), []);
  }
}

// Admit and count one attempt, or refuse without writing. Numbers go out as strings with 17
// significant digits so fractional Unix seconds survive exactly.
const ATTEMPT = lua(`
local now = tonumber(ARGV[1])
local threshold = tonumber(ARGV[2])
local initial = tonumber(ARGV[3])
local factor = tonumber(ARGV[4])
local maxDelay = tonumber(ARGV[5])
local ceiling = tonumber(ARGV[6])
local failures = tonumber(redis.call('HGET', KEYS[1], 'f') or '0')
local lockedUntil = tonumber(redis.call('HGET', KEYS[1], 'u') or '0')
if failures >= ceiling or lockedUntil > now then
  return {0, tostring(failures), string.format('%.17g', lockedUntil)}
end
failures = failures + 1
if failures >= threshold then
  lockedUntil = now + math.min(maxDelay, initial * factor ^ (failures - threshold))
else
  lockedUntil = 0
end
local u = string.format('%.17g', lockedUntil)
redis.call('HSET', KEYS[1], 'f', tostring(failures), 'u', u)
return {1, tostring(failures), u}
`);

const PEEK_THROTTLE = lua(`
local v = redis.call('HMGET', KEYS[1], 'f', 'u')
return {v[1] or '0', v[2] or '0'}
`);

/**
 * A {@link ThrottleStore} on Redis: one hash per credential (`f` = failures, `u` = locked until,
 * Unix seconds), changed by one Lua script. Records have no TTL: the ceiling must hold until reset.
 * @example
 * import { createClient } from 'redis';
 * const client = await createClient({ url: process.env.REDIS_URL }).connect();
 * const throttleStore = new RedisThrottleStore({ client });
 */
export class RedisThrottleStore implements ThrottleStore {
  readonly #run: Runner;
  readonly #prefix: string;

  /**
   * @param options - `client` (ioredis or node-redis), `prefix` (default `'otpkit:'`).
   * @throws TypeError if `client` is neither kind; TypeError/RangeError for a bad prefix.
   */
  constructor(options: RedisStoreOptions) {
    this.#run = makeRunner(options?.client);
    this.#prefix = checkPrefix(options.prefix);
  }

  /** The key of a credential's failure count: `<prefix>{<credentialId>}:throttle`. */
  key(credentialId: string): string {
    return `${this.#prefix}{${credentialId}}:throttle`;
  }

  async attempt(credentialId: string, nowSeconds: number, policy: ThrottlePolicy): Promise<ThrottleAttempt> {
    const args = [nowSeconds, policy.threshold, policy.initialDelaySeconds, policy.factor, policy.maxDelaySeconds, policy.ceiling].map(
      String,
    );
    const reply = await this.#run(ATTEMPT, this.key(credentialId), args);
    if (!Array.isArray(reply) || reply.length !== 3 || (reply[0] !== 1 && reply[0] !== 0)) throw unexpected('attempt', reply);
    return Object.freeze({ allowed: reply[0] === 1, ...parseState('attempt', reply[1], reply[2]) });
  }

  async peek(credentialId: string): Promise<ThrottleState> {
    const reply = await this.#run(PEEK_THROTTLE, this.key(credentialId), []);
    if (!Array.isArray(reply) || reply.length !== 2) throw unexpected('peek', reply);
    return parseState('peek', reply[0], reply[1]);
  }

  async reset(credentialId: string): Promise<void> {
    await this.#run(DELETE, this.key(credentialId), []);
  }
}

function parseState(operation: string, failuresText: unknown, lockedText: unknown): ThrottleState {
  const failures = Number(failuresText);
  const lockedUntil = Number(lockedText);
  if (!Number.isInteger(failures) || failures < 0 || !Number.isFinite(lockedUntil)) throw unexpected(operation, failuresText);
  return Object.freeze({ failures, lockedUntil });
}

// The whole verification in one script over the credential's two keys (one Cluster slot through
// the hash tag): refuse a lock, pick the candidate, raise the watermark and clear the failures,
// or count one failure. Matches travel as decimal strings and are stored as received, so counters
// up to 2^53 − 1 stay exact (Lua numbers are doubles: exact for the comparisons).
// Two arguments, words separated by one space: ARGV[1] is 'kind now ceiling past future maxDrift
// TTL base initialCounter threshold initialDelay factor maxDelay', ARGV[2] the matches. Each
// argument costs the client a length, a RESP frame and a piece of the string it writes: packing
// 10 + n arguments into 2 cut node's CPU per verification by about 7% (an EVALSHA alone: 11.4 →
// 9.0 µs; decision 0206), for a string.match on the server that costs no more than it saves. A number is converted only where it is compared, and the TTL and
// a zero drift go back to Redis as the strings received (no number-to-text formatting).
const VERIFY = lua(`
local kind, nowText, ceiling, past, future, maxDriftText, ttl, baseText, initial, threshold, firstDelay, factor, maxDelay =
  string.match(ARGV[1], '^(%a+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+)$')
if not kind then return redis.error_reply('ERR otpkit: malformed verification request') end
local now = tonumber(nowText)
local t = redis.call('HMGET', KEYS[1], 'f', 'u')
local failures = tonumber(t[1] or '0')
local lockedUntil = tonumber(t[2] or '0')
if failures >= tonumber(ceiling) or lockedUntil > now then
  return {'throttled', tostring(failures), string.format('%.17g', lockedUntil)}
end
local maxDrift = tonumber(maxDriftText)
local pick = nil
local w = -1
if kind == 'check' then
  pick = string.match(ARGV[2], '^%S+')
else
  local r = redis.call('HMGET', KEYS[2], 's', 'd')
  local d = 0
  if r[1] then w = tonumber(r[1]); d = tonumber(r[2] or '0') end
  local base = tonumber(baseText)
  if kind == 'hotp' then
    local nxt = tonumber(initial)
    if w >= 0 then nxt = w + 1 end
    if nxt ~= base then return {'stale', string.format('%.17g', nxt)} end
    for m in string.gmatch(ARGV[2], '%S+') do
      if tonumber(m) >= nxt then pick = m; break end
    end
  else
    local centre = base + math.max(-maxDrift, math.min(maxDrift, d))
    local low, high = centre - tonumber(past), centre + tonumber(future)
    local best = nil
    for m in string.gmatch(ARGV[2], '%S+') do
      local step = tonumber(m)
      if step >= low and step <= high then
        local dist = math.abs(step - centre)
        if best == nil or dist < best then best = dist; pick = m end
      end
    end
  end
end
if pick ~= nil and (kind == 'check' or tonumber(pick) > w) then
  if kind ~= 'check' then
    local drift = '0'
    if maxDrift > 0 then drift = tostring(math.max(-maxDrift, math.min(maxDrift, tonumber(pick) - tonumber(baseText)))) end
    redis.call('HSET', KEYS[2], 's', pick, 'd', drift)
    if tonumber(ttl) > 0 then redis.call('EXPIRE', KEYS[2], ttl) else redis.call('PERSIST', KEYS[2]) end
  end
  if t[1] or t[2] then redis.call('DEL', KEYS[1]) end
  return pick
end
failures = failures + 1
if failures >= tonumber(threshold) then
  lockedUntil = now + math.min(tonumber(maxDelay), tonumber(firstDelay) * tonumber(factor) ^ (failures - tonumber(threshold)))
else
  lockedUntil = 0
end
local u = string.format('%.17g', lockedUntil)
redis.call('HSET', KEYS[1], 'f', tostring(failures), 'u', u)
if pick ~= nil then return {'replayed', tostring(failures), u} end
return {'invalid', tostring(failures), u}
`);

/**
 * The two arguments of VERIFY (see the script) for `request`. The words are joined with spaces,
 * so `kind` and every match are checked first: a match that is not a safe integer (a hole, `null`,
 * a string with a space) could otherwise vanish from or split in the list.
 * @throws TypeError for a kind other than `totp`, `hotp`, `check`, or such a match.
 */
function verifyArguments(request: VerificationRequest): [string, string] {
  const kind = request.kind;
  if (kind !== 'totp' && kind !== 'hotp' && kind !== 'check') throw new TypeError('Redis verify: "kind" expected totp, hotp or check');
  let matches = '';
  for (const m of request.matches) {
    if (!Number.isSafeInteger(m)) throw new TypeError('Redis verify: "matches" expected safe integers');
    matches = matches === '' ? String(m) : `${matches} ${m}`;
  }
  const p = request.policy;
  return [
    `${kind} ${request.now} ${p.ceiling} ${request.past} ${request.future} ${request.maxDrift} ${request.ttlSeconds} ` +
      `${request.base} ${request.initialCounter} ${p.threshold} ${p.initialDelaySeconds} ${p.factor} ${p.maxDelaySeconds}`,
    matches,
  ];
}

// Accepted is the bare step as a bulk string (the common answer: no array to build or decode);
// every other answer is an array that starts with its status. Not an integer reply: ioredis and
// node-redis decode integers digit by digit in doubles, off by one for some counters near 2^53,
// and a client set to return integers as strings (ioredis `stringNumbers`) would not match.
function readVerifyReply(reply: unknown): VerificationAnswer {
  if (typeof reply === 'string') return { status: 'accepted', step: Number(reply) };
  if (!Array.isArray(reply)) throw unexpected('verify', reply);
  const status = String(reply[0]);
  if (status === 'stale' && reply.length === 2) return { status, next: Number(reply[1]) };
  if ((status === 'invalid' || status === 'replayed' || status === 'throttled') && reply.length === 3) {
    return { status, failures: Number(reply[1]), lockedUntil: Number(reply[2]) };
  }
  throw unexpected('verify', reply);
}

const PEEK_BOTH = lua(`
local t = redis.call('HMGET', KEYS[1], 'f', 'u')
local r = redis.call('HMGET', KEYS[2], 's', 'd')
return {t[1] or '0', t[2] or '0', r[1] or '', r[2] or '0'}
`);

const DELETE_BOTH = lua(`return redis.call('DEL', KEYS[1], KEYS[2])`);

/**
 * A {@link VerificationStore} on Redis: ONE Lua script (EVALSHA, EVAL after a NOSCRIPT) per
 * verification. It keeps the same two hashes as {@link RedisThrottleStore} (`f`, `u`, no TTL)
 * and {@link RedisReplayStore} (`s`, `d`, with the watermark's TTL), so it reads and writes the
 * state those stores wrote under the same prefix; both keys carry the credential as a hash tag,
 * so on a Cluster the script touches one slot.
 * @example
 * import { Redis } from 'ioredis';
 * const verifier = createTOTPVerifier({ store: new RedisVerificationStore({ client: new Redis(process.env.REDIS_URL) }) });
 */
export class RedisVerificationStore implements VerificationStore {
  readonly #run: Runner;
  readonly #prefix: string;

  /**
   * @param options - `client` (ioredis or node-redis), `prefix` (default `'otpkit:'`).
   * @throws TypeError if `client` is neither kind; TypeError/RangeError for a bad prefix.
   */
  constructor(options: RedisStoreOptions) {
    this.#run = makeRunner(options?.client);
    this.#prefix = checkPrefix(options.prefix);
  }

  /** The two keys of a credential: `[<prefix>{<id>}:throttle, <prefix>{<id>}:replay]`. */
  keys(credentialId: string): [string, string] {
    return [`${this.#prefix}{${credentialId}}:throttle`, `${this.#prefix}{${credentialId}}:replay`];
  }

  verify(credentialId: string, request: VerificationRequest): Promise<VerificationAnswer> {
    try {
      return this.#run(VERIFY, this.keys(credentialId), verifyArguments(request), readVerifyReply);
    } catch (error) {
      // Not an async method (one promise less per verification), but it still only ever rejects.
      return Promise.reject(error);
    }
  }

  async peek(credentialId: string): Promise<VerificationState> {
    const reply = await this.#run(PEEK_BOTH, this.keys(credentialId), []);
    if (!Array.isArray(reply) || reply.length !== 4) throw unexpected('peek', reply);
    const state = parseState('peek', reply[0], reply[1]);
    const watermark = reply[2] === '' ? null : Number(reply[2]);
    const drift = Number(reply[3]);
    if ((watermark !== null && !Number.isSafeInteger(watermark)) || !Number.isInteger(drift)) throw unexpected('peek', reply);
    return { failures: state.failures, lockedUntil: state.lockedUntil, watermark, drift: watermark === null ? 0 : drift };
  }

  async reset(credentialId: string): Promise<void> {
    await this.#run(DELETE, this.keys(credentialId)[0], []);
  }

  async delete(credentialId: string): Promise<void> {
    await this.#run(DELETE_BOTH, this.keys(credentialId), []);
  }
}
