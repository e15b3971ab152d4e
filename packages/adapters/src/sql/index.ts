/**
 * `@chatshare/adapters/sql`: one `ShareStore` over PostgreSQL semantics, on PGlite (embedded) or a PostgreSQL server
 * through node-postgres. Neither driver is imported here: pass your instance as `client`.
 */
export { createSqlStore, type SqlStoreOptions, type SqlShareStore } from './store.js';
export { runMigrations, sqlTables, SQL_MIGRATIONS, type SqlMigration, type SqlTables } from './migrations.js';
export { toSqlDriver, type SqlClient, type SqlDriver, type PgliteLike, type PgPoolLike, type PgClientLike, type SqlQueryable, type SqlResultLike } from './driver.js';
