/**
 * Opens each store the benchmarks compare, in Node: memory (reference), PGlite (embedded, in-memory database) and a
 * PostgreSQL server (`CHATSHARE_PG_URL`, in a throwaway schema dropped on close).
 */
import { createMemoryStore, type ShareStore } from '@chatshare/core';
import { createSqlStore } from '@chatshare/adapters/sql';

export type NodeStoreKind = 'memory' | 'pglite' | 'postgresql';

export interface OpenStore {
  kind: NodeStoreKind;
  store: ShareStore;
  close(): Promise<void>;
}

export const pgUrl = process.env.CHATSHARE_PG_URL ?? null;
export const pgSkipReason = process.env.BENCH_PG_SKIP ?? (pgUrl ? null : 'CHATSHARE_PG_URL is unset');

export async function openStore(kind: NodeStoreKind, label = 'bench'): Promise<OpenStore> {
  if (kind === 'memory') {
    const store = createMemoryStore();
    return { kind, store, close: async () => {} };
  }
  if (kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const client = new PGlite();
    const store = await createSqlStore({ client });
    return { kind, store, close: () => client.close() };
  }
  if (!pgUrl) throw new Error('PostgreSQL is not configured');
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: pgUrl, max: 10 });
  const schema = `chatshare_${label}_${process.pid}_${Date.now()}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  await pool.query(`CREATE SCHEMA ${schema}`);
  const store = await createSqlStore({ client: pool, schema });
  return {
    kind,
    store,
    async close() {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
  };
}
