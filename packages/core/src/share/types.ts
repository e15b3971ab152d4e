import type { Page, ShareViews } from '../store/contract.js';
import type { Snapshot, SnapshotScope } from '../snapshot/types.js';

export type { Page, ShareViews };

/**
 * Who is asking, as the host app says (chatshare never stores passwords or sessions). `null` is an anonymous viewer.
 */
export interface Actor {
  readonly id: string;
  readonly isAdmin?: boolean;
  /** Group ids the user belongs to, matched against `people` audiences (B2). */
  readonly groups?: readonly string[];
  /** Shown on a share only when the owner opts in with `showOwnerName` (B5). */
  readonly displayName?: string;
}

export type Viewer = Actor | null;

/** Who may open a link (B2): the S7 default is `instance` (signed-in users of this instance). */
export type Audience =
  | { readonly type: 'owner' }
  | { readonly type: 'instance' }
  | { readonly type: 'anyone' }
  | { readonly type: 'people'; readonly userIds: readonly string[]; readonly groupIds: readonly string[] };

export type AudienceType = Audience['type'];

/**
 * B15: what the owner leaves out of a snapshot. `messageIds` are the source chat's message ids (the owner's own; they
 * never reach a viewer). A left-out message is removed and its replies move up to its parent. `systemPrompt` leaves out
 * the chat's system prompt and every `system` message; `toolOutput` removes tool-call and code-interpreter results and
 * `tool` messages; `attachments` removes the attachment list of every message. Stored on the share, so "Update and
 * copy link" applies the same choices to the new snapshot.
 */
export interface ShareLeaveOut {
  readonly messageIds: readonly string[];
  readonly systemPrompt: boolean;
  readonly toolOutput: boolean;
  readonly attachments: boolean;
}

/** B15 default: the system prompt stays private; everything else the chosen scope covers is shared. */
export const DEFAULT_LEAVE_OUT: ShareLeaveOut = Object.freeze({
  messageIds: Object.freeze([]) as readonly string[],
  systemPrompt: true,
  toolOutput: false,
  attachments: false,
});

/**
 * B13: a share password, stored only as a salted slow hash (PBKDF2-HMAC-SHA-256 through Web Crypto). `salt` and
 * `hash` are base64url. Never leaves core: summaries say `hasPassword`, views say nothing.
 */
export interface StoredPassword {
  readonly algorithm: 'PBKDF2-SHA256';
  readonly iterations: number;
  readonly salt: string;
  readonly hash: string;
}

/** The stored record of one share. Only core and stores see it; viewers get a `SharedChatView`. */
export interface ShareRecord {
  /** nanoid, ≥ 21 characters (R1). */
  readonly id: string;
  readonly ownerId: string;
  /** The owner's display name, kept only when the owner chose to show it (B5). */
  readonly ownerName: string | null;
  readonly chatId: string;
  /** Denormalised from the snapshot for listing and search (B1). */
  readonly title: string;
  readonly audience: Audience;
  readonly expiresAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Incremented on every write; the compare-and-set token (R7, T24). */
  readonly version: number;
  readonly snapshot: Snapshot;
  /** B13: `null` when the link has no password. */
  readonly password: StoredPassword | null;
  /** B15: what the owner left out, re-applied on every update. */
  readonly leaveOut: ShareLeaveOut;
  /**
   * B15, B16: the leave-out choices each kept history snapshot was made with, by snapshot version, so a rollback
   * restores them with the content (what the owner sees matches what is published). Pruned to the versions the
   * history keeps. Optional for records written before it existed (read as `{}`: choices unknown).
   */
  readonly leaveOutByVersion?: Readonly<Record<number, ShareLeaveOut>>;
  /** B14: counted by the store (`recordView`), never by rewriting the record. */
  readonly views: ShareViews;
}

