import type { ShareRecord } from '../share/types.js';
import type { ReplaceOptions } from '../store/contract.js';
import { decodeArchived, encodeArchived, type ArchivedVersion } from '../store/record-codec.js';
import { storeCall, type ServiceContext } from './context.js';

/** How many replaced snapshots of a link are kept for its owner to list and roll back to. */
export const SNAPSHOT_HISTORY_LIMIT = 20;

/**
 * What a write of `next` over `previous` does to the history, in the same atomic write: a new snapshot version archives
 * the replaced snapshot with the choices it was made with, and drops what falls out of the limit. A write that keeps
 * the version (options, or narrowing the current snapshot in place) archives nothing.
 */
export function historyChange(previous: ShareRecord, next: ShareRecord): ReplaceOptions {
  if (next.snapshot.version === previous.snapshot.version) return {};
  return { archive: encodeArchived(previous), dropHistoryBelow: next.snapshot.version - SNAPSHOT_HISTORY_LIMIT };
}

/**
 * The share's earlier snapshots, newest first, re-validated. Entries at or above the current snapshot version are not
 * history (a store may keep one a failed or raced write left behind) and are ignored.
 */
export async function loadHistory(context: ServiceContext, share: ShareRecord): Promise<ArchivedVersion[]> {
  const entries = await storeCall('read the history of a share', () => context.store.getHistory(share.id));
  return entries.filter((entry) => entry.version < share.snapshot.version).map((entry) => decodeArchived(entry, share.id));
}
