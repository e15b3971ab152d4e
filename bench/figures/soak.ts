/**
 * Figure 6 — a bounded soak of the example server (issue 7): the demo in its own process on loopback, PGlite in a
 * fresh folder, a minute of mixed reads, creates, edits, updates and revokes with revoked ids probed throughout. The
 * driver is the one the e2e test asserts with (examples/app/test/soak/driver.ts); this figure reports its numbers.
 */
import { loadavg } from 'node:os';
import { runSoak } from '../../examples/app/test/soak/driver.js';
import { SHARE_ROUTE_LIMIT_PER_MINUTE } from '../../examples/app/src/server/app.js';
import { FLAT_MEMORY_RULE } from '../../examples/app/test/soak/memory.js';
import { progress, quick, writeFigure, type Cell, type Goal } from '../lib/report.js';
import { round } from '../lib/stats.js';

const SECONDS = quick ? 15 : 60;
const WARMUP_SECONDS = quick ? 5 : 10;

const load = () => round(loadavg()[0]!, 1);
const loadAtStart = load();
const report = await runSoak({ seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, log: progress });
const loadAtEnd = load();

const { summary } = report.memory;
const otherViolations = Object.entries(report.violations).filter(([kind, n]) => kind !== 'revoked-served' && n > 0);
const samplesNote = (list: readonly string[]) => (list.length ? `; first: ${list[0]}` : '');
const goals: Goal[] = [
  { text: 'no 5xx', met: report.serverErrors === 0, note: `${report.serverErrors} responses ≥ 500${samplesNote(report.serverStderr)}` },
  { text: 'no network errors', met: report.networkErrors === 0, note: `${report.networkErrors}${samplesNote(report.networkErrorSamples)}` },
  {
    text: 'no revoked snapshot ever served (T7)',
    met: report.revokedServed === 0,
    note: `${report.revokedServed} responses carried a snapshot after its revoke was answered`,
  },
  {
    text: 'every answer as the share’s state allows (R2, T10: audience, unpublished messages, newest snapshot, status)',
    met: otherViolations.length === 0,
    note: otherViolations.length ? `${otherViolations.map(([k, n]) => `${k}: ${n}`).join(', ')}${samplesNote(report.violationSamples)}` : 'none',
  },
  {
    text: 'every live share still reads at the end',
    met: report.shares.liveAtEnd > 0 && report.shares.liveVerified === report.shares.liveAtEnd,
    note: `${report.shares.liveVerified} of ${report.shares.liveAtEnd}`,
  },
  {
    text: `flat memory (heap after GC within max(${FLAT_MEMORY_RULE.minGrowthMB} MB, +${FLAT_MEMORY_RULE.growthRatio * 100} %) of after the warm-up)`,
    met: summary.flat,
    note: `heap ${summary.heapAfterWarmupMB} → ${summary.heapAtEndMB} MB (allowed +${summary.allowedGrowthMB} MB)`,
  },
];

const statusText = (statuses: Readonly<Record<string, number>>, networkErrors = 0) =>
  [...Object.entries(statuses).map(([s, n]) => `${s}: ${n.toLocaleString('en')}`), ...(networkErrors ? [`network errors: ${networkErrors}`] : [])].join(', ') || '—';

const kindRows: Cell[][] = report.kinds
  .filter((k) => k.count > 0)
  .map((k) => [
    k.kind,
    k.count,
    k.kind === 'sign in' || k.kind === 'final sweep' ? '—' : round(k.count / report.seconds, 1),
    k.p50Ms,
    k.p99Ms,
    k.maxMs,
    statusText(k.statuses, k.networkErrors),
  ]);

