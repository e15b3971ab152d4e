import type { Parsed } from '../readonly.js';
import type { Page, ShareViews } from '../store/contract.js';
import type {
  communityPayloadSchema,
  previewMessageSchema,
  sharedChatViewSchema,
  sharePreviewSchema,
  shareSummarySchema,
  shareVersionSchema,
  unlockResultSchema,
} from './answers.js';
import type {
  actorSchema,
  audienceSchema,
  communityLevelSchema,
  leaveOutSchema,
  settingsSchema,
  shareRecordSchema,
  storedPasswordSchema,
} from './schema.js';

/*
 * Every type here is inferred from its schema in `schema.ts` or `answers.ts`, where the fields are documented: one definition per
 * shape, read-only all the way down. Object shapes are interfaces over the inferred type so that hovers and compiler
 * errors name them.
 */

export type { Page, ShareViews };

/** Who is asking, as the host app says (chatshare never stores passwords or sessions). */
export interface Actor extends NonNullable<Parsed<typeof actorSchema>> {}

/** `null` is an anonymous viewer. */
export type Viewer = Actor | null;

/** Who may open a link; the default is `instance` (signed-in users of this instance). */
export type Audience = Parsed<typeof audienceSchema>;

/** One of `AUDIENCE_TYPES`. */
export type AudienceType = Audience['type'];

/**
 * What the owner leaves out of a snapshot. `messageIds` are the source chat's message ids (the owner's own; they
 * never reach a viewer). A left-out message is removed and its replies move up to its parent. `systemPrompt` leaves out
 * the chat's system prompt and every `system` message; `toolOutput` removes tool-call and code-interpreter results and
 * `tool` messages; `attachments` removes the attachment list of every message. Stored on the share, so "Update and
 * copy link" applies the same choices to the new snapshot.
 */
export interface ShareLeaveOut extends Parsed<typeof leaveOutSchema> {}

/** The default choices: the system prompt stays private; everything else the chosen scope covers is shared. */
export const DEFAULT_LEAVE_OUT: ShareLeaveOut = Object.freeze({
  messageIds: Object.freeze([]),
  systemPrompt: true,
  toolOutput: false,
  attachments: false,
});

/**
 * A share password, stored only as a salted slow hash. Never leaves core: summaries say `hasPassword`, views say
 * nothing.
 */
export interface StoredPassword extends Parsed<typeof storedPasswordSchema> {}

/** The stored record of one share. Only core and stores see it; viewers get a `SharedChatView`. */
export interface ShareRecord extends Parsed<typeof shareRecordSchema> {}

/** What the owner sees of a share in the modal and the links manager. No owner id or source chat id. */
export interface ShareSummary extends Parsed<typeof shareSummarySchema> {}

/** One snapshot of a share's history, as the owner sees it (newest first; `current` marks what viewers get). */
export interface ShareVersion extends Parsed<typeof shareVersionSchema> {}

/** Proof that this viewer gave the right password; send it with `readShare` until `expiresAt`. */
export interface UnlockResult extends Parsed<typeof unlockResultSchema> {}

/** One message the chosen scope covers, as the owner reviews it before publishing. */
export interface PreviewMessage extends Parsed<typeof previewMessageSchema> {}

/** Exactly what a share would publish, and every candidate message, left-out ones flagged. */
export interface SharePreview extends Parsed<typeof sharePreviewSchema> {}

/** What a viewer receives: the snapshot and nothing that identifies the owner or the source chat. */
export interface SharedChatView extends Parsed<typeof sharedChatViewSchema> {}

/**
 * Instance-wide settings. Only admins change them. `communitySharing` is "Enable community sharing" (off by default);
 * `allowPublicLinks: false` forbids `anyone` links (existing ones then act as `instance`); `textToSpeech` is the host's
 * switch, carried here so every viewer agrees; `sharingDisabledUserIds` may not create or update shares.
 */
export interface InstanceSettings extends Parsed<typeof settingsSchema> {}

export const DEFAULT_SETTINGS: InstanceSettings = Object.freeze({
  communitySharing: false,
  allowPublicLinks: true,
  textToSpeech: false,
  sharingDisabledUserIds: Object.freeze([]),
  version: 0,
});

/** The community hub's access levels: one of `COMMUNITY_LEVELS`. */
export type CommunityLevel = Parsed<typeof communityLevelSchema>;

/** The payload of the community handshake, compatible with Open WebUI: `JSON.stringify({ chat, models })`. */
export interface CommunityPayload extends Parsed<typeof communityPayloadSchema> {}
