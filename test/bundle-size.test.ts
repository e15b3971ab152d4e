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

  // The goal for core is 12 KB and it is NOT met (BENCHMARKS.md says why: zod/mini's runtime and schemas are ~9 KB,
  // the service and tree validation most of the rest). This guard keeps it from growing while the fix — a browser
  // entry without the server-side service — is open. 18 KB until passwords, view counts, review and history (+3.5 KB);
  // 23 KB since the store contract became primitive storage: serialising and re-validating rows moved from every
  // store into core's record codec (+0.7 KB here, and that much less in each store). The entries embedders ship
  // (modal, viewer, manager) did not grow.
  it('core (every export) does not grow past 23 KB; goal 12 KB not met, see BENCHMARKS.md', async () => {
    const { gzipBytes } = await measureBundle('core');
    expect(gzipBytes).toBeGreaterThan(1 * KB);
    expect(gzipBytes).toBeLessThanOrEqual(23 * KB);
  }, 60_000);
});
