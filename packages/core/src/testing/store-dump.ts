import type { ArchivedSnapshot, ListedShare, ShareStore, ShareViews, StoredSettings, StoredShare } from '../store/contract.js';

/** Everything stored under one share id. */
export interface StoredShareState {
  readonly share: StoredShare;
  readonly views: ShareViews;
  /** Newest first, as `getHistory` answers. */
  readonly history: readonly ArchivedSnapshot[];
}

/** Everything a store holds, read through the contract: every share (by id) with its views and history, and the settings. */
export interface StoreDump {
  readonly shares: readonly StoredShareState[];
  readonly settings: StoredSettings | null;
}

/** Every listed share of the store, newest first, all pages. */
export async function listAllShares(store: ShareStore): Promise<{ share: ListedShare; views: ShareViews }[]> {
  const items: { share: ListedShare; views: ShareViews }[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<ShareStore['listShares']>> = await store.listShares({}, { limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

export async function dumpStore(store: ShareStore): Promise<StoreDump> {
  const ids = (await listAllShares(store)).map((item) => item.share.id).sort();
  const shares: StoredShareState[] = [];
  for (const id of ids) {
    const read = await store.getShare(id);
    if (!read) throw new Error(`dumpStore: share ${id} was listed but reads as missing.`);
    shares.push({ share: read.share, views: read.views, history: await store.getHistory(id) });
  }
  return { shares, settings: await store.getSettings() };
}

/**
 * Puts the store back to `dump` through the contract only: every share is deleted, then each one is inserted and
 * brought forward through its history entries (one replace per entry, oldest first) and its views added back. The
 * settings are written back over whatever version they have now (a store cannot forget settings once saved).
 */
export async function restoreStore(store: ShareStore, dump: StoreDump): Promise<void> {
  for (const { share } of await listAllShares(store)) await store.deleteShare(share.id);
  for (const { share, views, history } of dump.shares) {
    const oldestFirst = [...history].reverse();
    let version = share.version - oldestFirst.length;
    await store.insertShare({ ...share, version });
    for (const archive of oldestFirst) {
      await store.replaceShare({ ...share, version: version + 1 }, version, { archive });
      version += 1;
    }
    if (views.count > 0) await store.addViews([{ id: share.id, count: views.count, lastViewedAt: views.lastViewedAt ?? 0 }]);
  }
  const current = await store.getSettings();
  if (dump.settings) {
    if (current?.version !== dump.settings.version || current.body !== dump.settings.body) {
      await store.saveSettings(dump.settings, current?.version ?? 0);
    }
  } else if (current) {
    throw new Error('restoreStore: the dump has no settings but the store has; settings cannot be removed through the contract.');
  }
}
