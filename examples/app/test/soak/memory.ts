import type { MemorySample } from './server-process.js';

/** One sample of the server's memory after a full GC, `atS` seconds into the load. */
export interface TimedMemorySample extends MemorySample {
  readonly atS: number;
}

export interface MemorySummary {
  readonly warmupSeconds: number;
  /** Median of the first three samples after the warm-up, in MB. */
  readonly heapAfterWarmupMB: number;
  /** Median of the last three samples taken under load, in MB. */
  readonly heapAtEndMB: number;
  readonly heapGrowthMB: number;
  /** Least-squares slope of the post-warm-up heap samples. */
  readonly heapSlopeMBPerMin: number;
  readonly rssAfterWarmupMB: number;
  readonly rssAtEndMB: number;
  readonly rssSlopeMBPerMin: number;
  /** The most the heap may grow and still count as flat. */
  readonly allowedGrowthMB: number;
  readonly flat: boolean;
  /** Post-warm-up samples the verdict rests on. */
  readonly samplesUsed: number;
}

/**
 * "Flat memory": the server's JS heap after a full GC at the end of the load (median of the last three samples) is at
 * most the larger of 8 MB and 50 % above where it stood after the warm-up. The demo's heap sits near 17 MB and moves
 * by about 1 MB over a clean minute; medians keep one sample taken mid-burst from deciding. What this catches depends
 * on how many requests the minute holds: a server that keeps each request and response (about 10 KB) fails it even at
 * 20 requests a second; a leak of a few hundred bytes a request needs a longer soak to show. RSS is reported, not
 * judged: PGlite's WebAssembly memory grows to its working set and never shrinks, which is not a leak.
 */
export const FLAT_MEMORY_RULE = { minGrowthMB: 8, growthRatio: 0.5 } as const;

const MB = 2 ** 20;
const round1 = (n: number) => Math.round(n * 10) / 10;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Slope of y over x by least squares; 0 with fewer than two points. */
function slope(points: readonly (readonly [number, number])[]): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
}

/** Applies FLAT_MEMORY_RULE to the samples of one soak. Needs at least three samples after the warm-up. */
export function summarizeMemory(samples: readonly TimedMemorySample[], warmupSeconds: number): MemorySummary {
  const settled = samples.filter((s) => s.atS >= warmupSeconds);
  if (settled.length < 3) throw new RangeError(`memory: ${settled.length} samples after the ${warmupSeconds} s warm-up; at least 3 are needed`);
  const heap = settled.map((s) => s.heapUsed / MB);
  const rss = settled.map((s) => s.rss / MB);
  const heapAfterWarmupMB = median(heap.slice(0, 3));
  const heapAtEndMB = median(heap.slice(-3));
  const allowedGrowthMB = Math.max(FLAT_MEMORY_RULE.minGrowthMB, heapAfterWarmupMB * FLAT_MEMORY_RULE.growthRatio);
  const perMinute = (values: number[]) => slope(settled.map((s, i) => [s.atS / 60, values[i]!] as const));
  return {
    warmupSeconds,
    heapAfterWarmupMB: round1(heapAfterWarmupMB),
    heapAtEndMB: round1(heapAtEndMB),
    heapGrowthMB: round1(heapAtEndMB - heapAfterWarmupMB),
    heapSlopeMBPerMin: round1(perMinute(heap)),
    rssAfterWarmupMB: round1(median(rss.slice(0, 3))),
    rssAtEndMB: round1(median(rss.slice(-3))),
    rssSlopeMBPerMin: round1(perMinute(rss)),
    allowedGrowthMB: round1(allowedGrowthMB),
    flat: heapAtEndMB - heapAfterWarmupMB <= allowedGrowthMB,
    samplesUsed: settled.length,
  };
}
