import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShareService, MemoryShareStore, type ShareStore } from '@chatshare/core';
import { describeStoreConformance, linearChat, makeShareRecord } from '@chatshare/core/testing';
import { createHttpStore, createStoreHandler } from '@chatshare/adapters/http';
import { serve, type Loopback } from './loopback.js';

const TOKEN = 'store-token-0123456789abcdef0123456789';
const servers = new WeakMap<ShareStore, Loopback>();

/** client → node:http on 127.0.0.1 → store handler → memory store. */
async function httpStoreOverLoopback(): Promise<ShareStore> {
  const server = await serve(createStoreHandler(new MemoryShareStore(), { token: TOKEN, onError: () => undefined }));
  const store = createHttpStore({ baseUrl: `${server.origin}/api/chatshare-store`, token: TOKEN, timeoutMs: 10_000 });
  servers.set(store, server);
  return store;
}

describeStoreConformance({
  name: 'http (client → node:http → store handler → memory store)',
  createStore: httpStoreOverLoopback,
  destroyStore: (store) => servers.get(store)?.close(),
});

describe('store over HTTP', () => {
  const open: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    vi.restoreAllMocks();
  });

  it('T7: revoke is immediate through the HTTP store (and answers are never cacheable)', async () => {
    const server = await serve(createStoreHandler(new MemoryShareStore(), { token: TOKEN }));
    open.push(server);
    const store = createHttpStore({ baseUrl: `${server.origin}/api/chatshare-store`, token: TOKEN });
    const service = createShareService({ store, chats: { getChat: async () => ({ ownerId: 'alice', chat: linearChat(2) }) } });
    const share = await service.forActor({ id: 'alice' }).createShare({ chatId: 'c' });
    expect((await service.forActor({ id: 'bob' }).readShare(share.id)).id).toBe(share.id);
    await service.forActor({ id: 'alice' }).revokeShare(share.id);
    await expect(service.forActor({ id: 'bob' }).readShare(share.id)).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
    const raw = await fetch(`${server.origin}/api/chatshare-store/getShare`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ args: [share.id] }),
    });
    expect(raw.headers.get('cache-control')).toBe('no-store');
    expect(await raw.json()).toEqual({ result: null });
  });

  it('T26: a wrong or missing token gets 401, and the token never reaches the log', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const server = await serve(createStoreHandler(new MemoryShareStore(), { token: TOKEN }));
    open.push(server);
    const wrong = createHttpStore({ baseUrl: `${server.origin}/api/chatshare-store`, token: `${TOKEN}x` });
    await expect(wrong.getShare('a'.repeat(21))).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    const none = await fetch(`${server.origin}/api/chatshare-store/getSettings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"args":[]}' });
    expect(none.status).toBe(401);
    const logged = errors.mock.calls.flat().join('\n');
    expect(logged).not.toContain(TOKEN);
  });

  it('refuses a short token at construction', () => {
    expect(() => createStoreHandler(new MemoryShareStore(), { token: 'short' })).toThrow(/32 characters/);
  });

  it('T23: malformed store calls get typed 400s, not crashes', async () => {
    const server = await serve(createStoreHandler(new MemoryShareStore(), { token: TOKEN }));
    open.push(server);
    const post = (method: string, body: string) =>
      fetch(`${server.origin}/api/chatshare-store/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body,
      });
    const bad = await post('updateShare', JSON.stringify({ args: [{ id: 'x' }, 'one'] }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_INPUT');
    expect((await post('getShare', '{not json')).status).toBe(400);
    expect((await post('constructor', '{"args":[]}')).status).toBe(404);
    // B14/B16 calls are checked the same way: a view needs an id and a time, the history an id.
    for (const [method, args] of [
      ['recordView', ['x'.repeat(21)]],
      ['recordView', ['x'.repeat(21), 'now']],
      ['getSnapshotHistory', [42]],
    ] as const) {
      const refused = await post(method, JSON.stringify({ args }));
      expect(refused.status, `${method} ${JSON.stringify(args)}`).toBe(400);
      expect((await refused.json()).error.code).toBe('INVALID_INPUT');
    }
    // Still serving afterwards.
    const record = await makeShareRecord();
    const store = createHttpStore({ baseUrl: `${server.origin}/api/chatshare-store`, token: TOKEN });
    await store.createShare(record);
    expect((await store.getShare(record.id))?.id).toBe(record.id);
  });
});
