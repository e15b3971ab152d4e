import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors.js';
import { canonicalJson } from '../snapshot/hash.js';
import { createShareService, type AdminShareSummary, type ChatSource, type ShareApi, type ShareServiceOptions } from '../index.js';
import type { Actor, Viewer } from '../share/types.js';
import type { ShareStore } from '../store/contract.js';
import { linearChat } from './factories.js';
import { dumpStore, listAllShares, restoreStore, type StoreDump } from './store-dump.js';

/** One way a call can fail; `connect` arms it. Extend it with whatever your connection needs to arm the fault. */
export interface FaultMode {
  /** Shown in test titles: `a fault before the store call`. */
  readonly name: string;
  /** The error code the caller must get. */
  readonly code: ErrorCode;
  /** Whether the faulted call still takes effect (its answer was lost) or never happens. */
  readonly applied: boolean;
}

/** What `connect` gets for one run. */
export interface FaultRun<M extends FaultMode> {
  /** The store the scenario seeds and reads back: put it behind whatever is under test. */
  readonly store: ShareStore;
  /** Pass these to `createShareService` wherever the service runs: a fixed clock, repeatable ids, the host's chats. */
  readonly service: Omit<ShareServiceOptions, 'store'>;
  /** The fault to arm: the `failOn`-th faultable call (1-based) fails in `mode`; `null` for a clean run. */
  readonly fault: { readonly mode: M; readonly failOn: number } | null;
}

/** The share API under test for one run, with its fault armed. */
export interface FaultConnection {
  forActor(viewer: Viewer): ShareApi;
  /** Faultable calls made so far (store calls, HTTP requests), the failed one included. */
  readonly calls: number;
  close?(): Promise<void>;
}

export interface FaultScenarioOptions<M extends FaultMode> {
  /** Shown in the describe block: `Faults lose nothing: <name>`. */
  name: string;
  /** Returns a fresh, empty store; called before every test. */
  createStore: () => ShareStore | Promise<ShareStore>;
  destroyStore?: (store: ShareStore) => void | Promise<void>;
  /** Every mode runs against every operation. */
  modes: readonly M[];
  /** Builds the share API over `run.store` with `run.fault` armed; called once per run. */
  connect: (run: FaultRun<M>) => FaultConnection | Promise<FaultConnection>;
  /** Per-test timeout in ms. Default 20,000. */
  timeout?: number;
}

const SEEDED_AT = 1_760_000_000_000;
const OPERATION_AT = SEEDED_AT + 3_600_000;
const DAY = 24 * 3_600_000;
const ALICE: Actor = { id: 'alice', displayName: 'Alice' };
const OWNERS: Readonly<Record<string, string>> = { 'chat-doomed': 'alice', 'chat-kept': 'alice', 'chat-bob': 'bob' };

/** The host's chats; `messages` grows between seeding and the operation, so an update takes a new snapshot. */
function chatsWith(messages: number): ChatSource {
  return {
    getChat: async (chatId) => {
      const ownerId = OWNERS[chatId];
      return ownerId ? { ownerId, chat: linearChat(messages, { title: `Chat ${chatId}` }) } : null;
    },
  };
}

