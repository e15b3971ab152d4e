import { describe, expect, it, vi } from 'vitest';
import { createShareService, MemoryShareStore, parseCommunityUpload, parseChat, type Actor, type ShareStore } from '@chatshare/core';
import { chatWithBranches, linearChat } from '@chatshare/core/testing';

const alice: Actor = { id: 'alice', displayName: 'Alice' };
const bob: Actor = { id: 'bob', groups: ['team'] };
const carol: Actor = { id: 'carol' };
const admin: Actor = { id: 'root', isAdmin: true };

function setup(options: { store?: ShareStore; generateId?: () => string } = {}) {
  const store = options.store ?? new MemoryShareStore();
  const chats = new Map<string, { ownerId: string; chat: unknown }>([
    ['c1', { ownerId: 'alice', chat: linearChat(2, { title: 'Alice chat' }) }],
    ['c2', { ownerId: 'alice', chat: chatWithBranches({ depth: 2, width: 2 }) }],
    ['cb', { ownerId: 'bob', chat: linearChat(2, { title: 'Bob chat' }) }],
  ]);
  let time = 1_700_000_000_000;
  const clock = { now: () => time, advance: (ms: number) => (time += ms) };
  const service = createShareService({
    store,
    chats: { getChat: async (id) => chats.get(id) ?? null },
    now: clock.now,
    ...(options.generateId ? { generateId: options.generateId } : {}),
  });
  return { store, chats, clock, service, as: (actor: Actor | null) => service.forActor(actor) };
}

const code = (promise: Promise<unknown>) => promise.then(() => 'ok', (e: { code?: string }) => e.code);

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
  it('T12: narrowing to branch scope stops serving the other branches at once', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c2', scope: 'full-history' });
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
    expect((await store.getShare(share.id))!.snapshot.version).toBe(2);
    expect(await code(as(bob).readShare(share.id))).toBe('SHARE_NOT_FOUND');
  });
  it('B2: an update asking for a forbidden public audience changes nothing at all', async () => {
    const { as, chats, store } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    await as(admin).updateSettings({ allowPublicLinks: false });
    chats.set('c1', { ownerId: 'alice', chat: linearChat(4, { title: 'Alice chat' }) });
    expect(await code(as(alice).updateShare(share.id, { audience: { type: 'anyone' } }))).toBe('FORBIDDEN');
    expect((await store.getShare(share.id))!.version).toBe(1);
  });
  it('T24: an update that lost the race to a revoke does not resurrect the share', async () => {
    const { as, store } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    const slowStore = store as MemoryShareStore;
    const originalUpdate = slowStore.updateShare.bind(slowStore);
    const updateStarted = vi.fn();
    slowStore.updateShare = async (record, expected) => {
      updateStarted();
      await as(alice).revokeShare(share.id); // the revoke lands while the update is in flight
      return originalUpdate(record, expected);
    };
    expect(await code(as(alice).updateShare(share.id))).toBe('SHARE_NOT_FOUND');
    expect(updateStarted).toHaveBeenCalled();
    expect(await store.getShare(share.id)).toBeNull();
  });
});

