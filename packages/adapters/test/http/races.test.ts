import { afterAll, describe, expect, it } from 'vitest';
import { createShareService, type ChatSource, type ShareApi, type ShareOptionsInput, type ShareSummary, type Viewer } from '@chatshare/core';
import { linearChat, readStoredRecord } from '@chatshare/core/testing';
import { createHttpShareClient, createShareHandler } from '@chatshare/adapters/http';
import { createSqlStore, sqlTables, toSqlDriver, type SqlClient, type SqlShareStore } from '@chatshare/adapters/sql';
import { serve, type Loopback } from '../loopback.js';
import { pgliteForSuite, pgPoolForSuite } from '../sql-helpers.js';

/*
 * A revoke or update racing other writes, by the owner and by someone else: 100 concurrent writes on one share through the real HTTP handler, served on 127.0.0.1, over the
 * SQL store on PostgreSQL. The service does not retry a lost compare-and-set: `writeUpdate` passes the store's
 * `ConflictError` through, and the handler answers 409 CONFLICT. So "no lost update goes unreported" means: every
 * write is either applied (2xx, reflected in the stored record exactly once) or answered with a typed error, and the
 * successes form one unbroken version chain whose replay is the final record.
 */

const PG_URL = process.env.CHATSHARE_PG_URL;
const runId = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
let prefixCounter = 0;
const freshPrefix = () => `race${++prefixCounter}_`;

/** Alice's writes per round, how many requests are in flight at once, and the per-request answer deadline. */
const WRITES = 100;
const IN_FLIGHT = 32;
const ANSWER_WITHIN_MS = 10_000;
const READS = 30;
const BOB_WRITES = 10;

const USERS: Record<string, Viewer> = { alice: { id: 'alice' }, bob: { id: 'bob' } };
type Who = 'alice' | 'bob' | 'anon';

/** The host's session lookup: a `session=<user>` cookie. */
function identify(request: Request): Viewer {
  const match = /(?:^|;\s*)session=(\w+)/.exec(request.headers.get('cookie') ?? '');
  return (match && USERS[match[1] ?? '']) || null;
}

/** mulberry32: a small seeded PRNG, so a failing round replays exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An audience as callers send it (the stored form is the same after parsing: `groupIds` is given). */
type Audience = NonNullable<ShareOptionsInput['audience']>;

// Every audience here lets bob read, so a 404 for bob means "gone", never "not for you".
const AUDIENCES: readonly Audience[] = [
  { type: 'instance' },
  { type: 'anyone' },
  { type: 'people', userIds: ['bob'], groupIds: [] },
];

type Intent = { audience?: Audience; expiresAt?: number | null };
type Op =
  | { who: 'alice'; kind: 'update' | 'options'; intent: Intent }
  | { who: 'alice'; kind: 'revoke' }
  | { who: 'bob'; kind: 'update' | 'options' | 'revoke'; intent: Intent }
  | { who: Who; kind: 'read' };

type Outcome = {
  readonly op: Op;
  readonly startedAt: number;
  readonly endedAt: number;
  /** HTTP status seen by the client's fetch; 0 when no answer came. */
  readonly status: number;
  readonly cacheControl: string | null;
  /** `null` on success, else the typed error's code (`NETWORK_ERROR` for a hang or a dropped connection). */
  readonly code: string | null;
  readonly summary: ShareSummary | null;
  /** Source chat length when an update was sent; its snapshot holds at least this many messages. */
  readonly chatLengthAtSend: number;
};

function randomIntent(rand: () => number, index: number, base: number): Intent {
  const intent: Intent = {};
  const roll = rand();
  if (roll < 0.45) intent.audience = AUDIENCES[Math.floor(rand() * AUDIENCES.length)]!;
  if (roll >= 0.35) intent.expiresAt = rand() < 0.2 ? null : base + (index + 1) * 60_000;
  return intent;
}

