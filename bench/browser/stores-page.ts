/** The page the store figure loads in Chromium: IndexedDB (and the memory store, for reference) measured in-page. */
import { createMemoryStore } from '@chatshare/core';
import { createIndexedDbStore } from '@chatshare/adapters/indexeddb';
import { measureListing, measureOps } from '../lib/store-ops.js';

type Options = { runs: number; seconds: number; maxOps: number; targets: number[]; batch: number; seedBudgetSeconds: number; repeats: number };

async function run(kind: 'indexeddb' | 'memory', options: Options) {
  const log = (message: string) => console.log(`progress:${message}`);
  const name = `chatshare-bench-${Date.now()}`;
  const store = kind === 'indexeddb' ? createIndexedDbStore({ name }) : createMemoryStore();
  try {
    const ops = await measureOps(store, { ...options, log, label: kind });
    const listing = await measureListing(store, { ...options, log, label: kind });
    return { ops, listing };
  } finally {
    await store.close?.();
    if (kind === 'indexeddb') indexedDB.deleteDatabase(name);
  }
}

Object.assign(window, { bench: { run } });
document.title = 'ready';
