/** One client's tally in the current window. */
export interface RateLimitHit {
  /** Requests counted in the current window, this one included. */
  readonly count: number;
  /** When the window ends (ms since the epoch). */
  readonly resetAt: number;
}

/**
 * Where the counts of share-id requests live. The in-memory default suits one process; several handler replicas share a counter in
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

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad counts as two), or `null` if it is not one. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const quad = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (quad?.[1]) {
    const bytes = quad[1].split('.').map(Number);
    if (bytes.some((b) => b > 255)) return null;
    const [a = 0, b = 0, c = 0, d = 0] = bytes;
    text = `${text.slice(0, -quad[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string | undefined): string[] => (part ? part.split(':') : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

/**
 * The default rate-limit key for a client address: an IPv4 address as is; an IPv6 address by its /64 prefix,
 * because one host usually holds a whole /64 and could otherwise rotate through fresh addresses for fresh windows.
 * IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket reports) is keyed as the IPv4 address. Use it in a
 * `clientKey` that reads the address from a trusted proxy header. Anything unparseable is returned trimmed and lower-cased.
 */
export function clientKeyOfAddress(address: string): string {
  const text = address.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (IPV4.test(text) || !text.includes(':')) return text;
  const groups = ipv6Groups(text);
  if (!groups) return text;
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`;
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}
