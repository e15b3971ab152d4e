import { describe, expect } from 'vitest';
import { createShareService, type ChatSource, type ShareServiceOptions } from '../../index.js';
import type { ShareStore } from '../../store/contract.js';
import { MemoryShareStore } from '../../store/memory.js';
import { failingStore, type FailingStoreOptions } from '../failing-store.js';
import { linearChat } from '../factories.js';
import { faultScenarioTests, type FaultConnection, type FaultMode, type FaultRun } from '../fault-scenarios.js';
import { defineStoreSuite, expectCode, type StoreCase } from './define.js';

const STARTED_AT = 1_760_000_000_000;

/** The host's chats: alice owns `chat-live` (whose message count a test grows between updates) and `chat-other`. */
function liveChats(): ChatSource & { messages: number } {
  const chats = {
    messages: 2,
    getChat: async (chatId: string) =>
      chatId === 'chat-live' || chatId === 'chat-other' ? { ownerId: 'alice', chat: linearChat(chats.messages) } : null,
  };
  return chats;
}

/** The share service over `store` with a clock a test moves and repeatable ids, as the public API gives it. */
function serviceOver(store: ShareStore, chats = liveChats()) {
  let now = STARTED_AT;
  let ids = 0;
  const options: ShareServiceOptions = { store, chats, now: () => now, generateId: () => `serviceshare${String(++ids).padStart(9, '0')}` };
  const service = createShareService(options);
  return {
    chats,
    alice: service.forActor({ id: 'alice' }),
    bob: service.forActor({ id: 'bob' }),
    advance: (ms: number) => void (now += ms),
  };
}

/** `count` updates of one new share, each with one more message; the owner's list of versions afterwards. */
async function versionsAfterUpdates(store: ShareStore, count: number) {
  const { alice, chats, advance } = serviceOver(store);
  const share = await alice.createShare({ chatId: 'chat-live' });
  for (let i = 0; i < count; i++) {
    chats.messages += 1;
    advance(1000);
    await alice.updateShare(share.id);
  }
  return alice.listShareVersions(share.id);
}

const cases: Record<string, StoreCase> = {
  'R3, S10: a revoked share reads as not found on the very next read': async (store) => {
    const { alice, bob } = serviceOver(store);
    const share = await alice.createShare({ chatId: 'chat-live' });
    expect((await bob.readShare(share.id)).title).toBe('A linear chat');
    await alice.revokeShare(share.id);
    await expectCode(bob.readShare(share.id), 'SHARE_NOT_FOUND');
    await expectCode(alice.listShareVersions(share.id), 'SHARE_NOT_FOUND');
  },

  'S6, T10: later messages appear only after an update, under the same id': async (store) => {
    const { alice, bob, chats } = serviceOver(store);
    const share = await alice.createShare({ chatId: 'chat-live' });
    chats.messages = 4;
    expect(Object.keys((await bob.readShare(share.id)).snapshot.messages)).toHaveLength(2);
    const updated = await alice.updateShare(share.id);
    expect(updated.id).toBe(share.id);
    const view = await bob.readShare(share.id);
    expect(Object.keys(view.snapshot.messages)).toHaveLength(4);
    expect(view.snapshot.version).toBe(2);
  },

  'B1: created shares are listed for their owner, newest first, searchable, with no views yet': async (store) => {
    const { alice, bob, advance } = serviceOver(store);
    const first = await alice.createShare({ chatId: 'chat-live' });
    advance(1000);
    const second = await alice.createShare({ chatId: 'chat-other' });
    const listed = await alice.listShares();
    expect(listed.items.map((s) => s.id)).toEqual([second.id, first.id]);
    expect(listed.items[1]).toMatchObject({ id: first.id, snapshotHash: first.snapshotHash, messageCount: 2, viewCount: 0, lastViewedAt: null });
    expect((await alice.listShares({ query: 'LINEAR' })).items).toHaveLength(2);
    expect((await bob.listShares()).items).toEqual([]);
  },

  'B16: each update keeps the replaced snapshot in the versions list, newest first': async (store) => {
    const versions = await versionsAfterUpdates(store, 3);
    expect(versions.map((v) => [v.snapshotVersion, v.messageCount, v.current])).toEqual([
      [4, 5, true],
      [3, 4, false],
      [2, 3, false],
      [1, 2, false],
    ]);
  },

  'B16: after more updates than the history keeps, the versions are exactly those the memory store keeps': async (store) => {
    const here = await versionsAfterUpdates(store, 25);
    const reference = await versionsAfterUpdates(new MemoryShareStore(), 25);
    expect(here).toEqual(reference);
    expect(here.length, 'the oldest versions were dropped').toBeLessThan(26);
    expect(here[0]).toMatchObject({ snapshotVersion: 26, current: true });
  },

  "B14: reads by others are counted, the owner's listing shows them and an update keeps them": async (store) => {
    const { alice, bob, advance } = serviceOver(store);
    const share = await alice.createShare({ chatId: 'chat-live' });
    await bob.readShare(share.id);
    advance(5000);
    await bob.readShare(share.id);
    await alice.readShare(share.id);
    expect((await alice.listShares()).items[0]).toMatchObject({ viewCount: 2, lastViewedAt: STARTED_AT + 5000 });
    await alice.updateShare(share.id);
    expect((await alice.findShareForChat('chat-live'))!.viewCount).toBe(2);
  },

  'S11, T8: revoking the shares of a chat removes them with their versions and leaves the others': async (store) => {
    const { alice, bob } = serviceOver(store);
    const doomed = await alice.createShare({ chatId: 'chat-live' });
    await alice.updateShare(doomed.id);
    const kept = await alice.createShare({ chatId: 'chat-other' });
    expect(await alice.revokeSharesOfChat('chat-live')).toBe(1);
    await expectCode(bob.readShare(doomed.id), 'SHARE_NOT_FOUND');
    expect((await bob.readShare(kept.id)).id).toBe(kept.id);
    expect((await alice.listShares()).items.map((s) => s.id)).toEqual([kept.id]);
  },
};

type StoreFaultMode = FaultMode & { readonly when: NonNullable<FailingStoreOptions['when']> };

/** `failingStore`'s two faults: the call fails before reaching the store, or it lands and its answer is lost. */
const STORE_FAULT_MODES: readonly StoreFaultMode[] = [
  { name: 'a store fault before the call', when: 'before', code: 'STORAGE_ERROR', applied: false },
  { name: 'a store fault after the call (answer lost)', when: 'after', code: 'NETWORK_ERROR', applied: true },
];

/** The share service over the store under test, the fault armed by `failingStore`. */
function serviceOverFailingStore(run: FaultRun<StoreFaultMode>): FaultConnection {
  const faulty = failingStore(run.store, run.fault ? { failOn: run.fault.failOn, when: run.fault.mode.when } : { failOn: Infinity });
  const service = createShareService({ ...run.service, store: faulty });
  return {
    forActor: (viewer) => service.forActor(viewer),
    get calls() {
      return faulty.calls;
    },
  };
}

/**
 * The share service over the store under test, through its public API only: create, update with history, views,
 * revoke and listing, and the fault scenarios with `failingStore` on every store call in turn.
 */
export const describeShareServiceOverStore = defineStoreSuite('service', 'through the share service', cases, (currentStore, timeout) => {
  describe('faults lose nothing (the share service over failingStore)', () => {
    faultScenarioTests(currentStore, { modes: STORE_FAULT_MODES, connect: serviceOverFailingStore, timeout });
  });
});
