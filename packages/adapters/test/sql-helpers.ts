import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createShareService, type ChatSource, type ShareStore } from '@chatshare/core';
import { linearChat } from '@chatshare/core/testing';
import { createHttpShareClient, createShareHandler } from '@chatshare/adapters/http';

/** The host's chats for R3 tests: alice owns `chat-1`. */
export const aliceChats: ChatSource = {
  getChat: async (chatId) => (chatId === 'chat-1' ? { ownerId: 'alice', chat: linearChat(3) } : null),
};

/**
 * One handler replica: its own service over its own store object, reached through the real handler by a client
 * whose `fetch` hands the request straight to it (the same code path as a server, without a socket).
 */
export function replica(store: ShareStore, user: string) {
  const service = createShareService({ store, chats: aliceChats });
  const handler = createShareHandler(service, { identify: () => ({ id: user }), rateLimit: false });
  return createHttpShareClient({
    baseUrl: 'http://replica.test/api/chatshare',
    fetch: async (input, init) => handler(new Request(input as string, init)),
  });
}

/**
 * A `pg.Pool` on the PostgreSQL server at `url` for the enclosing `describe`, whose `schema` is dropped afterwards.
 * Call it inside a `describe.skipIf(!url)`: a server that is configured but unreachable fails every test (the first
 * query throws in `beforeAll`), it never skips.
 */
export function pgPoolForSuite(url: string | undefined, schema: string, max: number): () => pg.Pool {
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
    await pool.query('SELECT 1');
  }, 30_000);
  afterAll(async () => {
    if (!pool) return;
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.end();
  });
  return () => {
    if (!pool) throw new Error('pgPoolForSuite: the pool is opened in beforeAll; use it inside tests only.');
    return pool;
  };
}

/** An in-memory PGlite (embedded PostgreSQL) for the enclosing `describe`, closed afterwards. */
export function pgliteForSuite(): () => PGlite {
  let db: PGlite | undefined;
  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });
  return () => {
    if (!db) throw new Error('pgliteForSuite: the database is opened in beforeAll; use it inside tests only.');
    return db;
  };
}
