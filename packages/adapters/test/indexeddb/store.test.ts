// Installs fake-indexeddb's globals (IDBRequest, IDBKeyRange, …) that idb relies on.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe } from 'vitest';
import { describeIndexedDbStore } from './store-cases.js';

let n = 0;
describe('IndexedDB store on fake-indexeddb (Node)', () => {
  describeIndexedDbStore({
    label: 'fake-indexeddb',
    // A fresh factory per test: nothing leaks between tests.
    isolated: () => ({ name: `chatshare-test-${++n}`, indexedDB: new IDBFactory() }),
  });
});
