/**
 * What holds only under assumptions (docs/security.md): shown here so the page states facts.
 * 1. A replay store that forgets (a Redis restarted without persistence; here a fresh memory
 *    store) accepts an accepted TOTP code again within its window, and an HOTP code again.
 * 2. With a shared store, a server whose clock lags by more than the record's TTL accepts a code
 *    a second time once the record has expired; with clocks in sync it is `replayed`.
 * Codes are RFC 6238 Appendix B / RFC 4226 Appendix D values (test/verifier/fixtures.ts).
 */
import { describe, expect, it } from 'vitest';
import { MemoryReplayStore } from '../../src/verify/replay.js';
import { MemoryThrottleStore } from '../../src/verify/throttle.js';
import { createHOTPVerifier, createTOTPVerifier } from '../../src/verify/verifier.js';
import { CODES_AROUND_1234567890, RFC_KEY, RFC4226_CODES } from '../verifier/fixtures.js';

const T = 1234567890;
const CODE = CODES_AROUND_1234567890['0'];

describe('assumption: the replay store is persistent', () => {
  it('a store that forgot its watermarks accepts an accepted TOTP code again, within the window', async () => {
    const throttleStore = new MemoryThrottleStore({ clock: () => T });
    const before = createTOTPVerifier({ replayStore: new MemoryReplayStore({ clock: () => T }), throttleStore, clock: () => T });
    expect((await before.verify({ credentialId: 'c', key: RFC_KEY, token: CODE })).ok).toBe(true);
    expect(await before.verify({ credentialId: 'c', key: RFC_KEY, token: CODE })).toMatchObject({ ok: false, reason: 'replayed' });
    // "Restart": same throttle, a replay store with nothing in it, 30 s later (still in the window).
    const after = createTOTPVerifier({
      replayStore: new MemoryReplayStore({ clock: () => T + 30 }),
      throttleStore,
      clock: () => T + 30,
    });
    expect((await after.verify({ credentialId: 'c', key: RFC_KEY, token: CODE })).ok).toBe(true);
  });

  it('and an HOTP code whose counter was lost', async () => {
    const throttleStore = new MemoryThrottleStore();
    const first = createHOTPVerifier({ replayStore: new MemoryReplayStore(), throttleStore });
    expect((await first.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[0] })).ok).toBe(true);
    const restarted = createHOTPVerifier({ replayStore: new MemoryReplayStore(), throttleStore });
    expect((await restarted.verify({ credentialId: 'h', key: RFC_KEY, token: RFC4226_CODES[0] })).ok).toBe(true);
  });
});

describe('assumption: server clocks agree', () => {
  it('a server lagging by more than the TTL accepts the code again after the record expired; in sync it is replayed', async () => {
    const wall = { now: T };
    const replayStore = new MemoryReplayStore({ clock: () => wall.now });
    const throttleStore = new MemoryThrottleStore({ clock: () => wall.now });
    const a = createTOTPVerifier({ replayStore, throttleStore, clock: () => wall.now });
    expect((await a.verify({ credentialId: 'k', key: RFC_KEY, token: CODE })).ok).toBe(true);
    const ttl = a.settings.ttlSeconds;
    wall.now = T + ttl; // real time has moved on past the record's TTL
    const lagging = createTOTPVerifier({ replayStore, throttleStore, clock: () => wall.now - ttl });
    expect((await lagging.verify({ credentialId: 'k', key: RFC_KEY, token: CODE })).ok).toBe(true);
    // Before expiry, the shared watermark refuses the same code on a server in sync.
    const fresh = new MemoryReplayStore({ clock: () => T });
    const b = createTOTPVerifier({ replayStore: fresh, throttleStore, clock: () => T });
    expect((await b.verify({ credentialId: 'k2', key: RFC_KEY, token: CODE })).ok).toBe(true);
    const b2 = createTOTPVerifier({ replayStore: fresh, throttleStore, clock: () => T + 1 });
    expect(await b2.verify({ credentialId: 'k2', key: RFC_KEY, token: CODE })).toMatchObject({ ok: false, reason: 'replayed' });
  });
});
