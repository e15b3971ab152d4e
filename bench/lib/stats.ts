/** Small statistics for noisy machines: medians over runs, with the baseline measured in the same run. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export const nowMs = (): number => performance.now();

/** Runs `gc()` when node was started with `--expose-gc`, so one sample's garbage is not billed to the next. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Times `work` called `iterations` times in a row; returns ms per call. Async work is awaited each time.
 */
export async function timeIt(work: () => unknown, iterations: number): Promise<number> {
  collectGarbage();
  const start = nowMs();
  for (let i = 0; i < iterations; i++) await work();
  return (nowMs() - start) / iterations;
}

/** How many calls make a sample of about `targetMs`, from one timed call (bounded to 1..10,000). */
export async function calibrate(work: () => unknown, targetMs: number): Promise<number> {
  const once = await timeIt(work, 1);
  return Math.max(1, Math.min(10_000, Math.round(targetMs / Math.max(once, 0.001))));
}
