import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createShareService } from '@chatshare/core';
import { describeStoreConformance, makeArchivedSnapshot, makeStoredShare } from '@chatshare/core/testing';
import { createSqlStore, sqlTables, toSqlDriver, type PgliteLike, type SqlClient } from '@chatshare/adapters/sql';
import { aliceChats, pgliteForSuite, pgPoolForSuite, replica } from '../sql-helpers.js';

const PG_URL = process.env.CHATSHARE_PG_URL;
const runId = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
let prefixCounter = 0;
/** A fresh table prefix per store, so tests never see each other's rows. */
const freshPrefix = () => `t${++prefixCounter}_`;

/** The behaviours every driver shares, beyond the conformance suites. */
function describeSqlBehaviour(label: string, client: () => SqlClient, schema: () => string | undefined) {
  const opts = () => {
    const s = schema();
    return s === undefined ? {} : { schema: s };
  };
  const open = async () => {
    const tablePrefix = freshPrefix();
    const store = await createSqlStore({ client: client(), tablePrefix, ...opts() });
    return { store, t: sqlTables({ tablePrefix, ...opts() }), sql: toSqlDriver(client()) };
  };

  it(`R3: ${label}: a revoke through one handler replica is seen by the other on the next read`, async () => {
    const tablePrefix = freshPrefix();
    const storeA = await createSqlStore({ client: client(), tablePrefix, ...opts() });
    const storeB = await createSqlStore({ client: client(), tablePrefix, ...opts() });
    const aliceOnA = replica(storeA, 'alice');
    const bobOnB = replica(storeB, 'bob');
    const share = await aliceOnA.createShare({ chatId: 'chat-1' });
    expect((await bobOnB.readShare(share.id)).title).toBe('A linear chat');
    await aliceOnA.revokeShare(share.id);
    await expect(bobOnB.readShare(share.id)).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
    await Promise.all([storeA.close(), storeB.close()]);
  });

  it(`T25: ${label}: a corrupt stored row is rejected with STORAGE_ERROR, not served`, async () => {
    const { store, t, sql } = await open();
    const service = createShareService({ store, chats: aliceChats });
    const share = await service.forActor({ id: 'alice' }).createShare({ chatId: 'chat-1' });
    await sql.query(`UPDATE ${t.shares} SET meta = left(meta, length(meta) / 2) WHERE id = $1`, [share.id]);
    await expect(service.forActor({ id: 'bob' }).readShare(share.id)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    await store.close();
  });

  it(`R7: ${label}: a row PostgreSQL refuses (U+0000 in text) fails with STORAGE_ERROR and nothing is stored`, async () => {
    const { store } = await open();
    // Core's JSON texts never hold a raw NUL (JSON escapes it); a buggy custom writer's row still must not half-write.
    const row = makeStoredShare({ title: 'nul \u0000 inside' });
    await expect(store.insertShare(row)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    expect(await store.getShare(row.id)).toBeNull();
    await store.close();
  });

  it(`B16: ${label}: deleting a share row removes its history in the same statement, whoever deletes it`, async () => {
    const { store, t, sql } = await open();
    const row = makeStoredShare();
    await store.insertShare(row);
    await store.replaceShare({ ...row, version: 2 }, 1, { archive: makeArchivedSnapshot(1) });
    const count = async () => Number(((await sql.query(`SELECT count(*) AS n FROM ${t.history}`)) as { n: unknown }[])[0]!.n);
    expect(await count()).toBe(1);
    // A host's own cleanup job deleting rows directly leaves no orphaned history either.
    await sql.query(`DELETE FROM ${t.shares} WHERE id = $1`, [row.id]);
    expect(await count()).toBe(0);
    await store.close();
  });

  it(`B16: ${label}: an archive the database refuses rolls the row back too (one transaction)`, async () => {
    const { store } = await open();
    const row = makeStoredShare();
    await store.insertShare(row);
    await store.replaceShare({ ...row, version: 2 }, 1, { archive: makeArchivedSnapshot(1) });
    // The row's UPDATE succeeds, then the history INSERT fails on the NUL: the transaction takes both back.
    const refused = makeArchivedSnapshot(2, { body: 'nul \u0000 inside' });
    await expect(store.replaceShare({ ...row, version: 3, title: 'not written' }, 2, { archive: refused, dropHistoryBelow: 2 })).rejects.toMatchObject({
      code: 'STORAGE_ERROR',
    });
    expect(await store.getHistory(row.id)).toEqual([makeArchivedSnapshot(1)]);
    expect((await store.getShare(row.id))!.share).toEqual({ ...row, version: 2 });
    await store.close();
  });

  it(`B14: ${label}: view counts past 2^31 keep counting and read back as numbers`, async () => {
    const { store, t, sql } = await open();
    const row = makeStoredShare();
    await store.insertShare(row);
    await sql.query(`UPDATE ${t.shares} SET view_count = $2 WHERE id = $1`, [row.id, 2 ** 31 - 1]);
    await store.addViews([{ id: row.id, count: 1, lastViewedAt: 1_700_000_000_000 }]);
    await store.addViews([{ id: row.id, count: 1, lastViewedAt: 1_700_000_000_001 }]);
    expect((await store.getShare(row.id))!.views).toEqual({ count: 2 ** 31 + 1, lastViewedAt: 1_700_000_000_001 });
    const listed = (await store.listShares({ ownerId: row.ownerId }, { limit: 10, cursor: null })).items[0]!;
    expect(listed.views).toEqual({ count: 2 ** 31 + 1, lastViewedAt: 1_700_000_000_001 });
    await store.close();
  });

  it(`B14: ${label}: a count past 2^31 reaches the owner's listing through the share service`, async () => {
    const { store, t, sql } = await open();
    const alice = createShareService({ store, chats: aliceChats }).forActor({ id: 'alice' });
    const share = await alice.createShare({ chatId: 'chat-1' });
    await sql.query(`UPDATE ${t.shares} SET view_count = $2 WHERE id = $1`, [share.id, 2 ** 31 + 1]);
    expect((await alice.listShares()).items[0]).toMatchObject({ id: share.id, viewCount: 2 ** 31 + 1 });
    await store.close();
  });

  it(`${label}: a closed store refuses calls with STORAGE_ERROR`, async () => {
    const { store } = await open();
    await store.close();
    await expect(store.getShare('x'.repeat(21))).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
  });
}

/** A PGlite that records every statement and transaction the store sends it. */
function recording(db: PgliteLike) {
  const log: string[] = [];
  const client: PgliteLike = {
    query: (text, params) => (log.push(text), db.query(text, params)),
    transaction: (work) => (log.push('BEGIN'), db.transaction((tx) => work({ query: (text, params) => (log.push(`  ${text}`), tx.query(text, params)) }))),
    close: () => db.close(),
  };
  return { client, log, take: () => log.splice(0) };
}

describe('sql store on PGlite (embedded PostgreSQL)', () => {
  const db = pgliteForSuite();

  describeStoreConformance({
    name: 'sql (PGlite)',
    createStore: () => createSqlStore({ client: db(), tablePrefix: freshPrefix() }),
    destroyStore: (store) => store.close?.(),
    timeout: 30_000,
  });

  describeSqlBehaviour('PGlite', db, () => undefined);

  it('reads a share with its views and the settings in one statement, counts a batch in one, lists without the body', async () => {
    const { client, take } = recording(db());
    const store = await createSqlStore({ client, tablePrefix: freshPrefix() });
    const rows = [makeStoredShare(), makeStoredShare()];
    for (const row of rows) await store.insertShare(row);
    await store.saveSettings({ version: 1, body: '{}' }, 0);
    take();
    expect(await store.getShare(rows[0]!.id)).toMatchObject({ share: rows[0], settings: { version: 1, body: '{}' } });
    expect(take()).toHaveLength(1);
    await store.addViews(rows.map((row) => ({ id: row.id, count: 2, lastViewedAt: row.createdAt })));
    expect(take()).toHaveLength(1);
    await store.listShares({}, { limit: 10 });
    const [listing, ...more] = take();
    expect(more).toEqual([]);
    expect(listing).not.toMatch(/\bbody\b/);
    await store.replaceShare({ ...rows[0]!, version: 2 }, 1);
    expect(take()).toHaveLength(1);
    await store.replaceShare({ ...rows[0]!, version: 3 }, 2, { archive: makeArchivedSnapshot(2), dropHistoryBelow: 1 });
    const transaction = take();
    expect(transaction[0]).toBe('BEGIN');
    expect(transaction.slice(1).every((statement) => statement.startsWith('  '))).toBe(true);
    await store.close();
  });
});

if (!PG_URL) console.warn('sql/store.test.ts: PostgreSQL server tests skipped: CHATSHARE_PG_URL is not set.');

describe.skipIf(!PG_URL)(`sql store on a PostgreSQL server via pg${PG_URL ? '' : ' (skipped: CHATSHARE_PG_URL is not set)'}`, () => {
  const schema = `chatshare_test_${runId}`;
  // Set but unreachable must fail, not skip: the pool's first query throws and fails every test below.
  const pool = pgPoolForSuite(PG_URL, schema, 6);

  describeStoreConformance({
    name: 'sql (PostgreSQL server, pg.Pool)',
    createStore: () => createSqlStore({ client: pool(), schema, tablePrefix: freshPrefix() }),
    destroyStore: (store) => store.close?.(),
    timeout: 30_000,
  });

  describeSqlBehaviour('pg.Pool', pool, () => schema);

  it('works over a single pg.Client too', async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const store = await createSqlStore({ client, schema, tablePrefix: freshPrefix(), closeClient: true });
    expect(store.driver).toBe('pg-client');
    const row = makeStoredShare();
    await store.insertShare(row);
    await store.replaceShare({ ...row, version: 2 }, 1, { archive: makeArchivedSnapshot(1) });
    expect((await store.getShare(row.id))?.share).toEqual({ ...row, version: 2 });
    expect(await store.getHistory(row.id)).toEqual([makeArchivedSnapshot(1)]);
    await store.close();
  });

  it('R3: two processes-worth of pools over one database: a revoke through one is seen by the other', async () => {
    const otherPool = new pg.Pool({ connectionString: PG_URL, max: 2 });
    try {
      const tablePrefix = freshPrefix();
      const storeA = await createSqlStore({ client: pool(), schema, tablePrefix });
      const storeB = await createSqlStore({ client: otherPool, schema, tablePrefix });
      const aliceOnA = replica(storeA, 'alice');
      const bobOnB = replica(storeB, 'bob');
      const share = await aliceOnA.createShare({ chatId: 'chat-1' });
      expect((await bobOnB.readShare(share.id)).id).toBe(share.id);
      await aliceOnA.revokeShare(share.id);
      await expect(bobOnB.readShare(share.id)).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
    } finally {
      await otherPool.end();
    }
  });
});
