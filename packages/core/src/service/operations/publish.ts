import { InvalidInputError } from '../../errors.js';
import { requireSignedIn } from '../../policy/actor.js';
import { canEditShare } from '../../policy/change.js';
import { requireAudienceAllowed, requireMayShare } from '../../policy/sharing.js';
import { isExpired } from '../../policy/view.js';
import { previewChat, restrictToBranch } from '../../snapshot/create.js';
import {
  createShareInputSchema,
  idArgumentSchema,
  previewShareInputSchema,
  shareOptionsInputSchema,
  updateShareInputSchema,
} from '../../share/schema.js';
import { parseInput } from '../../share/validate.js';
import type { ShareRecord } from '../../share/types.js';
import { decodeListedShare } from '../../store/record-codec.js';
import { shareForChange } from '../access.js';
import type { ShareApi } from '../api.js';
import { loadOwnedChat, snapshotOwnedChat } from '../chat-snapshot.js';
import { loadSettings, storeCall, type Caller, type ServiceContext } from '../context.js';
import { insertNewShare, optionChanges, resolveExpiry, resolveLeaveOut, writeUpdate } from '../share-changes.js';
import { toSummary } from '../summary.js';

type PublishOperations = Pick<ShareApi, 'createShare' | 'findShareForChat' | 'updateShare' | 'setShareOptions' | 'previewShare'>;

/** Publishing: a new link, a new snapshot under the same link, the link's options, and the preview of what would go out. */
export function publishOperations(context: ServiceContext, { viewer }: Caller): PublishOperations {
  return {
    async createShare(rawInput) {
      const actor = requireSignedIn(viewer);
      const input = parseInput(createShareInputSchema, rawInput, 'input');
      const settings = await loadSettings(context);
      requireMayShare(actor, settings);
      requireAudienceAllowed(input.audience, settings);
      const at = context.now();
      const expiresAt = resolveExpiry(input, at) ?? null;
      const { snapshot, leaveOut } = await snapshotOwnedChat(context, actor, {
        chatId: input.chatId,
        scope: input.scope ?? 'branch',
        upToMessageId: input.upToMessageId,
        version: 1,
        leaveOut: resolveLeaveOut(input.leaveOut ?? {}),
      });
      return insertNewShare(context, {
        ownerId: actor.id,
        ownerName: input.showOwnerName ? (actor.displayName ?? null) : null,
        chatId: input.chatId,
        title: snapshot.title,
        audience: input.audience ?? { type: 'instance' },
        expiresAt,
        createdAt: at,
        updatedAt: at,
        version: 1,
        snapshot,
        password: await context.passwords.hash(input.password),
        leaveOut,
        views: { count: 0, lastViewedAt: null },
      });
    },

    async findShareForChat(chatId) {
      const actor = requireSignedIn(viewer);
      parseInput(idArgumentSchema, chatId, 'chatId');
      const at = context.now();
      let cursor: string | null = null;
      do {
        const page = await storeCall('list shares', () => context.store.listShares({ ownerId: actor.id, chatId }, { limit: 20, cursor }));
        const live = page.items.map(decodeListedShare).find((share) => !isExpired(share, at));
        if (live) return toSummary(live);
        cursor = page.nextCursor;
      } while (cursor !== null);
      return null;
    },

    async updateShare(shareId, rawInput = {}) {
      const actor = requireSignedIn(viewer);
      const input = parseInput(updateShareInputSchema, rawInput, 'input');
      const { share, settings } = await shareForChange(context, shareId, actor, canEditShare);
      requireMayShare(actor, settings);
      const changes = optionChanges(context, input, actor, settings);
      // New choices merge over the stored ones; newly named messages must exist, stored ones deleted from the chat since
      // are dropped.
      const { snapshot, leaveOut } = await snapshotOwnedChat(context, actor, {
        chatId: share.chatId,
        scope: input.scope ?? share.snapshot.scope,
        upToMessageId: input.upToMessageId,
        version: share.snapshot.version + 1,
        leaveOut: resolveLeaveOut(input.leaveOut ?? {}, share.leaveOut),
        storedChoices: input.leaveOut?.messageIds === undefined,
      });
      const password = await context.passwords.change(input.password);
      return writeUpdate(context, share, { ...changes, ...password, snapshot, title: snapshot.title, leaveOut });
    },

    async setShareOptions(shareId, rawInput) {
      const actor = requireSignedIn(viewer);
      const input = parseInput(shareOptionsInputSchema, rawInput, 'input');
      const { share, settings } = await shareForChange(context, shareId, actor, canEditShare);
      requireMayShare(actor, settings);
      const changes: Partial<ShareRecord> = optionChanges(context, input, actor, settings);
      if (input.scope && input.scope !== share.snapshot.scope) {
        // Narrowing takes effect at once. Widening would publish the live chat, messages sent since included, without
        // the owner pressing "Update": that is what updateShare({ scope }) is for.
        if (input.scope === 'full-history') {
          throw new InvalidInputError([{ path: 'input.scope', message: 'widening to full history takes a new snapshot: use updateShare({ scope })' }]);
        }
        const snapshot = await restrictToBranch(share.snapshot);
        Object.assign(changes, { snapshot, title: snapshot.title });
      }
      return writeUpdate(context, share, { ...changes, ...(await context.passwords.change(input.password)) });
    },

    async previewShare(rawInput) {
      const actor = requireSignedIn(viewer);
      const input = parseInput(previewShareInputSchema, rawInput, 'input');
      requireMayShare(actor, await loadSettings(context));
      const chat = await loadOwnedChat(context, input.chatId, actor);
      return previewChat(chat, {
        scope: input.scope ?? 'branch',
        upToMessageId: input.upToMessageId ?? null,
        now: context.now(),
        leaveOut: resolveLeaveOut(input.leaveOut ?? {}),
      });
    },
  };
}
