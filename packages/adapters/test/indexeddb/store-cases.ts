import { expect, it } from 'vitest';
import { describeStoreConformance, makeArchivedSnapshot, makeStoredShare } from '@chatshare/core/testing';
import { createIndexedDbStore, DB_VERSION, type IndexedDbShareStore, type IndexedDbStoreOptions } from '@chatshare/adapters/indexeddb';

export interface IndexedDbEnvironment {
  /** A label for the describe block: `fake-indexeddb` or `Chromium`. */
  label: string;
  /** Options for a store on a database nobody else uses. */
  isolated(): Required<Pick<IndexedDbStoreOptions, 'name' | 'indexedDB'>>;
}

type Isolated = ReturnType<IndexedDbEnvironment['isolated']>;

/** Deletes a database once every connection to it is closed. */
export function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

/** Opens the database with the raw IndexedDB API (another tab, or a test looking at what is stored). */
function openRaw(options: Isolated, version?: number, onBlocked?: () => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = options.indexedDB.open(options.name, version);
    if (onBlocked) request.onblocked = onBlocked;
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function rawGet(db: IDBDatabase, store: string, key: IDBValidKey): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = db.transaction(store).objectStore(store).get(key);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Runs `work` with a store on a fresh database, then closes it and deletes the database. */
async function withStore(env: IndexedDbEnvironment, work: (store: IndexedDbShareStore, options: Isolated) => Promise<void>): Promise<void> {
  const options = env.isolated();
  const store = createIndexedDbStore(options);
  try {
    await work(store, options);
  } finally {
    await store.close();
    await deleteDatabase(options.indexedDB, options.name);
  }
}

async function withTwoTabs(env: IndexedDbEnvironment, run: (a: IndexedDbShareStore, b: IndexedDbShareStore) => Promise<void>): Promise<void> {
  await withStore(env, async (a, options) => {
    const b = createIndexedDbStore(options);
    try {
      await run(a, b);
    } finally {
      await b.close();
    }
  });
}

/** The cases that need two tabs on one database, or a write the database refuses. */
function describeTabsAndRefusals(env: IndexedDbEnvironment): void {
  it(`R7, T24: ${env.label}: two tabs writing the same share — the version check makes the second one CONFLICT`, async () => {
    await withTwoTabs(env, async (tabA, tabB) => {
      const row = makeStoredShare({ title: 'v1' });
      await tabA.insertShare(row);
      const seenByB = (await tabB.getShare(row.id))!.share;
      expect(seenByB.version).toBe(1);
      await tabA.replaceShare({ ...row, title: 'from tab A', version: 2 }, 1);
      await expect(tabB.replaceShare({ ...seenByB, title: 'from tab B', version: 2 }, 1)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await tabB.getShare(row.id))?.share.title).toBe('from tab A');
      // Racing from the same version: exactly one of the two tabs wins, and only its archive is kept.
      const results = await Promise.allSettled([
        tabA.replaceShare({ ...row, title: 'race A', version: 3 }, 2, { archive: makeArchivedSnapshot(2, { body: '"A"' }) }),
        tabB.replaceShare({ ...row, title: 'race B', version: 3 }, 2, { archive: makeArchivedSnapshot(2, { body: '"B"' }) }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const winner = (await tabA.getShare(row.id))!.share.title === 'race A' ? '"A"' : '"B"';
      expect((await tabB.getHistory(row.id)).map((entry) => entry.body)).toEqual([winner]);
    });
  });

  it(`R3: ${env.label}: a revoke in one tab is seen by the other on its next read, its history and views with it`, async () => {
    await withTwoTabs(env, async (tabA, tabB) => {
      const row = makeStoredShare();
      await tabA.insertShare(row);
      await tabA.replaceShare({ ...row, version: 2 }, 1, { archive: makeArchivedSnapshot(1) });
      await tabB.addViews([{ id: row.id, count: 1, lastViewedAt: row.createdAt }]);
      expect(await tabB.getShare(row.id)).not.toBeNull();
      expect(await tabA.deleteShare(row.id)).toBe(true);
      expect(await tabB.getShare(row.id)).toBeNull();
      expect(await tabB.getHistory(row.id)).toEqual([]);
    });
  });

  it(`T25: ${env.label}: a write the database refuses (the transaction aborts) is STORAGE_ERROR and nothing is half-written`, async () => {
    await withStore(env, async (store) => {
      const row = makeStoredShare({ title: 'kept' });
      await store.insertShare(row);
      // A value IndexedDB cannot store (a function) makes the put throw DataCloneError mid-transaction: here the
      // archive, after the row and its body were already put in the same transaction.
      const unstorable = { ...makeArchivedSnapshot(1), body: (() => 1) as never };
      await expect(store.replaceShare({ ...row, title: 'not written', version: 2 }, 1, { archive: unstorable })).rejects.toMatchObject({
        code: 'STORAGE_ERROR',
      });
      expect(await store.getShare(row.id)).toEqual({ share: row, views: { count: 0, lastViewedAt: null }, settings: null });
      expect(await store.getHistory(row.id)).toEqual([]);
      // And an insert whose body cannot be stored leaves no row behind.
      const second = { ...makeStoredShare(), body: (() => 1) as never };
      await expect(store.insertShare(second)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
      expect(await store.getShare(second.id)).toBeNull();
      expect((await store.listShares({}, { limit: 10 })).items.map((item) => item.share.id)).toEqual([row.id]);
    });
  });
}

/** The cases about the database itself: its layout, newer versions, other tabs deleting it, closing. */
function describeDatabaseLifecycle(env: IndexedDbEnvironment): void {
  it(`${env.label}: one database version with shares (no body), bodies, history and settings`, async () => {
    await withStore(env, async (store, options) => {
      const row = makeStoredShare();
      await store.insertShare(row);
      const raw = await openRaw(options);
      try {
        expect(DB_VERSION).toBe(1);
        expect(raw.version).toBe(1);
        expect([...raw.objectStoreNames].sort()).toEqual(['bodies', 'history', 'settings', 'shares']);
        const entry = await rawGet(raw, 'shares', row.id);
        expect(entry).toMatchObject({ id: row.id, meta: row.meta, viewCount: 0, lastViewedAt: null });
        expect(entry, 'a listing walks this store: the body is kept apart').not.toHaveProperty('body');
        expect(await rawGet(raw, 'bodies', row.id)).toEqual({ id: row.id, body: row.body });
      } finally {
        raw.close();
      }
    });
  });

  it(`${env.label}: a database already upgraded by a newer version surfaces STORAGE_ERROR, not a hang`, async () => {
    const options = env.isolated();
    (await openRaw(options, DB_VERSION + 10)).close();
    const store = createIndexedDbStore(options);
    try {
      await expect(store.getShare('a'.repeat(21))).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    } finally {
      await store.close();
      await deleteDatabase(options.indexedDB, options.name);
    }
  });

  it(`${env.label}: an open store does not block another tab deleting or upgrading the database`, async () => {
    await withStore(env, async (store, options) => {
      await store.insertShare(makeStoredShare());
      // Resolves only if our connection closes itself on versionchange.
      await deleteDatabase(options.indexedDB, options.name);
      // The next call reopens a fresh, empty database.
      expect((await store.listShares({}, { limit: 10 })).items).toEqual([]);
    });
  });

  it(`${env.label}: a newer version opened in another tab is not blocked by this store, which then reports STORAGE_ERROR`, async () => {
    await withStore(env, async (store, options) => {
      await store.insertShare(makeStoredShare());
      const blocked = { fired: false };
      (await openRaw(options, DB_VERSION + 1, () => (blocked.fired = true))).close();
      expect(blocked.fired).toBe(false);
      await expect(store.getShare('a'.repeat(21))).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    });
  });

  it(`${env.label}: a closed store refuses calls with STORAGE_ERROR`, async () => {
    const options = env.isolated();
    const store = createIndexedDbStore(options);
    await store.close();
    await expect(store.getSettings()).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    await deleteDatabase(options.indexedDB, options.name);
  });
}

/** Every conformance suite plus the IndexedDB-specific cases, for one IndexedDB implementation. */
export function describeIndexedDbStore(env: IndexedDbEnvironment): void {
  const opened = new WeakMap<object, Isolated>();
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
  describeTabsAndRefusals(env);
  describeDatabaseLifecycle(env);
}
