import { describe, expect, it } from 'vitest';
import { admin, alice, bob, carol, code, setup } from '../service/setup-share-service.js';

describe('S7, R2, T1, T5 who may view', () => {
  it('an instance share opens for signed-in users', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    const view = await as(bob).readShare(share.id);
    expect(view.title).toBe('Alice chat');
    expect(view.canClone).toBe(true);
    expect(view.isOwner).toBe(false);
  });
  it('T5: an anonymous viewer of an instance share gets AUTH_REQUIRED and no content', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    const error = await as(null).readShare(share.id).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(JSON.stringify(error)).not.toContain('Question number');
    expect(JSON.stringify(error)).not.toContain('Alice chat');
  });
  it('T1: an anonymous request learns nothing about which ids exist', async () => {
    const { as } = setup();
    const owner = await as(alice).createShare({ chatId: 'c1', audience: { type: 'owner' } });
    const a = await as(null).readShare(owner.id).catch((e: Error) => e);
    const b = await as(null).readShare('A'.repeat(21)).catch((e: Error) => e);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
  it('T1: a private share reads exactly like an unknown id for a signed-in stranger', async () => {
    const { as } = setup();
    const owner = await as(alice).createShare({ chatId: 'c1', audience: { type: 'owner' } });
    const a = await as(bob).readShare(owner.id).catch((e: Error) => e);
    const b = await as(bob).readShare('B'.repeat(21)).catch((e: Error) => e);
    const c = await as(bob).readShare('not a valid id!').catch((e: Error) => e);
    expect(a).toMatchObject({ code: 'SHARE_NOT_FOUND' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).toBe(JSON.stringify(c));
    expect((await as(alice).readShare(owner.id)).isOwner).toBe(true);
  });
});

describe('B2 audiences', () => {
  it('anyone links open signed out; owner links only for the owner', async () => {
    const { as } = setup();
    const pub = await as(alice).createShare({ chatId: 'c1', audience: { type: 'anyone' } });
    expect((await as(null).readShare(pub.id)).canClone).toBe(false);
    const priv = await as(alice).createShare({ chatId: 'c1', audience: { type: 'owner' } });
    expect(await code(as(bob).readShare(priv.id))).toBe('SHARE_NOT_FOUND');
    expect(await code(as(admin).readShare(priv.id))).toBe('SHARE_NOT_FOUND');
  });
  it('people links open for named users and group members only', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', audience: { type: 'people', userIds: ['carol'], groupIds: ['team'] } });
    expect((await as(carol).readShare(share.id)).id).toBe(share.id);
    expect((await as(bob).readShare(share.id)).id).toBe(share.id);
    expect(await code(as({ id: 'dave' }).readShare(share.id))).toBe('SHARE_NOT_FOUND');
    expect(await code(as(null).readShare(share.id))).toBe('AUTH_REQUIRED');
  });
  it('the owner changes the audience at any time, effective on the next read', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    await as(alice).setShareOptions(share.id, { audience: { type: 'owner' } });
    expect(await code(as(bob).readShare(share.id))).toBe('SHARE_NOT_FOUND');
  });
  it('admins can forbid anyone links; existing ones then need sign-in', async () => {
    const { as } = setup();
    const pub = await as(alice).createShare({ chatId: 'c1', audience: { type: 'anyone' } });
    await as(admin).updateSettings({ allowPublicLinks: false });
    expect(await code(as(alice).createShare({ chatId: 'c1', audience: { type: 'anyone' } }))).toBe('FORBIDDEN');
    expect(await code(as(alice).setShareOptions(pub.id, { audience: { type: 'anyone' } }))).toBe('FORBIDDEN');
    expect(await code(as(null).readShare(pub.id))).toBe('AUTH_REQUIRED');
    expect((await as(bob).readShare(pub.id)).id).toBe(pub.id);
  });
  it('an unknown audience is an INVALID_INPUT naming the field', async () => {
    const { as } = setup();
    const error = await as(alice).createShare({ chatId: 'c1', audience: { type: 'world' } as never }).catch((e) => e);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(error.issues[0].path).toMatch(/^input\.audience/);
  });
});
