import { ConflictError, ShareNotFoundError } from '../errors.js';
import type { InstanceSettings, Page, ShareRecord, ShareViews } from '../share/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { SNAPSHOT_HISTORY_LIMIT, type PageRequest, type ShareFilter, type ShareStore } from './contract.js';
import { compareForListing, decodeCursor, encodeCursor, isAfterCursor, matchesFilter } from './listing.js';

const NO_VIEWS: ShareViews = Object.freeze({ count: 0, lastViewedAt: null });

/** A record written before B14 (by a caller that built it by hand) has no `views`: it was never opened. */
function viewsOf(record: ShareRecord): ShareViews {
  return (record as Partial<ShareRecord>).views ?? NO_VIEWS;
}

/**
 * The in-memory store: the reference implementation of the contract, for tests, demos and single-process hosts.
 * Records are cloned in and out, so callers never share objects with it.
 */
export class MemoryShareStore implements ShareStore {
  readonly #shares = new Map<string, ShareRecord>();
  /** B16: each share's replaced snapshots, newest first. */
  readonly #history = new Map<string, Snapshot[]>();
  #settings: InstanceSettings | null = null;

  async getShare(id: string): Promise<ShareRecord | null> {
    const record = this.#shares.get(id);
    return record ? structuredClone(record) : null;
  }

  async createShare(record: ShareRecord): Promise<void> {
    if (this.#shares.has(record.id)) throw new ConflictError(`A share with id ${record.id} already exists.`);
    this.#shares.set(record.id, structuredClone(record));
  }

  async updateShare(record: ShareRecord, expectedVersion: number): Promise<void> {
    const current = this.#shares.get(record.id);
    if (!current) throw new ShareNotFoundError();
    if (current.version !== expectedVersion) throw new ConflictError();
    // Clone before changing anything: a record that cannot be cloned leaves both the share and its history as they were.
    const next: ShareRecord = { ...structuredClone(record), views: viewsOf(current) };
    if (current.snapshot.version !== record.snapshot.version) {
      const history = [current.snapshot, ...(this.#history.get(record.id) ?? [])].slice(0, SNAPSHOT_HISTORY_LIMIT);
      this.#history.set(record.id, history);
    }
    this.#shares.set(record.id, next);
  }

  async deleteShare(id: string): Promise<boolean> {
    this.#history.delete(id);
    return this.#shares.delete(id);
  }

  async deleteShares(filter: ShareFilter): Promise<number> {
    const { query: _ignored, ...scope } = filter;
    const ids = [...this.#shares.values()].filter((r) => matchesFilter(r, scope)).map((r) => r.id);
    for (const id of ids) {
      this.#shares.delete(id);
      this.#history.delete(id);
    }
    return ids.length;
  }

  async listShares(filter: ShareFilter, page: PageRequest): Promise<Page<ShareRecord>> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const matching = [...this.#shares.values()]
      .filter((r) => matchesFilter(r, filter) && (after === null || isAfterCursor(r, after)))
      .sort(compareForListing);
    const items = matching.slice(0, page.limit).map((r) => structuredClone(r));
    const last = items[items.length - 1];
    return { items, nextCursor: matching.length > page.limit && last ? encodeCursor(last) : null };
  }

  async recordView(id: string, at: number): Promise<boolean> {
    const current = this.#shares.get(id);
    if (!current) return false;
    const { count, lastViewedAt } = viewsOf(current);
    this.#shares.set(id, { ...current, views: { count: count + 1, lastViewedAt: lastViewedAt === null ? at : Math.max(lastViewedAt, at) } });
    return true;
  }

  async getSnapshotHistory(id: string): Promise<readonly Snapshot[]> {
    return structuredClone(this.#history.get(id) ?? []);
  }

  async getSettings(): Promise<InstanceSettings | null> {
    return this.#settings ? structuredClone(this.#settings) : null;
  }

  async saveSettings(settings: InstanceSettings, expectedVersion: number): Promise<void> {
    if ((this.#settings?.version ?? 0) !== expectedVersion) throw new ConflictError('Settings were changed by someone else.');
    this.#settings = structuredClone(settings);
  }
}

export function createMemoryStore(): ShareStore {
  return new MemoryShareStore();
}
