import { describe, expect, it } from 'vitest';
import { alice, bob, code, failure, setup } from './setup-share-service.js';

describe('B13: unlocking', () => {
  it('B13: a viewer needs the password; a wrong one is PASSWORD_INCORRECT; the token then opens read and clone', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    expect(await code(as(bob).readShare(share.id))).toBe('PASSWORD_REQUIRED');
    expect(await code(as(bob).cloneShare(share.id))).toBe('PASSWORD_REQUIRED');
    expect(await code(as(bob).unlockShare(share.id, 'open sesam'))).toBe('PASSWORD_INCORRECT');
    const unlocked = await as(bob).unlockShare(share.id, 'open sesame');
    expect(unlocked.expiresAt).toBe(1_700_000_000_000 + 12 * 60 * 60 * 1000);
    expect(unlocked.token).not.toContain('open sesame');
    expect((await as(bob).readShare(share.id, { unlockToken: unlocked.token })).title).toBe('Alice chat');
    expect((await as(bob).cloneShare(share.id, { unlockToken: unlocked.token })).title).toBe('Alice chat');
  });

  it('B13: the owner reads and clones without the password', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    expect((await as(alice).readShare(share.id)).isOwner).toBe(true);
    expect((await as(alice).cloneShare(share.id)).title).toBe('Alice chat');
  });

  it('B13: options without `password` keep it; updateShare and createShare set it', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    expect(share.hasPassword).toBe(false);
    expect((await as(alice).updateShare(share.id, { password: 'via update' })).hasPassword).toBe(true);
    const { token } = await as(bob).unlockShare(share.id, 'via update');
    expect((await as(alice).setShareOptions(share.id, { showOwnerName: true })).hasPassword).toBe(true);
    expect((await as(alice).updateShare(share.id)).hasPassword).toBe(true);
    expect(await code(as(bob).readShare(share.id, { unlockToken: token }))).toBe('ok');
  });

  it('B13: unlocking a link whose password was just removed succeeds, so the viewer can go on reading', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    const { token } = await as(bob).unlockShare(share.id, 'anything');
    expect(await code(as(bob).readShare(share.id, { unlockToken: token }))).toBe('ok');
  });

  it('B13: a password that is not a string is INVALID_INPUT', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    expect(await code(as(bob).unlockShare(share.id, 42 as unknown as string))).toBe('INVALID_INPUT');
  });
});

describe('B13, R2: the audience decides first', () => {
  it('R2, T1: a viewer the audience refuses gets exactly the answers of an unprotected link, never PASSWORD_REQUIRED', async () => {
    const { as } = setup();
    const answers = async (password?: string) => {
      const instance = await as(alice).createShare({ chatId: 'c1', ...(password ? { password } : {}) });
      const owner = await as(alice).createShare({ chatId: 'c1', audience: { type: 'owner' }, ...(password ? { password } : {}) });
      const errors = [
        await failure(as(null).readShare(instance.id)),
        await failure(as(bob).readShare(owner.id)),
        await failure(as(null).unlockShare(instance.id, 'open sesame')),
        await failure(as(bob).unlockShare(owner.id, 'open sesame')),
        await failure(as(bob).cloneShare(owner.id)),
      ];
      return errors.map((e) => [e.code, e.message]);
    };
    const protectedAnswers = await answers('open sesame');
    expect(protectedAnswers).toEqual(await answers());
    expect(protectedAnswers.map(([c]) => c)).toEqual(['AUTH_REQUIRED', 'SHARE_NOT_FOUND', 'AUTH_REQUIRED', 'SHARE_NOT_FOUND', 'SHARE_NOT_FOUND']);
    // And as for an id that never existed.
    const unknown = await failure(as(bob).unlockShare('A'.repeat(21), 'open sesame'));
    expect([unknown.code, unknown.message]).toEqual(protectedAnswers[1]);
  });

  it('R2: an anonymous viewer of a public protected link is asked for the password', async () => {
    const { as } = setup();
    await as({ id: 'root', isAdmin: true }).updateSettings({ allowPublicLinks: true });
    const share = await as(alice).createShare({ chatId: 'c1', audience: { type: 'anyone' }, password: 'open sesame' });
    expect(await code(as(null).readShare(share.id))).toBe('PASSWORD_REQUIRED');
    const { token } = await as(null, '198.51.100.7').unlockShare(share.id, 'open sesame');
    expect(await code(as(null).readShare(share.id, { unlockToken: token }))).toBe('ok');
  });
});
