import type { ShareRecord } from '../share/types.js';
import type { ShareStore } from '../store/contract.js';
import { decodeShare } from '../store/record-codec.js';

/**
 * What core stored for share `id`, decoded from the store's row the way the service reads it (and re-validated, so
 * a corrupt row throws `StorageError`); `null` for an unknown id. For tests that check what a write left in a store.
 */
export async function readStoredRecord(store: ShareStore, id: string): Promise<ShareRecord | null> {
  const read = await store.getShare(id);
  return read === null ? null : decodeShare(read, id);
}
