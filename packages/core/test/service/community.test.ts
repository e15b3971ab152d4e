import { describe, expect, it } from 'vitest';
import { parseChat, parseCommunityUpload } from '@chatshare/core';
import { linearChat } from '@chatshare/core/testing';
import { admin, alice, bob, code, setup } from './setup-share-service.js';

describe('S3 community payload', () => {
  it('is refused while community sharing is off', async () => {
    const { as } = setup();
    expect(await code(as(alice).communityPayload({ chatId: 'branched', level: 'public' }))).toBe('COMMUNITY_DISABLED');
  });
  it('public carries the branch, full history every branch, and a hub parses it back', async () => {
    const { as } = setup();
    await as(admin).updateSettings({ communitySharing: true });
    const pub = await as(alice).communityPayload({ chatId: 'branched', level: 'public' });
    const full = await as(alice).communityPayload({ chatId: 'branched', level: 'public-full-history' });
    expect(parseChat(pub.chat).messages.size).toBe(3);
    expect(parseChat(full.chat).messages.size).toBe(5);
    const received = parseCommunityUpload(JSON.stringify(full));
    expect(received.level).toBe('public-full-history');
    expect(received.chat.messages.size).toBe(5);
    expect(await code(as(bob).communityPayload({ chatId: 'branched', level: 'private' }))).toBe('CHAT_NOT_FOUND');
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
