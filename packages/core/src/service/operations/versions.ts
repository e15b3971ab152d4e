import { InvalidInputError } from '../../errors.js';
import { requireSignedIn } from '../../policy/actor.js';
import { canEditShare } from '../../policy/change.js';
import { requireMayShare } from '../../policy/sharing.js';
import { deepFreeze } from '../../snapshot/freeze.js';
import type { Snapshot } from '../../snapshot/types.js';
import { snapshotVersionSchema } from '../../share/schema.js';
import { parseInput } from '../../share/validate.js';
import type { ShareLeaveOut, ShareVersion } from '../../share/types.js';
import { summarizeSnapshot } from '../../store/record-codec.js';
import { shareForChange } from '../access.js';
import type { ShareApi } from '../api.js';
import type { Caller, ServiceContext } from '../context.js';
import { loadHistory } from '../history.js';
import { writeUpdate } from '../share-changes.js';

function versionOf(snapshot: Snapshot, leaveOut: ShareLeaveOut, current: boolean): ShareVersion {
  const { version, createdAt, title, scope, messageCount, hash } = summarizeSnapshot(snapshot);
  return { snapshotVersion: version, createdAt, title, scope, messageCount, hash, current, leaveOut };
}

/** A link's versions: the owner lists the snapshots kept and may make an earlier one current again. */
export function versionOperations(context: ServiceContext, { viewer }: Caller): Pick<ShareApi, 'listShareVersions' | 'rollbackShare'> {
  return {
    async listShareVersions(shareId) {
      const actor = requireSignedIn(viewer);
      const { share } = await shareForChange(context, shareId, actor, canEditShare);
      const history = await loadHistory(context, share);
      return deepFreeze([versionOf(share.snapshot, share.leaveOut, true), ...history.map((old) => versionOf(old.snapshot, old.leaveOut, false))]);
    },

    async rollbackShare(shareId, snapshotVersion) {
      const actor = requireSignedIn(viewer);
      const target = parseInput(snapshotVersionSchema, snapshotVersion, 'snapshotVersion');
      const { share, settings } = await shareForChange(context, shareId, actor, canEditShare);
      requireMayShare(actor, settings);
      if (target === share.snapshot.version) {
        throw new InvalidInputError([{ path: 'snapshotVersion', message: `version ${target} is already the current one` }]);
      }
      const old = (await loadHistory(context, share)).find((entry) => entry.snapshot.version === target);
      if (old === undefined) {
        throw new InvalidInputError([{ path: 'snapshotVersion', message: `this link has no version ${target} to go back to` }]);
      }
      // Same content and hash, a new version number: viewers see a new revision, and the one replaced is kept. The
      // choices the old snapshot was made with come back with it, so what the owner is shown left out is what is.
      const snapshot = deepFreeze({ ...old.snapshot, version: share.snapshot.version + 1, createdAt: context.now() });
      return writeUpdate(context, share, { snapshot, title: snapshot.title, leaveOut: old.leaveOut });
    },
  };
}
