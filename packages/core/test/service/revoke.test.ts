import { describe, expect, it } from 'vitest';
import { MemoryShareStore } from '@chatshare/core';
import { alice, bob, code, setup } from './setup-share-service.js';

describe('S10, S11 revoke', () => {
  it('a revoked link reads as gone at once; a new share gets a new id', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    await as(alice).revokeShare(share.id);
    expect(await code(as(bob).readShare(share.id))).toBe('SHARE_NOT_FOUND');
    expect(await as(alice).findShareForChat('c1')).toBeNull();
    const again = await as(alice).createShare({ chatId: 'c1' });
    expect(again.id).not.toBe(share.id);
    expect(await code(as(alice).revokeShare(share.id))).toBe('SHARE_NOT_FOUND');
  });
  it('S11: deleting the source chat revokes every share of it', async () => {
    const { as } = setup();
    const a = await as(alice).createShare({ chatId: 'c1' });
    const b = await as(alice).createShare({ chatId: 'c1', audience: { type: 'anyone' } });
    const other = await as(alice).createShare({ chatId: 'c2' });
    expect(await as(alice).revokeSharesOfChat('c1')).toBe(2);
    expect(await code(as(bob).readShare(a.id))).toBe('SHARE_NOT_FOUND');
    expect(await code(as(null).readShare(b.id))).toBe('AUTH_REQUIRED');
    expect((await as(bob).readShare(other.id)).id).toBe(other.id);
  });
  it('T8: a failing cascade reports the error', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    await as(alice).createShare({ chatId: 'c1' });
    store.deleteShares = async () => {
      throw new Error('disk on fire');
    };
    const error = await as(alice).revokeSharesOfChat('c1').catch((e) => e);
    expect(error).toMatchObject({ code: 'STORAGE_ERROR' });
    expect(error.message).not.toContain('disk on fire');
  });
});
