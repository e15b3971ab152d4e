import { afterEach, expect, vi } from 'vitest';
import { createShareService, MemoryShareStore, type ChatSource, type ShareApi, type Viewer } from '@chatshare/core';
import { linearChat } from '@chatshare/core/testing';
import { createHttpShareClient, createShareHandler, type ShareHandlerOptions } from '@chatshare/adapters/http';
import { serve, type Loopback } from '../loopback.js';

/** The share handler over the real service on a real socket, and the users and chat the handler and client tests share. */

/** Distinctive values that must never appear in what viewers receive (no owner id, email or source chat id). */
export const ALICE = 'alice@example.com';
export const SECRET_CHAT = 'chat-7f3a9c-private';

export const USERS: Record<string, Viewer> = {
  alice: { id: ALICE, displayName: 'Alice' },
  bob: { id: 'bob' },
  admin: { id: 'admin', isAdmin: true },
};

export const chats: ChatSource = {
  getChat: async (chatId) =>
    chatId === SECRET_CHAT ? { ownerId: ALICE, chat: { ...linearChat(3, { title: 'Photosynthesis' }), id: SECRET_CHAT } } : null,
};

/** The host's `identify`: a `session=<user>` cookie, as a real host would read its session cookie. */
export function identify(request: Request): Viewer {
  const match = /(?:^|;\s*)session=(\w+)/.exec(request.headers.get('cookie') ?? '');
  return (match && USERS[match[1] ?? '']) || null;
}

export type Setup = { server: Loopback; base: string; store: MemoryShareStore; as(user: string | null, timeoutMs?: number): ShareApi };

export async function setup(options: Partial<ShareHandlerOptions> & { generateId?: () => string; store?: MemoryShareStore } = {}): Promise<Setup> {
  const store = options.store ?? new MemoryShareStore();
  const service = createShareService({ store, chats, ...(options.generateId ? { generateId: options.generateId } : {}) });
  const { generateId: _g, store: _s, ...handlerOptions } = options;
  const server = await serve(createShareHandler(service, { identify, rateLimit: false, onError: () => undefined, ...handlerOptions }));
  const base = `${server.origin}/api/chatshare`;
  return {
    server,
    base,
    store,
    as: (user, timeoutMs) =>
      createHttpShareClient({ baseUrl: base, headers: user ? { cookie: `session=${user}` } : {}, ...(timeoutMs ? { timeoutMs } : {}) }),
  };
}

export function expectShareHeaders(response: Response): void {
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow, noarchive');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

/**
 * Registers the clean-up (servers closed, mocks restored after each test) and returns `fresh`, which starts a server
 * that is closed that way, and `opened`, where a test puts any other server it starts. Call once per test file.
 */
export function useShareServers(): { opened: Loopback[]; fresh(options?: Parameters<typeof setup>[0]): Promise<Setup> } {
  const opened: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    vi.restoreAllMocks();
  });
  return {
    opened,
    async fresh(options = {}) {
      const s = await setup(options);
      opened.push(s.server);
      return s;
    },
  };
}
