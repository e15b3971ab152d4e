import type { Parsed } from '../readonly.js';
import type { snapshotFileSchema, snapshotMessageSchema, snapshotSchema, snapshotScopeSchema } from './schema.js';

export const SNAPSHOT_FORMAT = 'chatshare.snapshot/1';

/** `branch`: only the path the owner sees; `full-history`: every regeneration and edit. */
export type SnapshotScope = Parsed<typeof snapshotScopeSchema>;

/** What a viewer may see of one attachment: its name and type, never a URL or a file id. */
export interface SnapshotFile extends Parsed<typeof snapshotFileSchema> {}

/**
 * One message of a snapshot, under a re-mapped id (`m1`, `m2`, … in tree order, zero-padded to one width): never the
 * source message id, so a snapshot never points back into the owner's chat.
 */
export interface SnapshotMessage extends Parsed<typeof snapshotMessageSchema> {}

/**
 * A frozen, validated copy of a chat at one moment: later edits of the chat never reach it. Holds no source chat id,
 * owner id or email. `systemPrompt` is present only when the owner chose to share it (part of the hash then).
 * `version` is 1 for the first snapshot of a share, +1 on every "Update and copy link". `hash` is the SHA-256 of the
 * canonical content (everything but `version` and `createdAt`).
 */
export interface Snapshot extends Parsed<typeof snapshotSchema> {}
