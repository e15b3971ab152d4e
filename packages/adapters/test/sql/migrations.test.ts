import { describe, expect, it } from 'vitest';
import { makeStoredShare } from '@chatshare/core/testing';
import { createSqlStore, runMigrations, sqlTables, toSqlDriver, type SqlClient } from '@chatshare/adapters/sql';
import { pgliteForSuite, pgPoolForSuite } from '../sql-helpers.js';

const PG_URL = process.env.CHATSHARE_PG_URL;
let prefixCounter = 0;
const freshPrefix = () => `m${++prefixCounter}_`;

/** What every driver's migrations promise. */
function describeMigrations(label: string, client: () => SqlClient, schema?: string) {
  const opts = schema === undefined ? {} : { schema };

  it(`${label}: migrations are versioned and idempotent: one first migration, and a second start applies nothing`, async () => {
    const tablePrefix = freshPrefix();
    const store = await createSqlStore({ client: client(), tablePrefix, ...opts });
    expect(await runMigrations(toSqlDriver(client()), sqlTables({ tablePrefix, ...opts }))).toEqual([]);
    const t = sqlTables({ tablePrefix, ...opts });
    expect(await toSqlDriver(client()).query(`SELECT version, name FROM ${t.migrations} ORDER BY version`)).toEqual([
      { version: 1, name: 'shares, history and settings' },
    ]);
    await store.close();
  });

  it(`${label}: two stores starting at once on fresh tables both come up (advisory lock)`, async () => {
    const tablePrefix = freshPrefix();
    const [a, b] = await Promise.all([
      createSqlStore({ client: client(), tablePrefix, ...opts }),
      createSqlStore({ client: client(), tablePrefix, ...opts }),
    ]);
    const row = makeStoredShare();
    await a.insertShare(row);
    expect((await b.getShare(row.id))?.share).toEqual(row);
    await Promise.all([a.close(), b.close()]);
  });
}

describe.skipIf(!PG_URL)(`sql migrations on a PostgreSQL server${PG_URL ? '' : ' (skipped: CHATSHARE_PG_URL is not set)'}`, () => {
  const schema = `chatshare_migrations_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const pool = pgPoolForSuite(PG_URL, schema, 4);
  describeMigrations('pg.Pool', pool, schema);
});

describe('sql migrations on PGlite', () => {
  const db = pgliteForSuite();
  describeMigrations('PGlite', db);

  it('uses the documented default table names', async () => {
    const store = await createSqlStore({ client: db() });
    const rows = (
      await db().query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'chatshare\\_%' ORDER BY table_name`)
    ).rows;
    expect(rows.map((r) => r.table_name)).toEqual(['chatshare_history', 'chatshare_migrations', 'chatshare_settings', 'chatshare_shares']);
    expect(store.driver).toBe('pglite');
    await store.close();
  });

  it('keeps meta and body as text, the view count as bigint, and the history keyed by (share_id, version)', async () => {
    const tablePrefix = freshPrefix();
    await createSqlStore({ client: db(), tablePrefix });
    const columns = (
      await db().query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_name LIKE $1 ORDER BY table_name, ordinal_position`,
        [`${tablePrefix.replace('_', '\\_')}%`],
      )
    ).rows.map((r) => `${r.table_name.slice(tablePrefix.length)}.${r.column_name} ${r.data_type}`);
    expect(columns).toEqual(
      expect.arrayContaining([
        'shares.meta text',
        'shares.body text',
        'shares.view_count bigint',
        'shares.last_viewed_at bigint',
        'shares.created_at bigint',
        'history.share_id text',
        'history.version integer',
        'history.meta text',
        'history.body text',
        'settings.version integer',
        'settings.body text',
      ]),
    );
    const key = (
      await db().query<{ def: string }>(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY contype`, [
        `"${tablePrefix}history"`,
      ])
    ).rows.map((r) => r.def);
    expect(key).toEqual(expect.arrayContaining(['PRIMARY KEY (share_id, version)', expect.stringMatching(/REFERENCES .*shares\(id\) ON DELETE CASCADE/)]));
  });

  it('refuses a table prefix that is not a plain identifier (no SQL through options)', async () => {
    await expect(createSqlStore({ client: db(), tablePrefix: 'x"; DROP TABLE y; --' })).rejects.toThrow(/tablePrefix/);
  });

  it('keeps the listing indexes the contract relies on (owner, created_at desc, id desc), and the chat lookups', async () => {
    const tablePrefix = freshPrefix();
    await createSqlStore({ client: db(), tablePrefix });
    const rows = (await db().query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = $1`, [`${tablePrefix}shares`])).rows;
    const defs = rows.map((r) => r.indexdef).join('\n');
    expect(defs).toMatch(/\(owner_id, created_at DESC, id DESC\)/);
    expect(defs).toMatch(/\(owner_id, chat_id\)/);
    expect(defs).toMatch(/\(chat_id\)/);
    expect(defs).toMatch(/\(created_at DESC, id DESC\)/);
  });
});
