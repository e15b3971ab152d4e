import { PasswordRequiredError } from '../../errors.js';
import { requireSignedIn } from '../../policy/actor.js';
import { countsAsView, needsUnlock } from '../../policy/view.js';
import { snapshotToChat } from '../../snapshot/export.js';
import type { ShareRecord, Viewer } from '../../share/types.js';
import { shareForViewer } from '../access.js';
import type { ReadShareOptions, ShareApi } from '../api.js';
import type { Caller, ServiceContext } from '../context.js';
import { toView } from '../summary.js';

/** The share `viewer` may read now: the audience decides first, then the password (by unlock token). */
async function unlockedShare(context: ServiceContext, shareId: string, viewer: Viewer, options: ReadShareOptions | undefined): Promise<ShareRecord> {
  const { share } = await shareForViewer(context, shareId, viewer);
  if (needsUnlock(share, viewer) && !(await context.passwords.isUnlocked(share, options?.unlockToken, context.now()))) {
    throw new PasswordRequiredError();
  }
  return share;
}

/** Viewing a link, and cloning what it shows into the viewer's own chats. */
export function readOperations(context: ServiceContext, { viewer }: Caller): Pick<ShareApi, 'readShare' | 'cloneShare'> {
  return {
    async readShare(shareId, options) {
      const share = await unlockedShare(context, shareId, viewer, options);
      if (countsAsView(share, viewer)) await context.views.count(share.id, context.now());
      return toView(share, viewer);
    },

    async cloneShare(shareId, options) {
      requireSignedIn(viewer);
      // Not a view of its own: the viewer already opened the link to get here.
      const share = await unlockedShare(context, shareId, viewer, options);
      return snapshotToChat(share.snapshot);
    },
  };
}
