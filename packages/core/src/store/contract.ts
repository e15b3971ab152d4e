import type { InstanceSettings, Page, ShareRecord } from '../share/types.js';
import type { Snapshot } from '../snapshot/types.js';

/** B16: how many earlier snapshots a store keeps per share; the oldest beyond this are dropped on update. */
export const SNAPSHOT_HISTORY_LIMIT = 20;

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
 * - `updateShare` keeps the stored `views` (B14) whatever the given record says: only `recordView` changes them.
 * - B16: when `updateShare` replaces the snapshot with one of a different `snapshot.version`, the replaced snapshot joins
 *   the share's history in the same atomic write; at most `SNAPSHOT_HISTORY_LIMIT` are kept, the oldest dropped first.
 *   A failed or refused update leaves the history as it was.
 * - `deleteShare` and `deleteShares` remove the shares' history with them (a revoke leaves nothing to roll back to).
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
  /**
   * B14: one more view at `at` (ms), atomically: `views.count + 1`, `views.lastViewedAt` the later of the stored value
   * and `at`. Leaves `version` and `updatedAt` alone. `false` (and nothing written) when the share does not exist.
   */
  recordView(id: string, at: number): Promise<boolean>;
  /** B16: the share's earlier snapshots, newest (highest `version`) first; `[]` for none or an unknown id. */
  getSnapshotHistory(id: string): Promise<readonly Snapshot[]>;
  /** `null` until settings are first saved. */
  getSettings(): Promise<InstanceSettings | null>;
  /** Compare-and-set on `settings.version - 1` (0 for the first save); `ConflictError` when it lost a race. */
  saveSettings(settings: InstanceSettings, expectedVersion: number): Promise<void>;
  /** Releases connections or handles. Optional. */
  close?(): Promise<void>;
}
