/**
 * Independent reference codes (node:crypto HMAC + RFC 4226 §5.3 truncation, written here) and
 * the correctness gate every library must pass before it is timed: RFC 6238 Appendix B, and
 * the exact valid/invalid/generate behaviour each benchmark case relies on.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const NODE_NAMES = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

/** HOTP(K, C) for a key given as bytes, C a safe integer. */
export function referenceHOTP(key, algorithm, counter, digits = 6) {
  const message = Buffer.alloc(8);
  message.writeUInt32BE(Math.floor(counter / 0x1_0000_0000), 0);
  message.writeUInt32BE(counter >>> 0, 4);
  const mac = createHmac(NODE_NAMES[algorithm], key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const snum = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(snum % 10 ** digits).padStart(digits, '0');
}

export const stepNow = () => Math.floor(Date.now() / 1000 / 30);

/** A 6-digit code that matches none of the steps T − 2 … T + 2 (so it stays wrong across a step change). */
export function wrongCode(key, algorithm, step) {
  const taken = new Set();
  for (let s = step - 2; s <= step + 2; s++) taken.add(referenceHOTP(key, algorithm, s));
  let n = Number(referenceHOTP(key, algorithm, step));
  let code;
  do {
    n = (n + 1) % 1_000_000;
    code = String(n).padStart(6, '0');
  } while (taken.has(code));
  return code;
}

/**
 * RFC 4648 base32 without padding (the bench's own, so no library under test encodes). The
 * characters are joined once, so the result is a flat string, as a database driver or a URL
 * parser hands a stored secret to a server; appending with `+=` would build a rope (a V8 cons
 * string), which every later character read has to go through.
 */
export function toBase32(bytes) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const out = [];
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push(alphabet[(buffer >>> bits) & 31]);
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out.push(alphabet[(buffer << (5 - bits)) & 31]);
  return out.join('');
}

/**
 * Throws unless `adapter` reproduces RFC 6238 Appendix B (8 digits, or the last 6 digits for a
 * library limited to 6) and behaves as each case assumes right now.
 */
export function checkAdapter(adapter) {
  // A step change in the middle of the checks can make a right answer look wrong: retry once.
  const step = stepNow();
  try {
    checkOnce(adapter);
  } catch (error) {
    if (stepNow() === step) throw error;
    checkOnce(adapter);
  }
}

function checkOnce(adapter) {
  const rfc = JSON.parse(readFileSync(new URL('../test/fixtures/vectors/rfc-and-extras.json', import.meta.url), 'utf8'));
  const b = rfc.rfc6238_appendix_b;
  const failures = [];
  for (const v of b.vectors) {
    if (!adapter.algorithms.includes(v.algorithm)) continue;
    const digits = adapter.digits?.includes(8) === false ? 6 : 8;
    const want = v.totp8.slice(8 - digits);
    const got = adapter.codeAt(b.seeds[v.algorithm].base32, v.algorithm, digits, v.time);
    if (got !== want) failures.push(`RFC 6238 ${v.algorithm} time ${v.time}: got ${got}, want ${want}`);
  }
  for (const algorithm of adapter.algorithms) {
    const key = Buffer.from(b.seeds[algorithm].hex, 'hex');
    const secret = b.seeds[algorithm].base32;
    const step = stepNow();
    const valid = referenceHOTP(key, algorithm, step);
    const wrong = wrongCode(key, algorithm, step);
    const generated = adapter.generate(secret, algorithm);
    if (generated !== valid && generated !== referenceHOTP(key, algorithm, stepNow())) {
      failures.push(`${algorithm} generate: got ${generated}, want ${valid}`);
    }
    if (adapter.verify(secret, valid, algorithm) !== true) failures.push(`${algorithm} verify(valid) is not true`);
    if (adapter.verify(secret, wrong, algorithm) !== false) failures.push(`${algorithm} verify(wrong) is not false`);
    const cached = adapter.cache(secret, algorithm);
    if (adapter.verifyCached(cached, valid) !== true) failures.push(`${algorithm} cached verify(valid) is not true`);
    if (adapter.verifyCached(cached, wrong) !== false) failures.push(`${algorithm} cached verify(wrong) is not false`);
    const previous = referenceHOTP(key, algorithm, step - 1);
    if (adapter.verify(secret, previous, algorithm) !== true) failures.push(`${algorithm} verify(T − 1) is not true`);
    const tooOld = referenceHOTP(key, algorithm, step - 3);
    const inWindow = [-1, 0, 1, 2].some((d) => referenceHOTP(key, algorithm, step + d) === tooOld);
    if (!inWindow && adapter.verify(secret, tooOld, algorithm) !== false) {
      failures.push(`${algorithm} verify(T − 3) is not false: window wider than ±1`);
    }
  }
  if (failures.length > 0) {
    throw new Error(`${adapter.name} ${adapter.version} gives wrong results, not timed:\n  ${failures.join('\n  ')}`);
  }
}
