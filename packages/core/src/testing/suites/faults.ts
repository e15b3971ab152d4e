import { expect } from 'vitest';
import type { ShareStore, StoredShare } from '../../store/contract.js';
import { failingStore, type FailingStoreOptions } from '../failing-store.js';
import { makeArchivedSnapshot, makeStoredShare } from '../factories.js';
import { dumpStore, restoreStore } from '../store-dump.js';
import { defineStoreSuite, expectCode, type StoreCase } from './define.js';

interface StoreFault {
  readonly name: string;
  readonly when: NonNullable<FailingStoreOptions['when']>;
  readonly code: string;
  /** Whether the faulted write still lands (its answer was lost) or never reaches the store. */
  readonly applied: boolean;
}

const FAULTS: readonly StoreFault[] = [
  { name: 'a fault before the call', when: 'before', code: 'STORAGE_ERROR', applied: false },
  { name: 'a lost answer (the call landed)', when: 'after', code: 'NETWORK_ERROR', applied: true },
];

/** Two shares of one chat (one with history and views), one of another owner, settings, and a row not yet inserted. */
interface Seeded {
  readonly kept: StoredShare;
  readonly doomed: StoredShare;
  readonly bobs: StoredShare;
  readonly fresh: StoredShare;
}

async function seed(store: ShareStore): Promise<Seeded> {
  const kept = makeStoredShare({ chatId: 'chat-seeded' });
  const doomed = makeStoredShare({ chatId: 'chat-seeded' });
  const bobs = makeStoredShare({ ownerId: 'owner-b', chatId: 'chat-bob' });
  for (const row of [kept, doomed, bobs]) await store.insertShare(row);
  let current = kept;
  for (let v = 1; v <= 3; v++) {
    const next = { ...current, version: v + 1, body: `{"revision":${v + 1}}` };
    await store.replaceShare(next, v, { archive: makeArchivedSnapshot(v, { body: current.body }) });
    current = next;
  }
  await store.addViews([{ id: kept.id, count: 2, lastViewedAt: kept.createdAt + 2 }]);
  await store.saveSettings({ version: 1, body: '{"communitySharing":false}' }, 0);
  return { kept: current, doomed, bobs, fresh: makeStoredShare({ chatId: 'chat-seeded' }) };
}

/** Each write of the contract, as core makes them; every one is a single store call. */
const WRITES: readonly { readonly name: string; run(store: ShareStore, seeded: Seeded): Promise<unknown> }[] = [
  { name: 'insertShare', run: (store, s) => store.insertShare(s.fresh) },
  {
    name: 'replaceShare with an archive and dropHistoryBelow',
    run: (store, { kept }) =>
      store.replaceShare({ ...kept, version: kept.version + 1, body: '{"republished":true}' }, kept.version, {
        archive: makeArchivedSnapshot(kept.version, { body: kept.body }),
        dropHistoryBelow: kept.version - 1,
      }),
  },
  { name: 'deleteShare of a share with history and views', run: (store, { kept }) => store.deleteShare(kept.id) },
  { name: 'deleteShares of a chat', run: (store) => store.deleteShares({ chatId: 'chat-seeded' }) },
  {
    name: 'addViews over several shares',
    run: (store, { kept, bobs }) =>
      store.addViews([
        { id: kept.id, count: 1, lastViewedAt: kept.createdAt + 50 },
        { id: bobs.id, count: 4, lastViewedAt: bobs.createdAt + 60 },
      ]),
  },
  { name: 'saveSettings', run: (store) => store.saveSettings({ version: 2, body: '{"communitySharing":true}' }, 1) },
];

function writeCase(write: (typeof WRITES)[number], fault: StoreFault): StoreCase {
  return async (store) => {
    const seeded = await seed(store);
    const before = await dumpStore(store);
    await write.run(store, seeded);
    const after = await dumpStore(store);
    expect(after, `${write.name} changes the state`).not.toEqual(before);
    await restoreStore(store, before);
    expect(await dumpStore(store), 'the store is back to the seeded state').toEqual(before);

    const faulty = failingStore(store, { failOn: 1, when: fault.when });
    await expectCode(write.run(faulty, seeded), fault.code);
    expect(faulty.calls, `${write.name} is one store call`).toBe(1);
    expect(await dumpStore(store)).toEqual(fault.applied ? after : before);
  };
}

const cases: Record<string, StoreCase> = {
  'R7: a refused write whose answer is lost leaves the state as it was (NETWORK_ERROR, the CONFLICT kept as its cause)': async (store) => {
    const { kept } = await seed(store);
    const before = await dumpStore(store);
    const faulty = failingStore(store, { failOn: 1, when: 'after' });
    const stale = { ...kept, version: kept.version + 1, title: 'stale' };
    const error = await faulty.replaceShare(stale, kept.version - 1, { archive: makeArchivedSnapshot(kept.version) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', cause: { code: 'CONFLICT' } });
    expect(await dumpStore(store)).toEqual(before);
  },

  'R7: faulted reads change nothing': async (store) => {
    const { kept } = await seed(store);
    const before = await dumpStore(store);
    for (const when of ['before', 'after'] as const) {
      const faulty = failingStore(store, { failOn: 1, when });
      await expect(faulty.getShare(kept.id)).rejects.toMatchObject({ code: when === 'before' ? 'STORAGE_ERROR' : 'NETWORK_ERROR' });
      await expect(failingStore(store, { failOn: 1, when }).listShares({}, { limit: 10 })).rejects.toBeDefined();
      await expect(failingStore(store, { failOn: 1, when }).getHistory(kept.id)).rejects.toBeDefined();
    }
    expect(await dumpStore(store)).toEqual(before);
  },
};
for (const fault of FAULTS) {
  for (const write of WRITES) {
    cases[`R7, T25: ${write.name} with ${fault.name}: one call, the state exactly before or after, the caller gets ${fault.code}`] = writeCase(write, fault);
  }
}

/**
 * Faults injected by `failingStore` around the store under test: every write is one call that lands whole or not at
 * all, so the state after a fault is exactly the state before it or after it; the dump and restore the fault
 * scenarios rely on work on this store.
 */
export const describeFaults = defineStoreSuite('faults', 'faults lose nothing', cases);