await writeFigure({
  id: 'soak',
  title: 'Soak of the example server (mixed load, loopback, PGlite)',
  measuredAt: new Date().toISOString(),
  method:
    `\`runSoak()\` from examples/app/test/soak/driver.ts — the same driver the e2e test \`soak.e2e.test.ts\` asserts with. ` +
    `The example server (\`startDemo\`, app and hub) runs in its own Node process (--expose-gc) on 127.0.0.1 with a new PGlite data folder. ` +
    `For ${SECONDS} s, ${report.config.readers} read loops and ${report.config.writers} write loops run back to back (closed loop, no think time). ` +
    'Reads: a live share, or (a quarter of reads once there are some) one of the 64 most recently revoked ids, as nobody, as bob or as the owner, ' +
    'through the JSON API (70 %) or the /s/:id page. Writes: create a chat and share it (audiences anyone, instance, owner, people in turn), ' +
    `add a message to a shared chat, press "Update" on a share with such a message, or revoke (by the share API and by deleting the chat, alternately), ` +
    `keeping ${report.config.minLive}–${report.config.maxLive} shares live. Each snapshot carries a unique marker, so any body that serves a revoked, ` +
    'forbidden or not-yet-updated snapshot is counted. Requests leave from ' +
    `${report.config.sourceAddresses} loopback addresses in turn (a crowd of viewers: the demo's share routes allow ${SHARE_ROUTE_LIMIT_PER_MINUTE} requests a minute per address, T4). ` +
    `Memory: \`process.memoryUsage()\` in the server after a forced GC every 3 s; the first ${WARMUP_SECONDS} s are warm-up. ` +
    'After the timed load, every live share is read and every revoked id probed once more (the final sweep). Latencies are per request, client-side.',
  goals,
  tables: [
    {
      caption: 'Run',
      columns: ['seconds', 'requests', 'req/s', 'shares created', 'messages added', 'updates', 'revokes (API / chat delete)', 'live at end (read OK)', 'revoked ids probed at end', 'revoked served', 'other violations'],
      rows: [
        [
          report.seconds,
          report.requests,
          report.requestsPerSecond,
          report.shares.created,
          report.shares.messagesAdded,
          report.shares.updated,
          `${report.shares.revoked} (${report.shares.revoked - report.shares.revokedByChatDelete} / ${report.shares.revokedByChatDelete})`,
          `${report.shares.liveAtEnd} (${report.shares.liveVerified})`,
          report.shares.revokedProbedAtEnd,
          report.revokedServed,
          otherViolations.reduce((n, [, c]) => n + c, 0),
        ],
      ],
    },
    {
      caption: 'Requests by kind (probe = an id whose revoke was answered; sign in and the final sweep are outside the timed load)',
      columns: ['kind', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'statuses'],
      rows: kindRows,
    },
    {
      caption: 'Server memory after GC (MB)',
      columns: ['heap after warm-up', 'heap at end', 'growth (allowed)', 'heap slope MB/min', 'rss after warm-up', 'rss at end', 'rss slope MB/min', 'heap / rss idle after the sweep'],
      rows: [
        [
          summary.heapAfterWarmupMB,
          summary.heapAtEndMB,
          `${summary.heapGrowthMB} (${summary.allowedGrowthMB})`,
          summary.heapSlopeMBPerMin,
          summary.rssAfterWarmupMB,
          summary.rssAtEndMB,
          summary.rssSlopeMBPerMin,
          `${round(report.memory.afterLoad.heapUsed / 2 ** 20, 1)} / ${round(report.memory.afterLoad.rss / 2 ** 20, 1)}`,
        ],
      ],
    },
    {
      caption: 'Memory samples (s into the load: heap / rss MB)',
      columns: ['samples'],
      rows: [[report.memory.samples.map((s) => `${s.atS}: ${round(s.heapUsed / 2 ** 20, 1)} / ${round(s.rss / 2 ** 20, 0)}`).join(' · ')]],
    },
  ],
  notes: [
    `1-minute load average ${loadAtStart} when the soak started and ${loadAtEnd} when it ended, on ${report.config.readers + report.config.writers} ` +
      'client loops and the server sharing the same 2 cores — and other engineers’ test runs shared them too, so req/s and latencies are noisy ' +
      'and only the counts (5xx, errors, revoked served, violations) and the memory trend are meant to be compared.',
    'RSS is reported, not judged: PGlite’s WebAssembly memory grows to its working set and is never returned; the JS heap after GC is the leak signal.',
    `Run tag \`${report.run}\`. Reproduce: \`pnpm bench --only soak\` (\`--quick\`: 15 s). The same soak runs as a test in ` +
      '`pnpm test` (examples/app/test/soak.e2e.test.ts), where the counts above are assertions.',
  ],
  data: { ...report, loadAverage: { start: loadAtStart, end: loadAtEnd } },
});
