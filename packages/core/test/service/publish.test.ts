import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LEAVE_OUT, MemoryShareStore } from '@chatshare/core';
import { linearChat } from '@chatshare/core/testing';
import { REVIEW_MARKERS, reviewChat } from '../../src/testing/factories.js';
import { admin, alice, bob, code, setup, storedRecord } from './setup-share-service.js';

function markersIn(value: unknown): string[] {
  const text = JSON.stringify(value);
  return Object.values(REVIEW_MARKERS).filter((marker) => text.includes(marker));
}

describe('S6 copy link', () => {
  it('creates a share with an unguessable id and the current messages', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    expect(share.id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(share.audience).toEqual({ type: 'instance' });
    expect(share.scope).toBe('branch');
    expect(share.messageCount).toBe(2);
  });
  it('later messages are not in the snapshot', async () => {
    const { as, chats } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    chats.set('c1', { ownerId: 'alice', chat: linearChat(5, { title: 'Alice chat' }) });
    const view = await as(bob).readShare(share.id);
    expect(Object.keys(view.snapshot.messages)).toHaveLength(2);
  });
  it('an anonymous actor cannot create shares', async () => {
    const { as } = setup();
    expect(await code(as(null).createShare({ chatId: 'c1' }))).toBe('AUTH_REQUIRED');
  });
});

describe('T3 ownership', () => {
  it("creating a share of someone else's chat is refused and stores nothing", async () => {
    const { as, store } = setup();
    expect(await code(as(bob).createShare({ chatId: 'c1' }))).toBe('CHAT_NOT_FOUND');
    expect(await code(as(bob).createShare({ chatId: 'missing' }))).toBe('CHAT_NOT_FOUND');
    expect((await store.listShares({}, { limit: 10 })).items).toHaveLength(0);
  });
  it('updating is refused once the chat belongs to someone else', async () => {
    const { as, chats } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    chats.set('c1', { ownerId: 'bob', chat: linearChat(3) });
    expect(await code(as(alice).updateShare(share.id))).toBe('CHAT_NOT_FOUND');
  });
});

describe('S9, T10 update', () => {
  it('finds the live share of a chat and re-snapshots it under the same id', async () => {
    const { as, chats } = setup();
    expect(await as(alice).findShareForChat('c1')).toBeNull();
    const share = await as(alice).createShare({ chatId: 'c1' });
    expect((await as(alice).findShareForChat('c1'))!.id).toBe(share.id);
    expect(await as(bob).findShareForChat('c1')).toBeNull();
    chats.set('c1', { ownerId: 'alice', chat: linearChat(4, { title: 'Alice chat' }) });
    const updated = await as(alice).updateShare(share.id);
    expect(updated.id).toBe(share.id);
    expect(updated.snapshotVersion).toBe(2);
    expect(updated.snapshotHash).not.toBe(share.snapshotHash);
    const view = await as(bob).readShare(share.id);
    expect(Object.keys(view.snapshot.messages)).toHaveLength(4);
    expect(view.snapshot.hash).toBe(updated.snapshotHash);
  });
  it('T12: narrowing to branch scope stops serving the other branches at once', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'branched', scope: 'full-history' });
    expect(Object.keys((await as(bob).readShare(share.id)).snapshot.messages)).toHaveLength(5);
    await as(alice).setShareOptions(share.id, { scope: 'branch' });
    expect(Object.keys((await as(bob).readShare(share.id)).snapshot.messages)).toHaveLength(3);
    // Widening would publish messages sent since the snapshot without "Update" (S6): only updateShare may do it.
    expect(await code(as(alice).setShareOptions(share.id, { scope: 'full-history' }))).toBe('INVALID_INPUT');
    await as(alice).updateShare(share.id, { scope: 'full-history' });
    expect(Object.keys((await as(bob).readShare(share.id)).snapshot.messages)).toHaveLength(5);
  });
  it('R7: "Update and copy link" writes the new snapshot and option changes in one versioned write', async () => {
    const { as, chats, store } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    chats.set('c1', { ownerId: 'alice', chat: linearChat(4, { title: 'Alice chat' }) });
    const updated = await as(alice).updateShare(share.id, { audience: { type: 'owner' }, expiresIn: 60_000 });
    expect(updated.version).toBe(2);
    expect(updated.audience).toEqual({ type: 'owner' });
    expect((await storedRecord(store, share.id))!.snapshot.version).toBe(2);
    expect(await code(as(bob).readShare(share.id))).toBe('SHARE_NOT_FOUND');
  });
  it('B2: an update asking for a forbidden public audience changes nothing at all', async () => {
    const { as, chats, store } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    await as(admin).updateSettings({ allowPublicLinks: false });
    chats.set('c1', { ownerId: 'alice', chat: linearChat(4, { title: 'Alice chat' }) });
    expect(await code(as(alice).updateShare(share.id, { audience: { type: 'anyone' } }))).toBe('FORBIDDEN');
    expect((await storedRecord(store, share.id))!.version).toBe(1);
  });
  it('T24: an update that lost the race to a revoke does not resurrect the share', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const share = await as(alice).createShare({ chatId: 'c1' });
    const originalReplace = store.replaceShare.bind(store);
    const updateStarted = vi.fn();
    store.replaceShare = async (row, expected, options) => {
      updateStarted();
      await as(alice).revokeShare(share.id); // the revoke lands while the update is in flight
      return originalReplace(row, expected, options);
    };
    expect(await code(as(alice).updateShare(share.id))).toBe('SHARE_NOT_FOUND');
    expect(updateStarted).toHaveBeenCalled();
    expect(await store.getShare(share.id)).toBeNull();
  });
});

