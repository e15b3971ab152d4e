import { describe, expect, it } from 'vitest';
import { computeSnapshotHash, SNAPSHOT_HISTORY_LIMIT } from '@chatshare/core';
import { linearChat } from '@chatshare/core/testing';
import { admin, alice, bob, code, failure, setup } from './issue8-setup.js';

describe('B16: versions of a link', () => {
  it('B16: updates keep earlier snapshots; the owner lists them current first', async () => {
    const { as, chats, clock } = setup();
    const v1 = await as(alice).createShare({ chatId: 'c1' });
    chats.set('c1', { ownerId: 'alice', chat: linearChat(4, { title: 'Alice chat, longer' }) });
    clock.advance(1_000);
    const v2 = await as(alice).updateShare(v1.id);
    const versions = await as(alice).listShareVersions(v1.id);
    expect(versions).toEqual([
      { snapshotVersion: 2, createdAt: clock.now(), title: 'Alice chat, longer', scope: 'branch', messageCount: 4, hash: v2.snapshotHash, current: true },
      { snapshotVersion: 1, createdAt: v1.createdAt, title: 'Alice chat', scope: 'branch', messageCount: 2, hash: v1.snapshotHash, current: false },
    ]);
  });

  it('B16: rolling back makes the old content current as a new version with the same hash; viewers get it', async () => {
    const { as, chats, clock } = setup();
    const v1 = await as(alice).createShare({ chatId: 'c1' });
    chats.set('c1', { ownerId: 'alice', chat: linearChat(4, { title: 'Renamed' }) });
    const v2 = await as(alice).updateShare(v1.id);
    clock.advance(60_000);
    const rolled = await as(alice).rollbackShare(v1.id, 1);
    expect(rolled).toMatchObject({ snapshotVersion: 3, snapshotHash: v1.snapshotHash, title: 'Alice chat', messageCount: 2, version: 3 });
    const view = await as(bob).readShare(v1.id);
    expect(view.snapshot).toMatchObject({ version: 3, createdAt: clock.now(), hash: v1.snapshotHash });
    expect(view.title).toBe('Alice chat');
    // The content really is the old one: its hash recomputes to v1's.
    expect(await computeSnapshotHash(view.snapshot)).toBe(v1.snapshotHash);
    const versions = await as(alice).listShareVersions(v1.id);
    expect(versions.map((v) => [v.snapshotVersion, v.hash, v.current])).toEqual([
      [3, v1.snapshotHash, true],
      [2, v2.snapshotHash, false],
      [1, v1.snapshotHash, false],
    ]);
    // And forward again to what v2 said.
    const forward = await as(alice).rollbackShare(v1.id, 2);
    expect(forward).toMatchObject({ snapshotVersion: 4, snapshotHash: v2.snapshotHash, title: 'Renamed' });
  });

  it('B16: rolling back to the current version or one that is not kept is INVALID_INPUT and changes nothing', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    await as(alice).updateShare(share.id);
    const current = await failure(as(alice).rollbackShare(share.id, 2));
    expect(current.code).toBe('INVALID_INPUT');
    expect(current.message).toContain('already the current one');
    expect(await code(as(alice).rollbackShare(share.id, 7))).toBe('INVALID_INPUT');
    expect(await code(as(alice).rollbackShare(share.id, 0))).toBe('INVALID_INPUT');
    expect(await code(as(alice).rollbackShare(share.id, '1' as unknown as number))).toBe('INVALID_INPUT');
    expect((await as(alice).findShareForChat('c1'))!.version).toBe(2);
  });

  it('B16, T2: only the owner lists or rolls back; others get the answers of any other owner write', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    const hidden = await as(alice).createShare({ chatId: 'c1', audience: { type: 'owner' } });
    await as(alice).updateShare(share.id);
    await as(alice).updateShare(hidden.id);
    for (const [actor, id, expected] of [
      [bob, share.id, 'FORBIDDEN'],
      [admin, share.id, 'FORBIDDEN'],
      [bob, hidden.id, 'SHARE_NOT_FOUND'],
      [null, share.id, 'AUTH_REQUIRED'],
    ] as const) {
      const options = await code(as(actor).setShareOptions(id, { showOwnerName: true }));
      expect(options).toBe(expected);
      expect(await code(as(actor).listShareVersions(id))).toBe(expected);
      expect(await code(as(actor).rollbackShare(id, 1))).toBe(expected);
    }
    expect(await code(as(alice).listShareVersions('A'.repeat(21)))).toBe('SHARE_NOT_FOUND');
  });

  it('B16, B9: a user barred from sharing cannot roll back', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    await as(alice).updateShare(share.id);
    await as(admin).setSharingAllowed('alice', false);
    expect(await code(as(alice).rollbackShare(share.id, 1))).toBe('FORBIDDEN');
    expect((await as(alice).listShareVersions(share.id))[0]!.snapshotVersion).toBe(2);
  });

  it('B16: the list holds at most the current snapshot and SNAPSHOT_HISTORY_LIMIT earlier ones; revoking removes them', async () => {
    const { as, store } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    for (let i = 0; i < SNAPSHOT_HISTORY_LIMIT + 2; i++) await as(alice).updateShare(share.id);
    const versions = await as(alice).listShareVersions(share.id);
    expect(versions).toHaveLength(SNAPSHOT_HISTORY_LIMIT + 1);
    expect(versions.at(-1)!.snapshotVersion).toBe(3);
    await as(alice).revokeShare(share.id);
    expect(await store.getSnapshotHistory(share.id)).toEqual([]);
    expect(await code(as(alice).rollbackShare(share.id, 3))).toBe('SHARE_NOT_FOUND');
  });
});
