/**
 * The little the SQL store needs from a PostgreSQL driver, stated structurally so that neither `pg` nor PGlite is
 * imported (both are optional peers): a PGlite instance, a `pg.Pool` and a `pg.Client` all fit.
 */
export interface SqlResultLike {
  rows: unknown[];
}

/** Anything with `query(text, params)`: the common ground of PGlite, `pg.Pool`, `pg.PoolClient` and `pg.Client`. */
export interface SqlQueryable {
  query(text: string, params?: unknown[]): Promise<SqlResultLike>;
}

/** A PGlite instance (`new PGlite()` / `await PGlite.create(dataDir)`) from `@electric-sql/pglite`. */
export interface PgliteLike extends SqlQueryable {
  transaction<T>(callback: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A `pg.Pool` from node-postgres. */
export interface PgPoolLike extends SqlQueryable {
  connect(): Promise<SqlQueryable & { release(error?: Error | boolean): void }>;
  end(): Promise<void>;
  readonly totalCount: number;
}

/** A connected `pg.Client` from node-postgres (one connection; prefer a pool on servers). */
export interface PgClientLike extends SqlQueryable {
  end(): Promise<void>;
}

/** What `createSqlStore` accepts as `client`. */
export type SqlClient = PgliteLike | PgPoolLike | PgClientLike;

/** The driver, normalised: plain queries, a transaction on one connection, and closing. */
export interface SqlDriver {
  readonly kind: 'pglite' | 'pg-pool' | 'pg-client';
  query(text: string, params?: unknown[]): Promise<unknown[]>;
  transaction<T>(work: (q: (text: string, params?: unknown[]) => Promise<unknown[]>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function isPglite(client: SqlClient): client is PgliteLike {
  return typeof (client as PgliteLike).transaction === 'function' && typeof (client as PgliteLike).close === 'function';
}

function isPool(client: SqlClient): client is PgPoolLike {
  return typeof (client as PgPoolLike).connect === 'function' && typeof (client as PgPoolLike).totalCount === 'number';
}

/** Recognises the client by shape: PGlite has `transaction`, a pool has `totalCount`, anything else is a pg client. */
export function toSqlDriver(client: SqlClient): SqlDriver {
  if (typeof client?.query !== 'function') throw new TypeError('createSqlStore: `client` must be a PGlite instance, a pg Pool or a pg Client.');
  if (isPglite(client)) {
    return {
      kind: 'pglite',
      query: async (text, params) => (await client.query(text, params)).rows,
      // PGlite has one connection and queues other queries while a transaction runs.
      transaction: (work) => client.transaction((tx) => work(async (text, params) => (await tx.query(text, params)).rows)),
      close: () => client.close(),
    };
  }
  if (isPool(client)) {
    return {
      kind: 'pg-pool',
      query: async (text, params) => (await client.query(text, params)).rows,
      async transaction(work) {
        const connection = await client.connect();
        let broken = false;
        try {
          await connection.query('BEGIN');
          const result = await work(async (text, params) => (await connection.query(text, params)).rows);
          await connection.query('COMMIT');
          return result;
        } catch (error) {
          await connection.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw error;
        } finally {
          connection.release(broken);
        }
      },
      close: () => client.end(),
    };
  }
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    kind: 'pg-client',
    // One connection: a plain query waits for a running transaction, or it would run inside it (and be rolled back
    // with it); transactions are serialised so two of them never interleave their statements.
    query: (text, params) => enqueue(async () => (await client.query(text, params)).rows),
    transaction(work) {
      return enqueue(async () => {
        await client.query('BEGIN');
        try {
          const result = await work(async (text, params) => (await client.query(text, params)).rows);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    close: () => client.end(),
  };
}
