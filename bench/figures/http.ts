/**
 * Figure 4 — share reads per second through the HTTP handler on loopback (autocannon), per store, as a ratio to a bare
 * node:http server returning the same bytes from memory; p50/p99 latency; server memory before/after a long run.
 * Each server runs in its own child process (this file, forked with BENCH_ROLE), so autocannon does not share its
 * event loop; on this 2-core machine the server and autocannon each get about one core.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { progress, quick, writeFigure, type Cell, type Goal } from '../lib/report.js';
import { median, round, collectGarbage } from '../lib/stats.js';
import { openStore, pgSkipReason, pgUrl, type NodeStoreKind } from '../lib/stores.js';

const RUNS = quick ? 1 : 3;
const RUN_SECONDS = quick ? 2 : 3;
/** The long run for memory growth: 60 s on PGlite (the embedded default), shorter on the others to keep `pnpm bench` short. */
const SOAK_SECONDS = quick ? 5 : 60;
const SHORT_SOAK_SECONDS = quick ? 5 : 10;
const CONNECTIONS = 10;
const CHAT_MESSAGES = 50;
/** Reads per client per minute allowed in the bench server: high, so the read rate limiter runs but never refuses. */
const BENCH_READ_LIMIT = 1_000_000_000;

type Memory = { rss: number; heapUsed: number };
type Ready = { port: number; path: string; body?: string; headers?: Record<string, string> };

// ───────────────────────────── server roles (child processes) ─────────────────────────────

async function serveHandler(kind: NodeStoreKind) {
  const { createShareService } = await import('@chatshare/core');
  const { createShareHandler, createNodeListener } = await import('@chatshare/adapters/http');
  const { markdownChat } = await import('../lib/markdown-chat.js');
  const opened = await openStore(kind, 'http');
  const chat = markdownChat(CHAT_MESSAGES);
  const service = createShareService({ store: opened.store, chats: { getChat: async () => ({ ownerId: 'owner', chat }) } });
  const share = await service.forActor({ id: 'owner' }).createShare({ chatId: 'chat-1' });
  const handler = createShareHandler(service, {
    identify: () => ({ id: 'reader' }),
    rateLimit: { limit: BENCH_READ_LIMIT, windowMs: 60_000 },
  });
  const server = createServer(createNodeListener(handler));
  server.keepAliveTimeout = 60_000;
  return { server, path: `/api/chatshare/s/${share.id}`, close: () => opened.close() };
}

function serveBare(body: string, headers: Record<string, string>) {
  const bytes = Buffer.from(body);
  const head = { ...headers, 'content-length': String(bytes.byteLength) };
  const server = createServer((_req, res) => {
    res.writeHead(200, head);
    res.end(bytes);
  });
  server.keepAliveTimeout = 60_000;
  return { server, path: '/s/bare', close: async () => {} };
}

async function runServer() {
  const role = process.env.BENCH_ROLE!;
  const served =
    role === 'bare' ? serveBare(process.env.BENCH_BODY!, JSON.parse(process.env.BENCH_HEADERS!)) : await serveHandler(role as NodeStoreKind);
  await new Promise<void>((resolve) => served.server.listen(0, '127.0.0.1', resolve));
  const { port } = served.server.address() as AddressInfo;
  process.on('message', async (message: string) => {
    if (message === 'memory') {
      collectGarbage();
      const m = process.memoryUsage();
      process.send!({ memory: { rss: m.rss, heapUsed: m.heapUsed } });
    } else if (message === 'stop') {
      served.server.closeAllConnections();
      served.server.close();
      await served.close();
      process.exit(0);
    }
  });
  process.send!({ ready: { port, path: served.path } });
}

// ───────────────────────────── driver (main process) ─────────────────────────────

function startServer(role: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_ROLE: role, ...env },
    execArgv: ['--expose-gc', '--enable-source-maps'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { ready: Ready }) => resolve({ child, ready: m.ready }));
    child.once('exit', (code) => reject(new Error(`${role} server exited with ${code}`)));
  });
}

function ask<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m: Record<string, T>) => resolve(m[what]!));
    child.send(what);
  });
}

