import { guessKeyFor } from '../password/share-passwords.js';
import { actorSchema, storableString } from '../share/schema.js';
import type { Viewer } from '../share/types.js';
import { parseInput } from '../share/validate.js';
import type { RequestContext, ShareApi, ShareService, ShareServiceOptions } from './api.js';
import { createServiceContext, type Caller } from './context.js';
import { communityOperations } from './operations/community.js';
import { listOperations } from './operations/list.js';
import { publishOperations } from './operations/publish.js';
import { readOperations } from './operations/read.js';
import { revokeOperations } from './operations/revoke.js';
import { settingsOperations } from './operations/settings.js';
import { unlockOperations } from './operations/unlock.js';
import { versionOperations } from './operations/versions.js';

const clientKeySchema = storableString(1, 500);

/**
 * Creates the share service: the one object that the elements (locally) and the HTTP handler (remotely) use. Every
 * operation decides permissions through the policy functions; the store only keeps rows.
 */
export function createShareService(options: ShareServiceOptions): ShareService {
  const context = createServiceContext(options);

  function forActor(rawViewer: Viewer, request: RequestContext = {}): ShareApi {
    const viewer = parseInput(actorSchema, rawViewer, 'actor') as Viewer;
    const clientKey = request.clientKey == null ? null : parseInput(clientKeySchema, request.clientKey, 'context.clientKey');
    const caller: Caller = { viewer, guessKey: guessKeyFor(viewer, clientKey) };
    return {
      ...settingsOperations(context, caller),
      ...publishOperations(context, caller),
      ...revokeOperations(context, caller),
      ...listOperations(context, caller),
      ...readOperations(context, caller),
      ...unlockOperations(context, caller),
      ...versionOperations(context, caller),
      ...communityOperations(context, caller),
    };
  }

  return { forActor, store: options.store };
}
