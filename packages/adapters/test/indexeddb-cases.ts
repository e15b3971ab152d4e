import { expect, it } from 'vitest';
import { DEFAULT_LEAVE_OUT, shareRecordSchema, type ShareRecord } from '@chatshare/core';
import { describeStoreConformance, makeShareRecord } from '@chatshare/core/testing';
import { createIndexedDbStore, DB_VERSION, type IndexedDbShareStore, type IndexedDbStoreOptions } from '@chatshare/adapters/indexeddb';

export interface IndexedDbEnvironment {
  /** A label for the describe block: `fake-indexeddb` or `Chromium`. */
  label: string;
  /** Options for a store on a database nobody else uses. */
  isolated(): Required<Pick<IndexedDbStoreOptions, 'name' | 'indexedDB'>>;
}

/** Deletes a database once every connection to it is closed. */
export function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

/**
 * A database exactly as version 1 of the store created it (shares with their indexes, settings), holding `records`
 * as version 1 wrote them. Returns the connection, still open: the caller closes it (or keeps it open to block).
 */
function openVersion1(factory: IDBFactory, name: string, records: readonly object[]): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      const shares = db.createObjectStore('shares', { keyPath: 'id' });
      shares.createIndex('by-owner-created', ['ownerId', 'createdAt', 'id']);
      shares.createIndex('by-owner-chat', ['ownerId', 'chatId']);
      shares.createIndex('by-created', ['createdAt', 'id']);
      db.createObjectStore('settings');
      for (const record of records) shares.add(record);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** A record as version 1 wrote it: no password, leave-out choices or views. */
async function version1Record(fields: Partial<ShareRecord> = {}) {
  const { password: _p, leaveOut: _l, views: _v, ...old } = await makeShareRecord(fields);
  return old;
}

