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

  // The goal for core is 12 KB and it is NOT met (BENCHMARKS.md says why: zod/mini's runtime and schemas are
  // ~9 KB, the service and tree validation most of the rest). This guard keeps it from growing while the fix — a
  // browser entry without the server-side service — is open. Raised from 18 to 22 KB by issue 8: passwords, view
  // counts, leave-out/preview and link history (B13–B16) measured 21.4 KB, of which ~0.6 KB is their schemas.
  it('core (every export) does not grow past 22 KB; goal 12 KB not met, see BENCHMARKS.md', async () => {
    const { gzipBytes } = await measureBundle('core');
    expect(gzipBytes).toBeGreaterThan(1 * KB);
    expect(gzipBytes).toBeLessThanOrEqual(22 * KB);
  }, 60_000);
});
