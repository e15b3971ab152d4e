import { InvalidInputError } from '../errors.js';
import type { ListedShare, ShareFilter } from './contract.js';

/** The columns ordering and filtering read. */
type Listable = Pick<ListedShare, 'createdAt' | 'id'>;

/** Listing order shared by every store: newest first, id as the tie-break. */
export function compareForListing(a: Listable, b: Listable): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export interface CursorPosition {
  readonly createdAt: number;
  readonly id: string;
}

/** Cursors name the last item of a page; stores resume strictly after it (keyset pagination). */
export function encodeCursor(position: CursorPosition): string {
  return `${position.createdAt.toString(36)}.${position.id}`;
}

export function decodeCursor(cursor: string): CursorPosition {
  const dot = cursor.indexOf('.');
  const createdAt = dot > 0 ? parseInt(cursor.slice(0, dot), 36) : NaN;
  const id = cursor.slice(dot + 1);
  // Times are ms since the epoch: anything else (a forged 16-digit base-36 number) would overflow a store's bigint.
  if (!Number.isSafeInteger(createdAt) || createdAt < 0 || createdAt > 8.64e15 || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    throw new InvalidInputError([{ path: 'cursor', message: 'not a cursor this store issued' }]);
  }
  return { createdAt, id };
}

/** True when `record` comes after the cursor position in listing order. */
export function isAfterCursor(record: Listable, position: CursorPosition): boolean {
  return compareForListing(position, record) < 0;
}

export function matchesFilter(record: Pick<ListedShare, 'ownerId' | 'chatId' | 'title'>, filter: ShareFilter): boolean {
  if (filter.ownerId !== undefined && record.ownerId !== filter.ownerId) return false;
  if (filter.chatId !== undefined && record.chatId !== filter.chatId) return false;
  if (filter.query) return record.title.toLowerCase().includes(filter.query.toLowerCase());
  return true;
}