/** The whole conformance suite plus the IndexedDB-specific cases, for one IndexedDB implementation. */
export function describeIndexedDbStore(env: IndexedDbEnvironment): void {
  const opened = new WeakMap<object, ReturnType<IndexedDbEnvironment['isolated']>>();

  describeStoreConformance({
    name: `indexeddb (${env.label})`,
    createStore: () => {
      const options = env.isolated();
      const store = createIndexedDbStore(options);
      opened.set(store, options);
      return store;
    },
    destroyStore: async (store) => {
      await store.close?.();
      const options = opened.get(store);
      if (options) await deleteDatabase(options.indexedDB, options.name);
    },
  });

  async function withTwoTabs(run: (a: IndexedDbShareStore, b: IndexedDbShareStore, options: ReturnType<IndexedDbEnvironment['isolated']>) => Promise<void>) {
    const options = env.isolated();
    const a = createIndexedDbStore(options);
    const b = createIndexedDbStore(options);
    try {
      await run(a, b, options);
    } finally {
      await a.close();
      await b.close();
      await deleteDatabase(options.indexedDB, options.name);
    }
  }

  it(`R7, T24: ${env.label}: two tabs writing the same share — the version check makes the second one CONFLICT`, async () => {
    await withTwoTabs(async (tabA, tabB) => {
      const record = await makeShareRecord({ title: 'v1' });
      await tabA.createShare(record);
      const seenByB = await tabB.getShare(record.id);
      expect(seenByB?.version).toBe(1);
      await tabA.updateShare({ ...record, title: 'from tab A', version: 2 }, 1);
      await expect(tabB.updateShare({ ...seenByB!, title: 'from tab B', version: 2 }, 1)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await tabB.getShare(record.id))?.title).toBe('from tab A');
      // Racing from the same version: exactly one of the two tabs wins.
      const results = await Promise.allSettled([
        tabA.updateShare({ ...record, title: 'race A', version: 3 }, 2),
        tabB.updateShare({ ...record, title: 'race B', version: 3 }, 2),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });
  });

  it(`R3: ${env.label}: a revoke in one tab is seen by the other on its next read`, async () => {
    await withTwoTabs(async (tabA, tabB) => {
      const record = await makeShareRecord();
      await tabA.createShare(record);
      expect(await tabB.getShare(record.id)).not.toBeNull();
      expect(await tabA.deleteShare(record.id)).toBe(true);
      expect(await tabB.getShare(record.id)).toBeNull();
    });
  });

  it(`T25: ${env.label}: a write the database refuses (the transaction aborts) is STORAGE_ERROR and nothing is half-written`, async () => {
    const options = env.isolated();
    const store = createIndexedDbStore(options);
    try {
      const record = await makeShareRecord({ title: 'kept' });
      await store.createShare(record);
      // A value IndexedDB cannot store (a function) makes the put throw DataCloneError mid-transaction.
      const unstorable = { ...record, title: 'unstorable', version: 2, snapshot: { ...record.snapshot, extra: () => 1 } } as never;
      await expect(store.updateShare(unstorable, 1)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
      const second = await makeShareRecord();
      await expect(store.createShare({ ...second, snapshot: { ...second.snapshot, extra: () => 1 } } as never)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
      expect(await store.getShare(second.id)).toBeNull();
      const back = await store.getShare(record.id);
      expect(back?.title).toBe('kept');
      expect(back?.version).toBe(1);
    } finally {
      await store.close();
      await deleteDatabase(options.indexedDB, options.name);
    }
  });

  it(`${env.label}: a database already upgraded by a newer version surfaces STORAGE_ERROR, not a hang`, async () => {
    const options = env.isolated();
    await new Promise<void>((resolve, reject) => {
      const request = options.indexedDB.open(options.name, DB_VERSION + 10);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const store = createIndexedDbStore(options);
    try {
      await expect(store.getShare('a'.repeat(21))).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    } finally {
      await store.close();
      await deleteDatabase(options.indexedDB, options.name);
    }
  });

  it(`${env.label}: an open store does not block another tab deleting or upgrading the database`, async () => {
    const options = env.isolated();
    const store = createIndexedDbStore(options);
    await store.createShare(await makeShareRecord());
    // Resolves only if our connection closes itself on versionchange.
    await deleteDatabase(options.indexedDB, options.name);
    // The next call reopens a fresh, empty database.
    expect((await store.listShares({}, { limit: 10 })).items).toEqual([]);
    await store.close();
    await deleteDatabase(options.indexedDB, options.name);
  });

  it(`${env.label}: a newer version opened in another tab is not blocked by this store, which then reports STORAGE_ERROR`, async () => {
    const options = env.isolated();
    const store = createIndexedDbStore(options);
    await store.createShare(await makeShareRecord());
    const blocked = { fired: false };
    await new Promise<void>((resolve, reject) => {
      const request = options.indexedDB.open(options.name, DB_VERSION + 1);
      request.onblocked = () => {
        blocked.fired = true;
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    expect(blocked.fired).toBe(false);
    await expect(store.getShare('a'.repeat(21))).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    await store.close();
    await deleteDatabase(options.indexedDB, options.name);
  });

  it(`B14, B16: ${env.label}: a version 1 database is upgraded in place; its records read with defaults, count views and keep history`, async () => {
    const options = env.isolated();
    const old = await version1Record({ title: 'Written by version 1' });
    const other = await version1Record({ chatId: 'chat-other' });
    (await openVersion1(options.indexedDB, options.name, [old, other])).close();
    const store = createIndexedDbStore(options);
    try {
      expect(DB_VERSION).toBe(2);
      const back = await store.getShare(old.id);
      expect(back).toMatchObject({ id: old.id, title: 'Written by version 1', views: { count: 0, lastViewedAt: null } });
      const parsed = shareRecordSchema.parse(back);
      expect(parsed.password).toBeNull();
      expect(parsed.leaveOut).toEqual(DEFAULT_LEAVE_OUT);
      expect((await store.listShares({}, { limit: 10 })).items.map((r) => r.views)).toEqual([
        { count: 0, lastViewedAt: null },
        { count: 0, lastViewedAt: null },
      ]);
      expect(await store.recordView(old.id, old.createdAt + 3)).toBe(true);
      expect((await store.getShare(old.id))!.views).toEqual({ count: 1, lastViewedAt: old.createdAt + 3 });
      await store.updateShare({ ...back!, version: 2, snapshot: { ...back!.snapshot, version: 2 } }, 1);
      expect(await store.getSnapshotHistory(old.id)).toEqual([old.snapshot]);
      expect((await store.getShare(old.id))!.views.count).toBe(1);
      expect(await store.deleteShare(old.id)).toBe(true);
      expect(await store.getSnapshotHistory(old.id)).toEqual([]);
      expect((await store.getShare(other.id))?.title).toBe(other.title);
    } finally {
      await store.close();
      await deleteDatabase(options.indexedDB, options.name);
    }
  });

  it(`${env.label}: an old tab holding version 1 open blocks the upgrade: STORAGE_ERROR naming the other tab, then it works once that tab closes`, async () => {
    const options = env.isolated();
    const old = await version1Record();
    // An old tab that ignores versionchange (version 1 of the app closed nothing).
    const oldTab = await openVersion1(options.indexedDB, options.name, [old]);
    const store = createIndexedDbStore(options);
    try {
      await expect(store.getShare(old.id)).rejects.toMatchObject({ code: 'STORAGE_ERROR', message: expect.stringMatching(/blocked by another open tab/) });
      // Nothing changed underneath the old tab: it still reads its record.
      const stillThere = await new Promise<unknown>((resolve, reject) => {
        const request = oldTab.transaction('shares').objectStore('shares').get(old.id);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      expect(stillThere).toMatchObject({ id: old.id });
      oldTab.close();
      // The next call opens again; with the old tab gone the upgrade runs and the record is there.
      expect((await store.getShare(old.id))?.id).toBe(old.id);
      expect(await store.getSnapshotHistory(old.id)).toEqual([]);
    } finally {
      oldTab.close();
      await store.close();
      await deleteDatabase(options.indexedDB, options.name);
    }
  });

  it(`${env.label}: a closed store refuses calls with STORAGE_ERROR`, async () => {
    const options = env.isolated();
    const store = createIndexedDbStore(options);
    await store.close();
    await expect(store.getSettings()).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    await deleteDatabase(options.indexedDB, options.name);
  });
}
