import { describe, expect, it } from 'vitest';
import { MemoryShareStore, type ShareStore } from '@chatshare/core';
import { describeStoreConformance, makeArchivedSnapshot, makeStoredShare } from '@chatshare/core/testing';
import { createHttpStore, createStoreHandler } from '@chatshare/adapters/http';
import { serve, type Loopback } from '../loopback.js';

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

/** A client whose answers pass through `rewrite` on their way back (a proxy or a server answering off-protocol). */
function clientWithRewrittenAnswers(origin: string, rewrite: (answer: { result: unknown }) => unknown) {
  return createHttpStore({
    baseUrl: `${origin}/api/chatshare-store`,
    token: TOKEN,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      const answer = (await response.json()) as { result: unknown };
      return new Response(JSON.stringify(rewrite(answer)), { status: response.status, headers: { 'content-type': 'application/json' } });
    },
  });
}

describe('createHttpStore: the answers it accepts', () => {
  it('T25: an answer that does not match the protocol is NETWORK_ERROR, never handed to core', async () => {
    const inner = new MemoryShareStore();
    const server = await serve(createStoreHandler(inner, { token: TOKEN }));
    try {
      const row = makeStoredShare();
      await inner.insertShare(row);
      await inner.replaceShare({ ...row, version: 2 }, 1, { archive: makeArchivedSnapshot(1) });
      const rewrites: ((result: Record<string, unknown>) => unknown)[] = [
        (read) => ({ ...read, share: { ...(read.share as object), meta: { parsed: true } } }),
        (read) => ({ ...read, views: { count: -1, lastViewedAt: null } }),
        (read) => ({ ...read, share: { ...(read.share as object), createdAt: '1760000000000' } }),
      ];
      for (const rewrite of rewrites) {
        const client = clientWithRewrittenAnswers(server.origin, (answer) => ({ result: rewrite(answer.result as Record<string, unknown>) }));
        await expect(client.getShare(row.id)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
      }
      const truncated = clientWithRewrittenAnswers(server.origin, (answer) => ({ result: (answer.result as unknown[]).map(() => ({ version: 1 })) }));
      await expect(truncated.getHistory(row.id)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
      const untouched = clientWithRewrittenAnswers(server.origin, (answer) => answer);
      expect(await untouched.getHistory(row.id)).toEqual([makeArchivedSnapshot(1)]);
    } finally {
      await server.close();
    }
  });

  it('sends replaceShare without options as an empty options object, and the handler accepts two arguments too', async () => {
    const server = await serve(createStoreHandler(new MemoryShareStore(), { token: TOKEN }));
    try {
      const store = createHttpStore({ baseUrl: `${server.origin}/api/chatshare-store`, token: TOKEN });
      const row = makeStoredShare();
      await store.insertShare(row);
      await store.replaceShare({ ...row, version: 2 }, 1);
      const raw = await fetch(`${server.origin}/api/chatshare-store/replaceShare`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ args: [{ ...row, version: 3 }, 2] }),
      });
      expect(raw.status).toBe(200);
      expect((await store.getShare(row.id))?.share.version).toBe(3);
    } finally {
      await server.close();
    }
  });
});
