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

/** The part of an ioredis client (or Cluster) these stores call. */
export interface IORedisLike {
  evalsha(sha: string, numKeys: number, ...args: string[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
}

/** The part of a node-redis client (or cluster) these stores call. */
export interface NodeRedisLike {
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** A connected `ioredis` or `redis` (node-redis) client. */
export type RedisClientLike = IORedisLike | NodeRedisLike;

/** Options of the Redis stores. */
export interface RedisStoreOptions {
  /** A connected ioredis or node-redis client (or cluster); you own its lifecycle. */
  client: RedisClientLike;
  /** Key prefix, up to 64 characters without `{` or `}`. Default `'otpkit:'`. */
  prefix?: string;
}

type Runner = (script: LuaScript, key: string, args: string[]) => Promise<unknown>;

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
    return async (script, key, args) => {
      const options = { keys: [key], arguments: args };
      try {
        return await nodeRedis.evalSha(script.sha, options);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return nodeRedis.eval(script.source, options);
      }
    };
  }
  if (typeof c?.evalsha === 'function' && typeof c.eval === 'function') {
    const ioredis = c as IORedisLike;
    return async (script, key, args) => {
      try {
        return await ioredis.evalsha(script.sha, 1, key, ...args);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return ioredis.eval(script.source, 1, key, ...args);
      }
    };
  }
  throw new TypeError(`"client" expected an ioredis or node-redis client, got ${describeValue(client)}`);
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
