import type { ShareStore } from '../store/contract.js';

/**
 * Counts views of shares through the store's counters. `count` resolves once the view is handed to the store; a
 * batching counter may hand several over in one `addViews` later, so callers must not rely on the count having landed.
 * It never rejects: a view count is not worth failing a read.
 */
export interface ViewCounter {
  count(shareId: string, at: number): Promise<void>;
}

export interface ViewCounterOptions {
  /** `false` counts nothing at all. */
  readonly countViews: boolean;
  /** Told when the store failed to count; the read goes on. */
  readonly onViewCountError: ((error: unknown) => void) | undefined;
}

/** Counts each view at once, one increment per call. */
export function createViewCounter(store: ShareStore, options: ViewCounterOptions): ViewCounter {
  if (!options.countViews) return { count: async () => undefined };
  return {
    async count(shareId, at) {
      try {
        await store.addViews([{ id: shareId, count: 1, lastViewedAt: at }]);
      } catch (error) {
        options.onViewCountError?.(error);
      }
    },
  };
}
