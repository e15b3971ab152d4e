import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import {
  ChatshareError,
  ConflictError,
  decodeCursor,
  encodeCursor,
  matchesFilter,
  ShareNotFoundError,
  SNAPSHOT_HISTORY_LIMIT,
  StorageError,
  type InstanceSettings,
  type Page,
  type PageRequest,
  type ShareFilter,
  type ShareRecord,
  type ShareStore,
  type ShareViews,
  type Snapshot,
} from '@chatshare/core';
import { DB_VERSION, SETTINGS_KEY, upgradeDatabase, type ChatshareDbSchema, type StoreName } from './schema.js';

/** Options of `createIndexedDbStore`. */
export interface IndexedDbStoreOptions {
  /** Database name; default `chatshare`. One database per name per origin. */
  name?: string;
  /**
   * The IndexedDB factory; default `globalThis.indexedDB`. Tests pass fake-indexeddb's `new IDBFactory()` for a
   * private database. `idb` needs the IndexedDB globals (`IDBRequest`, `IDBKeyRange`, …) of the same implementation
   * (in Node: `import 'fake-indexeddb/auto'`).
   */
  indexedDB?: IDBFactory;
}

/** A `ShareStore` in the browser's IndexedDB; `close()` releases the connection. */
export type IndexedDbShareStore = ShareStore & { close(): Promise<void> };

type Db = IDBPDatabase<ChatshareDbSchema>;
type WriteTx<S extends StoreName[]> = IDBPTransaction<ChatshareDbSchema, S, 'readwrite'>;

const NO_VIEWS: ShareViews = Object.freeze({ count: 0, lastViewedAt: null });

/** B14: records written by database version 1 have no `views`: they were never counted. */
function viewsOf(record: ShareRecord): ShareViews {
  return (record as Partial<ShareRecord>).views ?? NO_VIEWS;
}

function withViews(record: ShareRecord): ShareRecord {
  return { ...record, views: viewsOf(record) };
}

function storageError(what: string, error: unknown): StorageError {
  const name = error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException) ? (error as Error).name : '';
  const reason = name === 'QuotaExceededError' ? ' (the browser storage quota is full)' : name === 'VersionError' ? ' (the database was upgraded by a newer version; reload the page)' : '';
  return new StorageError(`IndexedDB failed to ${what}${reason}; nothing was written.`, error);
}

class IdbShareStore implements IndexedDbShareStore {
  readonly #name: string;
  readonly #factory: IDBFactory | undefined;
  #db: Promise<Db> | null = null;
  #closed = false;

  constructor(options: IndexedDbStoreOptions) {
    this.#name = options.name ?? 'chatshare';
    this.#factory = options.indexedDB ?? globalThis.indexedDB;
  }

  /** Opens lazily; a connection closed by another tab's upgrade (`blocking`) or by the browser is reopened next time. */
  #open(): Promise<Db> {
    if (this.#closed) return Promise.reject(new StorageError('The IndexedDB store is closed.'));
    if (this.#db) return this.#db;
    const factory = this.#factory;
    if (!factory) return Promise.reject(new StorageError('IndexedDB is not available in this environment.'));
    const opening = new Promise<Db>((resolve, reject) => {
      let settled = false;
      const request = factory.open(this.#name, DB_VERSION);
      request.addEventListener('upgradeneeded', (event) => {
        const tx = request.transaction;
        if (!tx) return;
        upgradeDatabase(wrap(request.result) as unknown as Db, event.oldVersion, wrap(tx) as never);
      });
      request.addEventListener('blocked', () => {
        // Another tab holds an older version open and did not close it: fail now instead of hanging.
        settled = true;
        reject(new StorageError('IndexedDB upgrade is blocked by another open tab; close other tabs of this app and retry.'));
      });
      (wrap(request) as Promise<unknown>).then(
        (value) => {
          const db = value as Db;
          if (settled) return db.close();
          settled = true;
          db.addEventListener('versionchange', () => {
            // Let the other tab upgrade or delete: close ours; the next call reopens (and sees the new version).
            db.close();
            this.#db = null;
          });
          db.addEventListener('close', () => {
            this.#db = null;
          });
          resolve(db);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          reject(storageError('open the database', error));
        },
      );
    });
    this.#db = opening;
    opening.catch(() => {
      if (this.#db === opening) this.#db = null;
    });
    return opening;
  }

  async #read<T>(what: string, work: (db: Db) => Promise<T>): Promise<T> {
    const db = await this.#open();
    try {
      return await work(db);
    } catch (error) {
      if (error instanceof ChatshareError) throw error;
      throw storageError(what, error);
    }
  }

  /**
   * One readwrite transaction: `work` checks and writes; anything it throws aborts the transaction, so nothing is
   * half-written (quota errors and clone errors included). Resolves only once the transaction has committed.
   */
  async #write<S extends StoreName[], T>(stores: S, what: string, work: (tx: WriteTx<S>) => Promise<T>): Promise<T> {
    const db = await this.#open();
    let tx: WriteTx<S>;
    try {
      tx = db.transaction(stores, 'readwrite') as WriteTx<S>;
    } catch (error) {
      throw storageError(what, error);
    }
    const committed = tx.done;
    committed.catch(() => undefined);
    try {
      const result = await work(tx);
      await committed;
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already finished or aborted by the browser (e.g. quota): the abort happened either way.
      }
      if (error instanceof ChatshareError) throw error;
      throw storageError(what, error);
    }
  }