/** What the owner sees of a share in the modal and the links manager (B1). No owner id or source chat id (T26). */
export interface ShareSummary {
  readonly id: string;
  readonly title: string;
  readonly audience: Audience;
  readonly scope: SnapshotScope;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number | null;
  readonly version: number;
  readonly snapshotVersion: number;
  readonly snapshotHash: string;
  readonly messageCount: number;
  readonly showOwnerName: boolean;
  /** B13: whether viewers must unlock the link with a password. */
  readonly hasPassword: boolean;
  /** B15: what the owner left out (source message ids are the owner's own chat's). */
  readonly leaveOut: ShareLeaveOut;
  /** B14: times the link was opened by someone other than the owner (0 while the host turns counting off). */
  readonly viewCount: number;
  /** B14: when it was last opened that way, or `null`. */
  readonly lastViewedAt: number | null;
}

/** B16: one snapshot of a share's history, as the owner sees it (newest first; `current` marks what viewers get). */
export interface ShareVersion {
  readonly snapshotVersion: number;
  readonly createdAt: number;
  readonly title: string;
  readonly scope: SnapshotScope;
  readonly messageCount: number;
  readonly hash: string;
  readonly current: boolean;
  /** B15: what this version left out, or `null` when not known (a snapshot archived before the choices were kept). */
  readonly leaveOut: ShareLeaveOut | null;
}

/** B13: proof that this viewer gave the right password; send it with `readShare` until `expiresAt`. */
export interface UnlockResult {
  readonly token: string;
  readonly expiresAt: number;
}

/** B15: one message the chosen scope covers, as the owner reviews it before publishing. */
export interface PreviewMessage {
  /** The source chat's message id: what `leaveOut.messageIds` takes. */
  readonly sourceId: string;
  readonly role: string;
  /** The text as it would be shared (tool output removed when `leaveOut.toolOutput`). */
  readonly content: string;
  readonly model: string | null;
  readonly timestamp: number | null;
  readonly fileCount: number;
  readonly hasToolOutput: boolean;
  /** Left out, by its id or by a switch (system prompt, tool output). */
  readonly leftOut: boolean;
}

/**
 * B15: exactly what a share would publish, computed by the same code as the snapshot itself. `snapshot` is what viewers
 * would receive; `messages` lists every candidate (left-out ones flagged) so the UI can offer to put them back.
 */
export interface SharePreview {
  readonly snapshot: Snapshot;
  readonly messages: readonly PreviewMessage[];
  readonly leaveOut: ShareLeaveOut;
  readonly hasSystemPrompt: boolean;
  readonly hasToolOutput: boolean;
  readonly hasAttachments: boolean;
}

/** What a viewer receives (S7, S8, B8): the snapshot and nothing that identifies the owner or source (T26). */
export interface SharedChatView {
  readonly id: string;
  readonly title: string;
  readonly audience: AudienceType;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number | null;
  readonly ownerName: string | null;
  /** Whether this viewer may "Clone chat" (B6): signed in. */
  readonly canClone: boolean;
  /** Whether this viewer owns the share (the UI may offer management links). */
  readonly isOwner: boolean;
  readonly snapshot: Snapshot;
}

/** Instance-wide settings. Only admins change them (S1, B2, B9). */
export interface InstanceSettings {
  /** S1: "Enable community sharing"; off by default in chatshare. */
  readonly communitySharing: boolean;
  /** B2: admins may forbid `anyone` links; while forbidden, existing `anyone` links act as `instance`. */
  readonly allowPublicLinks: boolean;
  /** S8: the host's text-to-speech switch, carried here so every viewer agrees. */
  readonly textToSpeech: boolean;
  /** B9: users who may not create or update shares. */
  readonly sharingDisabledUserIds: readonly string[];
  readonly version: number;
}

export const DEFAULT_SETTINGS: InstanceSettings = Object.freeze({
  communitySharing: false,
  allowPublicLinks: true,
  textToSpeech: false,
  sharingDisabledUserIds: Object.freeze([]) as readonly string[],
  version: 0,
});

/** Community hub access levels (S3). */
export type CommunityLevel = 'private' | 'public' | 'public-full-history';

/** Wire payload of the S3 handshake, compatible with Open WebUI: `JSON.stringify({ chat, models })`. */
export interface CommunityPayload {
  readonly chat: Record<string, unknown>;
  readonly models: readonly string[];
  readonly level: CommunityLevel;
}
