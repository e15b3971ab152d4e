import * as z from 'zod/mini';

/**
 * Open WebUI's chat JSON, accepted as is: known fields are checked, unknown ones are kept (loose objects) so that a
 * chat round-trips unchanged. `zod/mini` keeps core small in browser bundles.
 */

// Seconds (Open WebUI) or milliseconds; NaN, Infinity and 1e308 are refused as wrong types, not stored.
const MAX_TIMESTAMP = 1e14;
export const timestampSchema = z.number().check(z.gte(0), z.lte(MAX_TIMESTAMP));

const shortText = z.string().check(z.maxLength(1_000));

export const messageFileSchema = z.looseObject({
  type: z.optional(z.nullable(shortText)),
  name: z.optional(z.nullable(shortText)),
  size: z.optional(z.nullable(z.number())),
});

export const messageSchema = z.looseObject({
  id: z.optional(shortText),
  parentId: z.optional(z.nullable(shortText)),
  childrenIds: z.optional(z.array(shortText)),
  role: shortText,
  content: z.string(),
  timestamp: z.optional(z.nullable(timestampSchema)),
  model: z.optional(z.nullable(shortText)),
  modelName: z.optional(z.nullable(shortText)),
  files: z.optional(z.nullable(z.array(messageFileSchema))),
});

export const historySchema = z.looseObject({
  messages: z.record(z.string(), messageSchema),
  currentId: z.optional(z.nullable(shortText)),
});

export const chatSchema = z.looseObject({
  id: z.optional(z.nullable(shortText)),
  title: z.optional(z.nullable(z.string().check(z.maxLength(10_000)))),
  models: z.optional(z.nullable(z.array(shortText))),
  history: z.optional(historySchema),
  messages: z.optional(z.array(messageSchema)),
  timestamp: z.optional(z.nullable(timestampSchema)),
  // Open WebUI keeps the chat's system prompt in `params.system`; some exports put it at the top level.
  params: z.optional(z.nullable(z.looseObject({ system: z.optional(z.nullable(z.string())) }))),
  system: z.optional(z.nullable(z.string())),
});

/** A message as Open WebUI stores it (unknown fields kept). */
export type OpenWebUIMessage = z.infer<typeof messageSchema>;
/** A chat as Open WebUI stores it (unknown fields kept). */
export type OpenWebUIChat = z.infer<typeof chatSchema>;
