/**
 * The Web Crypto pieces passwords and unlock tokens share: Node 20 and browsers alike have them, so core needs no
 * crypto dependency.
 */

export const encoder = new TextEncoder();

export function subtle(): NonNullable<typeof globalThis.crypto>['subtle'] {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('Web Crypto (crypto.subtle) is not available: chatshare needs a secure context or Node >= 20.');
  return s;
}

export function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
