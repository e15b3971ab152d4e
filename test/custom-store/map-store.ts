import { ConflictError, ShareNotFoundError, SNAPSHOT_HISTORY_LIMIT, compareForListing, decodeCursor, encodeCursor, isAfterCursor, matchesFilter } from '@chatshare/core';
import type { InstanceSettings, PageRequest, ShareFilter, ShareRecord, ShareStore, Snapshot } from '@chatshare/core';

/** A store over any string key-value map (swap the Map for Redis, KV, localStorage…). */
export class KeyValueShareStore implements ShareStore {
  constructor(private readonly kv = new Map<string, string>()) {}
  private all(): ShareRecord[] {
    return [...this.kv.entries()].filter(([k]) => k.startsWith('share:')).map(([, v]) => JSON.parse(v));
  }
  private history(id: string): Snapshot[] {
    return JSON.parse(this.kv.get(`history:${id}`) ?? '[]');
  }
  async getShare(id: string) {
    const json = this.kv.get(`share:${id}`);
    return json ? (JSON.parse(json) as ShareRecord) : null;
  }
  // Check and write with no await in between, so concurrent writers cannot interleave (compare-and-set).
  async createShare(record: ShareRecord) {
    if (this.kv.has(`share:${record.id}`)) throw new ConflictError();
    this.kv.set(`share:${record.id}`, JSON.stringify(record));
  }
  async updateShare(record: ShareRecord, expectedVersion: number) {
    const json = this.kv.get(`share:${record.id}`);
    if (!json) throw new ShareNotFoundError();
    const current = JSON.parse(json) as ShareRecord;
    if (current.version !== expectedVersion) throw new ConflictError();
    // Views are counted by recordView only; a new snapshot version sends the replaced one to the history.
    const next = JSON.stringify({ ...record, views: current.views });
    if (current.snapshot.version !== record.snapshot.version) {
      const kept = [current.snapshot, ...this.history(record.id)].slice(0, SNAPSHOT_HISTORY_LIMIT);
      this.kv.set(`history:${record.id}`, JSON.stringify(kept));
    }
    this.kv.set(`share:${record.id}`, next);
  }
  async deleteShare(id: string) {
    this.kv.delete(`history:${id}`);
    return this.kv.delete(`share:${id}`);
  }
  async deleteShares({ ownerId, chatId }: ShareFilter) {
    const doomed = this.all().filter((r) => matchesFilter(r, { ...(ownerId ? { ownerId } : {}), ...(chatId ? { chatId } : {}) }));
    for (const key of doomed.flatMap((r) => [`share:${r.id}`, `history:${r.id}`])) this.kv.delete(key);
    return doomed.length;
  }
  async listShares(filter: ShareFilter, { limit, cursor }: PageRequest) {
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = this.all().filter((r) => matchesFilter(r, filter) && (!after || isAfterCursor(r, after))).sort(compareForListing);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!) : null };
  }
  async recordView(id: string, at: number) {
    const json = this.kv.get(`share:${id}`);
    if (!json) return false;
    const { views, ...record } = JSON.parse(json) as ShareRecord;
    const counted = { count: views.count + 1, lastViewedAt: Math.max(views.lastViewedAt ?? at, at) };
    this.kv.set(`share:${id}`, JSON.stringify({ ...record, views: counted }));
    return true;
  }
  async getSnapshotHistory(id: string) {
    return this.history(id);
  }
  async getSettings() {
    const json = this.kv.get('settings');
    return json ? (JSON.parse(json) as InstanceSettings) : null;
  }
  async saveSettings(settings: InstanceSettings, expectedVersion: number) {
    const json = this.kv.get('settings');
    if ((json ? (JSON.parse(json) as InstanceSettings).version : 0) !== expectedVersion) throw new ConflictError();
    this.kv.set('settings', JSON.stringify(settings));
  }
}
