import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import {
  ChatshareError,
  ConflictError,
  decodeCursor,
  encodeCursor,
  matchesFilter,
  ShareNotFoundError,
  StorageError,
  type InstanceSettings,
  type Page,
  type PageRequest,
  type ShareFilter,
  type ShareRecord,
  type ShareStore,
} from '@chatshare/core';
import { DB_VERSION, SETTINGS_KEY, upgradeDatabase, type ChatshareDbSchema } from './schema.js';

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
type StoreName = 'shares' | 'settings';
type WriteTx<S extends StoreName> = IDBPTransaction<ChatshareDbSchema, [S], 'readwrite'>;

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
  async #write<S extends StoreName, T>(store: S, what: string, work: (tx: WriteTx<S>) => Promise<T>): Promise<T> {
    const db = await this.#open();
    let tx: WriteTx<S>;
    try {
      tx = db.transaction([store], 'readwrite') as WriteTx<S>;
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

  getShare(id: string): Promise<ShareRecord | null> {
    return this.#read('read a share', async (db) => (await db.get('shares', id)) ?? null);
  }

  createShare(record: ShareRecord): Promise<void> {
    return this.#write('shares', 'create a share', async (tx) => {
      if ((await tx.store.getKey(record.id)) !== undefined) throw new ConflictError(`A share with id ${record.id} already exists.`);
      await tx.store.add(record);
    });
  }

  updateShare(record: ShareRecord, expectedVersion: number): Promise<void> {
    // Read, compare and write in one transaction: IndexedDB serialises readwrite transactions on a store, so two
    // tabs (or two store objects) writing the same share cannot both win (R7, T24).
    return this.#write('shares', 'update a share', async (tx) => {
      const current = await tx.store.get(record.id);
      if (!current) throw new ShareNotFoundError();
      if (current.version !== expectedVersion) throw new ConflictError();
      await tx.store.put(record);
    });
  }

  deleteShare(id: string): Promise<boolean> {
    return this.#write('shares', 'delete a share', async (tx) => {
      if ((await tx.store.getKey(id)) === undefined) return false;
      await tx.store.delete(id);
      return true;
    });
  }

  async deleteShares(filter: ShareFilter): Promise<number> {
    const range = this.#range();
    return this.#write('shares', 'delete shares', async (tx) => {
      let keys: string[];
      if (filter.ownerId !== undefined && filter.chatId !== undefined) {
        keys = await tx.store.index('by-owner-chat').getAllKeys(range.only([filter.ownerId, filter.chatId]));
      } else if (filter.ownerId !== undefined) {
        keys = await tx.store.index('by-owner-created').getAllKeys(range.bound([filter.ownerId], [filter.ownerId, []]));
      } else {
        const scope = filter.chatId === undefined ? {} : { chatId: filter.chatId };
        keys = (await tx.store.getAll()).filter((r) => matchesFilter(r, scope)).map((r) => r.id);
      }
      for (const key of keys) await tx.store.delete(key);
      return keys.length;
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
          items.push(cursor.value);
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
    return this.#write('settings', 'save settings', async (tx) => {
      const current = await tx.store.get(SETTINGS_KEY);
      if ((current?.version ?? 0) !== expectedVersion) throw new ConflictError('Settings were changed by someone else.');
      await tx.store.put(settings, SETTINGS_KEY);
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
