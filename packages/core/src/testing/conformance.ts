import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ShareRecord } from '../share/types.js';
import type { ShareStore } from '../store/contract.js';
import { createShareService, type ChatSource } from '../share/service.js';
import { failingStore, type FailingStoreOptions } from './failing-store.js';
import { faultScenarioTests, type FaultConnection, type FaultMode, type FaultRun } from './fault-scenarios.js';
import { linearChat, makeShareRecord } from './factories.js';

/** Capabilities the suite checks, grouped so an adapter can opt out of one with a stated reason. */
export type ConformanceGroup = 'crud' | 'versioned-writes' | 'copies' | 'listing' | 'isolation' | 'settings' | 'concurrency' | 'faults' | 'service';

export interface StoreConformanceOptions {
  /** Shown in the describe block: `ShareStore conformance: <name>`. */
  name: string;
  /** Returns a fresh, empty store; called before every test. */
  createStore: () => ShareStore | Promise<ShareStore>;
  /** Called after every test with the store `createStore` returned (close connections, drop data). */
  destroyStore?: (store: ShareStore) => void | Promise<void>;
  /** Groups this store cannot support, each with the reason printed in the skipped test's title. */
  skip?: Partial<Record<ConformanceGroup, string>>;
  /** Per-test timeout in ms (slow stores: PGlite, remote). Default 20,000. */
  timeout?: number;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

function stripVolatile(record: ShareRecord | null) {
  return record === null ? null : JSON.parse(JSON.stringify(record));
}

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
 * The store contract's conformance suite. Call it from a vitest test file with a factory for your store: every
 * adapter, ours or yours, proves itself with the same cases (SPEC §5, R3, R7, T7, T8, T9, T24, T25).
 *
 * ```ts
 * import { describeStoreConformance } from '@chatshare/core/testing';
 * describeStoreConformance({ name: 'my-store', createStore: () => new MyStore() });
 * ```
 */
export function describeStoreConformance(options: StoreConformanceOptions): void {
  const timeout = options.timeout ?? 20_000;
  describe(`ShareStore conformance: ${options.name}`, () => {
    let store: ShareStore;
    beforeEach(async () => {
      store = await options.createStore();
    }, timeout);
    afterEach(async () => {
      await options.destroyStore?.(store);
    }, timeout);

    const group = (name: ConformanceGroup, title: string, body: () => void) => {
      const reason = options.skip?.[name];
      if (reason) describe.skip(`${title} (skipped: ${reason})`, body);
      else describe(title, body);
    };
    const test = (title: string, fn: () => Promise<void>) => it(title, fn, timeout);

    group('crud', 'create, read, delete', () => {
      test('an unknown id reads as null', async () => {
        expect(await store.getShare('unknown-id-000000000000')).toBeNull();
      });
      test('a created share reads back equal', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        expect(stripVolatile(await store.getShare(record.id))).toEqual(stripVolatile(record));
      });
      test('a large snapshot (2,000 messages) round-trips intact', async () => {
        const record = await makeShareRecord({ messages: 2000 });
        await store.createShare(record);
        const back = await store.getShare(record.id);
        expect(Object.keys(back!.snapshot.messages)).toHaveLength(2000);
        expect(back!.snapshot.hash).toBe(record.snapshot.hash);
      });
      test('T25: creating an id that exists fails with CONFLICT and overwrites nothing', async () => {
        const first = await makeShareRecord({ title: 'first' });
        await store.createShare(first);
        const second = await makeShareRecord({ id: first.id, title: 'second' });
        await expectCode(store.createShare(second), 'CONFLICT');
        expect((await store.getShare(first.id))!.title).toBe('first');
      });
      test('S10: deleteShare removes the share and says whether it existed', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        expect(await store.deleteShare(record.id)).toBe(true);
        expect(await store.getShare(record.id)).toBeNull();
        expect(await store.deleteShare(record.id)).toBe(false);
      });
      test('S11: deleteShares removes every share of one chat and only those', async () => {
        const a1 = await makeShareRecord({ chatId: 'chat-1' });
        const a2 = await makeShareRecord({ chatId: 'chat-1' });
        const b = await makeShareRecord({ chatId: 'chat-2' });
        const other = await makeShareRecord({ chatId: 'chat-1', ownerId: 'owner-b' });
        for (const r of [a1, a2, b, other]) await store.createShare(r);
        expect(await store.deleteShares({ ownerId: 'owner-a', chatId: 'chat-1' })).toBe(2);
        expect(await store.getShare(a1.id)).toBeNull();
        expect(await store.getShare(a2.id)).toBeNull();
        expect(await store.getShare(b.id)).not.toBeNull();
        expect(await store.getShare(other.id)).not.toBeNull();
      });
      test('B1: deleteShares by owner removes all of that owner and nothing else', async () => {
        const mine = [await makeShareRecord(), await makeShareRecord({ chatId: 'chat-x' })];
        const theirs = await makeShareRecord({ ownerId: 'owner-b' });
        for (const r of [...mine, theirs]) await store.createShare(r);
        expect(await store.deleteShares({ ownerId: 'owner-a' })).toBe(2);
        expect(await store.getShare(theirs.id)).not.toBeNull();
        expect(await store.deleteShares({ ownerId: 'owner-a' })).toBe(0);
      });
    });

    group('versioned-writes', 'versioned writes (compare-and-set)', () => {
      test('R7: an update with the current version is written', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await store.updateShare({ ...record, title: 'renamed', version: 2 }, 1);
        const back = await store.getShare(record.id);
        expect(back!.title).toBe('renamed');
        expect(back!.version).toBe(2);
      });
      test('R7: an update with a stale version fails with CONFLICT and changes nothing', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await store.updateShare({ ...record, title: 'v2', version: 2 }, 1);
        await expectCode(store.updateShare({ ...record, title: 'stale', version: 2 }, 1), 'CONFLICT');
        expect((await store.getShare(record.id))!.title).toBe('v2');
      });
      test('an update of an unknown id fails with SHARE_NOT_FOUND and creates nothing', async () => {
        const record = await makeShareRecord();
        await expectCode(store.updateShare({ ...record, version: 2 }, 1), 'SHARE_NOT_FOUND');
        expect(await store.getShare(record.id)).toBeNull();
      });
      test('T24: a late write after a revoke cannot resurrect the share', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await store.deleteShare(record.id);
        await expect(store.updateShare({ ...record, version: 2 }, 1)).rejects.toMatchObject({
          code: expect.stringMatching(/^(SHARE_NOT_FOUND|CONFLICT)$/),
        });
        expect(await store.getShare(record.id)).toBeNull();
      });
    });

    group('copies', 'records are copies', () => {
      test('mutating the record passed to createShare does not change what is stored', async () => {
        const record = await makeShareRecord({ title: 'original' });
        const mutable = JSON.parse(JSON.stringify(record)) as ShareRecord & { title: string };
        await store.createShare(mutable);
        (mutable as { title: string }).title = 'mutated';
        expect((await store.getShare(record.id))!.title).toBe('original');
      });
      test('mutating a record that was read does not change what is stored', async () => {
        const record = await makeShareRecord({ title: 'original' });
        await store.createShare(record);
        const read = (await store.getShare(record.id)) as { title: string; snapshot: { title: string } };
        try {
          read.title = 'mutated';
          read.snapshot.title = 'mutated';
        } catch {
          // A store may hand out frozen records; that satisfies the rule too.
        }
        const again = await store.getShare(record.id);
        expect(again!.title).toBe('original');
        expect(again!.snapshot.title).toBe(record.snapshot.title);
      });
    });

    group('listing', 'listing and pagination', () => {
      test('B1: shares list newest first, id descending on equal times', async () => {
        const older = await makeShareRecord();
        const newer = await makeShareRecord();
        const sameTimeA = await makeShareRecord({ id: 'AAAAAAAAAAAAAAAAAAAAA', createdAt: newer.createdAt + 10 });
        const sameTimeB = await makeShareRecord({ id: 'BBBBBBBBBBBBBBBBBBBBB', createdAt: newer.createdAt + 10 });
        for (const r of [older, sameTimeA, newer, sameTimeB]) await store.createShare(r);
        const page = await store.listShares({ ownerId: 'owner-a' }, { limit: 10 });
        expect(page.items.map((r) => r.id)).toEqual([sameTimeB.id, sameTimeA.id, newer.id, older.id]);
        expect(page.nextCursor).toBeNull();
      });
      test('B1: cursor pagination visits every share exactly once', async () => {
        const created: string[] = [];
        for (let i = 0; i < 7; i++) {
          const r = await makeShareRecord();
          created.unshift(r.id);
          await store.createShare(r);
        }
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: Awaited<ReturnType<ShareStore['listShares']>> = await store.listShares({ ownerId: 'owner-a' }, { limit: 3, cursor });
          expect(page.items.length).toBeLessThanOrEqual(3);
          seen.push(...page.items.map((r) => r.id));
          cursor = page.nextCursor;
          pages++;
        } while (cursor !== null && pages < 10);
        expect(seen).toEqual(created);
        expect(pages).toBe(3);
      });
      test('a share created between pages does not shift or repeat later pages', async () => {
        for (let i = 0; i < 4; i++) await store.createShare(await makeShareRecord());
        const first = await store.listShares({ ownerId: 'owner-a' }, { limit: 2 });
        await store.createShare(await makeShareRecord());
        const second = await store.listShares({ ownerId: 'owner-a' }, { limit: 2, cursor: first.nextCursor });
        const ids = [...first.items, ...second.items].map((r) => r.id);
        expect(new Set(ids).size).toBe(4);
        expect(second.nextCursor).toBeNull();
      });
      test('B1: search matches a title substring, case-insensitively', async () => {
        await store.createShare(await makeShareRecord({ title: 'Photosynthesis basics' }));
        await store.createShare(await makeShareRecord({ title: 'Goldwater rule' }));
        await store.createShare(await makeShareRecord({ title: 'More PHOTOSYNTHESIS' }));
        const page = await store.listShares({ ownerId: 'owner-a', query: 'photo' }, { limit: 10 });
        expect(page.items.map((r) => r.title).sort()).toEqual(['More PHOTOSYNTHESIS', 'Photosynthesis basics']);
      });
      test('search treats % and _ literally', async () => {
        await store.createShare(await makeShareRecord({ title: '100% sure' }));
        await store.createShare(await makeShareRecord({ title: '1000 sure' }));
        await store.createShare(await makeShareRecord({ title: 'a_b' }));
        await store.createShare(await makeShareRecord({ title: 'axb' }));
        expect((await store.listShares({ query: '0%' }, { limit: 10 })).items.map((r) => r.title)).toEqual(['100% sure']);
        expect((await store.listShares({ query: 'a_b' }, { limit: 10 })).items.map((r) => r.title)).toEqual(['a_b']);
      });
      test('S9: listing by chat finds the shares of that chat', async () => {
        const target = await makeShareRecord({ chatId: 'chat-9' });
        await store.createShare(await makeShareRecord({ chatId: 'chat-8' }));
        await store.createShare(target);
        const page = await store.listShares({ ownerId: 'owner-a', chatId: 'chat-9' }, { limit: 10 });
        expect(page.items.map((r) => r.id)).toEqual([target.id]);
      });
      test('B9: an unfiltered listing covers every owner', async () => {
        await store.createShare(await makeShareRecord({ ownerId: 'owner-a' }));
        await store.createShare(await makeShareRecord({ ownerId: 'owner-b' }));
        const page = await store.listShares({}, { limit: 10 });
        expect(page.items.map((r) => r.ownerId).sort()).toEqual(['owner-a', 'owner-b']);
      });
    });

    group('isolation', 'isolation between owners', () => {
      test("T1: one owner's listing never shows another owner's shares", async () => {
        const mine = await makeShareRecord({ ownerId: 'owner-a' });
        const theirs = await makeShareRecord({ ownerId: 'owner-b' });
        await store.createShare(mine);
        await store.createShare(theirs);
        const page = await store.listShares({ ownerId: 'owner-a' }, { limit: 10 });
        expect(page.items.map((r) => r.id)).toEqual([mine.id]);
      });
    });

    group('settings', 'instance settings', () => {
      test('S1: settings are null until saved, then read back', async () => {
        expect(await store.getSettings()).toBeNull();
        const settings = { communitySharing: true, allowPublicLinks: false, textToSpeech: true, sharingDisabledUserIds: ['u1'], version: 1 };
        await store.saveSettings(settings, 0);
        expect(await store.getSettings()).toEqual(settings);
      });
      test('R7: a stale settings write fails with CONFLICT', async () => {
        const base = { communitySharing: false, allowPublicLinks: true, textToSpeech: false, sharingDisabledUserIds: [] };
        await store.saveSettings({ ...base, version: 1 }, 0);
        await store.saveSettings({ ...base, communitySharing: true, version: 2 }, 1);
        await expectCode(store.saveSettings({ ...base, version: 2 }, 1), 'CONFLICT');
        expect((await store.getSettings())!.communitySharing).toBe(true);
      });
    });

    group('concurrency', 'concurrent writers', () => {
      test('concurrent creates of different shares all land', async () => {
        const records = await Promise.all(Array.from({ length: 8 }, () => makeShareRecord()));
        await Promise.all(records.map((r) => store.createShare(r)));
        const page = await store.listShares({ ownerId: 'owner-a' }, { limit: 20 });
        expect(page.items).toHaveLength(8);
      });
      test('R7: of concurrent updates from the same version exactly one wins', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        const results = await Promise.allSettled(
          Array.from({ length: 5 }, (_, i) => store.updateShare({ ...record, title: `writer ${i}`, version: 2 }, 1)),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
        expect((await store.getShare(record.id))!.title).toMatch(/^writer \d$/);
      });
      test('T24: a revoke racing an update leaves the share revoked', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await Promise.allSettled([store.updateShare({ ...record, title: 'late', version: 2 }, 1), store.deleteShare(record.id)]);
        // Whatever order they ran in, a final late write must not bring it back.
        await Promise.allSettled([store.updateShare({ ...record, title: 'later', version: 3 }, 2)]);
        expect(await store.getShare(record.id)).toBeNull();
      });
    });

    group('service', 'through the share service', () => {
      const chats: ChatSource = {
        async getChat(chatId) {
          return chatId === 'chat-live' ? { ownerId: 'alice', chat: liveChat } : null;
        },
      };
      let liveChat = linearChat(2);
      beforeEach(() => {
        liveChat = linearChat(2);
      });
      test('R3, S10: a revoked share reads as not found on the very next read', async () => {
        const service = createShareService({ store, chats });
        const alice = service.forActor({ id: 'alice' });
        const bob = service.forActor({ id: 'bob' });
        const share = await alice.createShare({ chatId: 'chat-live' });
        expect((await bob.readShare(share.id)).title).toBe('A linear chat');
        await alice.revokeShare(share.id);
        await expectCode(bob.readShare(share.id), 'SHARE_NOT_FOUND');
      });
      test('S6, T10: later messages appear only after an update, under the same id', async () => {
        const service = createShareService({ store, chats });
        const alice = service.forActor({ id: 'alice' });
        const bob = service.forActor({ id: 'bob' });
        const share = await alice.createShare({ chatId: 'chat-live' });
        liveChat = linearChat(4);
        expect(Object.keys((await bob.readShare(share.id)).snapshot.messages)).toHaveLength(2);
        const updated = await alice.updateShare(share.id);
        expect(updated.id).toBe(share.id);
        const view = await bob.readShare(share.id);
        expect(Object.keys(view.snapshot.messages)).toHaveLength(4);
        expect(view.snapshot.version).toBe(2);
      });
    });

    group('faults', 'faults lose nothing', () => {
      faultScenarioTests(() => store, { modes: STORE_FAULT_MODES, connect: serviceOverFailingStore, timeout });
    });
  });
}
