import * as z from 'zod/mini';
import { StorageError } from '../errors.js';
import { deepFreeze } from '../snapshot/freeze.js';
import { snapshotSchema } from '../snapshot/schema.js';
import type { Snapshot, SnapshotScope } from '../snapshot/types.js';
import { settingsSchema, shareRecordSchema } from '../share/schema.js';
import type { InstanceSettings, ShareLeaveOut, ShareRecord } from '../share/types.js';
import type { ArchivedSnapshot, ListedShare, ShareViews, StoredSettings, StoredShare } from './contract.js';

/**
 * Core's side of the store contract: how a share, its history entries and the settings become the rows a store keeps,
 * and back. A store never parses `meta` or `body`; core re-validates both on every read, so a corrupt row (or one a
 * store handed back under the wrong id) is refused with `StorageError` and never served.
 *
 * - `meta` is everything core decides and summarises with: owner name, audience, expiry, last update, password hash,
 *   leave-out choices, and a summary of the snapshot (so listings never need the body).
 * - `body` is the published snapshot.
 * - A history entry's `meta` holds the choices its snapshot was made with and its summary; its `body` the snapshot.
 * - Settings are stored as their fields without `version`, which the store keeps as the compare-and-set column.
 */

/** What a listing shows of a snapshot without its messages. */
export interface SnapshotSummary {
  readonly version: number;
  readonly hash: string;
  readonly scope: SnapshotScope;
  readonly createdAt: number;
  readonly title: string;
  readonly messageCount: number;
}

/** A share as a listing knows it: the record with a summary of its snapshot instead of the snapshot. */
export type ListedShareRecord = Omit<ShareRecord, 'snapshot' | 'leaveOutByVersion'> & { readonly snapshot: SnapshotSummary };

/** One history entry, decoded: the snapshot and the choices it was made with. */
export interface ArchivedVersion {
  readonly snapshot: Snapshot;
  readonly leaveOut: ShareLeaveOut;
}

// Built from the record and snapshot schemas' own fields, so each field's rule is written once and a row is checked
// exactly as a record is.
const snapshotFields = snapshotSchema.shape;

const summarySchema = z.object({
  version: snapshotFields.version,
  hash: snapshotFields.hash,
  scope: snapshotFields.scope,
  createdAt: snapshotFields.createdAt,
  title: snapshotFields.title,
  messageCount: z.number().check(z.int(), z.gte(0)),
});

/** A row without its body: every field of a record, with the summary in place of the snapshot. */
const { snapshot: _snapshot, ...recordFields } = shareRecordSchema.shape;
const listedRecordSchema = z.object({ ...recordFields, snapshot: summarySchema });

const archivedMetaSchema = z.object({ leaveOut: recordFields.leaveOut, snapshot: summarySchema });

export function summarizeSnapshot(snapshot: Snapshot): SnapshotSummary {
  const { version, hash, scope, createdAt, title } = snapshot;
  return { version, hash, scope, createdAt, title, messageCount: Object.keys(snapshot.messages).length };
}

export function listedRecordOf(record: ShareRecord): ListedShareRecord {
  const { snapshot, ...rest } = record;
  return { ...rest, snapshot: summarizeSnapshot(snapshot) };
}

export function encodeShare(record: ShareRecord): StoredShare {
  const { id, ownerId, chatId, title, createdAt, version, ownerName, audience, expiresAt, updatedAt, password, leaveOut, snapshot } = record;
  const meta = { ownerName, audience, expiresAt, updatedAt, password, leaveOut, snapshot: summarizeSnapshot(snapshot) };
  return { id, ownerId, chatId, title, createdAt, version, meta: JSON.stringify(meta), body: JSON.stringify(snapshot) };
}

/** The replaced snapshot of `record` as a history entry, with the choices it was made with. */
export function encodeArchived(record: ShareRecord): ArchivedSnapshot {
  const { snapshot, leaveOut } = record;
  return { version: snapshot.version, meta: JSON.stringify({ leaveOut, snapshot: summarizeSnapshot(snapshot) }), body: JSON.stringify(snapshot) };
}

export function encodeSettings(settings: InstanceSettings): StoredSettings {
  const { version, ...fields } = settings;
  return { version, body: JSON.stringify(fields) };
}

/** The JSON text as an object, or `null` when it is not JSON of an object. */
function objectOf(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string') return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Both are built in the same field order (the schema's, `summarizeSnapshot`'s), so their JSON compares them. */
function sameSummary(a: SnapshotSummary, b: SnapshotSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const corruptShare = (id: string) => new StorageError(`The stored share ${id} is corrupt and was not served.`);

/** The columns, meta and views of a row, validated as a record's fields; `null` when any is wrong. */
function checkedListing(share: ListedShare, views: ShareViews): ListedShareRecord | null {
  const meta = objectOf(share.meta);
  if (meta === null) return null;
  const { id, ownerId, chatId, title, createdAt, version } = share;
  const parsed = listedRecordSchema.safeParse({ ...meta, id, ownerId, chatId, title, createdAt, version, views });
  return parsed.success ? (parsed.data as ListedShareRecord) : null;
}

/** A listed row as a record with its snapshot summary, re-validated like a full read. */
export function decodeListedShare(row: { readonly share: ListedShare; readonly views: ShareViews }): ListedShareRecord {
  const listed = checkedListing(row.share, row.views);
  if (listed === null) throw corruptShare(row.share.id);
  return deepFreeze(listed);
}

/**
 * The record of a row read for `id`, re-validated: `StorageError` for a corrupt row, one stored under another id, or
 * one whose summary (what listings show) does not describe its snapshot (what viewers get).
 */
export function decodeShare(row: { readonly share: StoredShare; readonly views: ShareViews }, id: string): ShareRecord {
  const listed = checkedListing(row.share, row.views);
  const parsed = snapshotSchema.safeParse(objectOf(row.share.body));
  if (listed === null || listed.id !== id || !parsed.success) throw corruptShare(id);
  const snapshot = parsed.data as Snapshot;
  if (!sameSummary(listed.snapshot, summarizeSnapshot(snapshot))) throw corruptShare(id);
  return deepFreeze({ ...listed, snapshot });
}

/** One history entry of share `shareId`, re-validated: its version, summary and snapshot must agree. */
export function decodeArchived(entry: ArchivedSnapshot, shareId: string): ArchivedVersion {
  const meta = objectOf(entry.meta);
  const parsedMeta = meta === null ? null : archivedMetaSchema.safeParse(meta);
  const parsedSnapshot = snapshotSchema.safeParse(objectOf(entry.body));
  if (!parsedMeta?.success || !parsedSnapshot.success) throw corruptHistory(shareId);
  const snapshot = parsedSnapshot.data as Snapshot;
  if (snapshot.version !== entry.version || !sameSummary(parsedMeta.data.snapshot, summarizeSnapshot(snapshot))) throw corruptHistory(shareId);
  return deepFreeze({ snapshot, leaveOut: parsedMeta.data.leaveOut });
}

const corruptHistory = (id: string) => new StorageError(`The stored history of share ${id} is corrupt and was not served.`);

/** The settings as stored, re-validated; the defaults until they are first saved. */
export function decodeSettings(stored: StoredSettings | null, defaults: InstanceSettings): InstanceSettings {
  if (stored === null) return defaults;
  const fields = objectOf(stored.body);
  const parsed = fields === null ? null : settingsSchema.safeParse({ ...fields, version: stored.version });
  if (!parsed?.success) throw new StorageError('The stored instance settings are corrupt.');
  return deepFreeze(parsed.data);
}