/** Alice's 100 writes (updates, audience and expiry changes, `revokes` revokes at random positions), plus reads and bob's refused writes shuffled in. */
function plan(seed: number, revokes: number): Op[] {
  const rand = prng(seed);
  const expiryBase = Date.now() + 30 * 24 * 3600_000;
  const writes: Op[] = [];
  for (let i = 0; i < WRITES; i++) {
    const kind = rand() < 0.4 ? 'update' : 'options';
    const intent = randomIntent(rand, i, expiryBase);
    // An options call with nothing to change still writes; give it a change so every success has an intent.
    if (kind === 'options' && intent.audience === undefined && intent.expiresAt === undefined) intent.audience = AUDIENCES[i % AUDIENCES.length]!;
    writes.push({ who: 'alice', kind, intent });
  }
  // Revokes land between writes 30 and 75: some writes are applied first, some race it, and many start after it answered.
  for (let r = 0; r < revokes; r++) writes[30 + Math.floor(rand() * 45)] = { who: 'alice', kind: 'revoke' };
  const ops = [...writes];
  const extras: Op[] = [];
  for (let i = 0; i < READS; i++) extras.push({ who: (['alice', 'bob', 'anon'] as const)[i % 3]!, kind: 'read' });
  for (let i = 0; i < BOB_WRITES; i++) {
    extras.push({ who: 'bob', kind: (['update', 'options', 'revoke'] as const)[i % 3]!, intent: { audience: { type: 'anyone' }, expiresAt: null } });
  }
  for (const extra of extras) ops.splice(Math.floor(rand() * (ops.length + 1)), 0, extra);
  return ops;
}

/** Runs jobs in order with at most `width` in flight: later jobs really start after earlier ones answered. */
async function inWindow<T>(jobs: readonly (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, lane));
  return results;
}

type Db = { client: () => SqlClient; schema: () => string | undefined };

type Race = {
  readonly server: Loopback;
  readonly store: SqlShareStore;
  readonly faults: unknown[];
  /** Rows with this id in the shares table, read with plain SQL (not through the store). */
  rowsFor(id: string): Promise<number>;
  run(op: Op, shareId: string): Promise<Outcome>;
  as(who: Who): ShareApi;
  close(): Promise<void>;
};

async function openRace(db: Db): Promise<Race> {
  const schema = db.schema();
  const tablePrefix = freshPrefix();
  const store = await createSqlStore({ client: db.client(), tablePrefix, ...(schema === undefined ? {} : { schema }) });
  // The source chat grows before every update is sent, so each update re-snapshots a longer chat (messages added after a snapshot, as a race).
  let chatLength = 3;
  const chats: ChatSource = { getChat: async (chatId) => (chatId === 'chat-1' ? { ownerId: 'alice', chat: linearChat(chatLength) } : null) };
  const faults: unknown[] = [];
  const service = createShareService({ store, chats });
  // One loopback client sends every request: the per-client limit (tested elsewhere) would only add 429s here.
  const server = await serve(createShareHandler(service, { identify, rateLimit: false, onError: (error) => faults.push(error) }));
  const baseUrl = `${server.origin}/api/chatshare`;
  const t = sqlTables({ tablePrefix, ...(schema === undefined ? {} : { schema }) });

  /** The real HTTP client, with a fetch that notes the status and cache header of the answer. */
  function client(who: Who, seen: { status: number; cacheControl: string | null }): ShareApi {
    return createHttpShareClient({
      baseUrl,
      timeoutMs: ANSWER_WITHIN_MS,
      headers: who === 'anon' ? {} : { cookie: `session=${who}` },
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        seen.status = response.status;
        seen.cacheControl = response.headers.get('cache-control');
        return response;
      },
    });
  }

  return {
    server,
    store,
    faults,
    async rowsFor(id) {
      const rows = (await toSqlDriver(db.client()).query(`SELECT count(*)::int AS n FROM ${t.shares} WHERE id = $1`, [id])) as { n: number }[];
      return Number(rows[0]?.n);
    },
    as: (who) => client(who, { status: 0, cacheControl: null }),
    async run(op, shareId) {
      const seen = { status: 0, cacheControl: null as string | null };
      const api = client(op.who, seen);
      if (op.kind === 'update') chatLength++;
      const chatLengthAtSend = chatLength;
      const startedAt = performance.now();
      let summary: ShareSummary | null = null;
      let code: string | null = null;
      try {
        if (op.kind === 'update') summary = await api.updateShare(shareId, op.intent);
        else if (op.kind === 'options') summary = await api.setShareOptions(shareId, op.intent);
        else if (op.kind === 'revoke') await api.revokeShare(shareId);
        else await api.readShare(shareId);
      } catch (error) {
        code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : `UNTYPED ${String(error)}`;
      }
      return { op, startedAt, endedAt: performance.now(), status: seen.status, cacheControl: seen.cacheControl, code, summary, chatLengthAtSend };
    },
    async close() {
      await server.close();
      await store.close();
    },
  };
}

