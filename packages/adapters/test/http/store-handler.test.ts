import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShareService, MemoryShareStore } from '@chatshare/core';
import { linearChat, makeStoredShare } from '@chatshare/core/testing';
import { createHttpStore, createStoreHandler } from '@chatshare/adapters/http';
import { serve, type Loopback } from '../loopback.js';

const TOKEN = 'store-token-0123456789abcdef0123456789';

/** Argument lists the protocol refuses, for every method it carries. */
function malformedCalls(): readonly (readonly [string, unknown])[] {
  const row = makeStoredShare();
  return [
    ['getShare', [42]],
    ['getShare', []],
    ['insertShare', [{ id: 'x' }]],
    ['insertShare', [{ ...row, meta: { parsed: true } }]],
    ['insertShare', [{ ...row, createdAt: 1.5 }]],
    ['replaceShare', [{ id: 'x' }, 'one']],
    ['replaceShare', [row, 'one']],
    ['replaceShare', [row, 1, { archive: { version: 1 } }]],
    ['replaceShare', [row, 1, { dropHistoryBelow: 'all' }]],
    ['deleteShare', [null]],
    ['deleteShares', [{ ownerId: 5 }]],
    ['listShares', [{}]],
    ['listShares', [{}, { limit: 0 }]],
    ['listShares', [{}, { limit: 101 }]],
    ['addViews', [{}]],
    ['addViews', [[{ id: row.id, count: 0, lastViewedAt: 1 }]]],
    ['addViews', [[{ id: row.id, count: 1.5, lastViewedAt: 1 }]]],
    ['addViews', [[{ id: row.id, count: 1, lastViewedAt: -1 }]]],
    ['addViews', [[{ id: row.id, count: 1 }]]],
    ['getHistory', [42]],
    ['getSettings', ['extra']],
    ['saveSettings', [{ version: 1 }, 0]],
    ['saveSettings', [{ version: 1, body: { parsed: true } }, 0]],
    ['saveSettings', [{ version: 1, body: '{}' }]],
  ];
}

describe('createStoreHandler: the store over HTTP', () => {
  const open: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    vi.restoreAllMocks();
  });
  const start = async (store = new MemoryShareStore()) => {
    const server = await serve(createStoreHandler(store, { token: TOKEN }));
    open.push(server);
    const post = (method: string, body: string, token = TOKEN) =>
      fetch(`${server.origin}/api/chatshare-store/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
    return { server, post, client: createHttpStore({ baseUrl: `${server.origin}/api/chatshare-store`, token: TOKEN }) };
  };

  it('T7: revoke is immediate through the HTTP store (and answers are never cacheable)', async () => {
    const { post, client } = await start();
    const service = createShareService({ store: client, chats: { getChat: async () => ({ ownerId: 'alice', chat: linearChat(2) }) } });
    const share = await service.forActor({ id: 'alice' }).createShare({ chatId: 'c' });
    expect((await service.forActor({ id: 'bob' }).readShare(share.id)).id).toBe(share.id);
    await service.forActor({ id: 'alice' }).revokeShare(share.id);
    await expect(service.forActor({ id: 'bob' }).readShare(share.id)).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
    const raw = await post('getShare', JSON.stringify({ args: [share.id] }));
    expect(raw.headers.get('cache-control')).toBe('no-store');
    expect(await raw.json()).toEqual({ result: null });
  });

  it('T26: a wrong or missing token gets 401, and the token never reaches the log', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { server } = await start();
    const wrong = createHttpStore({ baseUrl: `${server.origin}/api/chatshare-store`, token: `${TOKEN}x` });
    await expect(wrong.getShare('a'.repeat(21))).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    const none = await fetch(`${server.origin}/api/chatshare-store/getSettings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"args":[]}' });
    expect(none.status).toBe(401);
    expect(errors.mock.calls.flat().join('\n')).not.toContain(TOKEN);
  });

  it('refuses a short token at construction', () => {
    expect(() => createStoreHandler(new MemoryShareStore(), { token: 'short' })).toThrow(/32 characters/);
  });

  it('T23: every method checks its argument list: malformed calls get typed 400s, reach no store and leave it serving', async () => {
    const inner = new MemoryShareStore();
    const { post, client } = await start(inner);
    for (const [method, args] of malformedCalls()) {
      const refused = await post(method, JSON.stringify({ args }));
      expect(refused.status, `${method} ${JSON.stringify(args)}`).toBe(400);
      expect((await refused.json()).error.code, method).toBe('INVALID_INPUT');
    }
    expect(await inner.listShares({}, { limit: 10 })).toEqual({ items: [], nextCursor: null });
    expect(await inner.getSettings()).toBeNull();
    expect((await post('getShare', '{not json')).status).toBe(400);
    expect((await post('constructor', '{"args":[]}')).status).toBe(404);
    expect((await post('close', '{"args":[]}')).status).toBe(404);
    // Still serving afterwards.
    const row = makeStoredShare();
    await client.insertShare(row);
    expect((await client.getShare(row.id))?.share).toEqual(row);
  });

  it('passes only the contract fields of a row to the store', async () => {
    const inner = new MemoryShareStore();
    const { post } = await start(inner);
    const row = makeStoredShare();
    const answer = await post('insertShare', JSON.stringify({ args: [{ ...row, views: { count: 99 }, extra: 'dropped' }] }));
    expect(answer.status).toBe(200);
    expect(await inner.getShare(row.id)).toEqual({ share: row, views: { count: 0, lastViewedAt: null }, settings: null });
  });
});
