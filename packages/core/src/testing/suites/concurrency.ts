import { expect } from 'vitest';
import { makeArchivedSnapshot, makeStoredShare } from '../factories.js';
import { defineStoreSuite, readExisting, type StoreCase } from './define.js';

/** Exactly one of `results` was fulfilled and every other one was refused with CONFLICT. */
function expectOneWinner(results: readonly PromiseSettledResult<unknown>[]): number {
  const won = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
  expect(won).toHaveLength(1);
  for (const result of results) if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'CONFLICT' });
  return won[0]!;
}

const cases: Record<string, StoreCase> = {
  'concurrent inserts of different shares all land': async (store) => {
    const rows = Array.from({ length: 8 }, () => makeStoredShare());
    await Promise.all(rows.map((row) => store.insertShare(row)));
    const page = await store.listShares({ ownerId: 'owner-a' }, { limit: 20 });
    expect(page.items.map((item) => item.share.id).sort()).toEqual(rows.map((row) => row.id).sort());
  },

  'T25: of concurrent inserts of one id exactly one lands': async (store) => {
    const first = makeStoredShare();
    const rows = Array.from({ length: 5 }, (_, i) => ({ ...first, title: `writer ${i}` }));
    const winner = expectOneWinner(await Promise.allSettled(rows.map((row) => store.insertShare(row))));
    expect((await readExisting(store, first.id)).share).toEqual(rows[winner]);
  },

  'R7: of concurrent replaces from the same version exactly one wins': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    const writers = Array.from({ length: 5 }, (_, i) => ({ ...row, title: `writer ${i}`, version: 2 }));
    const winner = expectOneWinner(await Promise.allSettled(writers.map((next) => store.replaceShare(next, 1))));
    expect((await readExisting(store, row.id)).share).toEqual(writers[winner]);
  },

  'T24: a revoke racing a replace leaves the share revoked': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    await Promise.allSettled([store.replaceShare({ ...row, title: 'late', version: 2 }, 1), store.deleteShare(row.id)]);
    // Whatever order they ran in, a final late write must not bring it back.
    await Promise.allSettled([store.replaceShare({ ...row, title: 'later', version: 3 }, 2)]);
    expect(await store.getShare(row.id)).toBeNull();
    expect(await store.getHistory(row.id)).toEqual([]);
  },

  'B16: of concurrent replaces with archives from the same version one wins and only its archive is kept': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    const archives = Array.from({ length: 4 }, (_, i) => makeArchivedSnapshot(1, { body: `{"writer":${i}}` }));
    const results = await Promise.allSettled(
      archives.map((archive, i) => store.replaceShare({ ...row, title: `writer ${i}`, version: 2 }, 1, { archive })),
    );
    const winner = expectOneWinner(results);
    expect(await store.getHistory(row.id)).toEqual([archives[winner]]);
    expect((await readExisting(store, row.id)).share.title).toBe(`writer ${winner}`);
  },

  'R7: of concurrent settings saves from the same version exactly one wins': async (store) => {
    await store.saveSettings({ version: 1, body: '{}' }, 0);
    const saves = Array.from({ length: 5 }, (_, i) => ({ version: 2, body: `{"writer":${i}}` }));
    const winner = expectOneWinner(await Promise.allSettled(saves.map((settings) => store.saveSettings(settings, 1))));
    expect(await store.getSettings()).toEqual(saves[winner]);
  },
};

/** Concurrent writers: inserts all land or one wins per id, compare-and-set lets one writer win, revokes stay revoked. */
export const describeConcurrency = defineStoreSuite('concurrency', 'concurrent writers', cases);
