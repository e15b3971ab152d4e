import { describe, expect, it } from 'vitest';
import { createShareService } from '@chatshare/core';
import { alice, bob, code, setup } from '../service/setup-share-service.js';

describe('B13: unlock tokens', () => {
  it('B13: a token for share A does not open share B with the same password', async () => {
    const { as } = setup();
    const a = await as(alice).createShare({ chatId: 'c1', password: 'shared pass' });
    const b = await as(alice).createShare({ chatId: 'c2', password: 'shared pass' });
    const { token } = await as(bob).unlockShare(a.id, 'shared pass');
    expect(await code(as(bob).readShare(b.id, { unlockToken: token }))).toBe('PASSWORD_REQUIRED');
  });

  it('B13: changing or removing the password voids earlier tokens; setting the same password again does too', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'first pass' });
    const first = (await as(bob).unlockShare(share.id, 'first pass')).token;
    await as(alice).setShareOptions(share.id, { password: 'second pass' });
    expect(await code(as(bob).readShare(share.id, { unlockToken: first }))).toBe('PASSWORD_REQUIRED');
    expect(await code(as(bob).unlockShare(share.id, 'first pass'))).toBe('PASSWORD_INCORRECT');
    const second = (await as(bob).unlockShare(share.id, 'second pass')).token;
    await as(alice).updateShare(share.id, { password: 'second pass' });
    expect(await code(as(bob).readShare(share.id, { unlockToken: second }))).toBe('PASSWORD_REQUIRED');
    // Removing it opens the link to the audience again, token or not.
    const removed = await as(alice).setShareOptions(share.id, { password: null });
    expect(removed.hasPassword).toBe(false);
    expect(await code(as(bob).readShare(share.id))).toBe('ok');
    // A later password does not bring a token of the old one back.
    await as(alice).setShareOptions(share.id, { password: 'first pass' });
    expect(await code(as(bob).readShare(share.id, { unlockToken: first }))).toBe('PASSWORD_REQUIRED');
  });

  it('B13: an expired, tampered or malformed token is PASSWORD_REQUIRED', async () => {
    const { as, clock } = setup({ unlockTtlMs: 60_000 });
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    const { token, expiresAt } = await as(bob).unlockShare(share.id, 'open sesame');
    expect(expiresAt).toBe(clock.now() + 60_000);
    const [stamp, mac] = token.split('.') as [string, string];
    const later = `${(expiresAt + 3_600_000).toString(36)}.${mac}`;
    const flipped = `${stamp}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    for (const bad of [later, flipped, 'garbage', '', `${stamp}.${mac}x`]) {
      expect(await code(as(bob).readShare(share.id, { unlockToken: bad })), bad).toBe('PASSWORD_REQUIRED');
    }
    clock.advance(59_999);
    expect(await code(as(bob).readShare(share.id, { unlockToken: token }))).toBe('ok');
    clock.advance(1);
    expect(await code(as(bob).readShare(share.id, { unlockToken: token }))).toBe('PASSWORD_REQUIRED');
  });

  it('B13: replicas with the same unlockSecret accept each other’s tokens; default secrets are per service', async () => {
    const secret = 'a-shared-secret-of-at-least-32-chars!';
    const one = setup({ unlockSecret: secret });
    const share = await one.as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    const { token } = await one.as(bob).unlockShare(share.id, 'open sesame');
    const replica = createShareService({ ...one.settings, unlockSecret: secret });
    expect(await code(replica.forActor(bob).readShare(share.id, { unlockToken: token }))).toBe('ok');
    const { unlockSecret: _shared, ...ownSecret } = one.settings;
    const stranger = createShareService(ownSecret);
    expect(await code(stranger.forActor(bob).readShare(share.id, { unlockToken: token }))).toBe('PASSWORD_REQUIRED');
  });
});
