import type { DBSchema, IDBPDatabase, IDBPTransaction } from 'idb';
import type { InstanceSettings, ShareRecord, Snapshot } from '@chatshare/core';

/** B16: one replaced snapshot of a share, keyed by [shareId, snapshot version]. */
export interface ArchivedSnapshot {
  readonly shareId: string;
  readonly version: number;
  readonly snapshot: Snapshot;
}

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
  /** B16 (version 2): each share's replaced snapshots; a key range over [shareId] walks one share's history in order. */
  snapshots: {
    key: [string, number];
    value: ArchivedSnapshot;
  };
}

export type StoreName = 'shares' | 'settings' | 'snapshots';

/** Bump when the layout changes, and add a step to `upgradeDatabase`; never edit a released step. */
export const DB_VERSION = 2;

export const SETTINGS_KEY = 'instance';

/** Versioned upgrade: each step runs once, in order, inside the version-change transaction. */
export function upgradeDatabase(
  db: IDBPDatabase<ChatshareDbSchema>,
  oldVersion: number,
  _tx: IDBPTransaction<ChatshareDbSchema, StoreName[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    const shares = db.createObjectStore('shares', { keyPath: 'id' });
    shares.createIndex('by-owner-created', ['ownerId', 'createdAt', 'id']);
    shares.createIndex('by-owner-chat', ['ownerId', 'chatId']);
    shares.createIndex('by-created', ['createdAt', 'id']);
    db.createObjectStore('settings');
  }
  if (oldVersion < 2) {
    // B16. Records written by version 1 stay as they are: they lack `views` (and the B13/B15 fields), which read as
    // "never opened" here and as core's defaults in the service.
    db.createObjectStore('snapshots', { keyPath: ['shareId', 'version'] });
  }
}
