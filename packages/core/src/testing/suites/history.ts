import { expect } from 'vitest';
import type { ArchivedSnapshot, ShareStore, StoredShare } from '../../store/contract.js';
import { makeArchivedSnapshot, makeStoredShare } from '../factories.js';
import { defineStoreSuite, expectCode, readExisting, type StoreCase } from './define.js';
import { EXACT_TEXTS } from './texts.js';

/** How many entries core keeps in these tests; the store only follows `dropHistoryBelow`, whatever core's limit is. */
const KEEP = 20;

/**
 * `count` writes the way core makes them: each replaces the row with the next version, archives the replaced one and
 * drops what falls `KEEP` behind. Returns the latest row.
 */
async function republish(store: ShareStore, row: StoredShare, count: number): Promise<StoredShare> {
  let current = row;
  for (let i = 0; i < count; i++) {
    const next = { ...current, version: current.version + 1, body: `{"revision":${current.version + 1}}` };
    const archive = makeArchivedSnapshot(current.version, { body: current.body });
    await store.replaceShare(next, current.version, { archive, dropHistoryBelow: next.version - KEEP });
    current = next;
  }
  return current;
}

async function inserted(store: ShareStore, fields: Partial<StoredShare> = {}): Promise<StoredShare> {
  const row = makeStoredShare(fields);
  await store.insertShare(row);
  return row;
}

const versions = (entries: readonly ArchivedSnapshot[]) => entries.map((entry) => entry.version);

const cases: Record<string, StoreCase> = {
  'B16: a new share and an unknown id have no history': async (store) => {
    const row = await inserted(store);
    expect(await store.getHistory(row.id)).toEqual([]);
    expect(await store.getHistory('unknown-id-000000000000')).toEqual([]);
  },

  'B16: a replace with an archive keeps exactly that entry, byte for byte, newest first': async (store) => {
    const row = await inserted(store);
    const first = makeArchivedSnapshot(1, { meta: EXACT_TEXTS[0]!.text, body: EXACT_TEXTS[3]!.text });
    await store.replaceShare({ ...row, version: 2 }, 1, { archive: first });
    expect(await store.getHistory(row.id)).toEqual([first]);
    const second = makeArchivedSnapshot(2, { meta: EXACT_TEXTS[4]!.text, body: EXACT_TEXTS[5]!.text });
    await store.replaceShare({ ...row, version: 3 }, 2, { archive: second });
    const history = await store.getHistory(row.id);
    expect(history).toEqual([second, first]);
    expect(history[0]!.meta === second.meta && history[1]!.body === first.body, 'texts byte for byte').toBe(true);
  },

  'B16: a replace without options leaves the history as it was': async (store) => {
    const row = await inserted(store);
    const latest = await republish(store, row, 2);
    await store.replaceShare({ ...latest, title: 'renamed', version: latest.version + 1 }, latest.version);
    expect(versions(await store.getHistory(row.id))).toEqual([2, 1]);
  },

  'B16: an archive under a version already kept replaces that entry': async (store) => {
    const row = await inserted(store);
    await store.replaceShare({ ...row, version: 2 }, 1, { archive: makeArchivedSnapshot(1) });
    const again = makeArchivedSnapshot(1, { body: '{"again":true}' });
    await store.replaceShare({ ...row, version: 3 }, 2, { archive: again });
    expect(await store.getHistory(row.id)).toEqual([again]);
  },

  'B16: dropHistoryBelow removes the entries below it in the same write, alone or with an archive': async (store) => {
    const row = await inserted(store);
    const latest = await republish(store, row, KEEP + 3);
    expect(latest.version).toBe(KEEP + 4);
    const history = await store.getHistory(row.id);
    expect(versions(history)).toEqual(Array.from({ length: KEEP }, (_, i) => KEEP + 3 - i));
    expect(history[0]).toEqual(makeArchivedSnapshot(KEEP + 3, { body: `{"revision":${KEEP + 3}}` }));
    await store.replaceShare({ ...latest, version: latest.version + 1 }, latest.version, { dropHistoryBelow: KEEP + 1 });
    expect(versions(await store.getHistory(row.id))).toEqual([KEEP + 3, KEEP + 2, KEEP + 1]);
  },

  'B16: a refused (CONFLICT) or not-found replace leaves the history as it was': async (store) => {
    const row = await inserted(store);
    const latest = await republish(store, row, 3);
    const before = await store.getHistory(row.id);
    const refused = { ...latest, title: 'refused', version: latest.version + 1 };
    await expectCode(store.replaceShare(refused, latest.version - 1, { archive: makeArchivedSnapshot(9), dropHistoryBelow: 4 }), 'CONFLICT');
    expect(await store.getHistory(row.id)).toEqual(before);
    expect((await readExisting(store, row.id)).share).toEqual(latest);
    const missing = makeStoredShare();
    await expectCode(store.replaceShare({ ...missing, version: 2 }, 1, { archive: makeArchivedSnapshot(1) }), 'SHARE_NOT_FOUND');
    expect(await store.getHistory(missing.id)).toEqual([]);
  },

  'B16: deleteShare removes the history and the views; a new share under the same id starts without either': async (store) => {
    const row = await inserted(store);
    await republish(store, row, 2);
    await store.addViews([{ id: row.id, count: 3, lastViewedAt: row.createdAt + 1 }]);
    expect(await store.getHistory(row.id)).toHaveLength(2);
    expect(await store.deleteShare(row.id)).toBe(true);
    expect(await store.getHistory(row.id)).toEqual([]);
    await store.insertShare(row);
    expect(await store.getHistory(row.id)).toEqual([]);
    expect((await readExisting(store, row.id)).views).toEqual({ count: 0, lastViewedAt: null });
  },

  "B16: deleteShares by owner and by chat remove those shares' history and no other": async (store) => {
    const byChat = await inserted(store, { chatId: 'chat-gone' });
    const otherChat = await inserted(store, { chatId: 'chat-kept' });
    const bobs = await inserted(store, { ownerId: 'owner-b', chatId: 'chat-gone' });
    for (const row of [byChat, otherChat, bobs]) await republish(store, row, 1);
    expect(await store.deleteShares({ chatId: 'chat-gone' })).toBe(2);
    expect(await store.getHistory(byChat.id)).toEqual([]);
    expect(await store.getHistory(bobs.id)).toEqual([]);
    expect(await store.getHistory(otherChat.id)).toEqual([makeArchivedSnapshot(1, { body: otherChat.body })]);
    const another = await inserted(store, { chatId: 'chat-other' });
    await republish(store, another, 1);
    expect(await store.deleteShares({ ownerId: 'owner-a' })).toBe(2);
    expect(await store.getHistory(otherChat.id)).toEqual([]);
    expect(await store.getHistory(another.id)).toEqual([]);
  },
};

/** History entries under a share id, written and pruned in the same atomic write as `replaceShare`, gone with it. */
export const describeHistory = defineStoreSuite('history', 'history entries', cases);
