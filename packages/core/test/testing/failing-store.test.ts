import { describe, expect, it } from 'vitest';
import { MemoryShareStore } from '@chatshare/core';
import { failingStore } from '@chatshare/core/testing';
import { makeStoredShare } from '../store/stored-rows.js';

describe('failingStore: the fault injector the R7 scenarios rely on', () => {
  it("R7, T25: 'before' fails the Nth call with STORAGE_ERROR and the store never sees it", async () => {
    const inner = new MemoryShareStore();
    const row = await makeStoredShare();
    const faulty = failingStore(inner, { failOn: 2 });
    expect(await faulty.getShare(row.id)).toBeNull();
    await expect(faulty.insertShare(row)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    expect(await inner.getShare(row.id)).toBeNull();
    // Only the Nth call fails; the next one goes through.
    await faulty.insertShare(row);
    expect((await inner.getShare(row.id))?.share.id).toBe(row.id);
    expect(faulty.calls).toBe(3);
  });

  it("R7, T25: 'after' lets the Nth call take effect, then the caller gets NETWORK_ERROR (the answer was lost)", async () => {
    const inner = new MemoryShareStore();
    const row = await makeStoredShare();
    const faulty = failingStore(inner, { failOn: 1, when: 'after' });
    await expect(faulty.insertShare(row)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect((await inner.getShare(row.id))?.share.id).toBe(row.id);
  });

  it("'after' loses the store's own error too: the caller still gets NETWORK_ERROR, the cause is kept", async () => {
    const inner = new MemoryShareStore();
    const row = await makeStoredShare();
    await inner.insertShare(row);
    const faulty = failingStore(inner, { failOn: 1, when: 'after' });
    const error = await faulty.insertShare(row).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', cause: { code: 'CONFLICT' } });
  });

  it('a failOn the caller never reaches only counts calls', async () => {
    const faulty = failingStore(new MemoryShareStore(), { failOn: Infinity });
    await faulty.getSettings();
    await faulty.listShares({}, { limit: 1 });
    expect(faulty.calls).toBe(2);
  });
});

describe('failingStore: the view and history store methods are faultable too', () => {
  it("B14, R7: addViews 'before' counts nothing, 'after' counts the view and loses the answer", async () => {
    const inner = new MemoryShareStore();
    const row = await makeStoredShare();
    await inner.insertShare(row);
    const views = [{ id: row.id, count: 1, lastViewedAt: 5 }];
    await expect(failingStore(inner, { failOn: 1 }).addViews(views)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    expect((await inner.getShare(row.id))?.views.count).toBe(0);
    await expect(failingStore(inner, { failOn: 1, when: 'after' }).addViews(views)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect((await inner.getShare(row.id))?.views).toEqual({ count: 1, lastViewedAt: 5 });
  });

  it('B16: getHistory is counted and fails on its turn', async () => {
    const inner = new MemoryShareStore();
    const row = await makeStoredShare();
    await inner.insertShare(row);
    const faulty = failingStore(inner, { failOn: 2 });
    expect(await faulty.getHistory(row.id)).toEqual([]);
    await expect(faulty.getHistory(row.id)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    expect(faulty.calls).toBe(2);
  });
});
