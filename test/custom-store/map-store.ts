import { ConflictError, ShareNotFoundError, compareForListing, decodeCursor, encodeCursor, isAfterCursor, matchesFilter } from '@chatshare/core';
import type { ArchivedSnapshot, PageRequest, ReplaceOptions, ShareFilter, ShareStore, ShareViews, StoredSettings, StoredShare, ViewIncrement } from '@chatshare/core';

/** A store over any string key-value map (swap the Map for Redis, KV, localStorage…). */
export class KeyValueShareStore implements ShareStore {
  constructor(private readonly kv = new Map<string, string>()) {}
  private read<T>(key: string): T | null {
    const json = this.kv.get(key);
    return json === undefined ? null : (JSON.parse(json) as T);
  }
  private write(key: string, value: unknown) {
    this.kv.set(key, JSON.stringify(value));
  }
  private views(id: string): ShareViews {
    return this.read<ShareViews>(`views:${id}`) ?? { count: 0, lastViewedAt: null };
  }
  private history(id: string): ArchivedSnapshot[] {
    return this.read<ArchivedSnapshot[]>(`history:${id}`) ?? [];
  }
  private rows(): StoredShare[] {
    return [...this.kv.keys()].filter((key) => key.startsWith('share:')).map((key) => this.read<StoredShare>(key)!);
  }
  // Every method reads, checks and writes with no await in between, so concurrent callers cannot interleave.
  async getShare(id: string) {
    const share = this.read<StoredShare>(`share:${id}`);
    return share && { share, views: this.views(id), settings: this.read<StoredSettings>('settings') };
  }
  async insertShare({ id, ownerId, chatId, title, createdAt, version, meta, body }: StoredShare) {
    if (this.kv.has(`share:${id}`)) throw new ConflictError();
    this.write(`share:${id}`, { id, ownerId, chatId, title, createdAt, version, meta, body });
  }
  async replaceShare(share: StoredShare, expectedVersion: number, { archive, dropHistoryBelow }: ReplaceOptions = {}) {
    const current = this.read<StoredShare>(`share:${share.id}`);
    if (!current) throw new ShareNotFoundError();
    if (current.version !== expectedVersion) throw new ConflictError();
    let history = this.history(share.id);
    if (archive) history = [archive, ...history.filter((entry) => entry.version !== archive.version)].sort((a, b) => b.version - a.version);
    if (dropHistoryBelow !== undefined) history = history.filter((entry) => entry.version >= dropHistoryBelow);
    this.write(`history:${share.id}`, history.map(({ version, meta, body }) => ({ version, meta, body })));
    const { id, ownerId, chatId, title, createdAt, version, meta, body } = share;
    this.write(`share:${id}`, { id, ownerId, chatId, title, createdAt, version, meta, body });
  }
  private remove(id: string): boolean {
    this.kv.delete(`views:${id}`);
    this.kv.delete(`history:${id}`);
    return this.kv.delete(`share:${id}`);
  }
  async deleteShare(id: string) {
    return this.remove(id);
  }
  async deleteShares({ query: _ignored, ...scope }: ShareFilter) {
    const doomed = this.rows().filter((row) => matchesFilter(row, scope));
    for (const { id } of doomed) this.remove(id);
    return doomed.length;
  }
  async listShares(filter: ShareFilter, { limit, cursor }: PageRequest) {
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = this.rows().filter((row) => matchesFilter(row, filter) && (!after || isAfterCursor(row, after))).sort(compareForListing);
    const items = rows.slice(0, limit).map(({ body: _body, ...share }) => ({ share, views: this.views(share.id) }));
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!.share) : null };
  }
  async addViews(batch: readonly ViewIncrement[]) {
    for (const { id, count, lastViewedAt } of batch) {
      if (!this.kv.has(`share:${id}`)) continue;
      const views = this.views(id);
      this.write(`views:${id}`, { count: views.count + count, lastViewedAt: Math.max(views.lastViewedAt ?? lastViewedAt, lastViewedAt) });
    }
  }
  async getHistory(id: string) {
    return this.history(id);
  }
  async getSettings() {
    return this.read<StoredSettings>('settings');
  }
  async saveSettings({ version, body }: StoredSettings, expectedVersion: number) {
    if ((this.read<StoredSettings>('settings')?.version ?? 0) !== expectedVersion) throw new ConflictError();
    this.write('settings', { version, body });
  }
}
