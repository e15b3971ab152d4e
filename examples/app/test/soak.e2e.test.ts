import { beforeAll, describe, expect, it } from 'vitest';
import { freshDataDir } from './harness.js';
import { runSoak, type RequestKind, type SoakReport } from './soak/driver.js';
import { VIOLATION_KINDS } from './soak/ledger.js';
import { FLAT_MEMORY_RULE } from './soak/memory.js';

/** Issue 7 asks for at least a minute. Performance is not asserted here (bench/figures/soak.ts reports it). */
const SECONDS = 60;

describe('a bounded soak of the example server on loopback (issue 7)', () => {
  let report: SoakReport;
  const count = (kind: RequestKind) => report.kinds.find((k) => k.kind === kind)?.count ?? 0;
  const samples = () => [...report.violationSamples, ...report.networkErrorSamples, ...report.serverStderr.slice(-10)].join('\n');

  beforeAll(async () => {
    // The server (its own process, PGlite in a fresh folder) and the soak: about 75 s in all on two busy cores.
    report = await runSoak({ seconds: SECONDS, dataDir: await freshDataDir(), log: (line) => console.log(line) });
    console.log(
      `soak: ${report.requests} requests in ${report.seconds} s (${report.requestsPerSecond}/s), statuses ${JSON.stringify(report.statuses)}, ` +
        `heap ${report.memory.summary.heapAfterWarmupMB} → ${report.memory.summary.heapAtEndMB} MB`,
    );
  }, 300_000);

  it('ran the whole mix for a minute: creates, edits of shared chats, updates and revokes (by the API and by deleting the chat), reads and probes', () => {
    expect(report.seconds).toBeGreaterThanOrEqual(SECONDS);
    expect(report.shares.created).toBeGreaterThan(report.config.minLive);
    expect(report.shares.messagesAdded).toBeGreaterThan(0);
    expect(report.shares.updated).toBeGreaterThan(0);
    expect(report.shares.revoked - report.shares.revokedByChatDelete).toBeGreaterThan(0);
    expect(report.shares.revokedByChatDelete).toBeGreaterThan(0);
    for (const kind of ['read api', 'read page', 'probe api', 'probe page'] as const) expect(count(kind), kind).toBeGreaterThan(0);
  });

  it('no 5xx and no network errors; the server process never fell over', () => {
    expect(report.serverErrors, samples()).toBe(0);
    expect(report.networkErrors, samples()).toBe(0);
    expect(report.serverExitCode).toBeNull();
  });

  it('T7, R3: no response carried a snapshot after its revoke was answered; every revoked id stays gone at the end', () => {
    expect(report.revokedServed, samples()).toBe(0);
    expect(report.shares.revokedProbedAtEnd).toBe(report.shares.revoked);
  });

  it('R2, T5: no share was served to a reader its audience leaves out, and every status matched the share and the reader', () => {
    expect(report.violations['forbidden-served'], samples()).toBe(0);
    expect(report.violations['foreign-content'], samples()).toBe(0);
    expect(report.violations['unexpected-status'], samples()).toBe(0);
    expect(report.violations.malformed, samples()).toBe(0);
  });

  it('T10, R4: messages added after a snapshot were never served before "Update"; after it the new snapshot was served', () => {
    expect(report.violations['unpublished-served'], samples()).toBe(0);
    expect(report.violations['stale-snapshot'], samples()).toBe(0);
  });

  it('every share still live at the end reads for its owner, with its newest snapshot', () => {
    expect(report.shares.abandoned, samples()).toBe(0);
    expect(report.shares.liveAtEnd).toBeGreaterThan(0);
    expect(report.shares.liveVerified).toBe(report.shares.liveAtEnd);
    // Nothing outside the named kinds above went wrong either.
    expect(VIOLATION_KINDS.reduce((n, kind) => n + report.violations[kind], 0), samples()).toBe(0);
  });

  it(`memory stays flat: heap after GC at the end within max(${FLAT_MEMORY_RULE.minGrowthMB} MB, +${FLAT_MEMORY_RULE.growthRatio * 100} %) of after the warm-up`, () => {
    const { summary } = report.memory;
    expect(summary.samplesUsed).toBeGreaterThanOrEqual(10);
    expect(summary.flat, JSON.stringify(summary)).toBe(true);
  });
});