const STATUS_OF: Record<string, number> = { CONFLICT: 409, SHARE_NOT_FOUND: 404, FORBIDDEN: 403, AUTH_REQUIRED: 401 };

/** Every answer is a 2xx or a typed 4xx with its documented status, with `Cache-Control: no-store`; never a 5xx or a hang. */
function expectTypedAnswers(outcomes: readonly Outcome[]): void {
  for (const o of outcomes) {
    const label = `${o.op.who} ${o.op.kind} → ${o.status} ${o.code ?? 'ok'}`;
    if (o.code === null) expect(o.status, label).toBeLessThan(300);
    else expect(o.status, label).toBe(STATUS_OF[o.code] ?? -1);
    expect(o.cacheControl, label).toBe('no-store');
  }
}

type Live = { audience: ShareSummary['audience'] | Audience; expiresAt: number | null; snapshotHash: string; messageCount: number; version: number };

const liveOf = (s: ShareSummary): Live => ({
  audience: s.audience,
  expiresAt: s.expiresAt,
  snapshotHash: s.snapshotHash,
  messageCount: s.messageCount,
  version: s.version,
});

/**
 * Alice's successful writes must form one chain initial+1 … initial+N (each applied exactly once, none based on a
 * stale version), and replaying their intents in version order must give every answer along the way. Returns the
 * state the last success left.
 */
function expectOneChain(initial: ShareSummary, outcomes: readonly Outcome[]): Live {
  const applied = outcomes
    .filter((o) => o.op.who === 'alice' && (o.op.kind === 'update' || o.op.kind === 'options') && o.code === null)
    .sort((a, b) => a.summary!.version - b.summary!.version);
  expect(applied.map((o) => o.summary!.version)).toEqual(applied.map((_, i) => initial.version + 1 + i));
  let state = liveOf(initial);
  for (const o of applied) {
    const op = o.op as Extract<Op, { intent: Intent }>;
    const next = { ...state, version: state.version + 1 };
    if (op.intent.audience !== undefined) next.audience = op.intent.audience;
    if (op.intent.expiresAt !== undefined) next.expiresAt = op.intent.expiresAt;
    if (op.kind === 'update') {
      // A re-snapshot of the chat as it was when the service read it: at least as long as when the request was sent.
      expect(o.summary!.messageCount).toBeGreaterThanOrEqual(o.chatLengthAtSend);
      next.snapshotHash = o.summary!.snapshotHash;
      next.messageCount = o.summary!.messageCount;
    }
    expect(liveOf(o.summary!), `write answered as v${o.summary!.version}`).toEqual(next);
    state = next;
  }
  return state;
}

