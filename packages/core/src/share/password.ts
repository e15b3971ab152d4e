import type { StoredPassword } from './types.js';

/**
 * B13: share passwords and unlock tokens through Web Crypto only (Node ≥ 20 and browsers alike; no dependency).
 * A password is kept as PBKDF2-HMAC-SHA-256 over a random 16-byte salt; an unlock token is an HMAC over the share id,
 * that salt and an expiry, so a new or removed password (a new salt, or none) voids every token issued for the old one.
 */

const encoder = new TextEncoder();

function subtle(): NonNullable<typeof globalThis.crypto>['subtle'] {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('Web Crypto (crypto.subtle) is not available: chatshare needs a secure context or Node >= 20.');
  return s;
}

function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await subtle().importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
}

/** Hashes a new password with a fresh random salt. */
export async function hashPassword(password: string, iterations: number): Promise<StoredPassword> {
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return { algorithm: 'PBKDF2-SHA256', iterations, salt: toBase64url(salt), hash: toBase64url(hash) };
}

/** Compares every byte whatever the first difference, so the time taken says nothing about the hash (B13). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ (b[i] ?? 0);
  return difference === 0;
}

/** Whether `password` is the one `stored` was made from (with the iterations it was made with). */
export async function verifyPassword(password: string, stored: StoredPassword): Promise<boolean> {
  const hash = await derive(password, fromBase64url(stored.salt), stored.iterations);
  return sameBytes(hash, fromBase64url(stored.hash));
}

/** Signs and checks unlock tokens with one HMAC-SHA-256 key. */
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
