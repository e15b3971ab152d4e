import type { SqlDriver } from './driver.js';

/** Quoted, validated table names for one store (schema + prefix). */
export interface SqlTables {
  readonly shares: string;
  readonly settings: string;
  /** History entries, one row per (share, version), deleted with their share. */
  readonly history: string;
  readonly migrations: string;
  /** Unquoted prefix for index names (index names live in the table's schema). */
  readonly indexPrefix: string;
  /** Quoted schema, or `null` for the connection's search_path. */
  readonly schema: string | null;
  /** Advisory lock name: one per schema + prefix, so unrelated stores never wait on each other. */
  readonly lockName: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Builds table names; `schema` and `tablePrefix` must be lower-case SQL identifiers (they are quoted, never bound). */
export function sqlTables(options: { schema?: string | undefined; tablePrefix?: string | undefined }): SqlTables {
  const prefix = options.tablePrefix ?? 'chatshare_';
  if (prefix !== '' && (!IDENTIFIER.test(prefix) || prefix.length > 40)) {
    throw new TypeError(`createSqlStore: tablePrefix ${JSON.stringify(prefix)} must match ${IDENTIFIER} (≤ 40 characters).`);
  }
  if (options.schema !== undefined && (!IDENTIFIER.test(options.schema) || options.schema.length > 63)) {
    throw new TypeError(`createSqlStore: schema ${JSON.stringify(options.schema)} must match ${IDENTIFIER}.`);
  }
  const schema = options.schema === undefined ? null : `"${options.schema}"`;
  const name = (table: string) => `${schema ? `${schema}.` : ''}"${prefix}${table}"`;
  return {
    shares: name('shares'),
    settings: name('settings'),
    history: name('history'),
    migrations: name('migrations'),
    indexPrefix: prefix,
    schema,
    lockName: `chatshare:${options.schema ?? ''}:${prefix}`,
  };
}

/** One schema change. Never edit a released migration: add the next one. */
export interface SqlMigration {
  readonly version: number;
  readonly name: string;
  statements(t: SqlTables): readonly string[];
}

/** Every schema change, oldest first; `runMigrations` applies the ones a database lacks. */
export const SQL_MIGRATIONS: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'shares, history and settings',
    statements: (t) => [
      // id compares bytewise (COLLATE "C") so keyset pagination orders exactly like every other store. `meta` and
      // `body` are core's JSON texts, kept as text: byte for byte, never parsed. The view counters sit in the row and
      // only the views statement changes them; bigint, so a popular link never overflows.
      `CREATE TABLE ${t.shares} (
        id text COLLATE "C" PRIMARY KEY,
        owner_id text NOT NULL,
        chat_id text NOT NULL,
        title text NOT NULL,
        created_at bigint NOT NULL,
        version integer NOT NULL,
        meta text NOT NULL,
        body text NOT NULL,
        view_count bigint NOT NULL DEFAULT 0,
        last_viewed_at bigint
      )`,
      `CREATE INDEX "${t.indexPrefix}shares_owner_listing" ON ${t.shares} (owner_id, created_at DESC, id DESC)`,
      `CREATE INDEX "${t.indexPrefix}shares_owner_chat" ON ${t.shares} (owner_id, chat_id)`,
      `CREATE INDEX "${t.indexPrefix}shares_chat" ON ${t.shares} (chat_id)`,
      `CREATE INDEX "${t.indexPrefix}shares_listing" ON ${t.shares} (created_at DESC, id DESC)`,
      // The cascade deletes a share's history in the statement that deletes the share, however the row is deleted.
      `CREATE TABLE ${t.history} (
        share_id text COLLATE "C" NOT NULL REFERENCES ${t.shares} (id) ON DELETE CASCADE,
        version integer NOT NULL,
        meta text NOT NULL,
        body text NOT NULL,
        PRIMARY KEY (share_id, version)
      )`,
      `CREATE TABLE ${t.settings} (
        id smallint PRIMARY KEY CHECK (id = 1),
        version integer NOT NULL,
        body text NOT NULL
      )`,
    ],
  },
];

/**
 * Brings the tables up to the newest migration, in one transaction under a transaction-scoped advisory lock: two
 * processes starting at once take turns, and the second finds nothing left to do. Safe to run on every start.
 * Returns the versions applied now.
 */
export async function runMigrations(driver: SqlDriver, t: SqlTables, migrations: readonly SqlMigration[] = SQL_MIGRATIONS): Promise<number[]> {
  return driver.transaction(async (q) => {
    await q('SELECT pg_advisory_xact_lock(hashtext($1))', [t.lockName]);
    if (t.schema) await q(`CREATE SCHEMA IF NOT EXISTS ${t.schema}`);
    await q(`CREATE TABLE IF NOT EXISTS ${t.migrations} (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = (await q(`SELECT version FROM ${t.migrations}`)) as { version: number }[];
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements(t)) await q(statement);
      await q(`INSERT INTO ${t.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}