  #range(): typeof IDBKeyRange {
    if (typeof globalThis.IDBKeyRange === 'undefined') throw new StorageError('IDBKeyRange is not available in this environment.');
    return globalThis.IDBKeyRange;
  }

  /** One share's history keys, [shareId, version], in ascending version order. */
  #historyRange(id: string): IDBKeyRange {
    return this.#range().bound([id], [id, []]);
  }

  getShare(id: string): Promise<ShareRecord | null> {
    return this.#read('read a share', async (db) => {
      const record = await db.get('shares', id);
      return record ? withViews(record) : null;
    });
  }

  createShare(record: ShareRecord): Promise<void> {
    return this.#write(['shares'], 'create a share', async (tx) => {
      const shares = tx.objectStore('shares');
      if ((await shares.getKey(record.id)) !== undefined) throw new ConflictError(`A share with id ${record.id} already exists.`);
      await shares.add(record);
    });
  }

  updateShare(record: ShareRecord, expectedVersion: number): Promise<void> {
    // Read, compare, archive and write in one transaction over both stores: IndexedDB serialises readwrite
    // transactions on a store, so two tabs (or two store objects) writing the same share cannot both win (R7, T24),
    // and an aborted write takes its archived snapshot with it (B16).
    const history = this.#historyRange(record.id);
    return this.#write(['shares', 'snapshots'], 'update a share', async (tx) => {
      const shares = tx.objectStore('shares');
      const current = await shares.get(record.id);
      if (!current) throw new ShareNotFoundError();
      if (current.version !== expectedVersion) throw new ConflictError();
      if (current.snapshot.version !== record.snapshot.version) {
        const snapshots = tx.objectStore('snapshots');
        await snapshots.put({ shareId: record.id, version: current.snapshot.version, snapshot: current.snapshot });
        const keys = await snapshots.getAllKeys(history);
        // Ascending by version: the oldest come first and go first.
        for (const key of keys.slice(0, Math.max(0, keys.length - SNAPSHOT_HISTORY_LIMIT))) await snapshots.delete(key);
      }
      // B14: the stored counts stay; only recordView changes them.
      await shares.put({ ...record, views: viewsOf(current) });
    });
  }

  deleteShare(id: string): Promise<boolean> {
    const history = this.#historyRange(id);
    return this.#write(['shares', 'snapshots'], 'delete a share', async (tx) => {
      const shares = tx.objectStore('shares');
      if ((await shares.getKey(id)) === undefined) return false;
      await shares.delete(id);
      // B16: the history goes in the same transaction (a revoke leaves nothing to roll back to).
      await tx.objectStore('snapshots').delete(history);
      return true;
    });
  }

  async deleteShares(filter: ShareFilter): Promise<number> {
    const range = this.#range();
    return this.#write(['shares', 'snapshots'], 'delete shares', async (tx) => {
      const shares = tx.objectStore('shares');
      let keys: string[];
      if (filter.ownerId !== undefined && filter.chatId !== undefined) {
        keys = await shares.index('by-owner-chat').getAllKeys(range.only([filter.ownerId, filter.chatId]));
      } else if (filter.ownerId !== undefined) {
        keys = await shares.index('by-owner-created').getAllKeys(range.bound([filter.ownerId], [filter.ownerId, []]));
      } else {
        const scope = filter.chatId === undefined ? {} : { chatId: filter.chatId };
        keys = (await shares.getAll()).filter((r) => matchesFilter(r, scope)).map((r) => r.id);
      }
      const snapshots = tx.objectStore('snapshots');
      for (const key of keys) {
        await shares.delete(key);
        await snapshots.delete(range.bound([key], [key, []]));
      }
      return keys.length;
    });
  }

  recordView(id: string, at: number): Promise<boolean> {
    // Read and write in one readwrite transaction: concurrent views queue behind each other, none is lost (B14).
    return this.#write(['shares'], 'count a view', async (tx) => {
      const shares = tx.objectStore('shares');
      const current = await shares.get(id);
      if (!current) return false;
      const { count, lastViewedAt } = viewsOf(current);
      await shares.put({ ...current, views: { count: count + 1, lastViewedAt: lastViewedAt === null ? at : Math.max(lastViewedAt, at) } });
      return true;
    });
  }

  getSnapshotHistory(id: string): Promise<readonly Snapshot[]> {
    const history = this.#historyRange(id);
    return this.#read('read the snapshot history', async (db) => {
      const rows = await db.getAll('snapshots', history);
      return rows.reverse().map((row) => row.snapshot);
    });
  }

  async listShares(filter: ShareFilter, page: PageRequest): Promise<Page<ShareRecord>> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const range = this.#range();
    return this.#read('list shares', async (db) => {
      const tx = db.transaction('shares', 'readonly');
      // Walk the listing index backwards (newest first, id descending), starting strictly after the cursor.
      let cursor =
        filter.ownerId !== undefined
          ? await tx.store
              .index('by-owner-created')
              .openCursor(
                after
                  ? range.bound([filter.ownerId], [filter.ownerId, after.createdAt, after.id], false, true)
                  : range.bound([filter.ownerId], [filter.ownerId, []]),
                'prev',
              )
          : await tx.store.index('by-created').openCursor(after ? range.upperBound([after.createdAt, after.id], true) : null, 'prev');
      const items: ShareRecord[] = [];
      let more = false;
      while (cursor) {
        if (matchesFilter(cursor.value, filter)) {
          if (items.length === page.limit) {
            more = true;
            break;
          }
          items.push(withViews(cursor.value));
        }
        cursor = await cursor.continue();
      }
      await tx.done.catch(() => undefined);
      const last = items[items.length - 1];
      return { items, nextCursor: more && last ? encodeCursor(last) : null };
    });
  }

  getSettings(): Promise<InstanceSettings | null> {
    return this.#read('read settings', async (db) => (await db.get('settings', SETTINGS_KEY)) ?? null);
  }

  saveSettings(settings: InstanceSettings, expectedVersion: number): Promise<void> {
    return this.#write(['settings'], 'save settings', async (tx) => {
      const store = tx.objectStore('settings');
      const current = await store.get(SETTINGS_KEY);
      if ((current?.version ?? 0) !== expectedVersion) throw new ConflictError('Settings were changed by someone else.');
      await store.put(settings, SETTINGS_KEY);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const db = await this.#db?.catch(() => null);
    db?.close();
    this.#db = null;
  }
}

/**
 * A `ShareStore` in IndexedDB (via `idb`), for browser-only hosts and offline demos. Object stores `shares`
 * (key `id`; indexes for owner listing, chat lookup and the global listing) and `settings`; schema upgrades are
 * versioned. Every write is one readwrite transaction that checks the version first, so two tabs writing the same
 * share get `CONFLICT` for the loser; quota errors, a blocked upgrade and aborted transactions surface as
 * `STORAGE_ERROR` with nothing half-written. Opens the database lazily on the first call.
 */
export function createIndexedDbStore(options: IndexedDbStoreOptions = {}): IndexedDbShareStore {
  return new IdbShareStore(options);
}
