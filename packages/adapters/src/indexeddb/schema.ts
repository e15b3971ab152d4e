import type { DBSchema, IDBPDatabase, IDBPTransaction } from 'idb';
import type { InstanceSettings, ShareRecord } from '@chatshare/core';

/** The database layout, typed for `idb` (`DBSchema`). */
export interface ChatshareDbSchema extends DBSchema {
  shares: {
    key: string;
    value: ShareRecord;
    indexes: {
      /** B1 owner listing, newest first: walk backwards over [ownerId, createdAt, id]. */
      'by-owner-created': [string, number, string];
      /** S9/S11 lookups by source chat. */
      'by-owner-chat': [string, string];
      /** B9 admin listing across owners. */
      'by-created': [number, string];
    };
  };
  settings: {
    key: string;
    value: InstanceSettings;
  };
}

/** Bump when the layout changes, and add a step to `upgradeDatabase`; never edit a released step. */
export const DB_VERSION = 1;

export const SETTINGS_KEY = 'instance';

/** Versioned upgrade: each step runs once, in order, inside the version-change transaction. */
export function upgradeDatabase(
  db: IDBPDatabase<ChatshareDbSchema>,
  oldVersion: number,
  _tx: IDBPTransaction<ChatshareDbSchema, ('shares' | 'settings')[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    const shares = db.createObjectStore('shares', { keyPath: 'id' });
    shares.createIndex('by-owner-created', ['ownerId', 'createdAt', 'id']);
    shares.createIndex('by-owner-chat', ['ownerId', 'chatId']);
    shares.createIndex('by-created', ['createdAt', 'id']);
    db.createObjectStore('settings');
  }
}
