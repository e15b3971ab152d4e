/** `@chatshare/adapters/indexeddb`: a `ShareStore` in the browser's IndexedDB (needs the optional peer `idb`). */
export { createIndexedDbStore, type IndexedDbStoreOptions, type IndexedDbShareStore } from './store.js';
export { DB_VERSION, type ChatshareDbSchema, type ShareEntry, type BodyEntry, type HistoryEntry } from './schema.js';
