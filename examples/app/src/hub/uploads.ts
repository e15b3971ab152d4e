import { randomUUID } from 'node:crypto';
import type { ChatSource, CommunityLevel, ShareSummary, SnapshotScope } from '@chatshare/core';

type HubAudience = { type: 'owner' } | { type: 'anyone' };
import type { SqlClient } from '../server/db.js';

/** How the hub maps its three access levels (private, public, full history) onto chatshare's audience and scope. */
export const LEVELS: ReadonlyArray<{ level: CommunityLevel; label: string; help: string; audience: HubAudience; scope: SnapshotScope }> = [
  { level: 'private', label: 'Private', help: 'Only you, signed in to the hub.', audience: { type: 'owner' }, scope: 'full-history' },
  { level: 'public', label: 'Public', help: 'Anyone on the internet sees the messages that were on screen.', audience: { type: 'anyone' }, scope: 'branch' },
  {
    level: 'public-full-history',
    label: 'Public with full history',
    help: 'Anyone sees every regeneration and edit.',
    audience: { type: 'anyone' },
    scope: 'full-history',
  },
];

export function levelOf(share: Pick<ShareSummary, 'audience' | 'scope'>): CommunityLevel {
  if (share.audience.type !== 'anyone') return 'private';
  return share.scope === 'full-history' ? 'public-full-history' : 'public';
}

export function isLevel(value: unknown): value is CommunityLevel {
  return LEVELS.some((l) => l.level === value);
}

/** The hub keeps each uploaded chat in its own table; chatshare snapshots it into the share people open. */
export class UploadRepository {
  constructor(private readonly db: SqlClient) {}

  async migrate(): Promise<void> {
    await this.db.query(
      `create table if not exists hub_uploads (id text primary key, owner_id text not null, origin text not null,
        chat jsonb not null, created_at bigint not null)`,
    );
  }

  async create(ownerId: string, origin: string, chat: unknown): Promise<string> {
    const id = randomUUID();
    await this.db.query(`insert into hub_uploads (id, owner_id, origin, chat, created_at) values ($1, $2, $3, $4::jsonb, $5)`, [
      id,
      ownerId,
      origin,
      JSON.stringify(chat),
      Date.now(),
    ]);
    return id;
  }

  chatSource(): ChatSource {
    return {
      getChat: async (chatId) => {
        const { rows } = await this.db.query<{ owner_id: string; chat: unknown }>(`select owner_id, chat from hub_uploads where id = $1`, [chatId]);
        const row = rows[0];
        if (!row) return null;
        return { ownerId: row.owner_id, chat: typeof row.chat === 'string' ? JSON.parse(row.chat) : row.chat };
      },
    };
  }
}
