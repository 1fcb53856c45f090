/**
 * Each library under test behind one small adapter, used the way its README shows: the secret
 * arrives as base32 text, a TOTP code is checked with a window of one 30-second step on each
 * side, 6 digits, the clock read by the library itself (Unix time now).
 *
 * Adapter shape:
 *   name, version, algorithms          which of 'SHA1' | 'SHA256' | 'SHA512' it supports
 *   generate(secret, algorithm)        → code for now
 *   verify(secret, token, algorithm)   → boolean, ±1 step
 *   cache(secret, algorithm)           → whatever the library lets a server keep per credential
 *   verifyCached(handle, token)        → boolean, ±1 step
 *   codeAt(secret, algorithm, digits, unixSeconds) → code (for the RFC vector check only)
 */
import { readFileSync } from 'node:fs';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import * as oslo from '@oslojs/otp';
import notp from 'notp';
import * as OTPAuth from 'otpauth';
import { generateSync, verifySync } from 'otplib';
import speakeasy from 'speakeasy';
import base32 from 'thirty-two';

// Read from bench/node_modules directly: some packages do not export their package.json.
const versionOf = (name) => JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;

/** Loads the built otpkit (dist/), as a user of the package would get it. */
export async function loadOtpkit(path) {
  const url = path ? new URL(path, `file://${process.cwd()}/`) : new URL('../dist/index.js', import.meta.url);
  try {
    return await import(url.href);
  } catch (error) {
    throw new Error(`cannot load ${url.pathname}: run "npm run build" first (${error.message})`);
  }
}

/** otpkit's adapter: from text through `verifyTOTPFromSecret` where the build has it. */
function otpkitAdapter(name, version, otpkit, { viaBytes = false } = {}) {
  const { decodeSecret, generateTOTP, verifyTOTP, prepareKey } = otpkit;
  const fromText = !viaBytes && typeof otpkit.verifyTOTPFromSecret === 'function';
  const generateText = fromText
    ? (secret, algorithm) => otpkit.generateTOTPFromSecret(secret, { algorithm })
    : (secret, algorithm) => generateTOTP(decodeSecret(secret), { algorithm });
  const verifyText = fromText
    ? (secret, token, algorithm) => otpkit.verifyTOTPFromSecret(secret, token, { window: 1, algorithm }).valid
    : (secret, token, algorithm) => verifyTOTP(decodeSecret(secret), token, { window: 1, algorithm }).valid;
  return {
    name,
    version,
    own: true,
    algorithms: ['SHA1', 'SHA256', 'SHA512'],
    generate: generateText,
    verify: verifyText,
    cache: (secret, algorithm) => prepareKey(decodeSecret(secret), { algorithm }),
    verifyCached: (prepared, token) => verifyTOTP(prepared, token, { window: 1 }).valid,
    codeAt: (secret, algorithm, digits, time) => generateTOTP(decodeSecret(secret), { algorithm, digits, time }),
  };
}

/**
 * The libraries under test. `otpkit` is the build in dist/; `otpkit via bytes` the same build
 * through `verifyTOTP(decodeSecret(secret), …)`; `otpkit before` (with `baseline`, another
 * build of otpkit, e.g. of the main branch) the same calls on that build. Rows whose adapter
 * has `own: true` never count as peers.
 */
