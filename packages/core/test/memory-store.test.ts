import { expect, it } from 'vitest';
import { describeStoreConformance, makeShareRecord } from '@chatshare/core/testing';
import { MemoryShareStore, type ShareRecord } from '@chatshare/core';

describeStoreConformance({ name: 'memory', createStore: () => new MemoryShareStore() });

it('B14: a record built without views (pre-B14 shape) is counted from zero and an update keeps the count', async () => {
  const store = new MemoryShareStore();
  const { views: _none, ...old } = await makeShareRecord();
  await store.createShare(old as ShareRecord);
  expect(await store.recordView(old.id, old.createdAt + 1)).toBe(true);
  expect((await store.getShare(old.id))!.views).toEqual({ count: 1, lastViewedAt: old.createdAt + 1 });
  await store.updateShare({ ...(old as ShareRecord), title: 'edited', version: 2 }, 1);
  expect((await store.getShare(old.id))!.views).toEqual({ count: 1, lastViewedAt: old.createdAt + 1 });
});
