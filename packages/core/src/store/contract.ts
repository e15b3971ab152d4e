import type { InstanceSettings, Page, ShareRecord } from '../share/types.js';

/** Which shares a listing or bulk delete covers. All given fields must match. */
export interface ShareFilter {
  readonly ownerId?: string;
  readonly chatId?: string;
  /** Case-insensitive substring of the title (B1 search). Listing only. */
  readonly query?: string;
}

export interface PageRequest {
  /** 1–100. */
  readonly limit: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | null;
}

/**
 * The storage contract every adapter implements (SPEC §5). Small on purpose: core does every permission decision and
 * builds every record; a store only keeps records and answers lookups.
 *
 * Rules every store follows (the conformance suite in `@chatshare/core/testing` checks each one):
 * - Records go in and come out as copies: mutating what you passed or got back never changes what is stored.
 * - `createShare` fails with `ConflictError` when the id exists; nothing is overwritten.
 * - `updateShare` is compare-and-set: it writes only if the stored `version` equals `expectedVersion`, else throws
 *   `ConflictError`; for a missing id it throws `ShareNotFoundError`. A deleted share is never resurrected (T24).
 * - `deleteShares` is atomic: all matching records go, or none do.
 * - Listings are ordered by `createdAt` descending, then `id` descending, and page with opaque cursors.
 * - Infrastructure failures throw `StorageError` (or any error; core wraps it) and leave the previous state intact.
 */
export interface ShareStore {
  getShare(id: string): Promise<ShareRecord | null>;
  createShare(record: ShareRecord): Promise<void>;
  updateShare(record: ShareRecord, expectedVersion: number): Promise<void>;
  /** Removes one share; `true` if it existed. */
  deleteShare(id: string): Promise<boolean>;
  /** Removes every share matching the filter (`ownerId` and/or `chatId`; `query` is ignored); returns how many. */
  deleteShares(filter: ShareFilter): Promise<number>;
  listShares(filter: ShareFilter, page: PageRequest): Promise<Page<ShareRecord>>;
  /** `null` until settings are first saved. */
  getSettings(): Promise<InstanceSettings | null>;
  /** Compare-and-set on `settings.version - 1` (0 for the first save); `ConflictError` when it lost a race. */
  saveSettings(settings: InstanceSettings, expectedVersion: number): Promise<void>;
  /** Releases connections or handles. Optional. */
  close?(): Promise<void>;
}