export function makeAdapters(otpkit, { baseline } = {}) {
  const ownVersion = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
  const lower = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };
  const own = [otpkitAdapter('otpkit', ownVersion, otpkit)];
  if (typeof otpkit.verifyTOTPFromSecret === 'function')
    own.push(otpkitAdapter('otpkit via bytes', ownVersion, otpkit, { viaBytes: true }));
  if (baseline) own.push(otpkitAdapter('otpkit before', 'baseline', baseline));

  return [
    ...own,
    {
      // README: new OTPAuth.TOTP({ secret, algorithm, ... }).validate({ token, window: 1 }) → delta | null.
      // The static TOTP.generate/validate do the same without the instance; both forms measured
      // the same within noise, the static one is used (see docs/benchmarks.md).
      name: 'otpauth',
      version: versionOf('otpauth'),
      algorithms: ['SHA1', 'SHA256', 'SHA512'],
      generate: (secret, algorithm) => OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), algorithm }),
      verify: (secret, token, algorithm) =>
        OTPAuth.TOTP.validate({ token, secret: OTPAuth.Secret.fromBase32(secret), algorithm, window: 1 }) !== null,
      cache: (secret, algorithm) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm }),
      verifyCached: (totp, token) => totp.validate({ token, window: 1 }) !== null,
      codeAt: (secret, algorithm, digits, time) =>
        OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), algorithm, digits, timestamp: time * 1000 }),
    },
    {
      // README (v13): generateSync({ secret }) / verifySync({ secret, token }) with the default
      // noble crypto plugin; epochTolerance: 30 seconds = one step each way. No prepared key:
      // the cached form passes the decoded bytes, which the README also allows.
      name: 'otplib',
      version: versionOf('otplib'),
      algorithms: ['SHA1', 'SHA256', 'SHA512'],
      generate: (secret, algorithm) => generateSync({ secret, algorithm: lower[algorithm] }),
      verify: (secret, token, algorithm) => verifySync({ secret, token, algorithm: lower[algorithm], epochTolerance: 30 }).valid,
      cache: (secret, algorithm) => ({ secret: new Uint8Array(decodeBase32IgnorePadding(secret)), algorithm: lower[algorithm] }),
      verifyCached: (c, token) => verifySync({ secret: c.secret, token, algorithm: c.algorithm, epochTolerance: 30 }).valid,
      codeAt: (secret, algorithm, digits, time) => generateSync({ secret, algorithm: lower[algorithm], digits, epoch: time }),
    },
    {
      // README: speakeasy.totp.verify({ secret, encoding: 'base32', token, window: 1 }).
      name: 'speakeasy',
      version: versionOf('speakeasy'),
      algorithms: ['SHA1', 'SHA256', 'SHA512'],
      generate: (secret, algorithm) => speakeasy.totp({ secret, encoding: 'base32', algorithm: lower[algorithm] }),
      verify: (secret, token, algorithm) =>
        speakeasy.totp.verify({ secret, encoding: 'base32', token, window: 1, algorithm: lower[algorithm] }),
      cache: (secret, algorithm) => ({ secret: base32.decode(secret), algorithm: lower[algorithm] }),
      verifyCached: (c, token) => speakeasy.totp.verify({ secret: c.secret, token, window: 1, algorithm: c.algorithm }),
      codeAt: (secret, algorithm, digits, time) =>
        speakeasy.totp({ secret, encoding: 'base32', algorithm: lower[algorithm], digits, time }),
    },
    {
      // README: verifyTOTPWithGracePeriod(key, 30, 6, otp, 30) with key = decodeBase32IgnorePadding(secret).
      // HMAC-SHA-1 only.
      name: '@oslojs/otp',
      version: versionOf('@oslojs/otp'),
      algorithms: ['SHA1'],
      generate: (secret) => oslo.generateTOTP(decodeBase32IgnorePadding(secret), 30, 6),
      verify: (secret, token) => oslo.verifyTOTPWithGracePeriod(decodeBase32IgnorePadding(secret), 30, 6, token, 30),
      cache: (secret) => decodeBase32IgnorePadding(secret),
      verifyCached: (key, token) => oslo.verifyTOTPWithGracePeriod(key, 30, 6, token, 30),
      codeAt: (secret, _algorithm, digits, time) =>
        oslo.generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(time / 30)), digits),
    },
    {
      // README: notp.totp.verify(token, key, { window: 1 }) → { delta } | null, with the base32
      // secret decoded by thirty-two as the README's Google Authenticator example does.
      // HMAC-SHA-1 and 6 digits only.
      name: 'notp',
      version: versionOf('notp'),
      algorithms: ['SHA1'],
      digits: [6],
      generate: (secret) => notp.totp.gen(base32.decode(secret)),
      verify: (secret, token) => notp.totp.verify(token, base32.decode(secret), { window: 1 }) !== null,
      cache: (secret) => base32.decode(secret),
      verifyCached: (key, token) => notp.totp.verify(token, key, { window: 1 }) !== null,
      codeAt: (secret, _algorithm, _digits, time) => notp.hotp.gen(base32.decode(secret), { counter: Math.floor(time / 30) }),
    },
  ];
}
