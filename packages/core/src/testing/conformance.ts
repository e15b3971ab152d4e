import { describe } from 'vitest';
import { describeConcurrency } from './suites/concurrency.js';
import { describeCopies } from './suites/copies.js';
import { describeCrud } from './suites/crud.js';
import { registerNested, type ConformanceGroup, type StoreSuite, type StoreSuiteOptions } from './suites/define.js';
import { describeFaults } from './suites/faults.js';
import { describeHistory } from './suites/history.js';
import { describeIsolation } from './suites/isolation.js';
import { describeListing } from './suites/listing.js';
import { describeShareServiceOverStore } from './suites/service.js';
import { describeSettings } from './suites/settings.js';
import { describeVersionedWrites } from './suites/versioned-writes.js';
import { describeViews } from './suites/views.js';

export type { ConformanceGroup };

/** Options of `describeStoreConformance`: the same every capability suite takes. */
export type StoreConformanceOptions = StoreSuiteOptions;

/** Every capability suite, in the order they run; `describeStoreConformance` composes them all. */
export const STORE_SUITES: Readonly<Record<ConformanceGroup, StoreSuite>> = {
  crud: describeCrud,
  'versioned-writes': describeVersionedWrites,
  copies: describeCopies,
  listing: describeListing,
  isolation: describeIsolation,
  settings: describeSettings,
  concurrency: describeConcurrency,
  views: describeViews,
  history: describeHistory,
  faults: describeFaults,
  service: describeShareServiceOverStore,
};

/**
 * The store contract's whole conformance: every capability suite with the same options, under one describe block
 * `ShareStore conformance: <name>`. Every adapter, ours or yours, proves itself with the same cases; opt out of a
 * capability with `skip: { <group>: 'why' }`, or call the suites you want one by one (`describeCrud(options)`, …).
 *
 * ```ts
 * import { describeStoreConformance } from '@chatshare/core/testing';
 * describeStoreConformance({ name: 'my-store', createStore: () => new MyStore() });
 * ```
 */
export function describeStoreConformance(options: StoreConformanceOptions): void {
  describe(`ShareStore conformance: ${options.name}`, () => {
    for (const suite of Object.values(STORE_SUITES)) registerNested(suite, options);
  });
}
