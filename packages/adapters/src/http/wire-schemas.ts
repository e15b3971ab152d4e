import * as z from 'zod/mini';
import { audienceSchema, chatSchema, settingsSchema, snapshotSchema } from '@chatshare/core';

/**
 * Schemas for what the server sends back, checked at the client boundary (T25): a proxy's HTML page, a truncated body
 * or a server of another version fails loudly as `NETWORK_ERROR` instead of reaching the elements half-formed.
 * `zod/mini` because the client ships to browsers.
 */
const epochMs = z.number().check(z.int(), z.gte(0));

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

export { chatSchema, settingsSchema };
