import { nanoid } from 'nanoid';

/**
 * Share ids: 21 symbols of a 64-letter alphabet from the platform's secure random source, 126 bits: unguessable, and
 * never from `Math.random`.
 */
export function createShareId(): string {
  return nanoid(21);
}
