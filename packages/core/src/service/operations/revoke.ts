import { ShareNotFoundError } from '../../errors.js';
import { requireSignedIn } from '../../policy/actor.js';
import { canRevokeShare, chatRevokeFilter, requireRevokeAllOf } from '../../policy/change.js';
import { idArgumentSchema } from '../../share/schema.js';
import { parseInput } from '../../share/validate.js';
import { shareForChange } from '../access.js';
import type { ShareApi } from '../api.js';
import { storeCall, type Caller, type ServiceContext } from '../context.js';

/** Revoking: a link stops working on the next read; its views and history go with it (the store deletes them). */
export function revokeOperations(context: ServiceContext, { viewer }: Caller): Pick<ShareApi, 'revokeShare' | 'revokeSharesOfChat' | 'revokeAllShares'> {
  return {
    async revokeShare(shareId) {
      const actor = requireSignedIn(viewer);
      const { share } = await shareForChange(context, shareId, actor, canRevokeShare);
      const deleted = await storeCall('revoke a share', () => context.store.deleteShare(share.id));
      if (!deleted) throw new ShareNotFoundError();
    },

    async revokeSharesOfChat(chatId) {
      const actor = requireSignedIn(viewer);
      parseInput(idArgumentSchema, chatId, 'chatId');
      const filter = chatRevokeFilter(actor, chatId);
      return storeCall('revoke the shares of a chat', () => context.store.deleteShares(filter));
    },

    async revokeAllShares(options = {}) {
      const actor = requireSignedIn(viewer);
      const ownerId = options.ownerId ?? actor.id;
      parseInput(idArgumentSchema, ownerId, 'ownerId');
      requireRevokeAllOf(actor, ownerId);
      return storeCall('revoke shares', () => context.store.deleteShares({ ownerId }));
    },
  };
}
