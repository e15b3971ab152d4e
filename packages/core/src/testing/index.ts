/**
 * Test helpers for adapter authors: the store conformance suite, a fault-injecting wrapper and fixture factories.
 * Needs `vitest` (a peer dependency of this entry only).
 */
export { describeStoreConformance, type StoreConformanceOptions, type ConformanceGroup } from './conformance.js';
export { failingStore } from './failing-store.js';
export { linearChat, chatWithBranches, makeShareRecord } from './factories.js';
