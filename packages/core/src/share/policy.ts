import type { Actor, InstanceSettings, ShareRecord, Viewer } from './types.js';

/**
 * Permission decisions, as pure functions of the share, the actor, the settings and the clock (R2). The service calls
 * them on every read and write; the UI only reflects their outcome.
 */
export type ViewDecision = 'allow' | 'auth-required' | 'not-found';

export function isExpired(share: Pick<ShareRecord, 'expiresAt'>, now: number): boolean {
  return share.expiresAt !== null && now >= share.expiresAt;
}

/**
 * Can `viewer` open `share` now? `share` is `null` for an unknown id. An anonymous viewer learns nothing about which
 * ids exist: anything but a live public link asks them to sign in (S7, T1, T5). A signed-in viewer without access
 * gets the same answer as for an id that never existed (R2).
 */
export function decideView(share: ShareRecord | null, viewer: Viewer, settings: InstanceSettings, now: number): ViewDecision {
  const live = share !== null && !isExpired(share, now);
  if (viewer === null) {
    return live && share.audience.type === 'anyone' && settings.allowPublicLinks ? 'allow' : 'auth-required';
  }
  if (!live) return 'not-found';
  if (share.ownerId === viewer.id) return 'allow';
  const audience = share.audience;
  switch (audience.type) {
    case 'owner':
      return 'not-found';
    case 'instance':
    case 'anyone':
      return 'allow';
    case 'people': {
      if (audience.userIds.includes(viewer.id)) return 'allow';
      const groups = viewer.groups ?? [];
      return audience.groupIds.some((g) => groups.includes(g)) ? 'allow' : 'not-found';
    }
  }
}

/** Only the owner changes a share (T2); admins may revoke any (B9) but not edit it. */
export function canEditShare(share: ShareRecord, actor: Actor): boolean {
  return share.ownerId === actor.id;
}

export function canRevokeShare(share: ShareRecord, actor: Actor): boolean {
  return share.ownerId === actor.id || actor.isAdmin === true;
}

/** B9: per-user permission to share, set by admins. */
export function canCreateShares(actor: Actor, settings: InstanceSettings): boolean {
  return !settings.sharingDisabledUserIds.includes(actor.id);
}