describe('B3, T11 expiry', () => {
  it('an expired share reads as gone; the owner can extend it, others cannot', async () => {
    const { as, clock } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', expiresIn: 3_600_000 });
    expect(share.expiresAt).toBe(clock.now() + 3_600_000);
    clock.advance(3_600_000);
    expect(await code(as(bob).readShare(share.id))).toBe('SHARE_NOT_FOUND');
    expect(await as(alice).findShareForChat('c1')).toBeNull();
    expect(await code(as(bob).setShareOptions(share.id, { expiresAt: null }))).toBe('SHARE_NOT_FOUND');
    await as(alice).setShareOptions(share.id, { expiresIn: 86_400_000 });
    expect((await as(bob).readShare(share.id)).id).toBe(share.id);
  });
  it('an expiry in the past is refused', async () => {
    const { as, clock } = setup();
    expect(await code(as(alice).createShare({ chatId: 'c1', expiresAt: clock.now() - 1 }))).toBe('INVALID_INPUT');
  });
});

describe('R1, T4, T25 ids', () => {
  it('T4: ids stay random when Math.random is stubbed', async () => {
    const { as } = setup();
    const spy = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      const ids = new Set<string>();
      for (let i = 0; i < 20; i++) ids.add((await as(alice).createShare({ chatId: 'c1' })).id);
      expect(ids.size).toBe(20);
      for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    } finally {
      spy.mockRestore();
    }
  });
  it('T25: an id collision draws a new id instead of failing or overwriting', async () => {
    const ids = ['X'.repeat(21), 'X'.repeat(21), 'Y'.repeat(21)];
    const { as, store } = setup({ generateId: () => ids.shift()! });
    const first = await as(alice).createShare({ chatId: 'c1' });
    const second = await as(alice).createShare({ chatId: 'c2' });
    expect(first.id).toBe('X'.repeat(21));
    expect(second.id).toBe('Y'.repeat(21));
    expect((await storedRecord(store, first.id))!.chatId).toBe('c1');
  });
});

