import { describe } from 'vitest';
import { describeIndexedDbStore } from './store-cases.js';

const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
let n = 0;
describe("IndexedDB store on Chromium's real IndexedDB", () => {
  describeIndexedDbStore({
    label: 'Chromium',
    // A unique database per test, deleted afterwards.
    isolated: () => ({ name: `chatshare-test-${run}-${++n}`, indexedDB: globalThis.indexedDB }),
  });
});
