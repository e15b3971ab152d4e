import type { Snapshot, SnapshotScope } from '../snapshot/types.js';

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

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass back as `cursor` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}