describe('B15: the service publishes only what the owner kept', () => {
  const everything = { messageIds: ['src-u2'], toolOutput: true, attachments: true };

  it('B15, T26: excluded content is absent from the stored record, every response, the clone and the preview', async () => {
    const { as, store } = setup();
    const preview = await as(alice).previewShare({ chatId: 'review', leaveOut: everything });
    const created = await as(alice).createShare({ chatId: 'review', leaveOut: everything });
    const view = await as(bob).readShare(created.id);
    const clone = await as(bob).cloneShare(created.id);
    const updated = await as(alice).updateShare(created.id);
    const reread = await as(bob).readShare(created.id);
    const versions = await as(alice).listShareVersions(created.id);
    const stored = await store.getShare(created.id);
    const history = await store.getHistory(created.id);
    for (const [what, value] of Object.entries({ preview: preview.snapshot, created, view, clone, updated, reread, versions, stored, history })) {
      expect(markersIn(value), what).toEqual([]);
    }
    // The viewer never sees the owner's source ids either (T26); the owner's own summary keeps the choices.
    for (const value of [view, clone, reread]) expect(JSON.stringify(value)).not.toContain('src-');
    expect(created.leaveOut).toEqual({ messageIds: ['src-u2'], systemPrompt: true, toolOutput: true, attachments: true });
    // What was kept is there.
    expect(JSON.stringify(view)).toContain('Noted. Enjoy Lisbon!');
    expect(view.snapshot.hash).toBe(preview.snapshot.hash);
  });

  it('B15: the preview is the snapshot createShare publishes, with every candidate flagged', async () => {
    const { as } = setup();
    const preview = await as(alice).previewShare({ chatId: 'review', leaveOut: { messageIds: ['src-u2'], toolOutput: true } });
    const share = await as(alice).createShare({ chatId: 'review', leaveOut: { messageIds: ['src-u2'], toolOutput: true } });
    expect(preview.snapshot.hash).toBe(share.snapshotHash);
    expect(preview.leaveOut).toEqual({ messageIds: ['src-u2'], systemPrompt: true, toolOutput: true, attachments: false });
    expect(preview.messages.map((m) => [m.sourceId, m.leftOut])).toEqual([
      ['src-sys', true],
      ['src-u1', false],
      ['src-a1', false],
      ['src-t1', true],
      ['src-a2', false],
      ['src-u2', true],
      ['src-a3', false],
    ]);
    const a1 = preview.messages.find((m) => m.sourceId === 'src-a1')!;
    expect(a1).toMatchObject({ role: 'assistant', hasToolOutput: true, model: 'test-model', fileCount: 0 });
    expect(a1.content).not.toContain(REVIEW_MARKERS.toolResult);
    expect(preview.messages.find((m) => m.sourceId === 'src-u1')!.fileCount).toBe(1);
    expect(preview).toMatchObject({ hasSystemPrompt: true, hasToolOutput: true, hasAttachments: true });
    const plain = await as(alice).previewShare({ chatId: 'c1' });
    expect(plain).toMatchObject({ hasSystemPrompt: false, hasToolOutput: false, hasAttachments: false, leaveOut: DEFAULT_LEAVE_OUT });
  });

  it('B15, T3: only the chat’s owner may preview it; it stores nothing', async () => {
    const { as, store } = setup();
    expect(await code(as(bob).previewShare({ chatId: 'review' }))).toBe('CHAT_NOT_FOUND');
    expect(await code(as(null).previewShare({ chatId: 'review' }))).toBe('AUTH_REQUIRED');
    expect(await code(as(alice).previewShare({ chatId: 'review', leaveOut: { messageIds: ['ghost'] } }))).toBe('INVALID_INPUT');
    await as(alice).previewShare({ chatId: 'review' });
    expect((await store.listShares({}, { limit: 10 })).items).toEqual([]);
  });

  it('B15: the default keeps the system prompt private; sharing it is the owner’s explicit choice', async () => {
    const { as } = setup();
    const hidden = await as(alice).createShare({ chatId: 'review' });
    expect(hidden.leaveOut).toEqual(DEFAULT_LEAVE_OUT);
    expect((await as(bob).readShare(hidden.id)).snapshot.systemPrompt).toBeUndefined();
    const shown = await as(alice).createShare({ chatId: 'review', leaveOut: { systemPrompt: false } });
    expect((await as(bob).readShare(shown.id)).snapshot.systemPrompt).toContain(REVIEW_MARKERS.systemPrompt);
  });

  it('B15: "Update and copy link" re-applies the stored choices; new ones merge over the stored ones', async () => {
    const { as, chats } = setup();
    const share = await as(alice).createShare({ chatId: 'review', leaveOut: everything });
    const again = await as(alice).updateShare(share.id);
    expect(again.leaveOut).toEqual(share.leaveOut);
    expect(markersIn(await as(bob).readShare(share.id))).toEqual([]);
    // Changing one switch keeps the others as stored (not reset to DEFAULT_LEAVE_OUT).
    const kept = await as(alice).updateShare(share.id, { leaveOut: { attachments: true } });
    expect(kept.leaveOut).toEqual({ ...DEFAULT_LEAVE_OUT, ...everything });
    expect(markersIn(await as(bob).readShare(share.id))).toEqual([]);
    const shown = await as(alice).updateShare(share.id, { leaveOut: { attachments: false, messageIds: [] } });
    expect(shown.leaveOut).toEqual({ ...DEFAULT_LEAVE_OUT, ...everything, attachments: false, messageIds: [] });
    expect(markersIn(await as(bob).readShare(share.id)).sort()).toEqual([REVIEW_MARKERS.attachment, REVIEW_MARKERS.privateMessage].sort());
    // A stored left-out message deleted from the chat since does not block the update; the choice is dropped, also
    // when the update changes only a switch.
    await as(alice).updateShare(share.id, { leaveOut: { messageIds: ['src-a3'] } });
    chats.set('review', { ownerId: 'alice', chat: linearChat(2, { title: 'Trip to Lisbon' }) });
    expect((await as(alice).updateShare(share.id, { leaveOut: { toolOutput: false } })).leaveOut.messageIds).toEqual([]);
    chats.set('review', { ownerId: 'alice', chat: reviewChat() });
    await as(alice).updateShare(share.id, { leaveOut: { messageIds: ['src-a3'] } });
    chats.set('review', { ownerId: 'alice', chat: linearChat(2, { title: 'Trip to Lisbon' }) });
    const pruned = await as(alice).updateShare(share.id);
    expect(pruned.leaveOut.messageIds).toEqual([]);
    expect(pruned.messageCount).toBe(2);
    // New choices naming a message that is not there are refused, and nothing changes.
    expect(await code(as(alice).updateShare(share.id, { leaveOut: { messageIds: ['src-a3'] } }))).toBe('INVALID_INPUT');
    expect((await as(alice).findShareForChat('review'))!.version).toBe(pruned.version);
  });
});
