import { NetworkError, StorageError } from '../errors.js';
import type { ShareStore } from '../store/contract.js';

/** Options of `failingStore`. */
export interface FailingStoreOptions {
  /** Which call fails, 1-based, counting every method. A number the operation never reaches (`Infinity`) only counts. */
  failOn: number;
  /**
   * - `'before'` (default): the call never reaches the inner store and throws `StorageError` (`STORAGE_ERROR`) — a
   *   failed statement, a full quota: nothing was written.
   * - `'after'`: the call reaches the inner store and takes effect, then its answer is lost and the caller gets
   *   `NetworkError` (`NETWORK_ERROR`) — a connection dropped after the commit: the write may have happened.
   */
  when?: 'before' | 'after';
}

/**
 * Wraps a store so that its `failOn`-th call fails: a fault injected in the middle of an operation (a full disk, a
 * dropped connection). `calls` tells how many calls were made, the failed one included.
 */
export function failingStore(inner: ShareStore, options: FailingStoreOptions): ShareStore & { readonly calls: number } {
  const when = options.when ?? 'before';
  let calls = 0;
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls += 1;
      if (calls !== options.failOn) return fn(...args);
      if (when === 'before') throw new StorageError(`Injected fault before call ${calls}; nothing was written.`);
      // The inner call runs to its end; whatever it answered (a result or its own error) never arrives.
      const outcome = await fn(...args).then(
        () => undefined,
        (error: unknown) => error,
      );
      throw new NetworkError(`Injected fault after call ${calls}: the store handled it, the answer was lost.`, outcome);
    };
  return {
    get calls() {
      return calls;
    },
    getShare: wrap((id) => inner.getShare(id)),
    insertShare: wrap((share) => inner.insertShare(share)),
    replaceShare: wrap((share, expected, options) => inner.replaceShare(share, expected, options)),
    deleteShare: wrap((id) => inner.deleteShare(id)),
    deleteShares: wrap((filter) => inner.deleteShares(filter)),
    listShares: wrap((filter, page) => inner.listShares(filter, page)),
    addViews: wrap((batch) => inner.addViews(batch)),
    getHistory: wrap((id) => inner.getHistory(id)),
    getSettings: wrap(() => inner.getSettings()),
    saveSettings: wrap((settings, expected) => inner.saveSettings(settings, expected)),
  };
}
