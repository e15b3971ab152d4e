import { encoder, fromBase64url, subtle, toBase64url } from './web-crypto.js';

/**
 * An unlock token is an HMAC over the share id, the password's salt and an expiry, so a new or removed password (a new
 * salt, or none) voids every token issued for the old one, and no token opens another share.
 */
export interface UnlockTokens {
  issue(shareId: string, salt: string, expiresAt: number): Promise<string>;
  /** `true` only for an unexpired token issued for this share and this password salt. */
  check(token: unknown, shareId: string, salt: string, now: number): Promise<boolean>;
}

/** `<expiresAt in base 36>.<HMAC in base64url>`: short enough for a header or a session-storage entry. */
const TOKEN = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/;

/** `secret`: the shared key of every replica, or `undefined` for a random key that lives as long as the service. */
export function createUnlockTokens(secret: string | undefined): UnlockTokens {
  const material = secret === undefined ? globalThis.crypto.getRandomValues(new Uint8Array(32)) : encoder.encode(secret);
  const key = subtle().importKey('raw', material, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  // The share id and salt come from the record (`[A-Za-z0-9_-]`, base64url), so a newline cannot be forged into them.
  const payload = (shareId: string, salt: string, expiresAt: number) => encoder.encode(`chatshare-unlock\n${shareId}\n${salt}\n${expiresAt}`);
  return {
    async issue(shareId, salt, expiresAt) {
      const mac = await subtle().sign('HMAC', await key, payload(shareId, salt, expiresAt));
      return `${expiresAt.toString(36)}.${toBase64url(new Uint8Array(mac))}`;
    },
    async check(token, shareId, salt, now) {
      if (typeof token !== 'string') return false;
      const match = TOKEN.exec(token);
      if (match === null) return false;
      const expiresAt = parseInt(match[1]!, 36);
      if (!(expiresAt > now)) return false;
      // `verify` compares in constant time.
      return subtle().verify('HMAC', await key, fromBase64url(match[2]!), payload(shareId, salt, expiresAt));
    },
  };
}
