import { expect } from 'vitest';
import type { StoredShare } from '../../store/contract.js';
import { makeStoredShare } from '../factories.js';
import { defineStoreSuite, expectCode, readExisting, type StoreCase } from './define.js';

/** The row after an owner's edit: the next version, every other column new as well. */
function edited(row: StoredShare, fields: Partial<StoredShare> = {}): StoredShare {
  return {
    ...row,
    title: `${row.title} (edited)`,
    version: row.version + 1,
    meta: `{"edited":${row.version + 1},"note":"Ünïcödé ✓"}`,
    body: `{"messages":["edited ${row.version + 1} 🧪"]}`,
    ...fields,
  };
}

const cases: Record<string, StoreCase> = {
  'R7: a replace with the current version is written whole': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    const next = edited(row, { ownerId: 'owner-moved', chatId: 'chat-moved', createdAt: row.createdAt + 5 });
    await store.replaceShare(next, 1);
    expect((await readExisting(store, row.id)).share).toEqual(next);
  },

  'R7: a replace with a stale version fails with CONFLICT and changes nothing': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    const second = edited(row, { title: 'v2' });
    await store.replaceShare(second, 1);
    await expectCode(store.replaceShare(edited(row, { title: 'stale' }), 1), 'CONFLICT');
    expect((await readExisting(store, row.id)).share).toEqual(second);
  },

  'R7: a replace expecting a version the share has not reached fails with CONFLICT': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    await expectCode(store.replaceShare(edited(row, { version: 9 }), 8), 'CONFLICT');
    expect((await readExisting(store, row.id)).share).toEqual(row);
  },

  'a replace of an unknown id fails with SHARE_NOT_FOUND and creates nothing': async (store) => {
    const row = makeStoredShare();
    await expectCode(store.replaceShare(edited(row), 1), 'SHARE_NOT_FOUND');
    expect(await store.getShare(row.id)).toBeNull();
    expect((await store.listShares({}, { limit: 10 })).items).toEqual([]);
  },

  'T24: a late write after a revoke cannot resurrect the share': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    await store.deleteShare(row.id);
    await expect(store.replaceShare(edited(row), 1)).rejects.toMatchObject({
      code: expect.stringMatching(/^(SHARE_NOT_FOUND|CONFLICT)$/),
    });
    expect(await store.getShare(row.id)).toBeNull();
  },

  'successive replaces each compare against the version the previous one wrote': async (store) => {
    let row = makeStoredShare();
    await store.insertShare(row);
    for (let i = 0; i < 5; i++) {
      const next = edited(row, { title: `round ${i}` });
      await store.replaceShare(next, row.version);
      row = next;
    }
    expect((await readExisting(store, row.id)).share).toEqual(row);
    expect(row.version).toBe(6);
  },
};

/** Compare-and-set on `version`: the current version writes the whole row, any other conflicts, none resurrects. */
export const describeVersionedWrites = defineStoreSuite('versioned-writes', 'versioned writes (compare-and-set)', cases);
