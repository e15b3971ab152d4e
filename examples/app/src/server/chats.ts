import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatSource } from '@chatshare/core';
import type { SqlClient } from './db.js';
import { branchingChat, travelChat, type DemoChat } from './chat-tree.js';
import { USERS } from './users.js';

export interface ChatRow {
  id: string;
  ownerId: string;
  title: string;
  chat: DemoChat;
  updatedAt: number;
}

interface DbRow {
  id: string;
  owner_id: string;
  title: string;
  chat: DemoChat | string;
  updated_at: string | number;
}

const toRow = (r: DbRow): ChatRow => ({
  id: r.id,
  ownerId: r.owner_id,
  title: r.title,
  chat: typeof r.chat === 'string' ? (JSON.parse(r.chat) as DemoChat) : r.chat,
  updatedAt: Number(r.updated_at),
});

/**
 * The host app's own chats, in its own table of the same database. chatshare reads them through `chatSource` and
 * checks itself that the actor owns a chat before sharing it.
 */
export class ChatRepository {
  constructor(private readonly db: SqlClient) {}

  async migrate(): Promise<void> {
    await this.db.query(
      `create table if not exists demo_chats (id text primary key, owner_id text not null, title text not null,
        chat jsonb not null, updated_at bigint not null)`,
    );
    await this.db.query(`create table if not exists demo_seeded (user_id text primary key)`);
  }

  /**
   * Gives each demo user the two Open WebUI fixture chats, a chat with branches and one with a system prompt, a tool
   * call and an attachment (what the review before publishing can leave out), once.
   */
  async seed(appRoot: string): Promise<void> {
    const fixture = (name: string) => JSON.parse(readFileSync(join(appRoot, 'fixtures', name), 'utf8')) as DemoChat;
    for (const user of USERS) {
      const { rows } = await this.db.query(`insert into demo_seeded (user_id) values ($1) on conflict do nothing returning user_id`, [user.id]);
      if (rows.length === 0) continue;
      await this.create(user.id, fixture('single-turn.json'));
      await this.create(user.id, fixture('ten-messages.json'));
      await this.create(user.id, branchingChat());
      await this.create(user.id, travelChat());
    }
  }

  async list(ownerId: string): Promise<ChatRow[]> {
    const { rows } = await this.db.query<DbRow>(
      `select id, owner_id, title, chat, updated_at from demo_chats where owner_id = $1 order by updated_at desc, id`,
      [ownerId],
    );
    return rows.map(toRow);
  }

  async get(id: string): Promise<ChatRow | null> {
    const { rows } = await this.db.query<DbRow>(`select id, owner_id, title, chat, updated_at from demo_chats where id = $1`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** A chat the signed-in user owns, or null (others' chats read as missing). */
  async getOwned(id: string, ownerId: string): Promise<ChatRow | null> {
    const row = await this.get(id);
    return row && row.ownerId === ownerId ? row : null;
  }

  async create(ownerId: string, chat: DemoChat): Promise<string> {
    const id = randomUUID();
    const title = typeof chat.title === 'string' && chat.title.trim() !== '' ? chat.title : 'Untitled chat';
    await this.db.query(`insert into demo_chats (id, owner_id, title, chat, updated_at) values ($1, $2, $3, $4::jsonb, $5)`, [
      id,
      ownerId,
      title,
      JSON.stringify({ ...chat, id }),
      Date.now(),
    ]);
    return id;
  }

  async save(id: string, chat: DemoChat): Promise<void> {
    await this.db.query(`update demo_chats set chat = $2::jsonb, title = $3, updated_at = $4 where id = $1`, [
      id,
      JSON.stringify(chat),
      chat.title,
      Date.now(),
    ]);
  }

  async delete(id: string): Promise<void> {
    await this.db.query(`delete from demo_chats where id = $1`, [id]);
  }

  /** What `createShareService({ chats })` asks: the chat and who owns it. */
  chatSource(): ChatSource {
    return {
      getChat: async (chatId) => {
        const row = await this.get(chatId);
        return row ? { ownerId: row.ownerId, chat: row.chat } : null;
      },
    };
  }
}
