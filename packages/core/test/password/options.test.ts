import { describe, expect, it } from 'vitest';
import { createShareService, MemoryShareStore } from '@chatshare/core';
import { alice, storedRecord } from '../service/setup-share-service.js';

describe('B13: password options are checked when the service is created', () => {
  it('B13: 600,000 iterations by default; fewer than 10,000 and short unlock secrets are refused at creation', async () => {
    const store = new MemoryShareStore();
    const chats = { getChat: async () => ({ ownerId: 'alice', chat: { title: 't', messages: [{ role: 'user', content: 'hi' }] } }) };
    const share = await createShareService({ store, chats }).forActor(alice).createShare({ chatId: 'c', password: 'slow but sure' });
    expect((await storedRecord(store, share.id))!.password!.iterations).toBe(600_000);
    expect(() => createShareService({ store, chats, passwordIterations: 9_999 })).toThrow(TypeError);
    expect(() => createShareService({ store, chats, passwordIterations: 10_000.5 })).toThrow(TypeError);
    expect(() => createShareService({ store, chats, unlockSecret: 'x'.repeat(31) })).toThrow(TypeError);
    expect(() => createShareService({ store, chats, unlockTtlMs: 0 })).toThrow(TypeError);
    expect(() => createShareService({ store, chats, unlockSecret: 'x'.repeat(32), passwordIterations: 10_000 })).not.toThrow();
  });

  it('B13: passwordGuessLimit is checked when the service is created', () => {
    const store = new MemoryShareStore();
    const chats = { getChat: async () => null };
    for (const bad of [{ perClient: 0 }, { perShare: 1.5 }, { windowMs: -1 }, { perClient: '10' }, { perHour: 3 }, null, 5]) {
      expect(() => createShareService({ store, chats, passwordGuessLimit: bad as never })).toThrow(TypeError);
    }
    expect(() => createShareService({ store, chats, passwordGuessLimit: { perClient: 5, perShare: 50, windowMs: 1_000 } })).not.toThrow();
  });
});
