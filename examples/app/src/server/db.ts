import { mkdirSync } from 'node:fs';

/** The little the demo needs from a SQL client; PGlite and a `pg` Pool both have this shape. */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Database {
  /** What `createSqlStore({ client })` receives: the PGlite instance or the `pg` Pool itself. */
  readonly client: SqlClient;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/**
 * Opens PGlite (embedded PostgreSQL in WebAssembly) in `dataDir`, or a real PostgreSQL server when `databaseUrl` is
 * given. The drivers are imported only when used, so a demo on PGlite never loads `pg` and vice versa.
 */
export async function openDatabase(options: { dataDir: string; databaseUrl?: string | undefined }): Promise<Database> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 5 });
    await pool.query('select 1');
    return { client: pool as unknown as SqlClient, kind: 'postgres', close: () => pool.end() };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(options.dataDir);
  return { client: db as unknown as SqlClient, kind: 'pglite', close: () => db.close() };
}
