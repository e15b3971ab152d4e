import {
  ConflictError,
  decodeCursor,
  encodeCursor,
  ChatshareError,
  ShareNotFoundError,
  SNAPSHOT_HISTORY_LIMIT,
  StorageError,
  type InstanceSettings,
  type Page,
  type PageRequest,
  type ShareFilter,
  type ShareRecord,
  type ShareStore,
  type Snapshot,
} from '@chatshare/core';
import { toSqlDriver, type SqlClient, type SqlDriver } from './driver.js';
import { runMigrations, sqlTables, type SqlTables } from './migrations.js';

/** Options of `createSqlStore`; `client` is required. */
export interface SqlStoreOptions {
  /**
   * The database: a PGlite instance (embedded PostgreSQL, the zero-setup default), a `pg.Pool` (servers; several
   * handler replicas can share one PostgreSQL) or a connected `pg.Client`. Recognised by shape.
   */
  client: SqlClient;
  /** PostgreSQL schema for the tables (created if missing). Default: the connection's `search_path`. */
  schema?: string;
  /**
   * Table name prefix; default `chatshare_` (tables `chatshare_shares`, `chatshare_snapshots`, `chatshare_settings`,
   * `chatshare_migrations`).
   */
  tablePrefix?: string;
  /** Whether `close()` also closes `client`. Default `false`: whoever opened the client closes it. */
  closeClient?: boolean;
}

/** A `ShareStore` on PostgreSQL; `close()` stops it (and the client, with `closeClient: true`). */
export type SqlShareStore = ShareStore & {
  close(): Promise<void>;
  /** Which driver was recognised. */
  readonly driver: SqlDriver['kind'];
};

type Row = { record: unknown };

/**
 * The record as stored plus its B14 counts, which live in columns so that `recordView` is one atomic increment and
 * `updateShare` (which rewrites the jsonb) can never overwrite them. `view_count` is a bigint (no overflow at 2^31):
 * built into the jsonb it arrives as a JSON number, so drivers that return bare bigints as strings (pg) still give a
 * number here.
 */
const RECORD = `record || jsonb_build_object('views', jsonb_build_object('count', view_count, 'lastViewedAt', last_viewed_at)) AS record`;

/** The jsonb to store: the record without `views` (the columns hold them). */
function recordJson(record: ShareRecord): string {
  const { views: _counted, ...rest } = record;
  return JSON.stringify(rest);
}

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** `%` and `_` match themselves in a title search (B1), as in every other store. */
function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

class PostgresShareStore implements SqlShareStore {
  readonly driver: SqlDriver['kind'];
  #closed = false;

  constructor(
    readonly sql: SqlDriver,
    readonly t: SqlTables,
    readonly closeClient: boolean,
  ) {
    this.driver = sql.kind;
  }

