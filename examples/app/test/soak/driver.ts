/**
 * A bounded soak of the example server (issue 7): the demo in its own process on 127.0.0.1 with a fresh PGlite data
 * folder, and for a fixed time a bounded, concurrent mix of anonymous and signed-in reads of live shares (the JSON
 * API and the HTML page), creates, updates and revokes, with the revoked ids probed all along. Every snapshot's
 * content carries a unique marker, so a response that serves what it must not (revoked, forbidden or not yet
 * published) shows in its body.
 * Used by examples/app/test/soak.e2e.test.ts (asserts) and bench/figures/soak.ts (BENCHMARKS.md).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shareIdSchema } from '@chatshare/core';
import type { DemoChat, DemoMessage } from '../../src/server/chat-tree.js';
import { OWNER, SoakLedger, VIOLATION_KINDS, type AudienceType, type Reader, type ReadRoute, type TrackedShare, type ViolationKind } from './ledger.js';
import { CrowdNetworkError, LoopbackCrowd, type CrowdRequest, type CrowdResponse } from './loopback-crowd.js';
import { summarizeMemory, type MemorySummary, type TimedMemorySample } from './memory.js';
import { findAppRoot, startServerProcess, type MemorySample } from './server-process.js';

export interface SoakOptions {
  /** How long the mixed load runs. Default 60. */
  seconds?: number;
  /** Concurrent read loops. Default 6. */
  readers?: number;
  /** Concurrent write loops (create, update, revoke). Default 2. */
  writers?: number;
  /** Writers keep the number of live shares within these bounds. Default 6 and 24. */
  minLive?: number;
  maxLive?: number;
  /** Memory sampling period. Default 3. */
  sampleEverySeconds?: number;
  /** Samples before this are warm-up (JIT, caches) and not judged. Default 10. */
  warmupSeconds?: number;
  /** Loopback source addresses the requests rotate through (see LoopbackCrowd). Default 250. */
  sourceAddresses?: number;
  /** The PGlite data folder; default a new empty one. It is removed when the soak ends either way. */
  dataDir?: string;
  appRoot?: string;
  log?: (line: string) => void;
}

export const REQUEST_KINDS = [
  'read api',
  'read page',
  'probe api',
  'probe page',
  'create chat',
  'create share',
  'add message',
  'update share',
  'revoke share',
  'delete chat',
  'sign in',
  'final sweep',
] as const;
/** `probe …` are reads of ids whose revoke was answered; `sign in` and `final sweep` are outside the timed load. */
export type RequestKind = (typeof REQUEST_KINDS)[number];
const UNTIMED: ReadonlySet<RequestKind> = new Set(['sign in', 'final sweep']);

