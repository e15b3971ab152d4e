import { createShareService, MemoryShareStore, type ShareApi } from '@chatshare/core';
import { chatWithBranches, linearChat } from '@chatshare/core/testing';
import tenMessages from '../../core/test/fixtures/open-webui/ten-messages.json';

/** A real in-memory share service for the stories: alice owns a few chats. */
export async function demoService(options: { community?: boolean; tts?: boolean } = {}) {
  const chats: Record<string, unknown> = {
    photosynthesis: tenMessages,
    branches: chatWithBranches({ depth: 3, width: 3, title: 'Trip ideas, with regenerations' }),
    long: linearChat(10_000, { title: 'A 10,000-message chat' }),
    recipes: linearChat(4, { title: 'Weeknight recipes' }),
  };
  const service = createShareService({
    store: new MemoryShareStore(),
    chats: { getChat: async (id) => (Object.hasOwn(chats, id) ? { ownerId: 'alice', chat: chats[id] } : null) },
  });
  const admin = service.forActor({ id: 'admin', isAdmin: true });
  await admin.updateSettings({ communitySharing: options.community ?? false, textToSpeech: options.tts ?? false });
  const alice: ShareApi = service.forActor({ id: 'alice' });
  const bob: ShareApi = service.forActor({ id: 'bob' });
  const anonymous: ShareApi = service.forActor(null);
  return { service, alice, bob, anonymous, chats };
}
