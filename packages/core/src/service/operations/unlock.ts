import type { ShareApi } from '../api.js';
import { shareForViewer } from '../access.js';
import type { Caller, ServiceContext } from '../context.js';

/** Unlocking a password-protected link for a viewer its audience admits. */
export function unlockOperations(context: ServiceContext, { viewer, guessKey }: Caller): Pick<ShareApi, 'unlockShare'> {
  return {
    async unlockShare(shareId, password) {
      // The audience decides first, so a viewer it refuses never learns that the link has a password.
      const { share } = await shareForViewer(context, shareId, viewer);
      return context.passwords.unlock(share, password, guessKey, context.now());
    },
  };
}
