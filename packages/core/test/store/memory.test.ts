import { expect, it } from 'vitest';
import { describeStoreConformance } from '@chatshare/core/testing';
import { MemoryShareStore } from '@chatshare/core';
import { makeStoredShare } from './stored-rows.js';

describeStoreConformance({ name: 'memory', createStore: () => new MemoryShareStore() });

it('B14: a new row is counted from zero, and replacing the row keeps the count', async () => {
  const store = new MemoryShareStore();
  const row = await makeStoredShare();
  await store.insertShare(row);
  expect((await store.getShare(row.id))!.views).toEqual({ count: 0, lastViewedAt: null });
  await store.addViews([{ id: row.id, count: 1, lastViewedAt: row.createdAt + 1 }]);
  expect((await store.getShare(row.id))!.views).toEqual({ count: 1, lastViewedAt: row.createdAt + 1 });
  await store.replaceShare({ ...row, title: 'edited', version: 2 }, 1);
  expect((await store.getShare(row.id))!.views).toEqual({ count: 1, lastViewedAt: row.createdAt + 1 });
});
