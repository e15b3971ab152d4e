import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ShareStore, ShareViews } from '../../store/contract.js';

/** Capabilities the suites check, one suite each, so an adapter can opt out of one with a stated reason. */
export type ConformanceGroup =
  | 'crud'
  | 'versioned-writes'
  | 'copies'
  | 'listing'
  | 'isolation'
  | 'settings'
  | 'concurrency'
  | 'views'
  | 'history'
  | 'faults'
  | 'service';

/** What every suite takes; `describeStoreConformance` passes the same options to each. */
export interface StoreSuiteOptions {
  /** Shown in the describe block: `ShareStore <capability>: <name>` (or under `ShareStore conformance: <name>`). */
  name: string;
  /** Returns a fresh, empty store; called before every test. */
  createStore: () => ShareStore | Promise<ShareStore>;
  /** Called after every test with the store `createStore` returned (close connections, drop data). */
  destroyStore?: (store: ShareStore) => void | Promise<void>;
  /** Groups this store cannot support, each with the reason printed in the skipped block's title. */
  skip?: Partial<Record<ConformanceGroup, string>>;
  /** Per-test timeout in ms (slow stores: PGlite, remote). Default 20,000. */
  timeout?: number;
}

/** One test of a suite: gets the fresh store of the running test. */
export type StoreCase = (store: ShareStore) => Promise<void>;

/** Extra registrations a suite makes itself (the fault scenarios bring their own tests). */
export type SuiteExtra = (currentStore: () => ShareStore, timeout: number) => void;

/** Registers one capability suite: `describeCrud(options)` and friends are all made by `defineStoreSuite`. */
export type StoreSuite = (options: StoreSuiteOptions) => void;

const DEFAULT_TIMEOUT = 20_000;
const nestedRegistrations = new WeakMap<StoreSuite, (options: StoreSuiteOptions) => void>();

/**
 * Builds a suite from its test cases: each test gets a store from `createStore` and hands it to `destroyStore`
 * afterwards. Alone it is one describe block; `describeStoreConformance` nests it under its own block instead.
 */
export function defineStoreSuite(group: ConformanceGroup, title: string, cases: Readonly<Record<string, StoreCase>>, extra?: SuiteExtra): StoreSuite {
  const register = (options: StoreSuiteOptions, heading: string) => {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT;
    const reason = options.skip?.[group];
    const block = reason ? describe.skip : describe;
    block(reason ? `${heading} (skipped: ${reason})` : heading, () => {
      let current: ShareStore | null = null;
      const currentStore = () => {
        if (!current) throw new Error(`${title}: the store is created in beforeEach; use it inside tests only.`);
        return current;
      };
      beforeEach(async () => {
        current = await options.createStore();
      }, timeout);
      afterEach(async () => {
        const store = current;
        current = null;
        if (store) await options.destroyStore?.(store);
      }, timeout);
      for (const [name, run] of Object.entries(cases)) it(name, () => run(currentStore()), timeout);
      extra?.(currentStore, timeout);
    });
  };
  const suite: StoreSuite = (options) => register(options, `ShareStore ${title}: ${options.name}`);
  nestedRegistrations.set(suite, (options) => register(options, title));
  return suite;
}

/** Registers `suite` inside the caller's describe block, titled by its capability only. */
export function registerNested(suite: StoreSuite, options: StoreSuiteOptions): void {
  const register = nestedRegistrations.get(suite);
  if (!register) throw new TypeError('registerNested: not a suite made by defineStoreSuite.');
  register(options);
}

export const NO_VIEWS: ShareViews = Object.freeze({ count: 0, lastViewedAt: null });

export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

/** Tries to change a value a store handed out; a store may hand out frozen values, which satisfies the rule too. */
export function tryMutate(mutate: () => void): void {
  try {
    mutate();
  } catch {
    // Frozen: the mutation could not happen, which is what the rule asks.
  }
}

/** Reads `id` and fails the test when it is gone. */
export async function readExisting(store: ShareStore, id: string) {
  const read = await store.getShare(id);
  expect(read, `share ${id} exists`).not.toBeNull();
  return read!;
}
