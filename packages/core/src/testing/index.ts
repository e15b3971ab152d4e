/**
 * Test helpers for adapter authors: the store conformance suites (one per capability, or all of them composed), a
 * fault-injecting store wrapper, the fault scenarios for whatever sits in front of a store (an HTTP client, a proxy),
 * and fixture factories. Needs `vitest` (a peer dependency of this entry only).
 */
export { describeStoreConformance, STORE_SUITES, type StoreConformanceOptions, type ConformanceGroup } from './conformance.js';
export type { StoreSuite, StoreSuiteOptions } from './suites/define.js';
export { describeCrud } from './suites/crud.js';
export { describeVersionedWrites } from './suites/versioned-writes.js';
export { describeCopies } from './suites/copies.js';
export { describeListing } from './suites/listing.js';
export { describeIsolation } from './suites/isolation.js';
export { describeSettings } from './suites/settings.js';
export { describeConcurrency } from './suites/concurrency.js';
export { describeViews } from './suites/views.js';
export { describeHistory } from './suites/history.js';
export { describeFaults } from './suites/faults.js';
export { describeShareServiceOverStore } from './suites/service.js';
export { failingStore, type FailingStoreOptions } from './failing-store.js';
export {
  describeFaultScenarios,
  type FaultScenarioOptions,
  type FaultMode,
  type FaultRun,
  type FaultConnection,
} from './fault-scenarios.js';
export { readStoredRecord } from './stored-record.js';
export { dumpStore, restoreStore, listAllShares, type StoreDump, type StoredShareState } from './store-dump.js';
export { linearChat, chatWithBranches, makeShareRecord, makeStoredShare, makeArchivedSnapshot } from './factories.js';
