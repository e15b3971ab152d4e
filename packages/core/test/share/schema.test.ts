import { describe, expect, it } from 'vitest';
import { createShareService, MemoryShareStore, type ShareApi, type Viewer } from '@chatshare/core';
import { linearChat } from '@chatshare/core/testing';

/** Strings PostgreSQL's text/jsonb refuse and memory and IndexedDB keep: a NUL, a lone high and a lone low surrogate. */
const UNSTORABLE = ['a\u0000b', 'a\ud800b', '\udc00'] as const;

function shareSetup() {
  const store = new MemoryShareStore();
  const chats = { getChat: async (id: string) => (id === 'chat-1' ? { ownerId: 'alice', chat: linearChat(3) } : null) };
  const service = createShareService({ store, chats });
  return { store, as: (viewer: Viewer) => service.forActor(viewer) };
}

/** Asserts `call` is refused as INVALID_INPUT with an issue at `path` saying which character class is refused. */
async function refusedAt(call: () => Promise<unknown> | unknown, path: string): Promise<void> {
  let caught: unknown;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected INVALID_INPUT at ${path}`).toMatchObject({ code: 'INVALID_INPUT' });
  const issues = (caught as { issues: { path: string; message: string }[] }).issues;
  expect(issues).toContainEqual({ path, message: expect.stringMatching(/NUL characters|lone surrogates/) });
}

describe('T23, R6: share inputs no store can keep are INVALID_INPUT in every store', () => {
  it('T23, R6: a NUL or lone surrogate in any id, query, cursor or name of a share, list, settings or actor input is refused naming the field; nothing is stored', async () => {
    const { store, as } = shareSetup();
    const alice = as({ id: 'alice', displayName: 'Alice' });
    const admin = as({ id: 'admin', isAdmin: true });
    const share = await alice.createShare({ chatId: 'chat-1' });
    const people = (userIds: string[], groupIds: string[] = []) => ({ type: 'people' as const, userIds, groupIds });
    for (const bad of UNSTORABLE) {
      await refusedAt(() => alice.createShare({ chatId: 'chat-1', audience: people([bad]) }), 'input.audience.userIds.0');
      await refusedAt(() => alice.createShare({ chatId: 'chat-1', audience: people(['bob'], ['g', bad]) }), 'input.audience.groupIds.1');
      await refusedAt(() => alice.createShare({ chatId: bad }), 'input.chatId');
      await refusedAt(() => alice.createShare({ chatId: 'chat-1', upToMessageId: bad }), 'input.upToMessageId');
      await refusedAt(() => alice.updateShare(share.id, { upToMessageId: bad }), 'input.upToMessageId');
      await refusedAt(() => alice.setShareOptions(share.id, { audience: people([bad]) }), 'input.audience.userIds.0');
      await refusedAt(() => alice.listShares({ query: bad }), 'input.query');
      await refusedAt(() => alice.listShares({ cursor: bad }), 'input.cursor');
      await refusedAt(() => admin.listAllShares({ ownerId: bad }), 'input.ownerId');
      await refusedAt(() => admin.setSharingAllowed(bad, false), 'userId');
      await refusedAt(() => alice.findShareForChat(bad), 'chatId');
      await refusedAt(() => alice.revokeSharesOfChat(bad), 'chatId');
      await refusedAt(() => admin.revokeAllShares({ ownerId: bad }), 'ownerId');
      await refusedAt(() => as({ id: bad }), 'actor.id');
      await refusedAt(() => as({ id: 'carol', groups: ['staff', bad] }), 'actor.groups.1');
      await refusedAt(() => as({ id: 'carol', displayName: bad }), 'actor.displayName');
    }
    // Nothing reached the store: the one share made above is all there is, unchanged, and no user was disabled.
    const stored = await store.listShares({}, { limit: 100, cursor: null });
    expect(stored.items.map((r) => [r.share.id, r.share.version])).toEqual([[share.id, 1]]);
    expect((await admin.getSettings()).sharingDisabledUserIds).toEqual([]);
  });

  it('T23, R6: well-formed text (an emoji surrogate pair, accents) is still accepted, and an overlong id is refused for its length without a scan', async () => {
    const { as } = shareSetup();
    const alice: ShareApi = as({ id: 'alice😀', displayName: 'Zoë 😀', groups: ['équipe'] });
    const made = await alice.createShare({ chatId: 'chat-1', audience: { type: 'people', userIds: ['bob😀'], groupIds: ['équipe'] } }).catch((e: unknown) => e);
    // chat-1 is alice's, not "alice😀"'s: refused as not found, i.e. after every input was accepted.
    expect(made).toMatchObject({ code: 'CHAT_NOT_FOUND' });
    expect((await alice.listShares({ query: 'Zoë 😀' })).items).toEqual([]);
    // The length check aborts: a 201-character id holding a NUL gets the length issue only.
    const error = await alice.createShare({ chatId: `${'x'.repeat(200)}\u0000` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    const issues = (error as { issues: { path: string; message: string }[] }).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('input.chatId');
    expect(issues[0]?.message).not.toMatch(/NUL/);
  });
});
