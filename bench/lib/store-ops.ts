/**
 * Store throughput and listing cost, through the public `ShareStore` API only; runs in Node and in the browser.
 * Operations are sequential (one client awaiting each call), bounded by time and count.
 */
import { DEFAULT_LEAVE_OUT, createShareId, encodeCursor, parseChat, snapshotChat, type ShareStore, type StoredShare } from '@chatshare/core';
import { markdownChat } from './markdown-chat.js';

const nowMs = () => performance.now();
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export type Progress = (message: string) => void;

/**
 * A template row with a real 4-message snapshot as its body; copies get their own id and times. Rows are what a store
 * keeps (core's opaque meta and body text), so this measures the store alone, not core's serialisation.
 */
export async function templateRow(): Promise<StoredShare> {
  const snapshot = await snapshotChat(parseChat(markdownChat(4)), { now: 1_760_000_000_000 });
  const meta = { audience: { type: 'instance' }, expiresAt: null, password: null, leaveOut: DEFAULT_LEAVE_OUT, snapshot: { version: 1, hash: snapshot.hash } };
  return { id: 'template', ownerId: 'owner', chatId: 'chat', title: snapshot.title, createdAt: 0, version: 1, meta: JSON.stringify(meta), body: JSON.stringify(snapshot) };
}

function copy(template: StoredShare, ownerId: string, createdAt: number, chatId = 'chat'): StoredShare {
  return { ...template, id: createShareId(), ownerId, chatId, createdAt };
}

export interface OpsResult {
  runs: { create: number; read: number; update: number; revoke: number }[];
  median: { create: number; read: number; update: number; revoke: number };
}

/** create → read → update → revoke, each for up to `seconds` (and `maxOps`), `runs` times; operations per second. */
export async function measureOps(store: ShareStore, options: { runs: number; seconds: number; maxOps: number; log: Progress; label: string }): Promise<OpsResult> {
  const template = await templateRow();
  let clock = 1_770_000_000_000;
  const runs: OpsResult['runs'] = [];
  for (let run = 0; run < options.runs; run++) {
    const owner = `ops-${run}`;
    const budget = options.seconds * 1000;
    const created: StoredShare[] = [];
    let start = nowMs();
    while (created.length < options.maxOps && nowMs() - start < budget) {
      const record = copy(template, owner, clock++);
      await store.insertShare(record);
      created.push(record);
    }
    const create = created.length / ((nowMs() - start) / 1000);
    let n = 0;
    start = nowMs();
    while (n < options.maxOps && nowMs() - start < budget) {
      const got = await store.getShare(created[n % created.length]!.id);
      if (got === null) throw new Error('read a missing share');
      n++;
    }
    const read = n / ((nowMs() - start) / 1000);
    n = 0;
    start = nowMs();
    while (n < options.maxOps && nowMs() - start < budget) {
      const i = n % created.length;
      const previous = created[i]!;
      const next = { ...previous, version: previous.version + 1, title: `Renamed ${n}` };
      await store.replaceShare(next, previous.version);
      created[i] = next;
      n++;
    }
    const update = n / ((nowMs() - start) / 1000);
    n = 0;
    start = nowMs();
    while (n < created.length && nowMs() - start < budget) {
      await store.deleteShare(created[n]!.id);
      n++;
    }
    const revoke = n / ((nowMs() - start) / 1000);
    // Leave nothing behind for the listing measurement.
    for (const record of created.slice(n)) await store.deleteShare(record.id);
    runs.push({ create, read, update, revoke });
    options.log(`${options.label}: ops run ${run + 1}/${options.runs}: create ${Math.round(create)}/s, read ${Math.round(read)}/s, update ${Math.round(update)}/s, revoke ${Math.round(revoke)}/s`);
  }
  const pick = (k: keyof OpsResult['median']) => median(runs.map((r) => r[k]));
  return { runs, median: { create: pick('create'), read: pick('read'), update: pick('update'), revoke: pick('revoke') } };
}

export interface ListingPoint {
  /** Shares the owner had when measured. */
  shares: number;
  /** Shares requested (10k or 100k); `shares` is lower when seeding ran out of its time budget. */
  target: number;
  firstPageMs: number;
  deepPageMs: number;
  firstPageRuns: number[];
  deepPageRuns: number[];
  seedSeconds: number;
}

/**
 * Seeds one owner's shares in concurrent batches through `insertShare`, up to each target in turn (within a total
 * seeding budget), and times the first listing page and a deep page (a cursor half-way down) at each.
 */
export async function measureListing(
  store: ShareStore,
  options: { targets: number[]; batch: number; seedBudgetSeconds: number; repeats: number; log: Progress; label: string },
): Promise<ListingPoint[]> {
  const template = await templateRow();
  const owner = 'lister';
  const base = 1_780_000_000_000;
  const ids: string[] = [];
  const points: ListingPoint[] = [];
  const seedStart = nowMs();
  let lastLog = nowMs();
  for (const target of options.targets) {
    while (ids.length < target && nowMs() - seedStart < options.seedBudgetSeconds * 1000) {
      const batch: StoredShare[] = [];
      for (let i = 0; i < options.batch && ids.length + batch.length < target; i++) {
        // A few chats per owner, so the (owner, chat) index has something to do too.
        batch.push(copy(template, owner, base + ids.length + batch.length, `chat-${(ids.length + i) % 50}`));
      }
      await Promise.all(batch.map((r) => store.insertShare(r)));
      for (const r of batch) ids.push(r.id);
      if (nowMs() - lastLog > 5000) {
        options.log(`${options.label}: seeded ${ids.length.toLocaleString('en')} shares (${Math.round(ids.length / ((nowMs() - seedStart) / 1000))}/s)`);
        lastLog = nowMs();
      }
    }
    const seedSeconds = (nowMs() - seedStart) / 1000;
    const count = ids.length;
    // Listing is newest first: the record at `half` from the top was created at base + (count - 1 - half).
    const half = Math.floor(count / 2);
    const deep = encodeCursor({ createdAt: base + (count - 1 - half), id: ids[count - 1 - half]! });
    const first: number[] = [];
    const deepRuns: number[] = [];
    // Warm-up: the first calls after a seeding burst pay for caches and checkpoints, not for the listing.
    for (let w = 0; w < 3; w++) {
      await store.listShares({ ownerId: owner }, { limit: 20 });
      await store.listShares({ ownerId: owner }, { limit: 20, cursor: deep });
    }
    for (let r = 0; r < options.repeats; r++) {
      let t = nowMs();
      const page1 = await store.listShares({ ownerId: owner }, { limit: 20 });
      first.push(nowMs() - t);
      t = nowMs();
      const pageDeep = await store.listShares({ ownerId: owner }, { limit: 20, cursor: deep });
      deepRuns.push(nowMs() - t);
      if (page1.items.length !== 20 || pageDeep.items.length !== 20) throw new Error(`${options.label}: a listing page came back short`);
    }
    points.push({
      shares: count,
      target,
      firstPageMs: median(first),
      deepPageMs: median(deepRuns),
      firstPageRuns: first,
      deepPageRuns: deepRuns,
      seedSeconds,
    });
    options.log(`${options.label}: ${count.toLocaleString('en')} shares: first page ${median(first).toFixed(2)} ms, deep page ${median(deepRuns).toFixed(2)} ms`);
    if (count < target) break;
  }
  return points;
}
