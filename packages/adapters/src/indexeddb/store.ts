import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import {
  ChatshareError,
  ConflictError,
  decodeCursor,
  encodeCursor,
  matchesFilter,
  ShareNotFoundError,
  StorageError,
  type ArchivedSnapshot,
  type ListedShare,
  type Page,
  type PageRequest,
  type ReplaceOptions,
  type ShareFilter,
  type ShareRead,
  type ShareStore,
  type ShareViews,
  type StoredSettings,
  type StoredShare,
  type ViewIncrement,
} from '@chatshare/core';
import { DB_VERSION, SETTINGS_KEY, upgradeDatabase, type ChatshareDbSchema, type ShareEntry, type StoreName } from './schema.js';

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

/** The entry for `share`, with the counters it keeps (new shares start at zero). */
function entryOf(share: StoredShare, views: Pick<ShareEntry, 'viewCount' | 'lastViewedAt'>): ShareEntry {
  const { id, ownerId, chatId, title, createdAt, version, meta } = share;
  return { id, ownerId, chatId, title, createdAt, version, meta, viewCount: views.viewCount, lastViewedAt: views.lastViewedAt };
}

function listedOf(entry: ShareEntry): ListedShare {
  const { id, ownerId, chatId, title, createdAt, version, meta } = entry;
  return { id, ownerId, chatId, title, createdAt, version, meta };
}

function viewsOf(entry: ShareEntry): ShareViews {
  return { count: entry.viewCount, lastViewedAt: entry.lastViewedAt };
}

