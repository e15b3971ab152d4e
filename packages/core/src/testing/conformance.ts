import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseChat } from '../chat/tree.js';
import { snapshotChat } from '../snapshot/create.js';
import type { Snapshot } from '../snapshot/types.js';
import type { ShareRecord } from '../share/types.js';
import { SNAPSHOT_HISTORY_LIMIT, type ShareStore } from '../store/contract.js';
import { createShareService, type ChatSource } from '../share/service.js';
import { failingStore, type FailingStoreOptions } from './failing-store.js';
import { faultScenarioTests, type FaultConnection, type FaultMode, type FaultRun } from './fault-scenarios.js';
import { linearChat, makeShareRecord } from './factories.js';

/** Capabilities the suite checks, grouped so an adapter can opt out of one with a stated reason. */
export type ConformanceGroup =
  | 'crud'
  | 'versioned-writes'
  | 'copies'
  | 'listing'
  | 'isolation'
  | 'settings'
  | 'concurrency'
  | 'views'
  | 'history'
  | 'faults'
  | 'service';

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

/** A real snapshot for revision `version` of a share: `messages` messages, a title naming the revision. */
function revision(version: number, messages = 2): Promise<Snapshot> {
  return snapshotChat(parseChat(linearChat(messages, { title: `Revision ${version}` })), { version, now: 1_760_000_000_000 + version * 1000 });
}

