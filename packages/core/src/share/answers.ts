import * as z from 'zod/mini';
import { snapshotSchema, snapshotScopeSchema } from '../snapshot/schema.js';
import { AUDIENCE_TYPES, audienceSchema, communityLevelSchema, count, epochMs, leaveOutSchema } from './schema.js';

/*
 * The shapes core answers with. Core builds these values itself; the schemas are for a transport that gets them from a
 * server and must check them (the HTTP client: a proxy's HTML page, a truncated body or a server of another version
 * fails loudly instead of reaching the elements half-formed). The types in `types.ts` are inferred from them. Kept out
 * of core's main entry (they are `@chatshare/core/answers`) so a bundle that never checks an answer never carries them.
 * Documented shapes are declared apart, as in `schema.ts`, so that their field docs reach the published `.d.ts`.
 */

export const audienceTypeSchema = z.enum(AUDIENCE_TYPES);

const shareSummaryShape = {
  id: z.string(),
  title: z.string(),
  audience: audienceSchema,
  scope: snapshotScopeSchema,
  createdAt: epochMs,
  updatedAt: epochMs,
  expiresAt: z.nullable(epochMs),
  version: z.number().check(z.int()),
  snapshotVersion: z.number().check(z.int()),
  snapshotHash: z.string(),
  messageCount: z.number().check(z.int()),
  showOwnerName: z.boolean(),
  /** Whether viewers must unlock the link with a password. */
  hasPassword: z.boolean(),
  /** What the owner left out (source message ids are the owner's own chat's). */
  leaveOut: leaveOutSchema,
  /** Times the link was opened by someone other than the owner (0 while the host turns counting off). */
  viewCount: count,
  /** When it was last opened that way, or `null`. */
  lastViewedAt: z.nullable(epochMs),
};

/** What the owner sees of a share in the modal and the links manager. No owner id or source chat id. */
export const shareSummarySchema: z.ZodMiniObject<typeof shareSummaryShape> = z.object(shareSummaryShape);

/** A share as an admin sees it in the instance-wide list: the summary plus who owns it. */
export const adminShareSummarySchema = z.extend(shareSummarySchema, { ownerId: z.string() });

const shareVersionShape = {
  snapshotVersion: z.number().check(z.int(), z.gte(1)),
  createdAt: z.number(),
  title: z.string(),
  scope: snapshotScopeSchema,
  messageCount: count,
  hash: z.string(),
  current: z.boolean(),
  /** What this version left out (it comes back with the version on a rollback). */
  leaveOut: leaveOutSchema,
};

/** One snapshot of a share's history, as the owner sees it (newest first; `current` marks what viewers get). */
export const shareVersionSchema: z.ZodMiniObject<typeof shareVersionShape> = z.object(shareVersionShape);

/** Proof that this viewer gave the right password; send it with `readShare` until `expiresAt`. */
export const unlockResultSchema = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1_000)),
  expiresAt: epochMs,
});

const previewMessageShape = {
  /** The source chat's message id: what `leaveOut.messageIds` takes. */
  sourceId: z.string(),
  role: z.string(),
  /** The text as it would be shared (tool output removed when `leaveOut.toolOutput`). */
  content: z.string(),
  model: z.nullable(z.string()),
  timestamp: z.nullable(z.number()),
  fileCount: count,
  hasToolOutput: z.boolean(),
  /** Left out, by its id or by a switch (system prompt, tool output). */
  leftOut: z.boolean(),
};

/** One message the chosen scope covers, as the owner reviews it before publishing. */
export const previewMessageSchema: z.ZodMiniObject<typeof previewMessageShape> = z.object(previewMessageShape);

/**
 * Exactly what a share would publish, computed by the same code as the snapshot itself. `snapshot` is what viewers
 * would receive; `messages` lists every candidate (left-out ones flagged) so the UI can offer to put them back.
 */
export const sharePreviewSchema = z.object({
  snapshot: snapshotSchema,
  messages: z.array(previewMessageSchema),
  leaveOut: leaveOutSchema,
  hasSystemPrompt: z.boolean(),
  hasToolOutput: z.boolean(),
  hasAttachments: z.boolean(),
});

const sharedChatViewShape = {
  id: z.string(),
  title: z.string(),
  audience: audienceTypeSchema,
  createdAt: epochMs,
  updatedAt: epochMs,
  expiresAt: z.nullable(epochMs),
  ownerName: z.nullable(z.string()),
  /** Whether this viewer may "Clone chat": signed in. */
  canClone: z.boolean(),
  /** Whether this viewer owns the share (the UI may offer management links). */
  isOwner: z.boolean(),
  snapshot: snapshotSchema,
};

/** What a viewer receives: the snapshot and nothing that identifies the owner or the source chat. */
export const sharedChatViewSchema: z.ZodMiniObject<typeof sharedChatViewShape> = z.object(sharedChatViewShape);

/** The payload of the community handshake, compatible with Open WebUI: `JSON.stringify({ chat, models })`. */
export const communityPayloadSchema = z.object({
  chat: z.record(z.string(), z.unknown()),
  models: z.array(z.string()),
  level: communityLevelSchema,
});

/** One page of a listing: `nextCursor` is passed back as `cursor` for the next page, `null` on the last one. */
export function pageSchema<Item extends z.ZodMiniType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
}
