import { requireChange } from '../policy/change.js';
import { requireView } from '../policy/view.js';
import type { Actor, InstanceSettings, ShareRecord, Viewer } from '../share/types.js';
import { loadShare, type ServiceContext } from './context.js';

/** A share the viewer may open, read in one store call with the settings the decision needed. */
export interface ViewableShare {
  readonly share: ShareRecord;
  readonly settings: InstanceSettings;
}

/** The share `viewer` may open now, else the error the view decision chose (the audience decides before any password). */
export async function shareForViewer(context: ServiceContext, shareId: unknown, viewer: Viewer): Promise<ViewableShare> {
  const { share, settings } = await loadShare(context, shareId);
  return { share: requireView(share, viewer, settings, context.now()), settings };
}

/** The share `actor` wants to change when `may` allows it, with the settings read alongside. */
export async function shareForChange(
  context: ServiceContext,
  shareId: unknown,
  actor: Actor,
  may: (share: ShareRecord, actor: Actor) => boolean,
): Promise<ViewableShare> {
  const { share, settings } = await loadShare(context, shareId);
  return { share: requireChange(share, actor, may, settings, context.now()), settings };
}
