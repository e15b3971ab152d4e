/**
 * Counts wrong password guesses per key (a share, a client) in fixed windows. In memory, per service: each replica
 * counts its own guesses. Memory is bounded by `maxKeys`; past it, windows are forgotten in this order so that flooding
 * the limiter with new keys cannot reset a limited key's window: expired windows first, then the window touched
 * longest ago that is still below the limit, and only when every window is at its limit the one touched longest ago
 * (the memory bound wins over the limit then).
 */
export interface GuessLimiter {
  /** Seconds until `key` may guess again, or 0 when it may now. */
  retryAfter(key: string, now: number): number;
  /** Counts one guess against `key` (before it is checked, so parallel guesses cannot overtake the limit). */
  take(key: string, now: number): void;
  /** Gives a guess back: it was the right password. */
  refund(key: string): void;
}

interface Window {
  count: number;
  resetAt: number;
}

export function createGuessLimiter(limit: number, windowMs: number, maxKeys = 10_000): GuessLimiter {
  const windows = new Map<string, Window>();
  const live = (key: string, now: number): Window | undefined => {
    const window = windows.get(key);
    if (window !== undefined && now >= window.resetAt) {
      windows.delete(key);
      return undefined;
    }
    return window;
  };
  /** Frees room past `maxKeys`. The Map iterates in touch order: its first key is the one touched longest ago. */
  const evict = (now: number): void => {
    for (const [key, window] of windows) if (now >= window.resetAt) windows.delete(key);
    if (windows.size <= maxKeys) return;
    for (const [key, window] of windows) {
      if (window.count < limit) {
        windows.delete(key);
        return;
      }
    }
    windows.delete(windows.keys().next().value!);
  };
  return {
    retryAfter(key, now) {
      const window = live(key, now);
      return window !== undefined && window.count >= limit ? Math.max(1, Math.ceil((window.resetAt - now) / 1000)) : 0;
    },
    take(key, now) {
      const window = live(key, now) ?? { count: 0, resetAt: now + windowMs };
      window.count++;
      // Re-inserting moves the key to the end of the touch order.
      windows.delete(key);
      windows.set(key, window);
      if (windows.size > maxKeys) evict(now);
    },
    refund(key) {
      const window = windows.get(key);
      if (window !== undefined && window.count > 0) window.count--;
    },
  };
}
