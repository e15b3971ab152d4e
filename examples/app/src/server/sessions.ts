import { randomBytes } from 'node:crypto';
import type { Actor } from '@chatshare/core';
import type { SqlClient } from './db.js';
import { findUser } from './users.js';

const MAX_AGE_S = 7 * 24 * 3600;

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Server-side sessions in the app's database: an opaque random token in an HttpOnly, SameSite=Lax cookie. The
 * identity chatshare receives comes from here and nowhere else.
 */
export class SessionStore {
  constructor(
    private readonly db: SqlClient,
    private readonly table: string,
    readonly cookieName: string,
  ) {}

  async migrate(): Promise<void> {
    await this.db.query(
      `create table if not exists ${this.table} (token text primary key, user_id text not null, created_at bigint not null)`,
    );
  }

  async signIn(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.query(`insert into ${this.table} (token, user_id, created_at) values ($1, $2, $3)`, [token, userId, Date.now()]);
    return `${this.cookieName}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE_S}`;
  }

  async signOut(request: Request): Promise<string> {
    const token = readCookie(request, this.cookieName);
    if (token) await this.db.query(`delete from ${this.table} where token = $1`, [token]);
    return `${this.cookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
  }

  async identify(request: Request): Promise<Actor | null> {
    const token = readCookie(request, this.cookieName);
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const { rows } = await this.db.query<{ user_id: string; created_at: string | number }>(
      `select user_id, created_at from ${this.table} where token = $1`,
      [token],
    );
    const row = rows[0];
    if (!row || Date.now() - Number(row.created_at) > MAX_AGE_S * 1000) return null;
    return findUser(row.user_id);
  }
}
