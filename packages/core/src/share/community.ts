import * as z from 'zod/mini';
import { InvalidInputError } from '../errors.js';
import { parseChat, type ValidatedChat } from '../chat/tree.js';
import type { ChatLimits } from '../chat/limits.js';
import { communityLevelSchema } from './schema.js';
import type { CommunityLevel } from './types.js';

/** What a hub accepts from Open WebUI's community-sharing handshake: `{ chat, models, level? }`, sent as a JSON string. */
const wireSchema = z.object({
  chat: z.unknown(),
  models: z.optional(z.array(z.string())),
  level: z.optional(communityLevelSchema),
});

export interface ReceivedCommunityUpload {
  readonly chat: ValidatedChat;
  readonly models: readonly string[];
  readonly level: CommunityLevel | null;
}

/**
 * The receiving side of community sharing for a hub built on chatshare: parses the posted string and validates the
 * chat as strictly as any other input. Open WebUI senders omit `level`; the hub then asks the uploader.
 */
export function parseCommunityUpload(data: unknown, limits?: Partial<ChatLimits>): ReceivedCommunityUpload {
  if (typeof data !== 'string') throw new InvalidInputError([{ path: '', message: 'expected the JSON string of the upload' }]);
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new InvalidInputError([{ path: '', message: 'the upload is not valid JSON' }]);
  }
  const parsed = wireSchema.safeParse(json);
  if (!parsed.success) throw new InvalidInputError([{ path: '', message: 'expected { chat, models }' }]);
  return { chat: parseChat(parsed.data.chat, limits), models: parsed.data.models ?? [], level: parsed.data.level ?? null };
}
