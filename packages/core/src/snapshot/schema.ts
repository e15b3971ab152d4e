import * as z from 'zod/mini';
import { SNAPSHOT_FORMAT } from './types.js';

// Field docs here reach editors in this repository, but not the published `.d.ts`: the type TypeScript infers for a
// `z.object({ … })` call drops them, and declaring each shape apart to keep them costs bytes of core's bundle, which
// is at its budget. The docs of the types in `types.ts` are published, so they say what matters to a reader.

const nullableText = z.nullable(z.string());

/** `branch`: only the path the owner sees; `full-history`: every regeneration and edit. */
export const snapshotScopeSchema = z.enum(['branch', 'full-history']);

/** What a viewer may see of one attachment: its name and type, never a URL or a file id (files stay the host's). */
export const snapshotFileSchema = z.object({ name: nullableText, type: nullableText, size: z.nullable(z.number()) });

export const snapshotMessageSchema = z.object({
  /**
   * Re-mapped id (`m1`, `m2`, … in tree order, zero-padded to one width): never the source message id, so a snapshot
   * never points back into the owner's chat.
   */
  id: z.string(),
  parentId: nullableText,
  childrenIds: z.array(z.string()),
  role: z.string(),
  content: z.string(),
  timestamp: z.nullable(z.number()),
  model: nullableText,
  modelName: nullableText,
  files: z.array(snapshotFileSchema),
});

/** A snapshot, checked wherever one comes back from a store or the network: a corrupt record is rejected, not served. */
export const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  title: z.string(),
  scope: snapshotScopeSchema,
  models: z.array(z.string()),
  rootId: nullableText,
  currentId: nullableText,
  messages: z.record(z.string(), snapshotMessageSchema),
  /** The chat's system prompt, present only when the owner chose to share it. Part of the hash when present. */
  systemPrompt: z.optional(z.string()),
  /** 1 for the first snapshot of a share, +1 on every "Update and copy link", so viewers can tell revisions apart. */
  version: z.number().check(z.int(), z.gte(1)),
  createdAt: z.number(),
  /** SHA-256 of the canonical content (everything but `version` and `createdAt`). */
  hash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
