import { createShareService, type ChatSource, type ShareStore } from '@chatshare/core';
import { linearChat } from '@chatshare/core/testing';
import { createHttpShareClient, createShareHandler } from '@chatshare/adapters/http';

/** The host's chats for R3 tests: alice owns `chat-1`. */
export const aliceChats: ChatSource = {
  getChat: async (chatId) => (chatId === 'chat-1' ? { ownerId: 'alice', chat: linearChat(3) } : null),
};

/**
 * One handler replica: its own service over its own store object, reached through the real handler by a client
 * whose `fetch` hands the request straight to it (the same code path as a server, without a socket).
 */
export function replica(store: ShareStore, user: string) {
  const service = createShareService({ store, chats: aliceChats });
  const handler = createShareHandler(service, { identify: () => ({ id: user }), rateLimit: false });
  return createHttpShareClient({
    baseUrl: 'http://replica.test/api/chatshare',
    fetch: async (input, init) => handler(new Request(input as string, init)),
  });
}