describe('S10, S11, B1 revoke', () => {
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
  it('B1: list my shares with search and cursor pagination, then delete all', async () => {
    const { as, clock } = setup();
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await as(alice).createShare({ chatId: i % 2 ? 'c1' : 'c2' });
    }
    await as(bob).createShare({ chatId: 'cb' });
    const first = await as(alice).listShares({ limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await as(alice).listShares({ limit: 3, cursor: first.nextCursor });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(first.items[0]!.createdAt).toBeGreaterThan(first.items[1]!.createdAt);
    expect((await as(alice).listShares({ query: 'alice' })).items).toHaveLength(2);
    expect(JSON.stringify(first)).not.toContain('"ownerId"');
    expect(await as(alice).revokeAllShares()).toBe(5);
    expect((await as(alice).listShares()).items).toHaveLength(0);
    expect((await as(bob).listShares()).items).toHaveLength(1);
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

describe('S1, B9 settings and admin', () => {
  it('community sharing is off by default and only admins change it', async () => {
    const { as } = setup();
    expect((await as(bob).getSettings()).communitySharing).toBe(false);
    expect(await code(as(bob).updateSettings({ communitySharing: true }))).toBe('FORBIDDEN');
    expect(await code(as(null).updateSettings({ communitySharing: true }))).toBe('AUTH_REQUIRED');
    const settings = await as(admin).updateSettings({ communitySharing: true });
    expect(settings.communitySharing).toBe(true);
    expect((await as(bob).getSettings()).communitySharing).toBe(true);
  });
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

describe('T26 settings privacy', () => {
  it('only admins see who may not share; a user learns only about themselves', async () => {
    const { as } = setup();
    await as(admin).setSharingAllowed('carol', false);
    expect((await as(admin).getSettings()).sharingDisabledUserIds).toEqual(['carol']);
    expect((await as(null).getSettings()).sharingDisabledUserIds).toEqual([]);
    expect((await as(bob).getSettings()).sharingDisabledUserIds).toEqual([]);
    expect((await as(carol).getSettings()).sharingDisabledUserIds).toEqual(['carol']);
  });
});

describe('S11 admin cascade', () => {
  it("an admin deleting a user's chat revokes that user's links to it", async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    expect(await as(bob).revokeSharesOfChat('c1')).toBe(0);
    expect(await as(admin).revokeSharesOfChat('c1')).toBe(1);
    expect(await code(as(bob).readShare(share.id))).toBe('SHARE_NOT_FOUND');
  });
});

describe('S3 community payload', () => {
  it('is refused while community sharing is off', async () => {
    const { as } = setup();
    expect(await code(as(alice).communityPayload({ chatId: 'c2', level: 'public' }))).toBe('COMMUNITY_DISABLED');
  });
  it('public carries the branch, full history every branch, and a hub parses it back', async () => {
    const { as } = setup();
    await as(admin).updateSettings({ communitySharing: true });
    const pub = await as(alice).communityPayload({ chatId: 'c2', level: 'public' });
    const full = await as(alice).communityPayload({ chatId: 'c2', level: 'public-full-history' });
    expect(parseChat(pub.chat).messages.size).toBe(3);
    expect(parseChat(full.chat).messages.size).toBe(5);
    const received = parseCommunityUpload(JSON.stringify(full));
    expect(received.level).toBe('public-full-history');
    expect(received.chat.messages.size).toBe(5);
    expect(await code(as(bob).communityPayload({ chatId: 'c2', level: 'private' }))).toBe('CHAT_NOT_FOUND');
  });
  it('T18: a private upload carries no ids of the owner or source', async () => {
    const { as, chats } = setup();
    await as(admin).updateSettings({ communitySharing: true });
    const raw = { ...linearChat(2), id: 'source-77', userId: 'alice-internal', user: { email: 'alice@example.com' } };
    chats.set('c9', { ownerId: 'alice', chat: raw });
    const text = JSON.stringify(await as(alice).communityPayload({ chatId: 'c9', level: 'private' }));
    for (const s of ['source-77', 'alice-internal', 'alice@example.com', 'msg-0']) expect(text).not.toContain(s);
  });
  it('a hub rejects malformed uploads with a typed error', () => {
    expect(() => parseCommunityUpload('{not json')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => parseCommunityUpload(JSON.stringify({ chat: { history: 5 } }))).toThrow(expect.objectContaining({ code: 'INVALID_CHAT' }));
  });
});

describe('B6 clone', () => {
  it('a signed-in viewer gets a new chat with fresh ids; anonymous viewers must sign in', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', audience: { type: 'anyone' } });
    const chat = await as(bob).cloneShare(share.id);
    const parsed = parseChat(chat);
    expect(parsed.messages.size).toBe(2);
    expect(parsed.title).toBe('Alice chat');
    expect(await code(as(null).cloneShare(share.id))).toBe('AUTH_REQUIRED');
  });
});

describe('B5, T26 privacy of what viewers receive', () => {
  it('a view carries no owner id or source chat id; a display name only when chosen', async () => {
    const { as } = setup();
    const hidden = await as(alice).createShare({ chatId: 'c1' });
    const text = JSON.stringify(await as(bob).readShare(hidden.id));
    expect(text).not.toContain('alice');
    expect(text).not.toContain('"c1"');
    expect(text).not.toContain('ownerId');
    expect(text).not.toContain('chatId');
    const shown = await as(alice).createShare({ chatId: 'c1', showOwnerName: true });
    expect((await as(bob).readShare(shown.id)).ownerName).toBe('Alice');
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
    expect((await store.getShare(first.id))!.chatId).toBe('c1');
  });
  it('T25: a corrupt stored record is rejected, not served', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const share = await as(alice).createShare({ chatId: 'c1' });
    const record = (await store.getShare(share.id))!;
    await store.updateShare({ ...record, snapshot: { ...record.snapshot, messages: 'garbage' } } as never, record.version);
    expect(await code(as(bob).readShare(share.id))).toBe('STORAGE_ERROR');
  });
  it('T25: a store error outside the contract (a remote store saying AUTH_REQUIRED) reaches callers as STORAGE_ERROR', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const share = await as(alice).createShare({ chatId: 'c1' });
    store.getShare = async () => {
      const { AuthRequiredError } = await import('@chatshare/core');
      throw new AuthRequiredError('store token rejected');
    };
    expect(await code(as(bob).readShare(share.id))).toBe('STORAGE_ERROR');
  });
  it('R6: a forged cursor is an INVALID_INPUT, not a store failure', async () => {
    const { as } = setup();
    expect(await code(as(alice).listShares({ cursor: 'zzzzzzzzzzzzzzzz.abc' }))).toBe('INVALID_INPUT');
  });
  it('R6: a malformed actor from the host is refused', () => {
    const { service } = setup();
    expect(() => service.forActor({ id: '' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
