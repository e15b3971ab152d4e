import { describe, expect, it } from 'vitest';
import { MemoryShareStore } from '@chatshare/core';
import { failingStore, makeShareRecord } from '@chatshare/core/testing';

describe('failingStore: the fault injector the R7 scenarios rely on', () => {
  it("R7, T25: 'before' fails the Nth call with STORAGE_ERROR and the store never sees it", async () => {
    const inner = new MemoryShareStore();
    const record = await makeShareRecord();
    const faulty = failingStore(inner, { failOn: 2 });
    expect(await faulty.getShare(record.id)).toBeNull();
    await expect(faulty.createShare(record)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    expect(await inner.getShare(record.id)).toBeNull();
    // Only the Nth call fails; the next one goes through.
    await faulty.createShare(record);
    expect((await inner.getShare(record.id))?.id).toBe(record.id);
    expect(faulty.calls).toBe(3);
  });

  it("R7, T25: 'after' lets the Nth call take effect, then the caller gets NETWORK_ERROR (the answer was lost)", async () => {
    const inner = new MemoryShareStore();
    const record = await makeShareRecord();
    const faulty = failingStore(inner, { failOn: 1, when: 'after' });
    await expect(faulty.createShare(record)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect((await inner.getShare(record.id))?.id).toBe(record.id);
  });

  it("'after' loses the store's own error too: the caller still gets NETWORK_ERROR, the cause is kept", async () => {
    const inner = new MemoryShareStore();
    const record = await makeShareRecord();
    await inner.createShare(record);
    const faulty = failingStore(inner, { failOn: 1, when: 'after' });
    const error = await faulty.createShare(record).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', cause: { code: 'CONFLICT' } });
  });

  it('a failOn the caller never reaches only counts calls', async () => {
    const faulty = failingStore(new MemoryShareStore(), { failOn: Infinity });
    await faulty.getSettings();
    await faulty.listShares({}, { limit: 1 });
    expect(faulty.calls).toBe(2);
  });
});

describe('failingStore: the B14/B16 store methods are faultable too', () => {
  it("B14, R7: recordView 'before' counts nothing, 'after' counts the view and loses the answer", async () => {
    const inner = new MemoryShareStore();
    const record = await makeShareRecord();
    await inner.createShare(record);
    await expect(failingStore(inner, { failOn: 1 }).recordView(record.id, 5)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    expect((await inner.getShare(record.id))?.views.count).toBe(0);
    await expect(failingStore(inner, { failOn: 1, when: 'after' }).recordView(record.id, 5)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect((await inner.getShare(record.id))?.views).toEqual({ count: 1, lastViewedAt: 5 });
  });

  it('B16: getSnapshotHistory is counted and fails on its turn', async () => {
    const inner = new MemoryShareStore();
    const record = await makeShareRecord();
    await inner.createShare(record);
    const faulty = failingStore(inner, { failOn: 2 });
    expect(await faulty.getSnapshotHistory(record.id)).toEqual([]);
    await expect(faulty.getSnapshotHistory(record.id)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    expect(faulty.calls).toBe(2);
  });
});
