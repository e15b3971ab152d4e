import { expect } from 'vitest';
import type { ShareFilter, ShareStore, StoredShare } from '../../store/contract.js';
import { makeStoredShare } from '../factories.js';
import { defineStoreSuite, NO_VIEWS, type StoreCase } from './define.js';

/** Every page of a listing, in order; fails past `maxPages` (a cursor that never ends). */
async function allPages(store: ShareStore, filter: ShareFilter, limit: number, maxPages = 20) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<ShareStore['listShares']>> = await store.listShares(filter, { limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    pages.push(page.items.map((item) => item.share.id));
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < maxPages);
  expect(cursor, 'the last page has no cursor').toBeNull();
  return pages;
}

async function titles(store: ShareStore, query: string): Promise<string[]> {
  return (await store.listShares({ query }, { limit: 20 })).items.map((item) => item.share.title).sort();
}

async function insertAll(store: ShareStore, rows: readonly StoredShare[]): Promise<void> {
  for (const row of rows) await store.insertShare(row);
}

const cases: Record<string, StoreCase> = {
  'B1: shares list newest first, id descending on equal times': async (store) => {
    const older = makeStoredShare();
    const newer = makeStoredShare();
    const sameTimeA = makeStoredShare({ id: 'AAAAAAAAAAAAAAAAAAAAA', createdAt: newer.createdAt + 10 });
    const sameTimeB = makeStoredShare({ id: 'BBBBBBBBBBBBBBBBBBBBB', createdAt: newer.createdAt + 10 });
    const sameTimeLower = makeStoredShare({ id: 'aaaaaaaaaaaaaaaaaaaaa', createdAt: newer.createdAt + 10 });
    await insertAll(store, [older, sameTimeA, newer, sameTimeLower, sameTimeB]);
    const page = await store.listShares({ ownerId: 'owner-a' }, { limit: 10 });
    // Bytewise: lower-case letters sort after upper-case ones.
    expect(page.items.map((item) => item.share.id)).toEqual([sameTimeLower.id, sameTimeB.id, sameTimeA.id, newer.id, older.id]);
    expect(page.nextCursor).toBeNull();
  },

  'B1: cursor pagination visits every share exactly once': async (store) => {
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      const row = makeStoredShare();
      created.unshift(row.id);
      await store.insertShare(row);
    }
    const pages = await allPages(store, { ownerId: 'owner-a' }, 3);
    expect(pages.flat()).toEqual(created);
    expect(pages).toHaveLength(3);
  },

  'cursor pagination of a filtered listing pages through the matches only': async (store) => {
    const matching: string[] = [];
    for (let i = 0; i < 5; i++) {
      const row = makeStoredShare({ title: i % 2 === 0 ? `Garden notes ${i}` : `Kitchen ${i}`, chatId: i < 4 ? 'chat-a' : 'chat-b' });
      if (i % 2 === 0 && i < 4) matching.unshift(row.id);
      await store.insertShare(row);
    }
    expect((await allPages(store, { ownerId: 'owner-a', chatId: 'chat-a', query: 'garden' }, 1)).flat()).toEqual(matching);
  },

  'a share inserted between pages does not shift or repeat later pages': async (store) => {
    for (let i = 0; i < 4; i++) await store.insertShare(makeStoredShare());
    const first = await store.listShares({ ownerId: 'owner-a' }, { limit: 2 });
    await store.insertShare(makeStoredShare());
    const second = await store.listShares({ ownerId: 'owner-a' }, { limit: 2, cursor: first.nextCursor });
    const ids = [...first.items, ...second.items].map((item) => item.share.id);
    expect(new Set(ids).size).toBe(4);
    expect(second.nextCursor).toBeNull();
  },

  'B1: search matches a title substring, case-insensitively': async (store) => {
    await insertAll(store, [
      makeStoredShare({ title: 'Photosynthesis basics' }),
      makeStoredShare({ title: 'Goldwater rule' }),
      makeStoredShare({ title: 'More PHOTOSYNTHESIS' }),
    ]);
    const page = await store.listShares({ ownerId: 'owner-a', query: 'photo' }, { limit: 10 });
    expect(page.items.map((item) => item.share.title).sort()).toEqual(['More PHOTOSYNTHESIS', 'Photosynthesis basics']);
  },

  'search treats %, _ and backslash literally': async (store) => {
    await insertAll(store, ['100% sure', '1000 sure', 'a_b', 'axb', 'back\\slash', 'backslash'].map((title) => makeStoredShare({ title })));
    expect(await titles(store, '0%')).toEqual(['100% sure']);
    expect(await titles(store, 'a_b')).toEqual(['a_b']);
    expect(await titles(store, 'k\\s')).toEqual(['back\\slash']);
  },

  'S9: listing by chat finds the shares of that chat': async (store) => {
    const target = makeStoredShare({ chatId: 'chat-9' });
    await insertAll(store, [makeStoredShare({ chatId: 'chat-8' }), target]);
    const page = await store.listShares({ ownerId: 'owner-a', chatId: 'chat-9' }, { limit: 10 });
    expect(page.items.map((item) => item.share.id)).toEqual([target.id]);
  },

  'S11: listing by chat alone covers every owner': async (store) => {
    const alices = makeStoredShare({ chatId: 'chat-9' });
    const bobs = makeStoredShare({ chatId: 'chat-9', ownerId: 'owner-b' });
    await insertAll(store, [alices, makeStoredShare({ chatId: 'chat-8' }), bobs]);
    const page = await store.listShares({ chatId: 'chat-9' }, { limit: 10 });
    expect(page.items.map((item) => item.share.id)).toEqual([bobs.id, alices.id]);
  },

  'B9: an unfiltered listing covers every owner': async (store) => {
    await insertAll(store, [makeStoredShare({ ownerId: 'owner-a' }), makeStoredShare({ ownerId: 'owner-b' })]);
    const page = await store.listShares({}, { limit: 10 });
    expect(page.items.map((item) => item.share.ownerId).sort()).toEqual(['owner-a', 'owner-b']);
  },

  'a listed share is its row without the body, meta byte for byte, with its views': async (store) => {
    const viewed = makeStoredShare({ meta: '{ "b":1, "a" : "Ünïcödé 🧪" }' });
    const unviewed = makeStoredShare();
    await insertAll(store, [viewed, unviewed]);
    await store.addViews([{ id: viewed.id, count: 3, lastViewedAt: viewed.createdAt + 9 }]);
    const { items } = await store.listShares({}, { limit: 10 });
    const { body: _v, ...viewedListed } = viewed;
    const { body: _u, ...unviewedListed } = unviewed;
    expect(items).toEqual([
      { share: unviewedListed, views: NO_VIEWS },
      { share: viewedListed, views: { count: 3, lastViewedAt: viewed.createdAt + 9 } },
    ]);
    for (const item of items) expect(item.share, 'a listing never carries the body').not.toHaveProperty('body');
  },

  'an empty store lists nothing and has no next page': async (store) => {
    expect(await store.listShares({ ownerId: 'owner-a' }, { limit: 5 })).toEqual({ items: [], nextCursor: null });
  },
};

/** Listing order (newest first, id descending bytewise), keyset cursors, filters and search; no body in a listing. */
export const describeListing = defineStoreSuite('listing', 'listing and pagination', cases);
