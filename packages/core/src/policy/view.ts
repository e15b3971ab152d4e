import { AuthRequiredError, ShareNotFoundError } from '../errors.js';
import type { InstanceSettings, ShareRecord, Viewer } from '../share/types.js';

/**
 * Who may open a share, as pure functions of the share, the viewer, the settings and the clock. The service asks them
 * on every read; the UI only reflects their outcome.
 */
export type ViewDecision = 'allow' | 'auth-required' | 'not-found';

export function isExpired(share: Pick<ShareRecord, 'expiresAt'>, now: number): boolean {
  return share.expiresAt !== null && now >= share.expiresAt;
}

/**
 * Can `viewer` open `share` now? `share` is `null` for an unknown id. An anonymous viewer learns nothing about which
 * ids exist: anything but a live public link asks them to sign in. A signed-in viewer without access gets the same
 * answer as for an id that never existed, so a private link cannot be told from a missing one.
 */
export function decideView(
  share: Pick<ShareRecord, 'expiresAt' | 'ownerId' | 'audience'> | null,
  viewer: Viewer,
  settings: InstanceSettings,
  now: number,
): ViewDecision {
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

/** The view decision as the caller gets it: the share when allowed, else the error that says only what it may know. */
export function requireView<S extends Pick<ShareRecord, 'expiresAt' | 'ownerId' | 'audience'>>(
  share: S | null,
  viewer: Viewer,
  settings: InstanceSettings,
  now: number,
): S {
  const decision = decideView(share, viewer, settings, now);
  if (decision === 'auth-required') throw new AuthRequiredError();
  if (decision === 'not-found' || share === null) throw new ShareNotFoundError();
  return share;
}

export function isOwner(share: Pick<ShareRecord, 'ownerId'>, viewer: Viewer): boolean {
  return viewer !== null && viewer.id === share.ownerId;
}

/**
 * A password-protected link asks everyone but its owner for an unlock token. The audience has already been decided
 * by then, so a viewer it refuses never learns that a password exists.
 */
export function needsUnlock(share: Pick<ShareRecord, 'ownerId' | 'password'>, viewer: Viewer): boolean {
  return share.password !== null && !isOwner(share, viewer);
}

/** A view count says how often others opened the link: the owner's own reads are not views. */
export function countsAsView(share: Pick<ShareRecord, 'ownerId'>, viewer: Viewer): boolean {
  return !isOwner(share, viewer);
}

/** "Clone chat" saves a copy in the viewer's own account, so it needs one: signed-in viewers only. */
export function canClone(viewer: Viewer): boolean {
  return viewer !== null;
}
