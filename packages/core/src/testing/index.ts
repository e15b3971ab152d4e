/**
 * Test helpers for adapter authors: the store conformance suite, a fault-injecting store wrapper, the fault scenarios
 * for whatever sits in front of a store (an HTTP client, a proxy), and fixture factories.
 * Needs `vitest` (a peer dependency of this entry only).
 */
export { describeStoreConformance, type StoreConformanceOptions, type ConformanceGroup } from './conformance.js';
export { failingStore, type FailingStoreOptions } from './failing-store.js';
export {
  describeFaultScenarios,
  type FaultScenarioOptions,
  type FaultMode,
  type FaultRun,
  type FaultConnection,
} from './fault-scenarios.js';
export { linearChat, chatWithBranches, makeShareRecord } from './factories.js';
