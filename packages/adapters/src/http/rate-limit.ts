/** One client's tally in the current window. */
export interface RateLimitHit {
  /** Requests counted in the current window, this one included. */
  readonly count: number;
  /** When the window ends (ms since the epoch). */
  readonly resetAt: number;
}

/**
 * Where read counts live (T4). The in-memory default suits one process; several handler replicas share a counter in
 * Redis, PostgreSQL or the like by implementing this one method (count this request, return the window's tally).
 */
export interface RateLimitCounter {
  hit(key: string, windowMs: number, now: number): RateLimitHit | Promise<RateLimitHit>;
}

/** Options of `createMemoryRateLimitCounter`. */
export interface MemoryRateLimitCounterOptions {
  /** Most client keys kept at once; the oldest are dropped beyond it so memory stays bounded. Default 10,000. */
  maxKeys?: number;
}

/** The in-memory counter: synchronous, with its current number of tracked clients. */
export interface MemoryRateLimitCounter extends RateLimitCounter {
  hit(key: string, windowMs: number, now: number): RateLimitHit;
  /** Client keys currently tracked (never more than `maxKeys`). */
  readonly size: number;
}

/**
 * A fixed-window counter in memory with bounded size: expired windows are swept as new keys arrive, and past
 * `maxKeys` the oldest key is forgotten (that client starts a fresh window, which errs towards serving, not leaking).
 */
export function createMemoryRateLimitCounter(options: MemoryRateLimitCounterOptions = {}): MemoryRateLimitCounter {
  const maxKeys = Math.max(1, options.maxKeys ?? 10_000);
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    get size() {
      return windows.size;
    },
    hit(key, windowMs, now) {
      const current = windows.get(key);
      if (current && current.resetAt > now) {
        current.count += 1;
        return { count: current.count, resetAt: current.resetAt };
      }
      windows.delete(key);
      if (windows.size >= maxKeys) {
        for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
        // Still full: Map iteration is insertion order, so the first key is the oldest window.
        for (const k of windows.keys()) {
          if (windows.size < maxKeys) break;
          windows.delete(k);
        }
      }
      const fresh = { count: 1, resetAt: now + windowMs };
      windows.set(key, fresh);
      return { count: 1, resetAt: fresh.resetAt };
    },
  };
}
