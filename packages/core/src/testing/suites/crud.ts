import { expect } from 'vitest';
import { makeStoredShare } from '../factories.js';
import { defineStoreSuite, expectCode, NO_VIEWS, readExisting, type StoreCase } from './define.js';
import { EXACT_TEXTS, largeText } from './texts.js';

const cases: Record<string, StoreCase> = {
  'an unknown id reads as null': async (store) => {
    expect(await store.getShare('unknown-id-000000000000')).toBeNull();
  },

  'an inserted share reads back equal, with no views and no settings yet': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    expect(await store.getShare(row.id)).toEqual({ share: row, views: NO_VIEWS, settings: null });
  },

  'meta, body and title come back byte for byte, whatever JSON and unicode they hold': async (store) => {
    for (const [i, { name, text }] of EXACT_TEXTS.entries()) {
      const other = EXACT_TEXTS[(i + 1) % EXACT_TEXTS.length]!.text;
      const row = makeStoredShare({ meta: text, body: other, title: `${name} ✓ Ω 🧪` });
      await store.insertShare(row);
      const back = (await readExisting(store, row.id)).share;
      expect(back.meta, `meta: ${name}`).toBe(text);
      expect(back.body, `body: ${other}`).toBe(other);
      expect(back.title, `title: ${name}`).toBe(row.title);
    }
  },

  'a large body (2 million characters, unicode throughout) and a large meta round-trip intact': async (store) => {
    const row = makeStoredShare({ meta: largeText(200_000, 'meta'), body: largeText(2_000_000, 'body') });
    await store.insertShare(row);
    const back = (await readExisting(store, row.id)).share;
    expect(back.body.length).toBe(row.body.length);
    expect(back.body === row.body, 'the body is unchanged').toBe(true);
    expect(back.meta === row.meta, 'the meta is unchanged').toBe(true);
  },

  'T25: inserting an id that exists fails with CONFLICT and overwrites nothing': async (store) => {
    const first = makeStoredShare({ title: 'first' });
    await store.insertShare(first);
    const second = makeStoredShare({ id: first.id, title: 'second', meta: '{"second":true}', body: '{"second":true}' });
    await expectCode(store.insertShare(second), 'CONFLICT');
    expect((await readExisting(store, first.id)).share).toEqual(first);
  },

  'S10: deleteShare removes the share and says whether it existed': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    expect(await store.deleteShare(row.id)).toBe(true);
    expect(await store.getShare(row.id)).toBeNull();
    expect(await store.deleteShare(row.id)).toBe(false);
    expect(await store.deleteShare('unknown-id-000000000000')).toBe(false);
  },

  'S11: deleteShares removes every share of one chat of one owner and only those': async (store) => {
    const a1 = makeStoredShare({ chatId: 'chat-1' });
    const a2 = makeStoredShare({ chatId: 'chat-1' });
    const b = makeStoredShare({ chatId: 'chat-2' });
    const other = makeStoredShare({ chatId: 'chat-1', ownerId: 'owner-b' });
    for (const row of [a1, a2, b, other]) await store.insertShare(row);
    expect(await store.deleteShares({ ownerId: 'owner-a', chatId: 'chat-1' })).toBe(2);
    expect(await store.getShare(a1.id)).toBeNull();
    expect(await store.getShare(a2.id)).toBeNull();
    expect((await readExisting(store, b.id)).share).toEqual(b);
    expect((await readExisting(store, other.id)).share).toEqual(other);
  },

  'B1: deleteShares by owner removes all of that owner and nothing else': async (store) => {
    const mine = [makeStoredShare(), makeStoredShare({ chatId: 'chat-x' })];
    const theirs = makeStoredShare({ ownerId: 'owner-b' });
    for (const row of [...mine, theirs]) await store.insertShare(row);
    expect(await store.deleteShares({ ownerId: 'owner-a' })).toBe(2);
    for (const row of mine) expect(await store.getShare(row.id)).toBeNull();
    expect(await store.getShare(theirs.id)).not.toBeNull();
    expect(await store.deleteShares({ ownerId: 'owner-a' })).toBe(0);
  },

  'S11: deleteShares by chat alone covers every owner (an admin deleting a chat), and ignores a query': async (store) => {
    const alices = makeStoredShare({ chatId: 'chat-gone', title: 'one' });
    const bobs = makeStoredShare({ chatId: 'chat-gone', ownerId: 'owner-b', title: 'two' });
    const kept = makeStoredShare({ chatId: 'chat-kept', title: 'one' });
    for (const row of [alices, bobs, kept]) await store.insertShare(row);
    expect(await store.deleteShares({ chatId: 'chat-gone', query: 'no title matches this' })).toBe(2);
    expect(await store.getShare(alices.id)).toBeNull();
    expect(await store.getShare(bobs.id)).toBeNull();
    expect(await store.getShare(kept.id)).not.toBeNull();
  },
};

/** Insert, read, delete one share and delete by owner or chat; `meta`/`body` kept byte for byte, large ones too. */
export const describeCrud = defineStoreSuite('crud', 'create, read, delete', cases);
