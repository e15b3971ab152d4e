import { ConflictError, ShareNotFoundError } from '../errors.js';
import type {
  ArchivedSnapshot,
  ListedShare,
  Page,
  PageRequest,
  ReplaceOptions,
  ShareFilter,
  ShareRead,
  ShareStore,
  ShareViews,
  StoredSettings,
  StoredShare,
  ViewIncrement,
} from './contract.js';
import { compareForListing, decodeCursor, encodeCursor, isAfterCursor, matchesFilter } from './listing.js';

const NO_VIEWS: ShareViews = Object.freeze({ count: 0, lastViewedAt: null });

/** Everything kept under one share id: the row, its counters and its history (newest first). */
interface Entry {
  readonly share: StoredShare;
  views: ShareViews;
  history: readonly ArchivedSnapshot[];
}

/** Copies only the contract's fields, frozen: a caller's extra properties or later mutations never reach the store. */
function freezeShare(share: StoredShare): StoredShare {
  const { id, ownerId, chatId, title, createdAt, version, meta, body } = share;
  return Object.freeze({ id, ownerId, chatId, title, createdAt, version, meta, body });
}

function freezeArchived({ version, meta, body }: ArchivedSnapshot): ArchivedSnapshot {
  return Object.freeze({ version, meta, body });
}

function listed({ body: _body, ...rest }: StoredShare): ListedShare {
  return Object.freeze(rest);
}

/**
 * The in-memory store: the reference implementation of the contract, for tests, demos and single-process hosts.
 * Rows are frozen values of strings and numbers, so they are handed out as they are: no copy per read.
 */
export class MemoryShareStore implements ShareStore {
  readonly #entries = new Map<string, Entry>();
  #settings: StoredSettings | null = null;

  async getShare(id: string): Promise<ShareRead | null> {
    const entry = this.#entries.get(id);
    return entry ? { share: entry.share, views: entry.views, settings: this.#settings } : null;
  }

  async insertShare(share: StoredShare): Promise<void> {
    if (this.#entries.has(share.id)) throw new ConflictError(`A share with id ${share.id} already exists.`);
    this.#entries.set(share.id, { share: freezeShare(share), views: NO_VIEWS, history: [] });
  }

  async replaceShare(share: StoredShare, expectedVersion: number, options: ReplaceOptions = {}): Promise<void> {
    const entry = this.#entries.get(share.id);
    if (!entry) throw new ShareNotFoundError();
    if (entry.share.version !== expectedVersion) throw new ConflictError();
    // Build every new value before changing anything, so a bad argument leaves the entry as it was.
    const next = freezeShare(share);
    let history = entry.history;
    if (options.archive) {
      const archived = freezeArchived(options.archive);
      history = [archived, ...history.filter((h) => h.version !== archived.version)].sort((a, b) => b.version - a.version);
    }
    const below = options.dropHistoryBelow;
    if (below !== undefined) history = history.filter((h) => h.version >= below);
    this.#entries.set(share.id, { share: next, views: entry.views, history: Object.freeze(history) });
  }

  async deleteShare(id: string): Promise<boolean> {
    return this.#entries.delete(id);
  }

  async deleteShares(filter: ShareFilter): Promise<number> {
    const { query: _ignored, ...scope } = filter;
    const ids = [...this.#entries.values()].filter((e) => matchesFilter(e.share, scope)).map((e) => e.share.id);
    for (const id of ids) this.#entries.delete(id);
    return ids.length;
  }

  async listShares(filter: ShareFilter, page: PageRequest): Promise<Page<{ share: ListedShare; views: ShareViews }>> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const matching = [...this.#entries.values()]
      .filter((e) => matchesFilter(e.share, filter) && (after === null || isAfterCursor(e.share, after)))
      .sort((a, b) => compareForListing(a.share, b.share));
    const items = matching.slice(0, page.limit).map((e) => ({ share: listed(e.share), views: e.views }));
    const last = items[items.length - 1];
    return { items, nextCursor: matching.length > page.limit && last ? encodeCursor(last.share) : null };
  }

  async addViews(batch: readonly ViewIncrement[]): Promise<void> {
    for (const { id, count, lastViewedAt } of batch) {
      const entry = this.#entries.get(id);
      if (!entry) continue;
      const previous = entry.views.lastViewedAt;
      entry.views = Object.freeze({
        count: entry.views.count + count,
        lastViewedAt: previous === null ? lastViewedAt : Math.max(previous, lastViewedAt),
      });
    }
  }

  async getHistory(id: string): Promise<readonly ArchivedSnapshot[]> {
    return this.#entries.get(id)?.history ?? [];
  }

  async getSettings(): Promise<StoredSettings | null> {
    return this.#settings;
  }

  async saveSettings(settings: StoredSettings, expectedVersion: number): Promise<void> {
    if ((this.#settings?.version ?? 0) !== expectedVersion) throw new ConflictError('Settings were changed by someone else.');
    this.#settings = Object.freeze({ version: settings.version, body: settings.body });
  }
}

export function createMemoryStore(): ShareStore {
  return new MemoryShareStore();
}