/** One increment per id: repeated ids of a batch add up, the latest time wins. */
function mergeIncrements(batch: readonly ViewIncrement[]): Map<string, { count: number; lastViewedAt: number }> {
  const merged = new Map<string, { count: number; lastViewedAt: number }>();
  for (const { id, count, lastViewedAt } of batch) {
    const seen = merged.get(id);
    merged.set(id, seen ? { count: seen.count + count, lastViewedAt: Math.max(seen.lastViewedAt, lastViewedAt) } : { count, lastViewedAt });
  }
  return merged;
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
        upgradeDatabase(wrap(request.result) as unknown as Db, event.oldVersion);
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

  getShare(id: string): Promise<ShareRead | null> {
    // One transaction over the three stores: the row, its body and the settings as they were at one moment.
    return this.#read('read a share', async (db) => {
      const tx = db.transaction(['shares', 'bodies', 'settings'], 'readonly');
      const [entry, body, settings] = await Promise.all([
        tx.objectStore('shares').get(id),
        tx.objectStore('bodies').get(id),
        tx.objectStore('settings').get(SETTINGS_KEY),
        tx.done,
      ]);
      if (!entry || !body) return null;
      return { share: { ...listedOf(entry), body: body.body }, views: viewsOf(entry), settings: settings ?? null };
    });
  }

  insertShare(share: StoredShare): Promise<void> {
    return this.#write(['shares', 'bodies'], 'insert a share', async (tx) => {
      const shares = tx.objectStore('shares');
      if ((await shares.getKey(share.id)) !== undefined) throw new ConflictError(`A share with id ${share.id} already exists.`);
      await shares.add(entryOf(share, { viewCount: 0, lastViewedAt: null }));
      await tx.objectStore('bodies').put({ id: share.id, body: share.body });
    });
  }

  replaceShare(share: StoredShare, expectedVersion: number, options: ReplaceOptions = {}): Promise<void> {
    // Read, compare, write, archive and prune in one readwrite transaction: IndexedDB serialises readwrite
    // transactions on a store, so two tabs (or two store objects) writing the same share cannot both win, and an
    // aborted write takes its archive and pruning with it.
    const { archive, dropHistoryBelow } = options;
    const range = this.#range();
    return this.#write(['shares', 'bodies', 'history'], 'replace a share', async (tx) => {
      const shares = tx.objectStore('shares');
      const current = await shares.get(share.id);
      if (!current) throw new ShareNotFoundError();
      if (current.version !== expectedVersion) throw new ConflictError();
      // The counters stay as stored: only addViews changes them.
      await shares.put(entryOf(share, current));
      await tx.objectStore('bodies').put({ id: share.id, body: share.body });
      const history = tx.objectStore('history');
      if (archive) await history.put({ shareId: share.id, version: archive.version, meta: archive.meta, body: archive.body });
      if (dropHistoryBelow !== undefined) await history.delete(range.bound([share.id], [share.id, dropHistoryBelow], false, true));
    });
  }

  deleteShare(id: string): Promise<boolean> {
    return this.#write(['shares', 'bodies', 'history'], 'delete a share', async (tx) => {
      if ((await tx.objectStore('shares').getKey(id)) === undefined) return false;
      await this.#deleteEverything(tx, id);
      return true;
    });
  }

  /** The row (with its counters), its body and its history, in the caller's transaction. */
  async #deleteEverything(tx: WriteTx<['shares', 'bodies', 'history']>, id: string): Promise<void> {
    await tx.objectStore('shares').delete(id);
    await tx.objectStore('bodies').delete(id);
    await tx.objectStore('history').delete(this.#historyRange(id));
  }

  deleteShares(filter: ShareFilter): Promise<number> {
    const range = this.#range();
    return this.#write(['shares', 'bodies', 'history'], 'delete shares', async (tx) => {
      const shares = tx.objectStore('shares');
      const { ownerId, chatId } = filter;
      const keys =
        ownerId !== undefined && chatId !== undefined
          ? await shares.index('by-owner-chat').getAllKeys(range.only([ownerId, chatId]))
          : ownerId !== undefined
            ? await shares.index('by-owner-created').getAllKeys(range.bound([ownerId], [ownerId, []]))
            : chatId !== undefined
              ? await shares.index('by-chat').getAllKeys(range.only(chatId))
              : await shares.getAllKeys();
      // One transaction: every matching share goes, or (if it aborts) none does.
      for (const key of keys) await this.#deleteEverything(tx, key);
      return keys.length;
    });
  }

  addViews(batch: readonly ViewIncrement[]): Promise<void> {
    if (batch.length === 0) return Promise.resolve();
    const increments = mergeIncrements(batch);
    // Read and write in one readwrite transaction: concurrent batches queue behind each other, no view is lost.
    return this.#write(['shares'], 'count views', async (tx) => {
      const shares = tx.objectStore('shares');
      for (const [id, { count, lastViewedAt }] of increments) {
        const current = await shares.get(id);
        if (!current) continue;
        const latest = current.lastViewedAt === null ? lastViewedAt : Math.max(current.lastViewedAt, lastViewedAt);
        await shares.put({ ...current, viewCount: current.viewCount + count, lastViewedAt: latest });
      }
    });
  }

  getHistory(id: string): Promise<readonly ArchivedSnapshot[]> {
    const history = this.#historyRange(id);
    return this.#read('read the history of a share', async (db) => {
      const entries = await db.getAll('history', history);
      return entries.reverse().map(({ version, meta, body }) => ({ version, meta, body }));
    });
  }

  async listShares(filter: ShareFilter, page: PageRequest): Promise<Page<{ share: ListedShare; views: ShareViews }>> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const range = this.#range();
    // Only the `shares` store is read: bodies stay where they are.
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
      const items: { share: ListedShare; views: ShareViews }[] = [];
      let more = false;
      while (cursor) {
        if (matchesFilter(cursor.value, filter)) {
          if (items.length === page.limit) {
            more = true;
            break;
          }
          items.push({ share: listedOf(cursor.value), views: viewsOf(cursor.value) });
        }
        cursor = await cursor.continue();
      }
      await tx.done.catch(() => undefined);
      const last = items[items.length - 1];
      return { items, nextCursor: more && last ? encodeCursor(last.share) : null };
    });
  }

  getSettings(): Promise<StoredSettings | null> {
    return this.#read('read settings', async (db) => (await db.get('settings', SETTINGS_KEY)) ?? null);
  }

  saveSettings(settings: StoredSettings, expectedVersion: number): Promise<void> {
    return this.#write(['settings'], 'save settings', async (tx) => {
      const store = tx.objectStore('settings');
      const current = await store.get(SETTINGS_KEY);
      if ((current?.version ?? 0) !== expectedVersion) throw new ConflictError('Settings were changed by someone else.');
      await store.put({ version: settings.version, body: settings.body }, SETTINGS_KEY);
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
 * A `ShareStore` in IndexedDB (via `idb`), for browser-only hosts and offline demos. Object stores `shares` (key
 * `id`: the columns and view counters; indexes for owner listing, chat lookups and the global listing), `bodies`
 * (each share's body, so listings never load it), `history` (key [shareId, version]) and `settings`; schema upgrades
 * are versioned. Every write is one readwrite transaction that checks the version first, so two tabs writing the same
 * share get `CONFLICT` for the loser; quota errors, a blocked upgrade and aborted transactions surface as
 * `STORAGE_ERROR` with nothing half-written. Opens the database lazily on the first call.
 */
export function createIndexedDbStore(options: IndexedDbStoreOptions = {}): IndexedDbShareStore {
  return new IdbShareStore(options);
}
