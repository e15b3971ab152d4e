import * as z from 'zod/mini';
import { audienceSchema, chatSchema, settingsSchema, snapshotSchema as coreSnapshotSchema, type Snapshot } from '@chatshare/core';

/**
 * Schemas for what the server sends back, checked at the client boundary (T25): a proxy's HTML page, a truncated body
 * or a server of another version fails loudly as `NETWORK_ERROR` instead of reaching the elements half-formed.
 * `zod/mini` because the client ships to browsers.
 */
const epochMs = z.number().check(z.int(), z.gte(0));

/**
 * Core's snapshot schema, typed as `Snapshot`: its optional `systemPrompt` (B15) parses to `string | undefined`, and
 * `undefined` cannot come out of `JSON.parse`, so a parsed wire body is exactly a `Snapshot`.
 */
const snapshotSchema = coreSnapshotSchema as unknown as z.ZodMiniType<Snapshot>;

const count = z.number().check(z.int(), z.gte(0));

/** B15: what the owner left out of a share. */
export const leaveOutSchema = z.object({
  messageIds: z.array(z.string()),
  systemPrompt: z.boolean(),
  toolOutput: z.boolean(),
  attachments: z.boolean(),
});

export const shareSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  audience: audienceSchema,
  scope: z.enum(['branch', 'full-history']),
  createdAt: epochMs,
  updatedAt: epochMs,
  expiresAt: z.nullable(epochMs),
  version: z.number().check(z.int()),
  snapshotVersion: z.number().check(z.int()),
  snapshotHash: z.string(),
  messageCount: z.number().check(z.int()),
  showOwnerName: z.boolean(),
  hasPassword: z.boolean(),
  leaveOut: leaveOutSchema,
  viewCount: count,
  lastViewedAt: z.nullable(epochMs),
});

export const adminShareSummarySchema = z.extend(shareSummarySchema, { ownerId: z.string() });

export const sharedChatViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  audience: z.enum(['owner', 'instance', 'anyone', 'people']),
  createdAt: epochMs,
  updatedAt: epochMs,
  expiresAt: z.nullable(epochMs),
  ownerName: z.nullable(z.string()),
  canClone: z.boolean(),
  isOwner: z.boolean(),
  snapshot: snapshotSchema,
});

export const pageOf = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

export const countSchema = z.object({ count: z.number().check(z.int(), z.gte(0)) });

export const findShareSchema = z.object({ share: z.nullable(shareSummarySchema) });

export const communityPayloadSchema = z.object({
  chat: z.record(z.string(), z.unknown()),
  models: z.array(z.string()),
  level: z.enum(['private', 'public', 'public-full-history']),
});


/** B13: the answer of `POST /shares/:id/unlock`. */
export const unlockResultSchema = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1_000)),
  expiresAt: epochMs,
});

/** B15: one candidate message of a preview. */
const previewMessageSchema = z.object({
  sourceId: z.string(),
  role: z.string(),
  content: z.string(),
  model: z.nullable(z.string()),
  timestamp: z.nullable(z.number()),
  fileCount: count,
  hasToolOutput: z.boolean(),
  leftOut: z.boolean(),
});

/** B15: the answer of `POST /shares/preview`. */
export const sharePreviewSchema = z.object({
  snapshot: snapshotSchema,
  messages: z.array(previewMessageSchema),
  leaveOut: leaveOutSchema,
  hasSystemPrompt: z.boolean(),
  hasToolOutput: z.boolean(),
  hasAttachments: z.boolean(),
});

/** B16: the answer of `GET /shares/:id/versions`. */
export const shareVersionsSchema = z.object({
  versions: z.array(
    z.object({
      snapshotVersion: z.number().check(z.int(), z.gte(1)),
      createdAt: z.number(),
      title: z.string(),
      scope: z.enum(['branch', 'full-history']),
      messageCount: count,
      hash: z.string(),
      current: z.boolean(),
      // B15: what the version left out; `null` when unknown (also from a server that predates the field).
      leaveOut: z._default(z.nullable(leaveOutSchema), null),
    }),
  ),
});

export { chatSchema, settingsSchema };
