import type { StoredPassword } from '../share/types.js';
import { encoder, fromBase64url, subtle, toBase64url } from './web-crypto.js';

/** A share password is kept only as PBKDF2-HMAC-SHA-256 over a random 16-byte salt. */

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

/** Compares every byte whatever the first difference, so the time taken says nothing about the hash. */
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
