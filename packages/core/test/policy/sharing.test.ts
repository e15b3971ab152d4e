import { describe, expect, it } from 'vitest';
import { admin, alice, code, setup } from '../service/setup-share-service.js';

describe('B9 who may share', () => {
  it('B9: an admin can take away a user’s permission to share', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    expect(await code(as(alice).setSharingAllowed('alice', false))).toBe('FORBIDDEN');
    await as(admin).setSharingAllowed('alice', false);
    expect(await code(as(alice).createShare({ chatId: 'c1' }))).toBe('FORBIDDEN');
    expect(await code(as(alice).updateShare(share.id))).toBe('FORBIDDEN');
    expect(await code(as(alice).setShareOptions(share.id, { audience: { type: 'anyone' } }))).toBe('FORBIDDEN');
    await as(admin).setSharingAllowed('alice', true);
    expect((await as(alice).createShare({ chatId: 'c1' })).id).toBeTruthy();
  });
});
