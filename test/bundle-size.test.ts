// Size budgets (issue 6, SPEC §6): min+gzip of what an embedder bundles, everything included. Size is deterministic,
// so it is enforced here; `pnpm bench --only bundle` reports the same numbers (and without Lit) in BENCHMARKS.md.
import { describe, expect, it } from 'vitest';
import { KB, measureBundle } from '../bench/lib/bundle-size.js';

describe('bundle-size budgets (min+gzip -9, 1 KB = 1,000 bytes)', () => {
  it('<share-chat-modal> entry stays within 25 KB', async () => {
    const { gzipBytes } = await measureBundle('share-chat-modal');
    expect(gzipBytes).toBeGreaterThan(1 * KB);
    expect(gzipBytes).toBeLessThanOrEqual(25 * KB);
  }, 60_000);

  it('<shared-chat-viewer> entry stays within 60 KB', async () => {
    const { gzipBytes } = await measureBundle('shared-chat-viewer');
    expect(gzipBytes).toBeGreaterThan(1 * KB);
    expect(gzipBytes).toBeLessThanOrEqual(60 * KB);
  }, 60_000);
});
