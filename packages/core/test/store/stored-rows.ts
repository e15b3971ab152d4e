import type { ShareRecord, StoredShare } from '@chatshare/core';
import { makeShareRecord } from '@chatshare/core/testing';
import { encodeShare } from '../../src/store/record-codec.js';

/** A valid stored row, encoded by core's codec from a fresh share record (new id, later `createdAt` each call). */
export async function makeStoredShare(overrides: Partial<ShareRecord> = {}): Promise<StoredShare> {
  return encodeShare(await makeShareRecord(overrides));
}
