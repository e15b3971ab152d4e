import type { DBSchema, IDBPDatabase } from 'idb';
import type { ListedShare, StoredSettings } from '@chatshare/core';

/** A share as kept in `shares`: every column but the body, with the view counters beside them. */
export interface ShareEntry extends ListedShare {
  readonly viewCount: number;
  readonly lastViewedAt: number | null;
}

/** A share's published body, kept apart so that listings never load it. */
export interface BodyEntry {
  readonly id: string;
  readonly body: string;
}

/** One history entry of a share, keyed by [shareId, version]. */
export interface HistoryEntry {
  readonly shareId: string;
  readonly version: number;
  readonly meta: string;
  readonly body: string;
}

/** The database layout, typed for `idb` (`DBSchema`). */
export interface ChatshareDbSchema extends DBSchema {
  shares: {
    key: string;
    value: ShareEntry;
    indexes: {
      /** An owner's listing, newest first: walk backwards over [ownerId, createdAt, id]. */
      'by-owner-created': [string, number, string];
      /** An owner's shares of one chat. */
      'by-owner-chat': [string, string];
      /** Every owner's shares of one chat (an admin deleting a chat). */
      'by-chat': string;
      /** The listing across owners. */
      'by-created': [number, string];
    };
  };
  bodies: {
    key: string;
    value: BodyEntry;
  };
  /** A key range over [shareId] walks one share's history in version order. */
  history: {
    key: [string, number];
    value: HistoryEntry;
  };
  settings: {
    key: string;
    value: StoredSettings;
  };
}

export type StoreName = 'shares' | 'bodies' | 'history' | 'settings';

/** Bump when the layout changes, and add a step to `upgradeDatabase`; never edit a released step. */
export const DB_VERSION = 1;

export const SETTINGS_KEY = 'instance';

/** Versioned upgrade: each step runs once, in order, inside the version-change transaction. */
export function upgradeDatabase(db: IDBPDatabase<ChatshareDbSchema>, oldVersion: number): void {
  if (oldVersion < 1) {
    const shares = db.createObjectStore('shares', { keyPath: 'id' });
    shares.createIndex('by-owner-created', ['ownerId', 'createdAt', 'id']);
    shares.createIndex('by-owner-chat', ['ownerId', 'chatId']);
    shares.createIndex('by-chat', 'chatId');
    shares.createIndex('by-created', ['createdAt', 'id']);
    db.createObjectStore('bodies', { keyPath: 'id' });
    db.createObjectStore('history', { keyPath: ['shareId', 'version'] });
    db.createObjectStore('settings');
  }
}