export interface KindReport {
  readonly kind: RequestKind;
  readonly count: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly networkErrors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface SoakReport {
  /** The marker tag of this run: `SOAK-<run>-<n>-MARK`. */
  readonly run: string;
  readonly config: { readonly readers: number; readonly writers: number; readonly minLive: number; readonly maxLive: number; readonly sourceAddresses: number };
  /** How long the timed load ran, in-flight requests included. */
  readonly seconds: number;
  /** Requests of the timed load (not sign-in or the final sweep) and their rate. */
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly kinds: readonly KindReport[];
  /** Every answered request, by status. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly serverErrors: number;
  readonly networkErrors: number;
  readonly networkErrorSamples: readonly string[];
  readonly violations: Readonly<Record<ViolationKind, number>>;
  readonly violationSamples: readonly string[];
  /** Responses that carried a snapshot after its revoke was answered. */
  readonly revokedServed: number;
  readonly shares: {
    readonly created: number;
    /** Messages the owner added to shared chats (each one kept out of its link until the next update). */
    readonly messagesAdded: number;
    readonly updated: number;
    readonly revoked: number;
    readonly revokedByChatDelete: number;
    /** Shares left out of further checks after a write on them failed (each failure is a violation). */
    readonly abandoned: number;
    readonly liveAtEnd: number;
    /** Live shares whose owner read the current snapshot in the final sweep. */
    readonly liveVerified: number;
    readonly revokedProbedAtEnd: number;
  };
  readonly memory: {
    readonly samples: readonly TimedMemorySample[];
    /** After the load and the final sweep, idle. */
    readonly afterLoad: MemorySample;
    readonly summary: MemorySummary;
  };
  readonly serverStderr: readonly string[];
  readonly serverExitCode: number | null;
}

const AUDIENCES: readonly AudienceType[] = ['anyone', 'instance', 'owner', 'people'];
const READERS: readonly Reader[] = ['anonymous', 'bob', 'alice'];
/** Share of reads aimed at revoked ids, once there are some; they pick among the most recently revoked. */
const PROBE_SHARE = 0.25;
const RECENT_REVOKED = 64;
const API_SHARE = 0.7;
const SWEEP_CONCURRENCY = 4;
const MAX_ERROR_SAMPLES = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();

const ANSWER =
  'A revoked link stops resolving at once, for everyone, including anyone who opened it before. An updated link shows ' +
  'the new snapshot; messages written after a snapshot never reach it until the owner updates the link again. ';

/** A chat of four messages, about 1.5 KB, whose first message carries `marker`. */
export function soakChat(title: string, marker: string): DemoChat {
  const at = Math.floor(Date.now() / 1000);
  const texts: [DemoMessage['role'], string][] = [
    ['user', `Question ${marker}: what happens to a shared link after it is revoked or updated?`],
    ['assistant', ANSWER.repeat(3)],
    ['user', 'And for people who are not signed in?'],
    ['assistant', `They see only links shared with anyone. ${ANSWER.repeat(2)}`],
  ];
  const messages: Record<string, DemoMessage> = {};
  let parentId: string | null = null;
  for (const [i, [role, content]] of texts.entries()) {
    const id: string = randomUUID();
    messages[id] = { id, parentId, childrenIds: [], role, content, timestamp: at + i, ...(role === 'assistant' ? { model: 'echo-1' } : {}) };
    if (parentId) messages[parentId]!.childrenIds.push(id);
    parentId = id;
  }
  return { title, models: ['echo-1'], history: { messages, currentId: parentId } };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
}

/** Counts and latencies per request kind. */
class RequestStats {
  private readonly latencies = new Map<RequestKind, number[]>(REQUEST_KINDS.map((k) => [k, []]));
  private readonly statuses = new Map<RequestKind, Map<number, number>>(REQUEST_KINDS.map((k) => [k, new Map()]));
  private readonly errors = new Map<RequestKind, number>(REQUEST_KINDS.map((k) => [k, 0]));
  readonly errorSamples: string[] = [];

  record(kind: RequestKind, status: number, ms: number): void {
    this.latencies.get(kind)!.push(ms);
    const byStatus = this.statuses.get(kind)!;
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  networkError(kind: RequestKind, message: string): void {
    this.errors.set(kind, this.errors.get(kind)! + 1);
    if (this.errorSamples.length < MAX_ERROR_SAMPLES) this.errorSamples.push(`${kind}: ${message}`);
  }

  kinds(): KindReport[] {
    return REQUEST_KINDS.map((kind) => {
      const sorted = [...this.latencies.get(kind)!].sort((a, b) => a - b);
      const networkErrors = this.errors.get(kind)!;
      return {
        kind,
        count: sorted.length + networkErrors,
        statuses: Object.fromEntries([...this.statuses.get(kind)!].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n])),
        networkErrors,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        maxMs: percentile(sorted, 100),
      };
    });
  }
}

