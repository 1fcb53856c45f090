/**
 * The canonical form of a key URI: what {@link buildKeyURI} writes for the value
 * {@link parseKeyURI} reads, so that what is drawn in a QR code holds only RFC 3986 characters
 * (no raw space, no raw non-ASCII byte for a scanner to guess the charset of), in one order.
 * @module
 */
import { buildKeyURI } from './build.js';
import type { KeyURI } from './model.js';
import { encodePart } from './names.js';
import { parseKeyURI } from './parse.js';

/**
 * Re-writes a key URI in the canonical form (docs/key-uri.md, "QR codes: the canonical form"):
 * `buildKeyURI` of the parsed value (the `issuer=` parameter, which wins over the label's
 * prefix, written in both places; defaults written; names percent-encoded as UTF-8), followed
 * by the unknown parameters kept in `extra`, percent-encoded, in their order.
 * @param uri - a key URI, untrusted text.
 * @returns the canonical URI, pure ASCII; it contains the secret.
 * @throws InvalidKeyURIError when `uri` does not parse (see {@link parseKeyURI}), naming the part.
 * @throws RangeError when the parsed value cannot be written (a key under 10 bytes, an issuer-less
 *   account name starting with a space, or a canonical form over `MAX_KEY_URI_LENGTH`).
 * @see Key URI Format; RFC 3986 §2
 */
export function canonicalKeyURI(uri: string): string {
  const parsed = parseKeyURI(uri);
  let canonical = buildKeyURI(buildOptionsOf(parsed));
  for (const [name, value] of parsed.extra) canonical += `&${encodePart(name)}=${encodePart(value)}`;
  return canonical;
}

function buildOptionsOf(p: KeyURI) {
  const names = { accountName: p.accountName, ...(p.issuer !== undefined && { issuer: p.issuer }) };
  const common = { key: p.key, ...names, algorithm: p.algorithm, ...(p.image !== undefined && { image: p.image }) };
  if (p.type === 'hotp') return { type: 'hotp' as const, ...common, digits: p.digits, counter: p.counter };
  return {
    type: 'totp' as const,
    ...common,
    period: p.period,
    ...(p.encoder === undefined ? { digits: p.digits } : { encoder: p.encoder }),
  };
}
