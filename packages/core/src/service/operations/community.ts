import { requireSignedIn } from '../../policy/actor.js';
import { requireCommunitySharing, requireMayShare } from '../../policy/sharing.js';
import { snapshotToChat } from '../../snapshot/export.js';
import type { SnapshotScope } from '../../snapshot/types.js';
import { communityInputSchema } from '../../share/schema.js';
import { DEFAULT_LEAVE_OUT } from '../../share/types.js';
import { parseInput } from '../../share/validate.js';
import type { ShareApi } from '../api.js';
import { snapshotOwnedChat } from '../chat-snapshot.js';
import { loadSettings, type Caller, type ServiceContext } from '../context.js';

/** The Open WebUI community handshake: the chat as a hub receives it, while admins have community sharing on. */
export function communityOperations(context: ServiceContext, { viewer }: Caller): Pick<ShareApi, 'communityPayload'> {
  return {
    async communityPayload(rawInput) {
      const actor = requireSignedIn(viewer);
      const input = parseInput(communityInputSchema, rawInput, 'input');
      const settings = await loadSettings(context);
      requireCommunitySharing(settings);
      requireMayShare(actor, settings);
      // `public` publishes only the visible branch; the other levels carry every regeneration. The default leave-out
      // choices apply here too: a community post never carries the system prompt.
      const scope: SnapshotScope = input.level === 'public' ? 'branch' : 'full-history';
      const { snapshot } = await snapshotOwnedChat(context, actor, { chatId: input.chatId, scope, upToMessageId: null, version: 1, leaveOut: DEFAULT_LEAVE_OUT });
      return { chat: snapshotToChat(snapshot) as Record<string, unknown>, models: [...snapshot.models], level: input.level };
    },
  };
}
