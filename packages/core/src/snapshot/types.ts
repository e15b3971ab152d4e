import type { Parsed } from '../readonly.js';
import type { snapshotFileSchema, snapshotMessageSchema, snapshotSchema, snapshotScopeSchema } from './schema.js';

export const SNAPSHOT_FORMAT = 'chatshare.snapshot/1';

/** `branch`: only the path the owner sees; `full-history`: every regeneration and edit. */
export type SnapshotScope = Parsed<typeof snapshotScopeSchema>;

/** What a viewer may see of one attachment: its name and type, never a URL or a file id. */
export interface SnapshotFile extends Parsed<typeof snapshotFileSchema> {}

/** One message of a snapshot, under a re-mapped id. */
export interface SnapshotMessage extends Parsed<typeof snapshotMessageSchema> {}

/**
 * A frozen, validated copy of a chat at one moment: later edits of the chat never reach it. Holds no source chat id,
 * owner id or email. `hash` is the SHA-256 of the canonical content (everything but `version` and `createdAt`).
 */
export interface Snapshot extends Parsed<typeof snapshotSchema> {}
