import { expect } from 'vitest';
import { makeArchivedSnapshot, makeStoredShare } from '../factories.js';
import { defineStoreSuite, NO_VIEWS, readExisting, type StoreCase } from './define.js';

const cases: Record<string, StoreCase> = {
  "T1: one owner's listing never shows another owner's shares": async (store) => {
    const mine = makeStoredShare({ ownerId: 'owner-a' });
    const theirs = makeStoredShare({ ownerId: 'owner-b' });
    await store.insertShare(mine);
    await store.insertShare(theirs);
    const page = await store.listShares({ ownerId: 'owner-a' }, { limit: 10 });
    expect(page.items.map((item) => item.share.id)).toEqual([mine.id]);
    const search = await store.listShares({ ownerId: 'owner-a', query: 'Shared chat' }, { limit: 10 });
    expect(search.items.map((item) => item.share.id)).toEqual([mine.id]);
  },

  "B16: one share never sees another's history": async (store) => {
    const first = makeStoredShare();
    const second = makeStoredShare();
    await store.insertShare(first);
    await store.insertShare(second);
    for (let v = 1; v <= 3; v++) await store.replaceShare({ ...first, version: v + 1 }, v, { archive: makeArchivedSnapshot(v) });
    expect(await store.getHistory(second.id)).toEqual([]);
    const secondsOwn = makeArchivedSnapshot(1, { body: '{"of":"second"}' });
    await store.replaceShare({ ...second, version: 2 }, 1, { archive: secondsOwn, dropHistoryBelow: 1 });
    expect(await store.getHistory(second.id)).toEqual([secondsOwn]);
    expect((await store.getHistory(first.id)).map((entry) => entry.version)).toEqual([3, 2, 1]);
  },

  'B14: views of one share never count for another': async (store) => {
    const first = makeStoredShare();
    const second = makeStoredShare();
    await store.insertShare(first);
    await store.insertShare(second);
    await store.addViews([{ id: first.id, count: 4, lastViewedAt: first.createdAt + 1 }]);
    expect((await readExisting(store, second.id)).views).toEqual(NO_VIEWS);
    expect((await readExisting(store, first.id)).views).toEqual({ count: 4, lastViewedAt: first.createdAt + 1 });
  },

  "deleting one owner's shares leaves another owner's row, views and history": async (store) => {
    const mine = makeStoredShare({ ownerId: 'owner-a', chatId: 'chat-same' });
    const theirs = makeStoredShare({ ownerId: 'owner-b', chatId: 'chat-same' });
    await store.insertShare(mine);
    await store.insertShare(theirs);
    const archived = makeArchivedSnapshot(1);
    await store.replaceShare({ ...theirs, version: 2 }, 1, { archive: archived });
    await store.addViews([{ id: theirs.id, count: 1, lastViewedAt: theirs.createdAt + 2 }]);
    expect(await store.deleteShares({ ownerId: 'owner-a', chatId: 'chat-same' })).toBe(1);
    expect(await store.getShare(theirs.id)).toEqual({
      share: { ...theirs, version: 2 },
      views: { count: 1, lastViewedAt: theirs.createdAt + 2 },
      settings: null,
    });
    expect(await store.getHistory(theirs.id)).toEqual([archived]);
  },
};

/** What is stored under one share id or one owner never shows through another. */
export const describeIsolation = defineStoreSuite('isolation', 'isolation between owners and shares', cases);
