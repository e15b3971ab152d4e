import { expect } from 'vitest';
import type { ShareStore, StoredShare } from '../../store/contract.js';
import { makeArchivedSnapshot, makeStoredShare } from '../factories.js';
import { defineStoreSuite, NO_VIEWS, readExisting, type StoreCase } from './define.js';

const one = (id: string, at: number) => [{ id, count: 1, lastViewedAt: at }];

async function inserted(store: ShareStore, fields: Partial<StoredShare> = {}): Promise<StoredShare> {
  const row = makeStoredShare(fields);
  await store.insertShare(row);
  return row;
}

const cases: Record<string, StoreCase> = {
  'B14: a new share has no views; addViews counts and stamps the time': async (store) => {
    const row = await inserted(store);
    expect((await readExisting(store, row.id)).views).toEqual(NO_VIEWS);
    await store.addViews(one(row.id, row.createdAt + 5));
    expect((await readExisting(store, row.id)).views).toEqual({ count: 1, lastViewedAt: row.createdAt + 5 });
    await store.addViews([{ id: row.id, count: 7, lastViewedAt: row.createdAt + 6 }]);
    expect((await readExisting(store, row.id)).views).toEqual({ count: 8, lastViewedAt: row.createdAt + 6 });
  },

  'B14: 50 concurrent addViews calls count 50 (each increment is atomic)': async (store) => {
    const row = await inserted(store);
    const at = row.createdAt + 1000;
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.addViews(one(row.id, at + i))));
    expect((await readExisting(store, row.id)).views).toEqual({ count: 50, lastViewedAt: at + 49 });
  },

  'B14: 50 concurrent addViews interleaved with compare-and-set replaces lose no view and break no replace': async (store) => {
    const row = await inserted(store);
    const views: Promise<void>[] = [];
    let current = row;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 10; i++) views.push(store.addViews(one(row.id, row.createdAt + round * 10 + i)));
      const read = (await readExisting(store, row.id)).share;
      const next = { ...read, title: `round ${round}`, version: read.version + 1 };
      await store.replaceShare(next, read.version);
      current = next;
    }
    await Promise.all(views);
    const back = await readExisting(store, row.id);
    expect(back.share).toEqual(current);
    expect(back.share.version).toBe(6);
    expect(back.views).toEqual({ count: 50, lastViewedAt: row.createdAt + 49 });
  },

  'B14: lastViewedAt keeps the later time when an earlier view lands last': async (store) => {
    const row = await inserted(store);
    await store.addViews(one(row.id, row.createdAt + 500));
    await store.addViews(one(row.id, row.createdAt + 100));
    expect((await readExisting(store, row.id)).views).toEqual({ count: 2, lastViewedAt: row.createdAt + 500 });
  },

  'B14: addViews leaves the row alone (an owner edit from before the view still wins its compare-and-set)': async (store) => {
    const row = await inserted(store);
    await store.addViews(one(row.id, row.createdAt + 10));
    expect((await readExisting(store, row.id)).share).toEqual(row);
    await store.replaceShare({ ...row, title: 'renamed', version: 2 }, 1);
    expect((await readExisting(store, row.id)).share.title).toBe('renamed');
  },

  'B14: addViews skips unknown and deleted ids and creates nothing': async (store) => {
    await store.addViews(one('unknown-id-000000000000', 1));
    expect(await store.getShare('unknown-id-000000000000')).toBeNull();
    const row = await inserted(store);
    await store.deleteShare(row.id);
    await store.addViews(one(row.id, row.createdAt + 1));
    expect(await store.getShare(row.id)).toBeNull();
    expect((await store.listShares({}, { limit: 10 })).items).toEqual([]);
  },

  'B14: replaceShare keeps the stored views, also from a row read before the views': async (store) => {
    const row = await inserted(store);
    const staleRead = (await readExisting(store, row.id)).share;
    await store.addViews(one(row.id, row.createdAt + 7));
    await store.addViews(one(row.id, row.createdAt + 9));
    await store.replaceShare({ ...staleRead, title: 'stale views', version: 2 }, 1);
    expect((await readExisting(store, row.id)).views).toEqual({ count: 2, lastViewedAt: row.createdAt + 9 });
  },

  'B14: one batch adds to several shares, adds up an id given twice and skips unknown ones': async (store) => {
    const [a, b, untouched] = [await inserted(store), await inserted(store), await inserted(store)];
    await store.addViews([
      { id: a.id, count: 2, lastViewedAt: a.createdAt + 20 },
      { id: 'unknown-id-000000000000', count: 5, lastViewedAt: 1 },
      { id: b.id, count: 1, lastViewedAt: b.createdAt + 3 },
      { id: a.id, count: 3, lastViewedAt: a.createdAt + 10 },
      { id: 'unknown-id-111111111111', count: 1, lastViewedAt: 2 },
    ]);
    expect((await readExisting(store, a.id)).views).toEqual({ count: 5, lastViewedAt: a.createdAt + 20 });
    expect((await readExisting(store, b.id)).views).toEqual({ count: 1, lastViewedAt: b.createdAt + 3 });
    expect((await readExisting(store, untouched.id)).views).toEqual(NO_VIEWS);
    expect(await store.getShare('unknown-id-000000000000')).toBeNull();
    await store.addViews([]);
    expect((await readExisting(store, a.id)).views.count).toBe(5);
  },

  'B14: concurrent batches over the same shares in opposite orders count every view': async (store) => {
    const rows = [await inserted(store), await inserted(store), await inserted(store)];
    const batch = rows.map((row, i) => ({ id: row.id, count: 1, lastViewedAt: row.createdAt + i }));
    const batches = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? batch : [...batch].reverse()));
    await Promise.all(batches.map((b) => store.addViews(b)));
    for (const [i, row] of rows.entries()) expect((await readExisting(store, row.id)).views).toEqual({ count: 20, lastViewedAt: row.createdAt + i });
  },

  'B14: views are kept through a replace with an archive and gone with the share': async (store) => {
    const row = await inserted(store);
    await store.addViews(one(row.id, row.createdAt + 1));
    await store.replaceShare({ ...row, version: 2, body: '{"second":true}' }, 1, { archive: makeArchivedSnapshot(1), dropHistoryBelow: 1 });
    expect((await readExisting(store, row.id)).views).toEqual({ count: 1, lastViewedAt: row.createdAt + 1 });
    await store.deleteShare(row.id);
    await store.insertShare(row);
    expect((await readExisting(store, row.id)).views).toEqual(NO_VIEWS);
  },
};

/** View counters beside the row: only `addViews` changes them, atomically and in batches; they go with the share. */
export const describeViews = defineStoreSuite('views', 'view counters', cases);
