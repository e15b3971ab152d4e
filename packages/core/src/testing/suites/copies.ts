import { expect } from 'vitest';
import type { ArchivedSnapshot, StoredSettings, StoredShare } from '../../store/contract.js';
import { makeArchivedSnapshot, makeStoredShare } from '../factories.js';
import { defineStoreSuite, readExisting, tryMutate, type StoreCase } from './define.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const cases: Record<string, StoreCase> = {
  'mutating the row passed to insertShare does not change what is stored': async (store) => {
    const row = makeStoredShare({ title: 'original' });
    const mutable: Mutable<StoredShare> = { ...row };
    await store.insertShare(mutable);
    mutable.title = 'mutated';
    mutable.body = '{"mutated":true}';
    expect((await readExisting(store, row.id)).share).toEqual(row);
  },

  'mutating the row passed to replaceShare afterwards does not change what is stored': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    const next = { ...row, version: 2, title: 'second' };
    const mutable: Mutable<StoredShare> = { ...next };
    await store.replaceShare(mutable, 1);
    mutable.title = 'mutated';
    mutable.version = 7;
    expect((await readExisting(store, row.id)).share).toEqual(next);
  },

  'mutating a share, its views or the settings read back does not change what is stored': async (store) => {
    const settings: StoredSettings = { version: 1, body: '{"communitySharing":false}' };
    await store.saveSettings(settings, 0);
    const row = makeStoredShare({ title: 'original' });
    await store.insertShare(row);
    await store.addViews([{ id: row.id, count: 2, lastViewedAt: row.createdAt + 1 }]);
    const read = await readExisting(store, row.id);
    tryMutate(() => ((read.share as Mutable<StoredShare>).title = 'mutated'));
    tryMutate(() => ((read.share as Mutable<StoredShare>).meta = '{}'));
    tryMutate(() => ((read.views as { count: number }).count = 1000));
    tryMutate(() => ((read.settings as Mutable<StoredSettings>).body = '{"mutated":true}'));
    expect(await store.getShare(row.id)).toEqual({ share: row, views: { count: 2, lastViewedAt: row.createdAt + 1 }, settings });
  },

  'mutating a listed item does not change what is stored': async (store) => {
    const row = makeStoredShare({ title: 'original' });
    await store.insertShare(row);
    const [item] = (await store.listShares({}, { limit: 10 })).items;
    tryMutate(() => ((item!.share as { title: string }).title = 'mutated'));
    tryMutate(() => ((item!.views as { count: number }).count = 9));
    const [again] = (await store.listShares({}, { limit: 10 })).items;
    expect(again!.share.title).toBe('original');
    expect(again!.views.count).toBe(0);
  },

  'B16: the returned history is a copy': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    const archived = makeArchivedSnapshot(1);
    await store.replaceShare({ ...row, version: 2 }, 1, { archive: archived });
    const read = await store.getHistory(row.id);
    tryMutate(() => {
      (read[0] as Mutable<ArchivedSnapshot>).body = 'mutated';
    });
    tryMutate(() => {
      (read as ArchivedSnapshot[]).pop();
    });
    expect(await store.getHistory(row.id)).toEqual([archived]);
  },

  'B16: mutating the archive passed to replaceShare afterwards does not change the archived entry': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    const archived = makeArchivedSnapshot(1);
    const mutable: Mutable<ArchivedSnapshot> = { ...archived };
    await store.replaceShare({ ...row, version: 2 }, 1, { archive: mutable });
    mutable.body = 'mutated';
    mutable.version = 99;
    expect(await store.getHistory(row.id)).toEqual([archived]);
  },

  'mutating the settings passed to saveSettings or read back does not change what is stored': async (store) => {
    const settings: StoredSettings = { version: 1, body: '{"allowPublicLinks":true}' };
    const mutable: Mutable<StoredSettings> = { ...settings };
    await store.saveSettings(mutable, 0);
    mutable.body = 'mutated';
    const read = await store.getSettings();
    tryMutate(() => {
      (read as Mutable<StoredSettings>).version = 5;
    });
    expect(await store.getSettings()).toEqual(settings);
  },
};

/** Rows, views, history entries and settings go in and come out as values: mutating either side changes nothing. */
export const describeCopies = defineStoreSuite('copies', 'values are copies', cases);
