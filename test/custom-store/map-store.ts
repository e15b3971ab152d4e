import { ConflictError, ShareNotFoundError, compareForListing, decodeCursor, encodeCursor, isAfterCursor, matchesFilter } from '@chatshare/core';
import type { InstanceSettings, PageRequest, ShareFilter, ShareRecord, ShareStore } from '@chatshare/core';

/** A store over any string key-value map (swap the Map for Redis, KV, localStorage…). */
export class KeyValueShareStore implements ShareStore {
  constructor(private readonly kv = new Map<string, string>()) {}
  private all(): ShareRecord[] {
    return [...this.kv.entries()].filter(([k]) => k.startsWith('share:')).map(([, v]) => JSON.parse(v));
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
    if ((JSON.parse(json) as ShareRecord).version !== expectedVersion) throw new ConflictError();
    this.kv.set(`share:${record.id}`, JSON.stringify(record));
  }
  async deleteShare(id: string) {
    return this.kv.delete(`share:${id}`);
  }
  async deleteShares({ ownerId, chatId }: ShareFilter) {
    const doomed = this.all().filter((r) => matchesFilter(r, { ...(ownerId ? { ownerId } : {}), ...(chatId ? { chatId } : {}) }));
    for (const r of doomed) this.kv.delete(`share:${r.id}`);
    return doomed.length;
  }
  async listShares(filter: ShareFilter, { limit, cursor }: PageRequest) {
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = this.all().filter((r) => matchesFilter(r, filter) && (!after || isAfterCursor(r, after))).sort(compareForListing);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!) : null };
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