async function stop(child: ChildProcess) {
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  await exited;
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, seconds: number): Promise<Load> {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1 });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function measureKind(kind: NodeStoreKind) {
  const soakSeconds = kind === 'pglite' ? SOAK_SECONDS : SHORT_SOAK_SECONDS;
  progress(`${kind}: starting the handler server and seeding one ${CHAT_MESSAGES}-message share`);
  const subject = await startServer(kind);
  const subjectUrl = `http://127.0.0.1:${subject.ready.port}${subject.ready.path}`;
  const sample = await fetch(subjectUrl);
  const body = await sample.text();
  if (sample.status !== 200) throw new Error(`${kind}: the share read answered ${sample.status}: ${body.slice(0, 200)}`);
  const headers: Record<string, string> = {};
  sample.headers.forEach((value, name) => {
    if (!['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) headers[name] = value;
  });
  const bare = await startServer('bare', { BENCH_BODY: body, BENCH_HEADERS: JSON.stringify(headers) });
  const bareUrl = `http://127.0.0.1:${bare.ready.port}${bare.ready.path}`;
  await load(subjectUrl, 1); // warm-up: JIT, connection pool, PGlite caches
  await load(bareUrl, 1);
  const runs: { bare: Load; subject: Load; ratio: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const b = await load(bareUrl, RUN_SECONDS);
    const s = await load(subjectUrl, RUN_SECONDS);
    runs.push({ bare: b, subject: s, ratio: s.rps / b.rps });
    progress(`${kind}: run ${run + 1}/${RUNS}: bare ${Math.round(b.rps)} req/s, handler ${Math.round(s.rps)} req/s (${(s.rps / b.rps).toFixed(3)}), p99 ${s.p99} ms`);
  }
  await stop(bare.child);
  progress(`${kind}: ${soakSeconds} s soak for memory`);
  const before = await ask<Memory>(subject.child, 'memory');
  const soak = await load(subjectUrl, soakSeconds);
  const after = await ask<Memory>(subject.child, 'memory');
  await stop(subject.child);
  progress(`${kind}: soak ${Math.round(soak.rps)} req/s; heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB, rss ${mb(before.rss)} → ${mb(after.rss)} MB`);
  return {
    kind,
    responseBytes: Buffer.byteLength(body),
    runs,
    medianRps: round(median(runs.map((r) => r.subject.rps))),
    medianBareRps: round(median(runs.map((r) => r.bare.rps))),
    medianRatio: round(median(runs.map((r) => r.ratio)), 4),
    p50: median(runs.map((r) => r.subject.p50)),
    p99: median(runs.map((r) => r.subject.p99)),
    bareP50: median(runs.map((r) => r.bare.p50)),
    bareP99: median(runs.map((r) => r.bare.p99)),
    failures: runs.reduce((n, r) => n + r.subject.non2xx + r.subject.errors, 0) + soak.non2xx + soak.errors,
    soak: { seconds: soakSeconds, rps: round(soak.rps), before, after, heapGrowthMB: mb(after.heapUsed - before.heapUsed), rssGrowthMB: mb(after.rss - before.rss) },
  };
}

const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

async function main() {
  const kinds: NodeStoreKind[] = ['memory', 'pglite'];
  const skipped: string[] = [];
  if (pgUrl) kinds.push('postgresql');
  else skipped.push(`PostgreSQL store: ${pgSkipReason}`);
  const results: Awaited<ReturnType<typeof measureKind>>[] = [];
  for (const kind of kinds) results.push(await measureKind(kind));

  /** Heap growth this small after a soak is noise (caches, JIT), not a leak. */
  const LEAK_MB = 10;
  const goals: Goal[] = [
    ...results.map((r) => ({
      text: `${r.kind}: every read answered 200 (no rate-limit refusals, no errors)`,
      met: r.failures === 0,
      note: `${r.failures} failed`,
    })),
    ...results.map((r) => ({
      text: `${r.kind}: no memory growth over a ${r.soak.seconds}-second run (heap after GC within ${LEAK_MB} MB)`,
      met: r.soak.heapGrowthMB <= LEAK_MB,
      note: `heap ${mb(r.soak.before.heapUsed)} → ${mb(r.soak.after.heapUsed)} MB, rss ${mb(r.soak.before.rss)} → ${mb(r.soak.after.rss)} MB`,
    })),
  ];
  if (!pgUrl) goals.push({ text: 'postgresql: share reads measured', met: null, note: `skipped: ${pgSkipReason}` });
  const row = (r: (typeof results)[number]): Cell[] => [
    r.kind,
    r.runs.length,
    Math.round(r.medianRps),
    Math.round(r.medianBareRps),
    `${round(r.medianRatio * 100, 1)}%`,
    r.p50,
    r.p99,
    `${r.bareP50} / ${r.bareP99}`,
    r.responseBytes,
  ];
  await writeFigure({
    id: 'http',
    title: 'Share reads per second (HTTP handler, loopback)',
    measuredAt: new Date().toISOString(),
    method:
      `autocannon (programmatic), ${CONNECTIONS} connections, keep-alive, ${RUN_SECONDS} s per run, ${RUNS} runs alternating with the baseline, after a 1 s warm-up each. ` +
      `GET /api/chatshare/s/:id of one share (a ${CHAT_MESSAGES}-message chat) through createShareHandler + createNodeListener on node:http, ` +
      'signed-in reader other than the owner (audience "instance"), so every read also counts a view (B14: one atomic store write per read); the baseline is a bare node:http server answering the same body and headers from memory. ' +
      `Servers run in their own child process. The read rate limit (T4) is configured at ${BENCH_READ_LIMIT.toLocaleString('en')} reads per minute per client ` +
      `so the limiter still runs on every request but never refuses the benchmark's single loopback client. Memory: process.memoryUsage() after a forced GC, before and after a ${SOAK_SECONDS}-second run on PGlite (${SHORT_SOAK_SECONDS} s on the others).`,
    goals,
    tables: [
      {
        columns: ['store', 'runs', 'handler req/s', 'bare req/s', 'handler / bare', 'p50 ms', 'p99 ms', 'bare p50 / p99 ms', 'response bytes'],
        rows: results.map(row),
      },
      {
        caption: 'Server memory around the long run (after GC)',
        columns: ['store', 'seconds', 'req/s during the run', 'heap before MB', 'heap after MB', 'rss before MB', 'rss after MB'],
        rows: results.map((r) => [r.kind, r.soak.seconds, Math.round(r.soak.rps), mb(r.soak.before.heapUsed), mb(r.soak.after.heapUsed), mb(r.soak.before.rss), mb(r.soak.after.rss)]),
      },
    ],
    data: results,
    ...(skipped.length ? { skipped } : {}),
  });
}

if (process.env.BENCH_ROLE) await runServer();
else await main();
