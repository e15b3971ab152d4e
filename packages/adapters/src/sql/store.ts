import {
  ConflictError,
  decodeCursor,
  encodeCursor,
  ChatshareError,
  ShareNotFoundError,
  StorageError,
  type ArchivedSnapshot,
  type ListedShare,
  type PageRequest,
  type ReplaceOptions,
  type ShareFilter,
  type ShareRead,
  type ShareStore,
  type ShareViews,
  type StoredSettings,
  type StoredShare,
  type ViewIncrement,
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
   * Table name prefix; default `chatshare_` (tables `chatshare_shares`, `chatshare_history`, `chatshare_settings`,
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

/** A row as the driver returns it: bigints may come back as strings (pg) or numbers (PGlite). */
interface ShareRow {
  id: string;
  owner_id: string;
  chat_id: string;
  title: string;
  created_at: unknown;
  version: unknown;
  meta: string;
  body?: string;
  view_count: unknown;
  last_viewed_at: unknown;
}

/** The columns of a listing: everything but the body. */
const listedColumns = (alias: string) =>
  ['id', 'owner_id', 'chat_id', 'title', 'created_at', 'version', 'meta', 'view_count', 'last_viewed_at'].map((c) => `${alias}.${c}`).join(', ');

/** Times and counts are bigints (ms, views); every one stays below 2^53, so a number holds it exactly. */
const toNumber = (value: unknown): number => Number(value);

function listedShare(row: ShareRow): ListedShare {
  return { id: row.id, ownerId: row.owner_id, chatId: row.chat_id, title: row.title, createdAt: toNumber(row.created_at), version: toNumber(row.version), meta: row.meta };
}

function viewsOf(row: ShareRow): ShareViews {
  return { count: toNumber(row.view_count), lastViewedAt: row.last_viewed_at === null ? null : toNumber(row.last_viewed_at) };
}

/** `%` and `_` (and the escape itself) match themselves in a title search, as in every other store. */
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

  /** Runs one store operation; driver errors become `StorageError` (the statement or transaction ran whole or not at all). */
  async #run<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new StorageError('The SQL store is closed.');
    try {
      return await work();
    } catch (error) {
      if (error instanceof ChatshareError) throw error;
      throw new StorageError(`The SQL store failed to ${what}.`, error);
    }
  }

  getShare(id: string): Promise<ShareRead | null> {
    return this.#run('read a share', async () => {
      // One statement: the row, its counters and the settings, all from the same snapshot of the database.
      const rows = (await this.sql.query(
        `SELECT ${listedColumns('s')}, s.body, st.version AS settings_version, st.body AS settings_body
           FROM ${this.t.shares} AS s LEFT JOIN ${this.t.settings} AS st ON st.id = 1
          WHERE s.id = $1`,
        [id],
      )) as (ShareRow & { body: string; settings_version: unknown; settings_body: string | null })[];
      const row = rows[0];
      if (!row) return null;
      return {
        share: { ...listedShare(row), body: row.body },
        views: viewsOf(row),
        settings: row.settings_body === null ? null : { version: toNumber(row.settings_version), body: row.settings_body },
      };
    });
  }

  insertShare(share: StoredShare): Promise<void> {
    return this.#run('insert a share', async () => {
      const rows = await this.sql.query(
        `INSERT INTO ${this.t.shares} (id, owner_id, chat_id, title, created_at, version, meta, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [share.id, share.ownerId, share.chatId, share.title, share.createdAt, share.version, share.meta, share.body],
      );
      if (rows.length === 0) throw new ConflictError(`A share with id ${share.id} already exists.`);
    });
  }

  replaceShare(share: StoredShare, expectedVersion: number, options: ReplaceOptions = {}): Promise<void> {
    const { archive, dropHistoryBelow } = options;
    return this.#run('replace a share', async () => {
      if (!archive && dropHistoryBelow === undefined) return this.#compareAndSet((text, params) => this.sql.query(text, params), share, expectedVersion);
      // The row, its archived entry and the pruning commit together or not at all.
      return this.sql.transaction(async (q) => {
        await this.#compareAndSet(q, share, expectedVersion);
        if (archive) {
          await q(
            `INSERT INTO ${this.t.history} (share_id, version, meta, body) VALUES ($1, $2, $3, $4)
             ON CONFLICT (share_id, version) DO UPDATE SET meta = EXCLUDED.meta, body = EXCLUDED.body`,
            [share.id, archive.version, archive.meta, archive.body],
          );
        }
        if (dropHistoryBelow !== undefined) {
          await q(`DELETE FROM ${this.t.history} WHERE share_id = $1 AND version < $2`, [share.id, dropHistoryBelow]);
        }
      });
    });
  }

  /**
   * Writes the row only where the stored version is the expected one. The UPDATE takes the row lock: a concurrent
   * writer waits, then finds the new version and writes nothing; a deleted row is never written again. The view
   * counters are not among the columns written.
   */
  async #compareAndSet(q: SqlDriver['query'], share: StoredShare, expectedVersion: number): Promise<void> {
    const updated = await q(
      `UPDATE ${this.t.shares}
          SET owner_id = $2, chat_id = $3, title = $4, created_at = $5, version = $6, meta = $7, body = $8
        WHERE id = $1 AND version = $9 RETURNING id`,
      [share.id, share.ownerId, share.chatId, share.title, share.createdAt, share.version, share.meta, share.body, expectedVersion],
    );
    if (updated.length > 0) return;
    const present = await q(`SELECT 1 FROM ${this.t.shares} WHERE id = $1`, [share.id]);
    throw present.length > 0 ? new ConflictError() : new ShareNotFoundError();
  }

  deleteShare(id: string): Promise<boolean> {
    return this.#run('delete a share', async () => {
      // The history goes with the row (ON DELETE CASCADE), in this statement; the counters are columns of the row.
      const rows = await this.sql.query(`DELETE FROM ${this.t.shares} WHERE id = $1 RETURNING id`, [id]);
      return rows.length > 0;
    });
  }

  deleteShares(filter: ShareFilter): Promise<number> {
    return this.#run('delete shares', async () => {
      const { where, params } = this.#where({ ownerId: filter.ownerId, chatId: filter.chatId });
      // One statement: all matching rows (and their history) go, or none do.
      const rows = await this.sql.query(`DELETE FROM ${this.t.shares}${where} RETURNING id`, params);
      return rows.length;
    });
  }

  listShares(filter: ShareFilter, page: PageRequest) {
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    return this.#run('list shares', async () => {
      const { where, params } = this.#where(filter, after);
      params.push(page.limit + 1);
      const rows = (await this.sql.query(
        `SELECT ${listedColumns('s')} FROM ${this.t.shares} AS s${where} ORDER BY s.created_at DESC, s.id DESC LIMIT $${params.length}`,
        params,
      )) as ShareRow[];
      const items = rows.slice(0, page.limit).map((row) => ({ share: listedShare(row), views: viewsOf(row) }));
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.share) : null };
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

  addViews(batch: readonly ViewIncrement[]): Promise<void> {
    if (batch.length === 0) return Promise.resolve();
    return this.#run('count views', async () => {
      // One statement for the whole batch. Repeated ids are summed first; the rows are locked in id order, so two
      // batches over the same shares queue behind each other instead of deadlocking, and no increment is lost.
      await this.sql.query(
        `WITH batch AS (
           SELECT id, sum(count)::bigint AS count, max(last_viewed_at) AS last_viewed_at
             FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS b (id, count, last_viewed_at)
            GROUP BY id
         ), locked AS MATERIALIZED (
           SELECT s.id FROM ${this.t.shares} AS s JOIN batch ON batch.id = s.id ORDER BY s.id FOR UPDATE OF s
         )
         UPDATE ${this.t.shares} AS s
            SET view_count = s.view_count + batch.count, last_viewed_at = GREATEST(s.last_viewed_at, batch.last_viewed_at)
           FROM batch JOIN locked ON locked.id = batch.id
          WHERE s.id = batch.id`,
        [batch.map((v) => v.id), batch.map((v) => v.count), batch.map((v) => v.lastViewedAt)],
      );
    });
  }

  getHistory(id: string): Promise<readonly ArchivedSnapshot[]> {
    return this.#run('read the history of a share', async () => {
      const rows = (await this.sql.query(`SELECT version, meta, body FROM ${this.t.history} WHERE share_id = $1 ORDER BY version DESC`, [id])) as {
        version: unknown;
        meta: string;
        body: string;
      }[];
      return rows.map((row) => ({ version: toNumber(row.version), meta: row.meta, body: row.body }));
    });
  }

  getSettings(): Promise<StoredSettings | null> {
    return this.#run('read settings', async () => {
      const rows = (await this.sql.query(`SELECT version, body FROM ${this.t.settings} WHERE id = 1`)) as { version: unknown; body: string }[];
      const row = rows[0];
      return row ? { version: toNumber(row.version), body: row.body } : null;
    });
  }

  saveSettings(settings: StoredSettings, expectedVersion: number): Promise<void> {
    return this.#run('save settings', async () => {
      const rows =
        expectedVersion === 0
          ? await this.sql.query(
              `INSERT INTO ${this.t.settings} (id, version, body) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`,
              [settings.version, settings.body],
            )
          : await this.sql.query(`UPDATE ${this.t.settings} SET version = $1, body = $2 WHERE id = 1 AND version = $3 RETURNING id`, [
              settings.version,
              settings.body,
              expectedVersion,
            ]);
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
