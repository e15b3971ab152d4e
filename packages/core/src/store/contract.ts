/**
 * The storage contract: primitive storage only. A store keeps rows and answers lookups; core decides everything a row
 * means — what to archive and when to prune it, how views are counted, who may read — and serialises every row itself.
 * `meta` and `body` are core's JSON text: a store keeps them byte for byte and never parses them.
 *
 * Rules every store follows (the capability suites in `@chatshare/core/testing` check each one):
 * - Rows go in and come out as values: mutating what you passed or got back never changes what is stored.
 * - `insertShare` fails with `ConflictError` when the id exists; nothing is overwritten.
 * - `replaceShare` is compare-and-set: it writes only if the stored `version` equals `expectedVersion`, else throws
 *   `ConflictError`; for a missing id it throws `ShareNotFoundError`. A deleted share is never resurrected. Its
 *   `archive` and `dropHistoryBelow` happen in the same atomic write, or not at all.
 * - Views are counters beside the row: only `addViews` changes them; `replaceShare` never does.
 * - Deleting a share deletes everything stored under its id (its views and its history) in the same atomic write.
 *   `deleteShares` is atomic: all matching shares go, or none do.
 * - Listings are ordered by `createdAt` descending, then `id` descending (bytewise), and page with opaque cursors
 *   (`encodeCursor`/`decodeCursor`/`isAfterCursor`/`compareForListing`/`matchesFilter` do this for a store in memory).
 * - Infrastructure failures throw `StorageError` (or any error; core wraps it) and leave the previous state intact.
 */

/** One share as stored: the columns a store indexes, plus core's two opaque JSON texts. */
export interface StoredShare {
  readonly id: string;
  readonly ownerId: string;
  readonly chatId: string;
  /** Searched by `ShareFilter.query` (case-insensitive substring). */
  readonly title: string;
  /** Listing order (ms). */
  readonly createdAt: number;
  /** The compare-and-set token: core increments it on every write. */
  readonly version: number;
  /** Core's metadata of the share (audience, expiry, password hash, choices, a summary of the snapshot): JSON text. */
  readonly meta: string;
  /** The published snapshot: JSON text, answered to viewers as it is. */
  readonly body: string;
}

/** A share in a listing: everything but the (large) published body. */
export type ListedShare = Omit<StoredShare, 'body'>;

/** How often a share was opened: counters a store keeps beside the row. */
export interface ShareViews {
  readonly count: number;
  readonly lastViewedAt: number | null;
}

/** One batch entry of `addViews`: `count` more opens of share `id`, the latest at `lastViewedAt`. */
export interface ViewIncrement {
  readonly id: string;
  /** A positive integer. */
  readonly count: number;
  readonly lastViewedAt: number;
}

/** One entry of a share's history: a replaced snapshot, keyed by its snapshot version. Both texts are core's. */
export interface ArchivedSnapshot {
  readonly version: number;
  readonly meta: string;
  readonly body: string;
}

/** The instance settings as stored: core's JSON text and the compare-and-set version. */
export interface StoredSettings {
  readonly version: number;
  readonly body: string;
}

/** What one read of a share returns in one store call: the row, its views, and the settings a decision needs. */
export interface ShareRead {
  readonly share: StoredShare;
  readonly views: ShareViews;
  /** `null` until settings are first saved. */
  readonly settings: StoredSettings | null;
}

/** Which shares a listing or bulk delete covers. All given fields must match. */
export interface ShareFilter {
  readonly ownerId?: string;
  readonly chatId?: string;
  /** Case-insensitive substring of the title. Listing only; bulk deletes ignore it. */
  readonly query?: string;
}

export interface PageRequest {
  /** 1–100. */
  readonly limit: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass back as `cursor` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/** Options of `replaceShare`, applied in the same atomic write as the row. */
export interface ReplaceOptions {
  /** Adds (or overwrites) one history entry under the share's id. */
  readonly archive?: ArchivedSnapshot;
  /** Removes the share's history entries whose `version` is below this. */
  readonly dropHistoryBelow?: number;
}

/** The storage contract every adapter implements. */
export interface ShareStore {
  /** The share, its views and the settings, in one call; `null` for an unknown id. */
  getShare(id: string): Promise<ShareRead | null>;
  insertShare(share: StoredShare): Promise<void>;
  replaceShare(share: StoredShare, expectedVersion: number, options?: ReplaceOptions): Promise<void>;
  /** Removes one share with its views and history; `true` if it existed. */
  deleteShare(id: string): Promise<boolean>;
  /** Removes every share matching `ownerId` and/or `chatId` (`query` is ignored), atomically; returns how many. */
  deleteShares(filter: ShareFilter): Promise<number>;
  listShares(filter: ShareFilter, page: PageRequest): Promise<Page<{ readonly share: ListedShare; readonly views: ShareViews }>>;
  /**
   * Adds each increment atomically: `count += increment.count`, `lastViewedAt` the later of the stored value and the
   * increment's. Ids that do not exist (any more) are skipped. Never touches `version`.
   */
  addViews(batch: readonly ViewIncrement[]): Promise<void>;
  /** The share's history entries, highest `version` first; `[]` for none or an unknown id. */
  getHistory(id: string): Promise<readonly ArchivedSnapshot[]>;
  /** `null` until settings are first saved. */
  getSettings(): Promise<StoredSettings | null>;
  /** Compare-and-set: writes when the stored version (0 when none) equals `expectedVersion`, else `ConflictError`. */
  saveSettings(settings: StoredSettings, expectedVersion: number): Promise<void>;
  /** Releases connections or handles. Optional. */
  close?(): Promise<void>;
}
