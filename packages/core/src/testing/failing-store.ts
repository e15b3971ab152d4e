import { StorageError } from '../errors.js';
import type { ShareStore } from '../store/contract.js';

/**
 * Wraps a store so that its `failOn`-th call (1-based, counting every method) throws a `StorageError` without
 * reaching the inner store: a fault injected mid-operation (T9, T25). `calls` tells how many calls were made.
 */
export function failingStore(inner: ShareStore, options: { failOn: number }): ShareStore & { readonly calls: number } {
  let calls = 0;
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls += 1;
      if (calls === options.failOn) throw new StorageError(`Injected fault on call ${calls}`);
      return fn(...args);
    };
  return {
    get calls() {
      return calls;
    },
    getShare: wrap((id) => inner.getShare(id)),
    createShare: wrap((record) => inner.createShare(record)),
    updateShare: wrap((record, expected) => inner.updateShare(record, expected)),
    deleteShare: wrap((id) => inner.deleteShare(id)),
    deleteShares: wrap((filter) => inner.deleteShares(filter)),
    listShares: wrap((filter, page) => inner.listShares(filter, page)),
    getSettings: wrap(() => inner.getSettings()),
    saveSettings: wrap((settings, expected) => inner.saveSettings(settings, expected)),
  };
}
