export const SNAPSHOT_FORMAT = 'chatshare.snapshot/1';

/** `branch`: only the path the owner sees; `full-history`: every regeneration and edit (B4). */
export type SnapshotScope = 'branch' | 'full-history';

/** What a viewer may see of one attachment: its name and type, never a URL or a file id (T6, B5). */
export interface SnapshotFile {
  readonly name: string | null;
  readonly type: string | null;
  readonly size: number | null;
}

export interface SnapshotMessage {
  /** Re-mapped id (`m1`, `m2`, … in tree order, zero-padded to one width): never the source message id (R4, T26). */
  readonly id: string;
  readonly parentId: string | null;
  readonly childrenIds: readonly string[];
  readonly role: string;
  readonly content: string;
  readonly timestamp: number | null;
  readonly model: string | null;
  readonly modelName: string | null;
  readonly files: readonly SnapshotFile[];
}

/**
 * A frozen, validated copy of a chat at one moment (R4). Holds no source chat id, owner id or email (T26).
 * `hash` is the SHA-256 of the canonical content (everything but `version` and `createdAt`).
 */
export interface Snapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly title: string;
  readonly scope: SnapshotScope;
  readonly models: readonly string[];
  readonly rootId: string | null;
  readonly currentId: string | null;
  readonly messages: Readonly<Record<string, SnapshotMessage>>;
  /**
   * B15: the chat's system prompt, present only when the owner chose to share it (absent otherwise, and in snapshots
   * made before B15). Part of the hash when present.
   */
  readonly systemPrompt?: string;
  /** 1 for the first snapshot of a share, +1 on every "Update and copy link" (B8). */
  readonly version: number;
  readonly createdAt: number;
  readonly hash: string;
}