function describeRaces(label: string, db: Db) {
  const rounds = [
    { seed: 0x5eed1, revokes: 1 },
    { seed: 0x5eed2, revokes: 2 },
    { seed: 0x5eed3, revokes: 3 },
  ];
  // Conflicts seen across the rounds that ran: they must actually race, or the chain checks prove nothing.
  let conflicts = 0;
  let roundsRun = 0;
  afterAll(() => {
    if (roundsRun > 0) expect(conflicts, 'no write lost a compare-and-set: the rounds did not race').toBeGreaterThan(0);
  });

  for (const { seed, revokes } of rounds) {
    it(`T24, T7, T2: ${label}: revoke racing 100 owner writes (seed ${seed.toString(16)}, ${revokes} revoke(s)) stays revoked; every write applied once or refused`, async () => {
      const race = await openRace(db);
      try {
        const initial = await race.as('alice').createShare({ chatId: 'chat-1', audience: { type: 'instance' } });
        const ops = plan(seed, revokes);
        const outcomes = await inWindow(ops.map((op) => () => race.run(op, initial.id)), IN_FLIGHT);
        // After everything settled: one more of each, all certainly started after the revoke answered.
        const tail: Outcome[] = [];
        for (const op of [
          { who: 'alice', kind: 'update', intent: { audience: { type: 'anyone' } } },
          { who: 'alice', kind: 'options', intent: { expiresAt: null } },
          { who: 'alice', kind: 'revoke' },
          { who: 'bob', kind: 'options', intent: { audience: { type: 'anyone' } } },
          { who: 'alice', kind: 'read' },
          { who: 'bob', kind: 'read' },
          { who: 'anon', kind: 'read' },
        ] as Op[]) {
          tail.push(await race.run(op, initial.id));
        }
        const all = [...outcomes, ...tail];
        conflicts += all.filter((o) => o.code === 'CONFLICT').length;
        roundsRun++;

        expectTypedAnswers(all);
        expect(race.faults).toEqual([]);

        // Exactly one revoke deleted the share; the others found it gone.
        const revokeOutcomes = all.filter((o) => o.op.kind === 'revoke' && o.op.who === 'alice');
        expect(revokeOutcomes.filter((o) => o.code === null).map((o) => o.status)).toEqual([204]);
        expect(revokeOutcomes.filter((o) => o.code !== null).every((o) => o.code === 'SHARE_NOT_FOUND')).toBe(true);
        const revokedAt = revokeOutcomes.find((o) => o.code === null)!.endedAt;

        // What an anonymous viewer gets for an id that never existed: a revoked share must read the same.
        const unknown = await race.run({ who: 'anon', kind: 'read' }, 'n'.repeat(21));
        expect(unknown.code).toBe('AUTH_REQUIRED');

        const after = all.filter((o) => o.startedAt > revokedAt);
        expect(after.filter((o) => o.op.kind !== 'read').length).toBeGreaterThan(0);
        expect(after.filter((o) => o.op.kind === 'read').length).toBeGreaterThan(0);
        for (const o of after) {
          const label = `${o.op.who} ${o.op.kind} sent after the revoke answered`;
          expect(o.summary, label).toBeNull();
          expect(o.code, label).toBe(o.op.who === 'anon' ? unknown.code : 'SHARE_NOT_FOUND');
        }

        // Before the revoke was sent, owner and bob could read it: the checks above are about a live share going away.
        const revokeSentAt = revokeOutcomes.reduce((min, o) => Math.min(min, o.startedAt), Infinity);
        for (const o of all.filter((x) => x.op.kind === 'read' && x.op.who !== 'anon' && x.endedAt < revokeSentAt)) {
          expect(o.code, `${o.op.who} read before any revoke`).toBeNull();
        }

        // Bob (not the owner) never changed anything: refused while live, not found once gone.
        for (const o of all.filter((x) => x.op.who === 'bob' && x.op.kind !== 'read')) {
          expect(['FORBIDDEN', 'SHARE_NOT_FOUND'], `bob ${o.op.kind}`).toContain(o.code);
        }

        // Every owner write is applied once or refused with CONFLICT / SHARE_NOT_FOUND, and the applied ones chain.
        for (const o of all.filter((x) => x.op.who === 'alice' && (x.op.kind === 'update' || x.op.kind === 'options'))) {
          expect([null, 'CONFLICT', 'SHARE_NOT_FOUND'], `alice ${o.op.kind}`).toContain(o.code);
        }
        expectOneChain(initial, all);

        // Nothing resurrected it: no row in the table, the store and every viewer say gone.
        expect(await race.rowsFor(initial.id)).toBe(0);
        expect(await race.store.getShare(initial.id)).toBeNull();
        await expect(race.as('alice').readShare(initial.id)).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
        await expect(race.as('alice').listShares()).resolves.toMatchObject({ items: [] });
      } finally {
        await race.close();
      }
    });
  }

  for (const seed of [0xc0ffee, 0xbeef]) {
    it(`T24, T2: ${label}: 100 concurrent owner updates, audience and expiry changes (seed ${seed.toString(16)}): each success reflected once, losers get 409 CONFLICT`, async () => {
      const race = await openRace(db);
      try {
        const initial = await race.as('alice').createShare({ chatId: 'chat-1', audience: { type: 'instance' } });
        const outcomes = await inWindow(plan(seed, 0).map((op) => () => race.run(op, initial.id)), IN_FLIGHT);
        conflicts += outcomes.filter((o) => o.code === 'CONFLICT').length;
        roundsRun++;

        expectTypedAnswers(outcomes);
        expect(race.faults).toEqual([]);
        for (const o of outcomes) {
          const label = `${o.op.who} ${o.op.kind}`;
          if (o.op.who === 'bob' && o.op.kind !== 'read') expect(o.code, label).toBe('FORBIDDEN');
          else if (o.op.kind === 'read') expect([null, ...(o.op.who === 'anon' ? ['AUTH_REQUIRED'] : [])], label).toContain(o.code);
          else expect([null, 'CONFLICT'], label).toContain(o.code);
        }

        const expected = expectOneChain(initial, outcomes);
        const applied = outcomes.filter((o) => o.op.who === 'alice' && o.code === null && o.op.kind !== 'read').length;
        expect(applied).toBeGreaterThan(0);

        // The stored record is the last success's intent on top of the ones before: version = initial + successes.
        const record = (await readStoredRecord(race.store, initial.id))!;
        expect(record.version - initial.version).toBe(applied);
        expect({
          audience: record.audience,
          expiresAt: record.expiresAt,
          snapshotHash: record.snapshot.hash,
          messageCount: Object.keys(record.snapshot.messages).length,
          version: record.version,
        }).toEqual(expected);
        const last = outcomes.find((o) => o.summary?.version === record.version)!;
        expect(record.updatedAt).toBe(last.summary!.updatedAt);
        expect(await race.rowsFor(initial.id)).toBe(1);
        // And the owner's view over HTTP agrees.
        const view = await race.as('alice').readShare(initial.id);
        expect({ audience: view.audience, expiresAt: view.expiresAt, updatedAt: view.updatedAt }).toEqual({
          audience: expected.audience.type,
          expiresAt: expected.expiresAt,
          updatedAt: record.updatedAt,
        });
      } finally {
        await race.close();
      }
    });
  }
}

if (!PG_URL) console.warn('http/races.test.ts: PostgreSQL server races skipped (PGlite still runs): CHATSHARE_PG_URL is not set.');

describe.skipIf(!PG_URL)(`HTTP handler races on a PostgreSQL server via pg${PG_URL ? '' : ' (skipped: CHATSHARE_PG_URL is not set)'}`, () => {
  const schema = `chatshare_races_${runId}`;
  // Several connections, so writes really interleave inside PostgreSQL (row locks, re-checked WHERE version = …).
  // Set but unreachable must fail, not skip: the pool's first query throws and fails every test below.
  const pool = pgPoolForSuite(PG_URL, schema, 10);

  describeRaces('PostgreSQL (pg.Pool)', { client: pool, schema: () => schema });
});

// The same races on embedded PostgreSQL, the zero-setup default (one connection: requests interleave between statements).
describe('HTTP handler races on PGlite', () => {
  describeRaces('PGlite', { client: pgliteForSuite(), schema: () => undefined });
});
