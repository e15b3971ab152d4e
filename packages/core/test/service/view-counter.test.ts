import { describe, expect, it } from 'vitest';
import { MemoryShareStore } from '@chatshare/core';
import { failingStore } from '@chatshare/core/testing';
import { alice, bob, carol, code, setup } from './setup-share-service.js';

describe('B14: view counts', () => {
  it('B14: reads by others are counted with the time of the last; the owner’s own reads are not', async () => {
    const { as, clock } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    expect(share).toMatchObject({ viewCount: 0, lastViewedAt: null });
    await as(bob).readShare(share.id);
    clock.advance(5_000);
    await as(carol).readShare(share.id);
    await as(alice).readShare(share.id);
    const [summary] = (await as(alice).listShares()).items;
    expect(summary).toMatchObject({ viewCount: 2, lastViewedAt: clock.now() });
    expect((await as(alice).findShareForChat('c1'))!.viewCount).toBe(2);
  });

  it('B14: refused reads are not views; a clone is not a second view; anonymous public reads are', async () => {
    const { as } = setup();
    await as({ id: 'root', isAdmin: true }).updateSettings({ allowPublicLinks: true });
    const locked = await as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    const hidden = await as(alice).createShare({ chatId: 'c1', audience: { type: 'owner' } });
    const open = await as(alice).createShare({ chatId: 'c2', audience: { type: 'anyone' } });
    expect(await code(as(bob).readShare(locked.id))).toBe('PASSWORD_REQUIRED');
    expect(await code(as(bob).readShare(hidden.id))).toBe('SHARE_NOT_FOUND');
    await as(bob).cloneShare(open.id);
    await as(null).readShare(open.id);
    const counts = Object.fromEntries((await as(alice).listShares()).items.map((s) => [s.id, s.viewCount]));
    expect(counts).toEqual({ [locked.id]: 0, [hidden.id]: 0, [open.id]: 1 });
  });

  it('B14: countViews: false counts nothing', async () => {
    const { as, store } = setup({ countViews: false });
    const share = await as(alice).createShare({ chatId: 'c1' });
    await as(bob).readShare(share.id);
    expect((await store.getShare(share.id))!.views).toEqual({ count: 0, lastViewedAt: null });
  });

  it('B14: an owner’s update keeps the count (only the store’s addViews changes it)', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    await as(bob).readShare(share.id);
    await as(alice).updateShare(share.id);
    await as(alice).setShareOptions(share.id, { showOwnerName: true });
    expect((await as(alice).findShareForChat('c1'))!.viewCount).toBe(1);
  });

  it('B14, R7: a failed count does not fail the read; onViewCountError hears about it', async () => {
    const inner = new MemoryShareStore();
    const share = await setup({ store: inner }).as(alice).createShare({ chatId: 'c1' });
    const heard: unknown[] = [];
    // Calls of a read: getShare (the share, its views and the settings at once), then addViews — the second fails.
    const { as } = setup({ store: failingStore(inner, { failOn: 2 }), onViewCountError: (error) => heard.push(error) });
    const view = await as(bob).readShare(share.id);
    expect(view.title).toBe('Alice chat');
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ code: 'STORAGE_ERROR' });
    expect((await inner.getShare(share.id))!.views.count).toBe(0);
    // Without a listener the read still succeeds.
    const quiet = setup({ store: failingStore(inner, { failOn: 2 }) });
    expect(await code(quiet.as(bob).readShare(share.id))).toBe('ok');
  });

  it('B14: each view reaches the store as one increment with the time of the read', async () => {
    const inner = new MemoryShareStore();
    const { as, clock } = setup({ store: inner });
    const share = await as(alice).createShare({ chatId: 'c1' });
    const batches: unknown[] = [];
    const add = inner.addViews.bind(inner);
    inner.addViews = async (batch) => {
      batches.push(batch);
      return add(batch);
    };
    clock.advance(1_000);
    await as(bob).readShare(share.id);
    await as(alice).readShare(share.id);
    expect(batches).toEqual([[{ id: share.id, count: 1, lastViewedAt: clock.now() }]]);
    expect((await inner.getShare(share.id))!.views).toEqual({ count: 1, lastViewedAt: clock.now() });
  });
});