/** Repeatable share ids, so a clean run and a faulted run of the same operation write the same records. */
function idSequence(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${String(++n).padStart(21 - prefix.length, '0')}`;
}

/** The ids handed out while seeding: three shares of the chat being deleted, one of another chat, one of another owner. */
interface Seeded {
  readonly doomedInstance: string;
  readonly doomedPeople: string;
  readonly doomedAnyone: string;
  readonly kept: string;
  readonly bobs: string;
}

interface FaultOperation {
  readonly name: string;
  readonly covers: string;
  /** Who runs it; default Alice, who owns every seeded share but Bob's. */
  readonly actor?: Actor;
  /**
   * The operation's only write is best-effort for the caller (a view count); a service may still answer with
   * success when that write failed. The stored state must be exactly before or after all the same.
   */
  readonly bestEffortWrite?: boolean;
  run(api: ShareApi, seeded: Seeded): Promise<unknown>;
}

const OPERATIONS: readonly FaultOperation[] = [
  { name: 'create', covers: 'T25, R7', run: (api) => api.createShare({ chatId: 'chat-kept', audience: { type: 'anyone' }, expiresIn: 7 * DAY }) },
  // `kept` already has one archived snapshot and some views: the update archives the current one and keeps both.
  { name: 'update (re-snapshot)', covers: 'R7, T25, B16', run: (api, s) => api.updateShare(s.kept) },
  {
    name: 'a counted view (readShare by another user)',
    covers: 'R7, B14',
    actor: { id: 'dave' },
    bestEffortWrite: true,
    run: (api, s) => api.readShare(s.kept),
  },
  {
    name: 'audience and expiry change',
    covers: 'R7, T25',
    run: (api, s) => api.setShareOptions(s.doomedInstance, { audience: { type: 'people', userIds: ['carol'], groupIds: [] }, expiresIn: 7 * DAY }),
  },
  { name: 'revoke', covers: 'T9, R7', run: (api, s) => api.revokeShare(s.doomedPeople) },
  { name: 'revoke all of an owner', covers: 'T9, R7', run: (api) => api.revokeAllShares() },
  { name: 'source-chat cascade (revokeSharesOfChat)', covers: 'T8, R7', run: (api) => api.revokeSharesOfChat('chat-doomed') },
  // An admin deleting a user's chat: the cascade by chat id alone, a different query in most stores.
  {
    name: 'source-chat cascade by an admin',
    covers: 'T8, R7',
    actor: { id: 'admin', isAdmin: true },
    run: (api) => api.revokeSharesOfChat('chat-doomed'),
  },
];

async function seed(store: ShareStore): Promise<{ seeded: Seeded; dump: StoreDump }> {
  const service = createShareService({ store, chats: chatsWith(2), now: () => SEEDED_AT, generateId: idSequence('faultseed') });
  const alice = service.forActor(ALICE);
  const seeded: Seeded = {
    doomedInstance: (await alice.createShare({ chatId: 'chat-doomed' })).id,
    doomedPeople: (await alice.createShare({ chatId: 'chat-doomed', audience: { type: 'people', userIds: ['bob'], groupIds: [] } })).id,
    doomedAnyone: (await alice.createShare({ chatId: 'chat-doomed', audience: { type: 'anyone' }, expiresIn: 30 * DAY, showOwnerName: true })).id,
    kept: (await alice.createShare({ chatId: 'chat-kept' })).id,
    bobs: (await service.forActor({ id: 'bob' }).createShare({ chatId: 'chat-bob', audience: { type: 'owner' } })).id,
  };
  // `kept` gets a history (its first snapshot, replaced by a 3-message one) and two views, so every operation must
  // carry both through untouched or, for the re-snapshot, archive exactly one more.
  const resnapshot = createShareService({ store, chats: chatsWith(3), now: () => SEEDED_AT + 1000, generateId: idSequence('faultseed') });
  await resnapshot.forActor(ALICE).updateShare(seeded.kept);
  await store.addViews([
    { id: seeded.kept, count: 1, lastViewedAt: SEEDED_AT + 2000 },
    { id: seeded.doomedAnyone, count: 1, lastViewedAt: SEEDED_AT + 3000 },
  ]);
  await store.addViews([{ id: seeded.kept, count: 1, lastViewedAt: SEEDED_AT + 4000 }]);
  return { seeded, dump: await dumpStore(store) };
}

/**
 * Every row as stored, byte for byte (core's texts included), with its views and history entries, and the settings:
 * a faulted run must leave exactly this, as before or as after the operation.
 */
async function storedState(store: ShareStore): Promise<string> {
  return canonicalJson(await dumpStore(store));
}

/** Someone the share's audience lets in: the owner for `owner`, a listed user for `people`, anyone signed in or not. */
function permittedReader(summary: AdminShareSummary): Viewer {
  switch (summary.audience.type) {
    case 'owner':
      return { id: summary.ownerId };
    case 'people':
      return { id: summary.audience.userIds[0] ?? summary.ownerId };
    case 'instance':
      return { id: 'dave' };
    case 'anyone':
      return null;
  }
}

/**
 * Every link the caller was handed still opens for a permitted reader, unless the operation's whole effect (the
 * "after" state) was to revoke it: a fault never leaves a handed-out link that does not resolve.
 */
async function expectLinksResolve(store: ShareStore, handed: readonly string[], revokedByOp: ReadonlySet<string>, label: string): Promise<void> {
  const reader = createShareService({ store, chats: chatsWith(0), now: () => OPERATION_AT });
  // An admin's listing says who owns each share and whom it admits, read by core from its own texts.
  const summaries = new Map((await reader.forActor({ id: 'admin', isAdmin: true }).listAllShares({ limit: 100 })).items.map((s) => [s.id, s]));
  for (const id of handed) {
    const summary = summaries.get(id);
    if (!summary) {
      expect(revokedByOp.has(id), `${label}: link ${id} is gone though the operation does not revoke it`).toBe(true);
      continue;
    }
    const view = await reader.forActor(permittedReader(summary)).readShare(id);
    expect(view.snapshot.hash, `${label}: link ${id}`).toBe(summary.snapshotHash);
  }
}

/** Registers the scenarios' tests; the caller owns the store's lifecycle (used by the conformance suite too). */
export function faultScenarioTests<M extends FaultMode>(
  currentStore: () => ShareStore,
  options: Pick<FaultScenarioOptions<M>, 'modes' | 'connect' | 'timeout'>,
): void {
  const open = async (store: ShareStore, fault: FaultRun<M>['fault']) =>
    options.connect({ store, fault, service: { chats: chatsWith(4), now: () => OPERATION_AT, generateId: idSequence('faultnew') } });
  const attempt = async (connection: FaultConnection, op: FaultOperation, seeded: Seeded) => {
    try {
      return await op.run(connection.forActor(op.actor ?? ALICE), seeded).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    } finally {
      await connection.close?.();
    }
  };

  for (const mode of options.modes) {
    for (const op of OPERATIONS) {
      const title = `${op.covers}: ${op.name} with ${mode.name} on call N, for every N: the state is exactly before or after and the caller gets ${mode.code}`;
      it(
        title,
        async () => {
          const store = currentStore();
          const { seeded, dump } = await seed(store);
          const handed = Object.values(seeded);
          const before = await storedState(store);

          // The "after" state: the same operation on the same seeded state, without a fault.
          const clean = await open(store, null);
          const cleanResult = await attempt(clean, op, seeded);
          expect(cleanResult, `${op.name} without a fault`).toMatchObject({ ok: true });
          const cleanCalls = clean.calls;
          // A connection that counts no calls cannot have armed a fault: every faulted run would pass untouched.
          expect(cleanCalls, `${op.name} without a fault: faultable calls counted by the connection`).toBeGreaterThan(0);
          const after = await storedState(store);
          expect(after, `${op.name} changes the state`).not.toBe(before);
          const remaining = new Set((await listAllShares(store)).map((item) => item.share.id));
          const revokedByOp = new Set(handed.filter((id) => !remaining.has(id)));

          let sawAfter = false;
          let sawFault = false;
          for (let failOn = 1; ; failOn++) {
            expect(failOn, `${op.name} ends once the fault lies past its last call`).toBeLessThanOrEqual(cleanCalls + 1);
            await restoreStore(store, dump);
            const label = `${op.name}, ${mode.name} on call ${failOn}`;
            const connection = await open(store, { mode, failOn });
            const result = await attempt(connection, op, seeded);
            const state = await storedState(store);
            if (result.ok && op.bestEffortWrite && connection.calls >= failOn) {
              // The service answered though its best-effort write met the fault: that write landed whole or not at all.
              if (state !== after) expect(JSON.parse(state), `${label}: a best-effort write left a partial state`).toEqual(JSON.parse(before));
              sawAfter ||= state === after;
              await expectLinksResolve(store, handed, new Set(), label);
              continue;
            }
            if (result.ok) {
              // Success is reported only when the fault was never reached (a swallowed fault would land here).
              expect(connection.calls, `${label}: reported success`).toBeLessThan(failOn);
              expect(state, `${label}: a finished operation`).toBe(after);
              const returned = (result.value as { id?: unknown } | undefined)?.id;
              await expectLinksResolve(store, typeof returned === 'string' ? [...handed, returned] : handed, revokedByOp, label);
              break;
            }
            expect(connection.calls, `${label}: failed before reaching the fault`).toBeGreaterThanOrEqual(failOn);
            expect(result.error, label).toMatchObject({ code: mode.code });
            sawFault = true;
            if (state !== before && state !== after) {
              expect(JSON.parse(state), `${label}: the state is neither before nor after (the diff is against before)`).toEqual(JSON.parse(before));
            }
            sawAfter ||= state === after;
            await expectLinksResolve(store, handed, state === after ? revokedByOp : new Set(), label);
          }
          // Some faulted run must have failed with the mode's error, or the fault was never armed and this mode tested
          // nothing; a lost answer must also really have let the write through at least once.
          expect(sawFault, `${mode.name}: some faulted run failed with ${mode.code}`).toBe(true);
          if (mode.applied) expect(sawAfter, `${mode.name}: some faulted run left the after state`).toBe(true);
        },
        options.timeout ?? 20_000,
      );
    }
  }
}

/**
 * No lost writes across a transport: seeds five shares (three of one chat, one of another chat, one of another
 * owner), then runs create, update, a counted view, audience/expiry change, revoke, revoke-all and the source-chat
 * cascade (by the owner and by an admin) with a fault on every call in turn, until the operation finishes without
 * reaching it. After each run the stored state is exactly the state before or after the operation, the caller got
 * `mode.code`, a failed operation handed out no link, and every link handed out before still opens for a permitted
 * reader unless the operation revoked it.
 *
 * The service suite of `describeStoreConformance` runs it with `failingStore` ('before' → `STORAGE_ERROR`, 'after' →
 * `NETWORK_ERROR`). Call it yourself to fault something in front of the store, e.g. an HTTP client's `fetch`.
 */
export function describeFaultScenarios<M extends FaultMode>(options: FaultScenarioOptions<M>): void {
  describe(`Faults lose nothing: ${options.name}`, () => {
    let store: ShareStore;
    beforeEach(async () => {
      store = await options.createStore();
    }, options.timeout ?? 20_000);
    afterEach(async () => {
      await options.destroyStore?.(store);
    }, options.timeout ?? 20_000);
    faultScenarioTests(() => store, options);
  });
}
