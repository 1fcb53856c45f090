/**
 * The pending TOTP secret as handed to the person enrolling, exactly once: base32 text for
 * typing by hand and the `otpauth://` key URI for the QR code (Key URI Format).
 *
 * The object is redacted in `String()`, `JSON.stringify` and `util.inspect`; only its methods
 * return the secret, so a stray log line of a service result never leaks it.
 * @module
 */
import { formatSecret } from '../core/secret.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** A freshly issued pending secret. Show it once; never log or store what its methods return. */
export class IssuedSecret {
  /** The account name written into the key URI label. */
  readonly accountName: string;
  /** The issuer written into the key URI, if any. */
  readonly issuer: string | undefined;
  /** When the pending secret stops being accepted, Unix seconds. */
  readonly expiresAt: number;
  readonly #secret: string;
  readonly #keyURI: string;

  /** @internal Built by the enrollment service. */
  constructor(fields: { secret: string; keyURI: string; accountName: string; issuer: string | undefined; expiresAt: number }) {
    this.#secret = fields.secret;
    this.#keyURI = fields.keyURI;
    this.accountName = fields.accountName;
    this.issuer = fields.issuer;
    this.expiresAt = fields.expiresAt;
  }

  /** The key as RFC 4648 base32 text, upper case, unpadded (the URI's `secret=`). */
  secret(): string {
    return this.#secret;
  }

  /** The base32 secret in blocks of four, for typing by hand: `'GEZD GNBV …'`. */
  formattedSecret(): string {
    return formatSecret(this.#secret);
  }

  /** The `otpauth://totp/…` key URI to render as a QR code (it contains the secret). */
  keyURI(): string {
    return this.#keyURI;
  }

  /** Redacted. */
  toString(): string {
    return `IssuedSecret { accountName: ${JSON.stringify(this.accountName)}, expiresAt: ${this.expiresAt} }`;
  }

  /** Redacted: no secret, no URI. */
  toJSON(): { accountName: string; issuer: string | undefined; expiresAt: number } {
    return { accountName: this.accountName, issuer: this.issuer, expiresAt: this.expiresAt };
  }

  /** What `util.inspect` shows in Node: a redacted summary, never key material. */
  [inspectSymbol](): string {
    return this.toString();
  }
}
