import { describe, expect, it } from 'vitest';
import { computeSnapshotHash, DEFAULT_LEAVE_OUT, MemoryShareStore, SNAPSHOT_HISTORY_LIMIT } from '@chatshare/core';
import { linearChat } from '@chatshare/core/testing';
import { REVIEW_MARKERS, reviewChat } from '../../src/testing/factories.js';
import { admin, alice, bob, code, failure, setup, storedRecord } from './setup-share-service.js';

const markersIn = (value: unknown) => Object.values(REVIEW_MARKERS).filter((marker) => JSON.stringify(value).includes(marker));

describe('B16: versions of a link', () => {
  it('B16: updates keep earlier snapshots; the owner lists them current first', async () => {
    const { as, chats, clock } = setup();
    const v1 = await as(alice).createShare({ chatId: 'c1' });
    chats.set('c1', { ownerId: 'alice', chat: linearChat(4, { title: 'Alice chat, longer' }) });
    clock.advance(1_000);
    const v2 = await as(alice).updateShare(v1.id);
    const versions = await as(alice).listShareVersions(v1.id);
    expect(versions).toEqual([
      { snapshotVersion: 2, createdAt: clock.now(), title: 'Alice chat, longer', scope: 'branch', messageCount: 4, hash: v2.snapshotHash, current: true, leaveOut: DEFAULT_LEAVE_OUT },
      { snapshotVersion: 1, createdAt: v1.createdAt, title: 'Alice chat', scope: 'branch', messageCount: 2, hash: v1.snapshotHash, current: false, leaveOut: DEFAULT_LEAVE_OUT },
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
    expect(await store.getHistory(share.id)).toEqual([]);
    expect(await code(as(alice).rollbackShare(share.id, 3))).toBe('SHARE_NOT_FOUND');
  });

  it('B16, B15: rolling back restores the leave-out choices the version was made with; each version lists its own', async () => {
    const { as } = setup();
    const v1 = await as(alice).createShare({ chatId: 'review', leaveOut: { systemPrompt: false } });
    const v1Choices = { ...DEFAULT_LEAVE_OUT, systemPrompt: false };
    expect(v1.leaveOut).toEqual(v1Choices);
    const narrowed = await as(alice).updateShare(v1.id, { leaveOut: { systemPrompt: true, messageIds: ['src-u2'] } });
    const v2Choices = { ...DEFAULT_LEAVE_OUT, systemPrompt: true, messageIds: ['src-u2'] };
    expect(narrowed.leaveOut).toEqual(v2Choices);
    expect(markersIn(await as(bob).readShare(v1.id))).not.toContain(REVIEW_MARKERS.systemPrompt);

    expect((await as(alice).listShareVersions(v1.id)).map((v) => [v.snapshotVersion, v.leaveOut])).toEqual([
      [2, v2Choices],
      [1, v1Choices],
    ]);
    // Version 1 published the system prompt and the private message: after the rollback the owner is told so.
    const rolled = await as(alice).rollbackShare(v1.id, 1);
    expect(rolled.leaveOut).toEqual(v1Choices);
    const published = markersIn(await as(bob).readShare(v1.id));
    expect(published).toContain(REVIEW_MARKERS.systemPrompt);
    expect(published).toContain(REVIEW_MARKERS.privateMessage);
    expect((await as(alice).listShareVersions(v1.id)).map((v) => [v.snapshotVersion, v.current, v.leaveOut])).toEqual([
      [3, true, v1Choices],
      [2, false, v2Choices],
      [1, false, v1Choices],
    ]);
    // "Update and copy link" then re-applies the restored choices, as the summary says.
    const updated = await as(alice).updateShare(v1.id);
    expect(updated.leaveOut).toEqual(v1Choices);
    expect(markersIn(await as(bob).readShare(v1.id))).toContain(REVIEW_MARKERS.systemPrompt);
  });

  it('B16, T12: a rollback publishes the version as listed, scope included; narrowing the current one archives nothing', async () => {
    const { as, chats } = setup();
    chats.set('c1', { ownerId: 'alice', chat: reviewChat() });
    const v1 = await as(alice).createShare({ chatId: 'c1', scope: 'full-history' });
    const v2 = await as(alice).updateShare(v1.id);
    // Narrowing rewrites the current snapshot in place (T12): no new version, so nothing joins the history.
    const narrowed = await as(alice).setShareOptions(v1.id, { scope: 'branch' });
    expect(narrowed).toMatchObject({ snapshotVersion: 2, scope: 'branch' });
    const versions = await as(alice).listShareVersions(v1.id);
    expect(versions.map((v) => [v.snapshotVersion, v.scope, v.leaveOut])).toEqual([
      [2, 'branch', DEFAULT_LEAVE_OUT],
      [1, 'full-history', DEFAULT_LEAVE_OUT],
    ]);
    expect(v2.snapshotHash).not.toBe(narrowed.snapshotHash);
    // The owner picks version 1, which the list shows as full history: that is what viewers get, and the summary says so.
    const rolled = await as(alice).rollbackShare(v1.id, 1);
    expect(rolled).toMatchObject({ snapshotVersion: 3, scope: 'full-history', snapshotHash: v1.snapshotHash, leaveOut: DEFAULT_LEAVE_OUT });
    expect((await as(bob).readShare(v1.id)).snapshot.scope).toBe('full-history');
    // And the narrowed version 2 is kept as it was when replaced.
    expect((await as(alice).listShareVersions(v1.id))[1]).toMatchObject({ snapshotVersion: 2, scope: 'branch', hash: narrowed.snapshotHash });
  });

  it('B16: the kept choices follow the history limit', async () => {
    const { as, store } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    for (let i = 0; i < SNAPSHOT_HISTORY_LIMIT + 3; i++) await as(alice).updateShare(share.id, { leaveOut: { attachments: i % 2 === 0 } });
    const record = (await storedRecord(store, share.id))!;
    const entries = await store.getHistory(share.id);
    // Each entry carries the choices its snapshot was made with, so the choices kept are exactly the versions kept.
    const kept = entries.filter((entry) => 'leaveOut' in JSON.parse(entry.meta)).map((entry) => entry.version).sort((a, b) => a - b);
    const history = entries.map((entry) => entry.version).sort((a, b) => a - b);
    expect(kept).toEqual(history);
    expect(kept).toHaveLength(SNAPSHOT_HISTORY_LIMIT);
    expect(history.at(-1)).toBe(record.snapshot.version - 1);
    const versions = await as(alice).listShareVersions(share.id);
    expect(versions.every((v) => v.leaveOut !== null)).toBe(true);
    expect(versions.at(-1)!.leaveOut!.attachments).toBe(true);
  });

  it('B16, B15: a history entry that lost the choices it was made with is refused as corrupt, never republished', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const share = await as(alice).createShare({ chatId: 'review' });
    await as(alice).updateShare(share.id, { leaveOut: { toolOutput: true } });
    // The entry of version 1 without its choices, as a damaged store might hand it back.
    const [entry] = await store.getHistory(share.id);
    const { leaveOut: _lost, ...meta } = JSON.parse(entry!.meta) as Record<string, unknown>;
    const row = (await store.getShare(share.id))!.share;
    await store.replaceShare(row, row.version, { archive: { ...entry!, meta: JSON.stringify(meta) } });
    const listed = await failure(as(alice).listShareVersions(share.id));
    expect(listed).toMatchObject({ code: 'STORAGE_ERROR', message: `The stored history of share ${share.id} is corrupt and was not served.` });
    const refused = await failure(as(alice).rollbackShare(share.id, 1));
    expect(refused.code).toBe('STORAGE_ERROR');
    const current = (await as(alice).findShareForChat('review'))!;
    expect(current).toMatchObject({ snapshotVersion: 2, leaveOut: { ...DEFAULT_LEAVE_OUT, toolOutput: true } });
    expect(markersIn(await as(bob).readShare(share.id))).not.toContain(REVIEW_MARKERS.toolResult);
  });
});

describe('B16: core decides the history', () => {
  it('B16: a new snapshot version archives the replaced one with its choices and prunes below the limit in the same write; options archive nothing', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const writes: { expected: number; options: unknown }[] = [];
    const replace = store.replaceShare.bind(store);
    store.replaceShare = async (row, expected, options) => {
      writes.push({ expected, options });
      return replace(row, expected, options);
    };
    const share = await as(alice).createShare({ chatId: 'c1', leaveOut: { attachments: true } });
    const before = (await store.getShare(share.id))!.share;
    await as(alice).updateShare(share.id);
    await as(alice).setShareOptions(share.id, { showOwnerName: true });
    expect(writes).toHaveLength(2);
    expect(writes[0]).toEqual({
      expected: 1,
      options: { archive: { version: 1, meta: expect.any(String), body: expect.any(String) }, dropHistoryBelow: 2 - SNAPSHOT_HISTORY_LIMIT },
    });
    const { archive } = writes[0]!.options as { archive: { meta: string; body: string } };
    expect(JSON.parse(archive.body)).toEqual(JSON.parse(before.body));
    const archived = JSON.parse(archive.meta);
    expect(archived.leaveOut).toEqual({ ...DEFAULT_LEAVE_OUT, attachments: true });
    expect(archived.snapshot).toMatchObject({ version: 1, hash: share.snapshotHash, messageCount: 2, scope: 'branch' });
    expect(writes[1]).toEqual({ expected: 2, options: {} });
  });

  it('B16: history entries at or above the current snapshot version are not history and are ignored', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const share = await as(alice).createShare({ chatId: 'c1' });
    await as(alice).updateShare(share.id);
    const row = (await store.getShare(share.id))!.share;
    // Left behind by some other writer: one entry at the current version, one above it, one of them not even valid.
    await store.replaceShare(row, row.version, { archive: { version: 2, meta: '{}', body: row.body } });
    await store.replaceShare(row, row.version, { archive: { version: 9, meta: 'garbage', body: 'garbage' } });
    expect((await store.getHistory(share.id)).map((entry) => entry.version)).toEqual([9, 2, 1]);
    expect((await as(alice).listShareVersions(share.id)).map((v) => [v.snapshotVersion, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(await code(as(alice).rollbackShare(share.id, 9))).toBe('INVALID_INPUT');
    expect((await as(alice).rollbackShare(share.id, 1)).snapshotVersion).toBe(3);
  });

  it('B16, T25: a corrupt history entry is refused, not served or republished', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const share = await as(alice).createShare({ chatId: 'c1' });
    await as(alice).updateShare(share.id);
    const row = (await store.getShare(share.id))!.share;
    const [entry] = await store.getHistory(share.id);
    const body = JSON.stringify({ ...JSON.parse(entry!.body), messages: 'garbage' });
    await store.replaceShare(row, row.version, { archive: { ...entry!, body } });
    for (const call of [as(alice).listShareVersions(share.id), as(alice).rollbackShare(share.id, 1)]) {
      expect(await failure(call)).toMatchObject({ code: 'STORAGE_ERROR', message: `The stored history of share ${share.id} is corrupt and was not served.` });
    }
    // An entry whose number disagrees with its snapshot is as corrupt.
    await store.replaceShare(row, row.version, { archive: { ...entry!, version: 1, body: JSON.stringify({ ...JSON.parse(entry!.body), version: 7 }) } });
    expect(await code(as(alice).listShareVersions(share.id))).toBe('STORAGE_ERROR');
    expect((await as(bob).readShare(share.id)).snapshot.version).toBe(2);
  });
});