/** Runs the soak and reports what it saw; it asserts nothing itself (the test and the bench do). */
export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
  const seconds = options.seconds ?? 60;
  const config = {
    readers: options.readers ?? 6,
    writers: options.writers ?? 2,
    minLive: options.minLive ?? 6,
    maxLive: options.maxLive ?? 24,
    sourceAddresses: options.sourceAddresses ?? 250,
  };
  const sampleEveryMs = (options.sampleEverySeconds ?? 3) * 1000;
  const warmupSeconds = options.warmupSeconds ?? 10;
  // Which share, who reads, which route: random; timing decides the interleaving anyway, so no run replays exactly.
  const random = Math.random;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const log = options.log ?? (() => {});
  const appRoot = options.appRoot ?? findAppRoot();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'chatshare-soak-')));

  const ledger = new SoakLedger();
  const stats = new RequestStats();
  const counts = { created: 0, messagesAdded: 0, updated: 0, revoked: 0, revokedByChatDelete: 0 };
  const samples: TimedMemorySample[] = [];

  log(`soak ${ledger.run}: starting the example server on 127.0.0.1, PGlite in ${dataDir}`);
  const server = await startServerProcess({ appRoot, dataDir }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const crowd = new LoopbackCrowd(new URL(server.url), LoopbackCrowd.addresses(config.sourceAddresses));
  try {
    const call = async (kind: RequestKind, method: string, path: string, request: CrowdRequest = {}): Promise<CrowdResponse | null> => {
      try {
        const response = await crowd.send(method, path, request);
        stats.record(kind, response.status, response.ms);
        return response;
      } catch (error) {
        if (!(error instanceof CrowdNetworkError)) throw error;
        stats.networkError(kind, error.message);
        return null;
      }
    };
    /** A write answered as expected; anything else is a violation (and a network error is already counted). */
    const expectStatus = (response: CrowdResponse | null, status: number, what: string): response is CrowdResponse => {
      if (response === null) return false;
      if (response.status === status) return true;
      ledger.violation('unexpected-status', `${what} answered ${response.status}, expected ${status}: ${response.body.slice(0, 160)}`);
      return false;
    };

    const signIn = async (user: string): Promise<string> => {
      const response = await call('sign in', 'POST', '/login', { form: { username: user, redirect: '/' } });
      const cookie = [response?.headers['set-cookie'] ?? []].flat()[0]?.split(';')[0];
      if (response?.status !== 303 || !cookie) throw new Error(`soak: signing in ${user} answered ${response?.status ?? 'nothing'}`);
      return cookie;
    };
    const cookies: Record<Reader, string | undefined> = { anonymous: undefined, bob: await signIn('bob'), alice: await signIn(OWNER) };
    const owner = { cookie: cookies.alice };

    const createShare = async () => {
      const n = ++counts.created;
      const marker = ledger.newMarker();
      const chat = await call('create chat', 'POST', '/api/chats', { ...owner, json: { chat: soakChat(`Soak chat ${n}`, marker) } });
      if (!expectStatus(chat, 201, 'creating a chat')) return;
      const chatId = (JSON.parse(chat.body) as { id?: unknown }).id;
      if (typeof chatId !== 'string') return ledger.violation('malformed', `creating a chat answered ${chat.body.slice(0, 160)}`);
      const audience = AUDIENCES[n % AUDIENCES.length]!;
      const input = audience === 'people' ? { type: audience, userIds: ['bob'], groupIds: [] } : { type: audience };
      const share = await call('create share', 'POST', '/api/chatshare/shares', { ...owner, json: { chatId, audience: input } });
      if (!expectStatus(share, 201, `sharing chat ${chatId}`)) return;
      const id = shareIdSchema.safeParse((JSON.parse(share.body) as { id?: unknown }).id);
      if (!id.success) return ledger.violation('malformed', `creating a share answered ${share.body.slice(0, 160)}`);
      ledger.add({ id: id.data, chatId, audience, current: marker });
    };

    // Snapshots are copies: the owner keeps chatting after sharing; the new message stays out of the link, for as long
    // as other operations run in between, until "Update" is pressed; once the update is answered it is what the link
    // serves.
    const editOrUpdate = async (share: TrackedShare) => {
      if (share.unpublished.size === 0) {
        const marker = ledger.newMarker(share);
        share.unpublished.add(marker);
        const added = await call('add message', 'POST', `/c/${share.chatId}/messages`, { ...owner, form: { content: `Follow-up ${marker}` } });
        if (!expectStatus(added, 303, `adding a message to ${share.chatId}`)) return ledger.abandon(share);
        counts.messagesAdded++;
        return;
      }
      const publishing = [...share.unpublished];
      share.unpublished.clear();
      const updated = await call('update share', 'POST', `/api/chatshare/shares/${share.id}/update`, { ...owner, json: {} });
      if (!expectStatus(updated, 200, `updating ${share.id}`)) return ledger.abandon(share);
      share.current = publishing.at(-1)!;
      counts.updated++;
    };

    // Revoke through the share API, or by deleting the chat (its links go with it). Either way the chat is
    // deleted, so the database stays the size of the live set however long the soak runs.
    const revokeShare = async (share: TrackedShare) => {
      const byChatDelete = counts.revoked % 2 === 1;
      share.revokeSentAt = now();
      if (byChatDelete) {
        const deleted = await call('delete chat', 'POST', `/c/${share.chatId}/delete`, { ...owner, form: {} });
        if (!expectStatus(deleted, 303, `deleting chat ${share.chatId}`)) return ledger.abandon(share);
        if (deleted.headers.location !== '/?deleted=1') {
          ledger.violation('unexpected-status', `deleting chat ${share.chatId} revoked ${deleted.headers.location} links, expected 1`);
          return ledger.abandon(share);
        }
        counts.revokedByChatDelete++;
      } else {
        const revoked = await call('revoke share', 'DELETE', `/api/chatshare/shares/${share.id}`, owner);
        if (!expectStatus(revoked, 204, `revoking ${share.id}`)) return ledger.abandon(share);
      }
      ledger.markRevoked(share, now());
      counts.revoked++;
      if (!byChatDelete) expectStatus(await call('delete chat', 'POST', `/c/${share.chatId}/delete`, { ...owner, form: {} }), 303, `deleting chat ${share.chatId}`);
    };

    const started = now();
    const deadline = started + seconds * 1000;
    const running = () => now() < deadline && server.exitCode() === null;

    const writer = async () => {
      while (running()) {
        const live = ledger.live.length;
        const idle = ledger.live.filter((s) => !s.busy);
        const roll = random();
        if (live < config.minLive || (live < config.maxLive && (roll < 0.3 || idle.length === 0))) {
          await createShare();
        } else if (idle.length === 0) {
          await sleep(10);
        } else {
          const share = pick(idle);
          share.busy = true;
          try {
            if (live >= config.maxLive || roll >= 0.65) await revokeShare(share);
            else await editOrUpdate(share);
          } finally {
            share.busy = false;
          }
        }
      }
    };

    const read = async (share: TrackedShare, reader: Reader, route: ReadRoute, kind: RequestKind | null) => {
      const view = ledger.view(share);
      const label = kind ?? (view.revoked ? (route === 'api' ? 'probe api' : 'probe page') : route === 'api' ? 'read api' : 'read page');
      const path = route === 'api' ? `/api/chatshare/s/${share.id}` : `/s/${share.id}`;
      const response = await call(label, 'GET', path, { cookie: cookies[reader] });
      return response !== null && ledger.checkRead(share, view, reader, route, response.status, response.body);
    };

    const reader = async () => {
      while (running()) {
        const revoked = ledger.revoked.slice(-RECENT_REVOKED).filter((s) => !s.abandoned);
        const target = revoked.length > 0 && random() < PROBE_SHARE ? pick(revoked) : ledger.live.length > 0 ? pick(ledger.live) : null;
        if (!target) {
          await sleep(10);
          continue;
        }
        await read(target, pick(READERS), random() < API_SHARE ? 'api' : 'page', null);
      }
    };

    const sampler = async () => {
      let next = started;
      while (running()) {
        samples.push({ atS: Math.round((now() - started) / 100) / 10, ...(await server.memory()) });
        next += sampleEveryMs;
        await sleep(Math.max(0, Math.min(next, deadline) - now()));
      }
    };

    const reporter = async () => {
      while (running()) {
        await sleep(Math.min(10_000, Math.max(0, deadline - now())));
        const heap = samples.at(-1);
        log(
          `soak ${Math.round((now() - started) / 1000)} s: ${counts.created} created, ${counts.updated} updated, ${counts.revoked} revoked, ` +
            `${ledger.live.length} live; ${ledger.violationCount()} violations; heap ${heap ? Math.round(heap.heapUsed / 2 ** 20) : '?'} MB`,
        );
      }
    };

    await Promise.all([
      ...Array.from({ length: config.writers }, writer),
      ...Array.from({ length: config.readers }, reader),
      sampler(),
      reporter(),
    ]);
    const loadSeconds = (now() - started) / 1000;
    if (server.exitCode() !== null) {
      throw new Error(`soak: the example server exited with ${server.exitCode()} during the load:\n${server.stderr.slice(-30).join('\n')}`);
    }
    samples.push({ atS: Math.round(loadSeconds * 10) / 10, ...(await server.memory()) });

    // Every live share still reads, for its owner with its newest snapshot; every revoked id stays gone.
    log(`soak: final sweep of ${ledger.live.length} live and ${ledger.revoked.length} revoked shares`);
    let liveVerified = 0;
    let revokedProbedAtEnd = 0;
    const sweep: (() => Promise<void>)[] = [
      ...ledger.live.map((share) => async () => {
        if (await read(share, OWNER, 'api', 'final sweep')) liveVerified++;
        await read(share, 'bob', 'api', 'final sweep');
        await read(share, 'anonymous', 'api', 'final sweep');
      }),
      ...ledger.revoked.map((share) => async () => {
        for (const who of READERS) await read(share, who, 'api', 'final sweep');
        await read(share, 'anonymous', 'page', 'final sweep');
        revokedProbedAtEnd++;
      }),
    ];
    await Promise.all(
      Array.from({ length: SWEEP_CONCURRENCY }, async () => {
        for (let task = sweep.shift(); task; task = sweep.shift()) await task();
      }),
    );
    const afterLoad = await server.memory();

    const kinds = stats.kinds();
    const statuses: Record<string, number> = {};
    for (const k of kinds) for (const [status, n] of Object.entries(k.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
    const requests = kinds.filter((k) => !UNTIMED.has(k.kind)).reduce((n, k) => n + k.count, 0);
    const violations = Object.fromEntries(VIOLATION_KINDS.map((kind) => [kind, ledger.violations.get(kind) ?? 0])) as Record<ViolationKind, number>;
    return {
      run: ledger.run,
      config,
      seconds: Math.round(loadSeconds * 10) / 10,
      requests,
      requestsPerSecond: Math.round(requests / loadSeconds),
      kinds,
      statuses,
      serverErrors: Object.entries(statuses).reduce((n, [status, count]) => n + (Number(status) >= 500 ? count : 0), 0),
      networkErrors: kinds.reduce((n, k) => n + k.networkErrors, 0),
      networkErrorSamples: stats.errorSamples,
      violations,
      violationSamples: ledger.samples,
      revokedServed: violations['revoked-served'],
      shares: {
        ...counts,
        abandoned: ledger.abandoned.length,
        liveAtEnd: ledger.live.length,
        liveVerified,
        revokedProbedAtEnd,
      },
      memory: { samples, afterLoad, summary: summarizeMemory(samples, warmupSeconds) },
      serverStderr: [...server.stderr],
      serverExitCode: server.exitCode(),
    };
  } finally {
    crowd.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
