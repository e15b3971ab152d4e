import * as z from 'zod/mini';
import { SNAPSHOT_FORMAT } from './types.js';

const nullableText = z.nullable(z.string());

export const snapshotMessageSchema = z.object({
  id: z.string(),
  parentId: nullableText,
  childrenIds: z.array(z.string()),
  role: z.string(),
  content: z.string(),
  timestamp: z.nullable(z.number()),
  model: nullableText,
  modelName: nullableText,
  files: z.array(z.object({ name: nullableText, type: nullableText, size: z.nullable(z.number()) })),
});

/** Checks a snapshot read back from a store or the network (T25: corrupt records are rejected, not served). */
export const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  title: z.string(),
  scope: z.enum(['branch', 'full-history']),
  models: z.array(z.string()),
  rootId: nullableText,
  currentId: nullableText,
  messages: z.record(z.string(), snapshotMessageSchema),
  systemPrompt: z.optional(z.string()),
  version: z.number().check(z.int(), z.gte(1)),
  createdAt: z.number(),
  hash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
