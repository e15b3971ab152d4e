import { describe, expect, it } from 'vitest';
import { admin, alice, bob, code, setup } from '../service/setup-share-service.js';

describe('T2 only the owner changes a share', () => {
  it('T2: a non-owner cannot update, revoke, re-audience or extend a share', async () => {
    const { as, store } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    const before = JSON.stringify(await store.getShare(share.id));
    expect(await code(as(bob).updateShare(share.id))).toBe('FORBIDDEN');
    expect(await code(as(bob).revokeShare(share.id))).toBe('FORBIDDEN');
    expect(await code(as(bob).setShareOptions(share.id, { audience: { type: 'anyone' } }))).toBe('FORBIDDEN');
    expect(await code(as(bob).setShareOptions(share.id, { expiresAt: null }))).toBe('FORBIDDEN');
    const hidden = await as(alice).createShare({ chatId: 'c1', audience: { type: 'owner' } });
    expect(await code(as(bob).revokeShare(hidden.id))).toBe('SHARE_NOT_FOUND');
    expect(JSON.stringify(await store.getShare(share.id))).toBe(before);
  });
});

describe('B9, S11 what admins may do', () => {
  it('B9: admins list and revoke any share, and revoke all shares of a user', async () => {
    const { as } = setup();
    const a = await as(alice).createShare({ chatId: 'c1', audience: { type: 'owner' } });
    await as(bob).createShare({ chatId: 'cb' });
    expect(await code(as(bob).listAllShares())).toBe('FORBIDDEN');
    const all = await as(admin).listAllShares();
    expect(all.items.map((s) => s.ownerId).sort()).toEqual(['alice', 'bob']);
    await as(admin).revokeShare(a.id);
    expect(await code(as(alice).readShare(a.id))).toBe('SHARE_NOT_FOUND');
    expect(await code(as(bob).revokeAllShares({ ownerId: 'alice' }))).toBe('FORBIDDEN');
    expect(await as(admin).revokeAllShares({ ownerId: 'bob' })).toBe(1);
  });
  it("S11: an admin deleting a user's chat revokes that user's links to it", async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    expect(await as(bob).revokeSharesOfChat('c1')).toBe(0);
    expect(await as(admin).revokeSharesOfChat('c1')).toBe(1);
    expect(await code(as(bob).readShare(share.id))).toBe('SHARE_NOT_FOUND');
  });
});
