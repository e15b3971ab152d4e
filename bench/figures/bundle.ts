/** Figure 3 — bundle size, min+gzip -9, everything included, per element entry and for core; also without Lit. */
import { BUNDLE_ENTRIES, KB, measureBundle, type BundleEntry } from '../lib/bundle-size.js';
import { progress, writeFigure, type Goal } from '../lib/report.js';

const kb = (bytes: number) => Math.round((bytes / KB) * 10) / 10;
const entries = Object.keys(BUNDLE_ENTRIES) as BundleEntry[];
const measured = [];
for (const entry of entries) {
  progress(`bundling ${entry}`);
  const all = await measureBundle(entry);
  const withoutLit = await measureBundle(entry, { withoutLit: true });
  measured.push({ entry, budgetKB: BUNDLE_ENTRIES[entry].budgetKB, all, withoutLit });
}

const goals: Goal[] = measured
  .filter((m) => m.budgetKB !== null)
  .map((m) => {
    const met = m.all.gzipBytes <= m.budgetKB! * KB;
    const top = m.all.contributors
      .slice(0, 4)
      .map((c) => `${c.package} ${kb(c.minifiedBytes)} KB`)
      .join(', ');
    return {
      text: `${m.entry} ≤ ${m.budgetKB} KB min+gzip`,
      met,
      note: met
        ? `${kb(m.all.gzipBytes)} KB`
        : `${kb(m.all.gzipBytes)} KB (${m.all.gzipBytes} bytes), ${kb(m.all.gzipBytes - m.budgetKB! * KB)} KB over. Largest contributors ` +
          `(minified, before gzip): ${top}. Why: zod/mini's runtime with core's schemas is about 9 KB of it, the share service and tree validation most of the rest; validation stays on zod by design (every boundary is checked with zod). What would fix it: a browser entry (\`@chatshare/core/client\`: types, errors, snapshot export, wire schemas) without the server-side service, which HTTP-mode embedders never run; the elements already pull only what they use (their budgets pass). test/bundle-size.test.ts guards core at 23 KB meanwhile (18 KB until passwords, view counts, review before publishing and link history: +3.5 KB; 22 KB until the primitive store contract moved row serialisation and re-validation from every store into core's record codec: +0.7 KB).`,
    };
  });

await writeFigure({
  id: 'bundle',
  title: 'Bundle size (min+gzip)',
  measuredAt: new Date().toISOString(),
  method:
    'esbuild bundle of what an embedder imports (`import "@chatshare/elements/<entry>.js"`, `export * from "@chatshare/core"`) for the ' +
    'browser, minified, gzip level 9 (zlib); workspace packages from source (`dev-source`), production Lit, NODE_ENV=production. ' +
    '1 KB = 1,000 bytes. "Without Lit" leaves lit, lit-html, lit-element and @lit/reactive-element external (the virtualizer stays in). ' +
    'Deterministic, so one run; budgets are enforced in `pnpm test` by test/bundle-size.test.ts.',
  goals,
  tables: [
    {
      columns: ['entry', 'minified KB', 'min+gzip KB', 'min+gzip without Lit KB', 'budget KB', 'largest contributors (minified KB)'],
      rows: measured.map((m) => [
        m.entry,
        kb(m.all.minifiedBytes),
        kb(m.all.gzipBytes),
        kb(m.withoutLit.gzipBytes),
        m.budgetKB,
        m.all.contributors
          .filter((c) => c.minifiedBytes > 0)
          .slice(0, 5)
          .map((c) => `${c.package} ${kb(c.minifiedBytes)}`)
          .join(', '),
      ]),
    },
  ],
  data: measured,
});