/** The record after an owner's edit: the next `version`, optionally a new snapshot (an "Update and copy link"). */
function edited(record: ShareRecord, fields: Partial<ShareRecord> = {}): ShareRecord {
  return { ...record, version: record.version + 1, updatedAt: record.updatedAt + 1, ...fields };
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

    group('views', 'B14 views', () => {
      test('B14: a new share has no views; recordView counts one and stamps the time', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        expect((await store.getShare(record.id))!.views).toEqual({ count: 0, lastViewedAt: null });
        expect(await store.recordView(record.id, record.createdAt + 5)).toBe(true);
        expect((await store.getShare(record.id))!.views).toEqual({ count: 1, lastViewedAt: record.createdAt + 5 });
      });
      test('B14: 50 concurrent recordView calls count 50 (the increment is atomic)', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        const at = record.createdAt + 1000;
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.recordView(record.id, at + i)));
        expect(results.every((r) => r === true)).toBe(true);
        expect((await store.getShare(record.id))!.views).toEqual({ count: 50, lastViewedAt: at + 49 });
      });
      test('B14: lastViewedAt keeps the later time when an earlier view lands last', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await store.recordView(record.id, record.createdAt + 500);
        await store.recordView(record.id, record.createdAt + 100);
        expect((await store.getShare(record.id))!.views).toEqual({ count: 2, lastViewedAt: record.createdAt + 500 });
      });
      test('B14: recordView leaves version, updatedAt and the snapshot alone (an owner edit never conflicts with a view)', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await store.recordView(record.id, record.createdAt + 10);
        const { views, ...rest } = (await store.getShare(record.id))!;
        const { views: _before, ...expected } = record;
        expect(stripVolatile(rest as ShareRecord)).toEqual(stripVolatile(expected as ShareRecord));
        expect(views.count).toBe(1);
        // The owner's edit from the version it read before the view still wins its compare-and-set.
        await store.updateShare(edited(record, { title: 'renamed' }), 1);
        expect((await store.getShare(record.id))!.title).toBe('renamed');
      });
      test('B14: recordView of an unknown or deleted id answers false and creates nothing', async () => {
        expect(await store.recordView('unknown-id-000000000000', 1)).toBe(false);
        expect(await store.getShare('unknown-id-000000000000')).toBeNull();
        const record = await makeShareRecord();
        await store.createShare(record);
        await store.deleteShare(record.id);
        expect(await store.recordView(record.id, record.createdAt + 1)).toBe(false);
        expect(await store.getShare(record.id)).toBeNull();
        expect((await store.listShares({}, { limit: 10 })).items).toEqual([]);
      });
      test('B14: updateShare keeps the stored views whatever the record it is given says', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await store.recordView(record.id, record.createdAt + 7);
        await store.recordView(record.id, record.createdAt + 9);
        // A stale copy (read before the views) and a forged count: neither is written.
        await store.updateShare(edited(record, { title: 'stale views' }), 1);
        expect((await store.getShare(record.id))!.views).toEqual({ count: 2, lastViewedAt: record.createdAt + 9 });
        await store.updateShare(edited(record, { version: 3, views: { count: 1_000, lastViewedAt: 1 } }), 2);
        const back = await store.getShare(record.id);
        expect(back!.version).toBe(3);
        expect(back!.views).toEqual({ count: 2, lastViewedAt: record.createdAt + 9 });
      });
      test('B14: recordView interleaved with compare-and-set updates never loses a view', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        let current = record;
        const views: Promise<boolean>[] = [];
        for (let round = 0; round < 5; round++) {
          for (let i = 0; i < 6; i++) views.push(store.recordView(record.id, record.createdAt + round * 10 + i));
          const read = (await store.getShare(record.id))!;
          const next = edited(read, { title: `round ${round}` });
          await store.updateShare(next, read.version);
          current = next;
        }
        await Promise.all(views);
        const back = await store.getShare(record.id);
        expect(back!.version).toBe(current.version);
        expect(back!.title).toBe('round 4');
        expect(back!.views.count).toBe(30);
        expect(back!.views.lastViewedAt).toBe(record.createdAt + 45);
      });
      test('B14: views are kept through a re-snapshot and gone with the share', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await store.recordView(record.id, record.createdAt + 1);
        await store.updateShare(edited(record, { snapshot: await revision(2, 4) }), 1);
        expect((await store.getShare(record.id))!.views.count).toBe(1);
        await store.deleteShare(record.id);
        await store.createShare(record);
        expect((await store.getShare(record.id))!.views).toEqual({ count: 0, lastViewedAt: null });
      });
    });

    group('history', 'B16 snapshot history', () => {
      /** A share at snapshot revision 1, then `count` re-snapshots (revisions 2…count+1); returns the latest record. */
      async function resnapshot(record: ShareRecord, count: number): Promise<ShareRecord> {
        let current = record;
        for (let i = 0; i < count; i++) {
          const next = edited(current, { snapshot: await revision(current.snapshot.version + 1, 2 + (i % 3)) });
          await store.updateShare(next, current.version);
          current = next;
        }
        return current;
      }

      test('B16: a new share and an unknown id have no history', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        expect(await store.getSnapshotHistory(record.id)).toEqual([]);
        expect(await store.getSnapshotHistory('unknown-id-000000000000')).toEqual([]);
      });
      test('B16: an update with a new snapshot version archives exactly the replaced snapshot', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        const second = await revision(2, 4);
        await store.updateShare(edited(record, { snapshot: second }), 1);
        expect(await store.getSnapshotHistory(record.id)).toEqual([record.snapshot]);
        expect((await store.getShare(record.id))!.snapshot).toEqual(second);
        const third = await revision(3, 6);
        await store.updateShare(edited(record, { version: 3, snapshot: third }), 2);
        // Newest first.
        expect(await store.getSnapshotHistory(record.id)).toEqual([second, record.snapshot]);
      });
      test('B16: an options-only update (same snapshot version) archives nothing', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await store.updateShare(edited(record, { title: 'renamed', audience: { type: 'anyone' }, expiresAt: record.createdAt + 60_000 }), 1);
        expect(await store.getSnapshotHistory(record.id)).toEqual([]);
      });
      test('B16: a refused (CONFLICT) or not-found update archives nothing', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await store.updateShare(edited(record, { title: 'v2' }), 1);
        await expectCode(store.updateShare(edited(record, { snapshot: await revision(2) }), 1), 'CONFLICT');
        expect(await store.getSnapshotHistory(record.id)).toEqual([]);
        expect((await store.getShare(record.id))!.snapshot).toEqual(record.snapshot);
        const missing = await makeShareRecord();
        await expectCode(store.updateShare(edited(missing, { snapshot: await revision(2) }), 1), 'SHARE_NOT_FOUND');
        expect(await store.getSnapshotHistory(missing.id)).toEqual([]);
      });
      test(`B16: more than ${SNAPSHOT_HISTORY_LIMIT} re-snapshots keep the ${SNAPSHOT_HISTORY_LIMIT} newest`, async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        const latest = await resnapshot(record, SNAPSHOT_HISTORY_LIMIT + 3);
        expect(latest.snapshot.version).toBe(SNAPSHOT_HISTORY_LIMIT + 4);
        const history = await store.getSnapshotHistory(record.id);
        expect(history.map((s) => s.version)).toEqual(Array.from({ length: SNAPSHOT_HISTORY_LIMIT }, (_, i) => SNAPSHOT_HISTORY_LIMIT + 3 - i));
        expect(history[0]).toEqual(await revision(SNAPSHOT_HISTORY_LIMIT + 3, 2 + ((SNAPSHOT_HISTORY_LIMIT + 1) % 3)));
      });
      test('B16: of concurrent re-snapshots from the same version one wins and exactly one snapshot is archived', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        const results = await Promise.allSettled(
          Array.from({ length: 4 }, async (_, i) => store.updateShare(edited(record, { title: `writer ${i}`, snapshot: await revision(2, 2 + i) }), 1)),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await store.getSnapshotHistory(record.id)).toEqual([record.snapshot]);
      });
      test('B16: deleteShare removes the history; a new share with the same id starts without one', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await resnapshot(record, 2);
        expect(await store.getSnapshotHistory(record.id)).toHaveLength(2);
        expect(await store.deleteShare(record.id)).toBe(true);
        expect(await store.getSnapshotHistory(record.id)).toEqual([]);
        await store.createShare(record);
        expect(await store.getSnapshotHistory(record.id)).toEqual([]);
      });
      test("B16: deleteShares by owner and by chat remove those shares' history and no other", async () => {
        const byChat = await makeShareRecord({ chatId: 'chat-gone' });
        const otherChat = await makeShareRecord({ chatId: 'chat-kept' });
        const bobs = await makeShareRecord({ ownerId: 'owner-b', chatId: 'chat-gone' });
        for (const r of [byChat, otherChat, bobs]) {
          await store.createShare(r);
          await resnapshot(r, 1);
        }
        expect(await store.deleteShares({ chatId: 'chat-gone' })).toBe(2);
        expect(await store.getSnapshotHistory(byChat.id)).toEqual([]);
        expect(await store.getSnapshotHistory(bobs.id)).toEqual([]);
        expect(await store.getSnapshotHistory(otherChat.id)).toEqual([otherChat.snapshot]);
        const another = await makeShareRecord({ chatId: 'chat-other' });
        await store.createShare(another);
        await resnapshot(another, 1);
        expect(await store.deleteShares({ ownerId: 'owner-a' })).toBe(2);
        expect(await store.getSnapshotHistory(otherChat.id)).toEqual([]);
        expect(await store.getSnapshotHistory(another.id)).toEqual([]);
      });
      test("B16: one share never sees another's history", async () => {
        const first = await makeShareRecord();
        const second = await makeShareRecord();
        await store.createShare(first);
        await store.createShare(second);
        await resnapshot(first, 3);
        expect(await store.getSnapshotHistory(second.id)).toEqual([]);
        await resnapshot(second, 1);
        expect(await store.getSnapshotHistory(second.id)).toEqual([second.snapshot]);
        expect(await store.getSnapshotHistory(first.id)).toHaveLength(3);
      });
      test('B16: the returned history is a copy', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        await resnapshot(record, 1);
        const read = (await store.getSnapshotHistory(record.id)) as unknown as { title: string }[];
        try {
          read[0]!.title = 'mutated';
        } catch {
          // Frozen copies satisfy the rule too.
        }
        const list = (await store.getSnapshotHistory(record.id)) as Snapshot[];
        try {
          list.pop();
        } catch {
          // As above.
        }
        expect(await store.getSnapshotHistory(record.id)).toEqual([record.snapshot]);
      });
      test('B16: mutating the record passed to updateShare afterwards does not change the archived snapshot', async () => {
        const record = await makeShareRecord();
        await store.createShare(record);
        const second = JSON.parse(JSON.stringify(edited(record, { snapshot: await revision(2) }))) as ShareRecord;
        await store.updateShare(second, 1);
        const third = JSON.parse(JSON.stringify(edited(second, { snapshot: await revision(3) }))) as ShareRecord;
        await store.updateShare(third, 2);
        (second.snapshot as { title: string }).title = 'mutated';
        expect((await store.getSnapshotHistory(record.id))[0]).toEqual(await revision(2));
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
