/**
 * Figure 5 — store operations per second (create/read/update/revoke) for each adapter, and listing cost at 10k and
 * 100k shares per owner (first page and a deep page half-way down). Node: memory (reference), PGlite, PostgreSQL;
 * Chromium: IndexedDB.
 */
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH, openBenchPage } from '../lib/browser.js';
import { progress, quick, writeFigure, type Cell, type Goal } from '../lib/report.js';
import { round } from '../lib/stats.js';
import { measureListing, measureOps, type ListingPoint, type OpsResult } from '../lib/store-ops.js';
import { openStore, pgSkipReason, pgUrl, type NodeStoreKind } from '../lib/stores.js';

const OPTIONS = {
  runs: quick ? 1 : 3,
  seconds: quick ? 0.5 : 1,
  maxOps: 5_000,
  targets: quick ? [2_000, 10_000] : [10_000, 100_000],
  batch: 500,
  seedBudgetSeconds: quick ? 15 : 45,
  repeats: quick ? 5 : 31,
};
/** "Flat": a page at the larger size may cost at most this multiple of the same page at the smaller size. */
const FLAT_TOLERANCE = 2;

type StoreResult = { store: string; where: string; ops: OpsResult; listing: ListingPoint[] };
const results: StoreResult[] = [];
const skipped: string[] = [];

const kinds: NodeStoreKind[] = ['memory', 'pglite'];
if (pgUrl) kinds.push('postgresql');
else skipped.push(`PostgreSQL store: ${pgSkipReason}`);

for (const kind of kinds) {
  progress(`${kind}: opening`);
  const opened = await openStore(kind, 'stores');
  try {
    const ops = await measureOps(opened.store, { ...OPTIONS, log: progress, label: kind });
    const listing = await measureListing(opened.store, { ...OPTIONS, log: progress, label: kind });
    results.push({ store: kind, where: 'Node', ops, listing });
  } finally {
    await opened.close();
  }
}

if (existsSync(CHROMIUM_PATH)) {
  progress('indexeddb: opening Chromium');
  const session = await openBenchPage('stores-page');
  session.page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('progress:')) progress(text.slice('progress:'.length));
  });
  try {
    const measured = await session.page.evaluate(
      (options) => (window as unknown as { bench: { run(kind: string, o: typeof options): Promise<{ ops: OpsResult; listing: ListingPoint[] }> } }).bench.run('indexeddb', options),
      OPTIONS,
    );
    results.push({ store: 'indexeddb', where: `Chromium ${session.browser.version()}`, ...measured });
  } finally {
    await session.close();
  }
} else {
  skipped.push(`IndexedDB: no Chromium at ${CHROMIUM_PATH}`);
}

const goals: Goal[] = [];
for (const r of results.filter((x) => x.store !== 'memory')) {
  const [small, large] = r.listing;
  if (!small || !large) {
    goals.push({ text: `${r.store}: listing stays flat from 10k to 100k shares`, met: null, note: 'only one size was seeded in the time budget' });
    continue;
  }
  const firstGrowth = large.firstPageMs / small.firstPageMs;
  const deepGrowth = large.deepPageMs / small.deepPageMs;
  const reachedTarget = large.shares >= large.target;
  goals.push({
    text: `${r.store}: listing stays flat from ${small.shares.toLocaleString('en')} to ${large.target.toLocaleString('en')} shares (each page ≤ ${FLAT_TOLERANCE}×)`,
    met: firstGrowth <= FLAT_TOLERANCE && deepGrowth <= FLAT_TOLERANCE ? (reachedTarget ? true : null) : false,
    note:
      `first page ${round(firstGrowth, 2)}×, deep page ${round(deepGrowth, 2)}×` +
      (reachedTarget ? '' : `; seeding reached ${large.shares.toLocaleString('en')} of ${large.target.toLocaleString('en')} shares in its ${OPTIONS.seedBudgetSeconds}-second budget, so the larger size is what fitted`),
  });
}
if (!pgUrl) goals.push({ text: 'postgresql: store operations measured', met: null, note: `skipped: ${pgSkipReason}` });

const memoryOps = results.find((r) => r.store === 'memory')?.ops.median;
const opsRow = (r: StoreResult): Cell[] => [
  r.store,
  r.where,
  ...(['create', 'read', 'update', 'revoke'] as const).map((k) => Math.round(r.ops.median[k])),
  memoryOps && r.store !== 'memory' ? `${round((r.ops.median.read / memoryOps.read) * 100, 1)}%` : '—',
];
const listingRows: Cell[][] = results.flatMap((r) =>
  r.listing.map((p) => [r.store, p.shares, p.target, round(p.firstPageMs, 2), round(p.deepPageMs, 2), Math.round(p.shares / p.seedSeconds)]),
);

await writeFigure({
  id: 'stores',
  title: 'Store operations and listing cost',
  measuredAt: new Date().toISOString(),
  method:
    `Through the public ShareStore API, one client awaiting each call. Operations: for up to ${OPTIONS.seconds} s (≤ ${OPTIONS.maxOps} calls) each, ` +
    `create, then read, update (compare-and-set) and revoke (deleteShare) of those records; ${OPTIONS.runs} runs, median; records carry a 4-message snapshot. ` +
    `Listing: one owner's shares seeded through insertShare in concurrent batches of ${OPTIONS.batch} (≤ ${OPTIONS.seedBudgetSeconds} s of seeding per store), ` +
    `then the first page (20) and a deep page (cursor half-way down), median of ${OPTIONS.repeats}. PGlite runs in-memory in the same Node process; ` +
    'PostgreSQL over loopback TCP with a pool of 10; IndexedDB in headless Chromium (the same code, bundled for the page).',
  goals,
  tables: [
    { caption: 'Operations per second (median)', columns: ['store', 'where', 'create/s', 'read/s', 'update/s', 'revoke/s', 'reads vs memory'], rows: results.map(opsRow) },
    { caption: 'Listing one owner’s shares (median ms per page of 20)', columns: ['store', 'shares', 'target', 'first page ms', 'deep page ms', 'seeded/s'], rows: listingRows },
  ],
  data: { options: OPTIONS, results },
  ...(skipped.length ? { skipped } : {}),
});