  /** Runs one store operation; driver errors become `StorageError` (the statement ran whole or not at all, R7). */
  async #run<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new StorageError('The SQL store is closed.');
    try {
      return await work();
    } catch (error) {
      if (error instanceof ChatshareError) throw error;
      throw new StorageError(`The SQL store failed to ${what}.`, error);
    }
  }

  getShare(id: string): Promise<ShareRecord | null> {
    return this.#run('read a share', async () => {
      const rows = (await this.sql.query(`SELECT ${RECORD} FROM ${this.t.shares} WHERE id = $1`, [id])) as Row[];
      const row = rows[0];
      return row ? (parseJson(row.record) as ShareRecord) : null;
    });
  }

  createShare(record: ShareRecord): Promise<void> {
    return this.#run('create a share', async () => {
      const rows = await this.sql.query(
        `INSERT INTO ${this.t.shares} (id, owner_id, chat_id, title, created_at, updated_at, expires_at, version, record, view_count, last_viewed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          record.id,
          record.ownerId,
          record.chatId,
          record.title,
          record.createdAt,
          record.updatedAt,
          record.expiresAt,
          record.version,
          recordJson(record),
          record.views?.count ?? 0,
          record.views?.lastViewedAt ?? null,
        ],
      );
      if (rows.length === 0) throw new ConflictError(`A share with id ${record.id} already exists.`);
    });
  }

  updateShare(record: ShareRecord, expectedVersion: number): Promise<void> {
    return this.#run('update a share', () =>
      this.sql.transaction(async (q) => {
        // Compare-and-set under a row lock (R7, T24): a deleted row cannot be resurrected, a stale version cannot win,
        // and a concurrent writer waits here, then sees the new version and gets CONFLICT.
        const current = (await q(`SELECT version, (record->'snapshot'->>'version')::integer AS snapshot_version FROM ${this.t.shares} WHERE id = $1 FOR UPDATE`, [
          record.id,
        ])) as { version: number; snapshot_version: number }[];
        const row = current[0];
        if (!row) throw new ShareNotFoundError();
        if (Number(row.version) !== expectedVersion) throw new ConflictError();
        if (Number(row.snapshot_version) !== record.snapshot.version) {
          // B16: the replaced snapshot is copied inside the database, in the transaction that replaces it.
          await q(
            `INSERT INTO ${this.t.snapshots} (share_id, version, snapshot, created_at)
             SELECT id, (record->'snapshot'->>'version')::integer, record->'snapshot', (record->'snapshot'->>'createdAt')::bigint
               FROM ${this.t.shares} WHERE id = $1
             ON CONFLICT (share_id, version) DO UPDATE SET snapshot = EXCLUDED.snapshot, created_at = EXCLUDED.created_at`,
            [record.id],
          );
          await q(
            `DELETE FROM ${this.t.snapshots} WHERE share_id = $1 AND version NOT IN (
               SELECT version FROM ${this.t.snapshots} WHERE share_id = $1 ORDER BY version DESC LIMIT $2)`,
            [record.id, SNAPSHOT_HISTORY_LIMIT],
          );
        }
        // `view_count` and `last_viewed_at` are not touched: only recordView writes them (B14).
        await q(
          `UPDATE ${this.t.shares}
             SET owner_id = $2, chat_id = $3, title = $4, created_at = $5, updated_at = $6, expires_at = $7, version = $8, record = $9::jsonb
           WHERE id = $1`,
          [record.id, record.ownerId, record.chatId, record.title, record.createdAt, record.updatedAt, record.expiresAt, record.version, recordJson(record)],
        );
      }),
    );
  }

  deleteShare(id: string): Promise<boolean> {
    return this.#run('delete a share', async () => {
      // The history goes with the row (ON DELETE CASCADE), in this statement.
      const rows = await this.sql.query(`DELETE FROM ${this.t.shares} WHERE id = $1 RETURNING id`, [id]);
      return rows.length > 0;
    });
  }

  async deleteShares(filter: ShareFilter): Promise<number> {
    return this.#run('delete shares', async () => {
      const { where, params } = this.#where({ ownerId: filter.ownerId, chatId: filter.chatId });
      // One statement: all matching rows go, or none do.
      const rows = await this.sql.query(`DELETE FROM ${this.t.shares}${where} RETURNING id`, params);
      return rows.length;
    });
  }

  async listShares(filter: ShareFilter, page: PageRequest): Promise<Page<ShareRecord>> {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    return this.#run('list shares', async () => {
      const { where, params } = this.#where(filter, after);
      params.push(page.limit + 1);
      const rows = (await this.sql.query(
        `SELECT ${RECORD} FROM ${this.t.shares}${where} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
        params,
      )) as Row[];
      const items = rows.slice(0, page.limit).map((r) => parseJson(r.record) as ShareRecord);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
    });
  }

  #where(
    filter: { ownerId?: string | undefined; chatId?: string | undefined; query?: string | undefined },
    after: { createdAt: number; id: string } | null = null,
  ): { where: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.ownerId !== undefined) clauses.push(`owner_id = ${bind(filter.ownerId)}`);
    if (filter.chatId !== undefined) clauses.push(`chat_id = ${bind(filter.chatId)}`);
    if (filter.query) clauses.push(`title ILIKE ${bind(likePattern(filter.query))} ESCAPE '\\'`);
    // Keyset pagination: strictly after the cursor's (created_at, id) in listing order.
    if (after) clauses.push(`(created_at, id) < (${bind(after.createdAt)}::bigint, ${bind(after.id)}::text)`);
    return { where: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', params };
  }

  recordView(id: string, at: number): Promise<boolean> {
    return this.#run('count a view', async () => {
      // One statement: the row lock makes concurrent increments queue, so none is lost (B14).
      const rows = await this.sql.query(
        `UPDATE ${this.t.shares} SET view_count = view_count + 1, last_viewed_at = GREATEST(last_viewed_at, $2::bigint) WHERE id = $1 RETURNING id`,
        [id, at],
      );
      return rows.length > 0;
    });
  }

  getSnapshotHistory(id: string): Promise<readonly Snapshot[]> {
    return this.#run('read the snapshot history', async () => {
      const rows = (await this.sql.query(`SELECT snapshot FROM ${this.t.snapshots} WHERE share_id = $1 ORDER BY version DESC`, [id])) as {
        snapshot: unknown;
      }[];
      return rows.map((r) => parseJson(r.snapshot) as Snapshot);
    });
  }

  getSettings(): Promise<InstanceSettings | null> {
    return this.#run('read settings', async () => {
      const rows = (await this.sql.query(`SELECT settings FROM ${this.t.settings} WHERE id = 1`)) as { settings: unknown }[];
      const row = rows[0];
      return row ? (parseJson(row.settings) as InstanceSettings) : null;
    });
  }

  saveSettings(settings: InstanceSettings, expectedVersion: number): Promise<void> {
    return this.#run('save settings', async () => {
      const json = JSON.stringify(settings);
      const rows =
        expectedVersion === 0
          ? await this.sql.query(
              `INSERT INTO ${this.t.settings} (id, version, settings) VALUES (1, $1, $2::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`,
              [settings.version, json],
            )
          : await this.sql.query(
              `UPDATE ${this.t.settings} SET version = $1, settings = $2::jsonb WHERE id = 1 AND version = $3 RETURNING id`,
              [settings.version, json, expectedVersion],
            );
      if (rows.length === 0) throw new ConflictError('Settings were changed by someone else.');
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.closeClient) await this.sql.close();
  }
}

/**
 * Creates the PostgreSQL store and runs its migrations first (idempotent; two processes starting together take turns
 * under an advisory lock). Works the same on PGlite (embedded, zero setup) and on a PostgreSQL server via `pg`.
 *
 * ```ts
 * const store = await createSqlStore({ client: new PGlite('./data/chatshare') });
 * const store = await createSqlStore({ client: new pg.Pool({ connectionString }) });
 * ```
 * Migration failures throw `StorageError`.
 */
export async function createSqlStore(options: SqlStoreOptions): Promise<SqlShareStore> {
  const tables = sqlTables(options);
  const driver = toSqlDriver(options.client);
  try {
    await runMigrations(driver, tables);
  } catch (error) {
    throw new StorageError('The SQL store could not prepare its tables (migration failed).', error);
  }
  return new PostgresShareStore(driver, tables, options.closeClient ?? false);
}
