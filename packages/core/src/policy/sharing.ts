import { CommunityDisabledError, ForbiddenError } from '../errors.js';
import type { Actor, Audience, InstanceSettings } from '../share/types.js';

/** Admins may take away a user's permission to share. */
export function canCreateShares(actor: Actor, settings: InstanceSettings): boolean {
  return !settings.sharingDisabledUserIds.includes(actor.id);
}

/** Every write that publishes (create, update, options, preview, rollback, community) needs the admins' leave. */
export function requireMayShare(actor: Actor, settings: InstanceSettings): void {
  if (!canCreateShares(actor, settings)) throw new ForbiddenError('You are not allowed to share chats on this instance.');
}

/**
 * Admins may forbid links for anyone: no new or changed share may then ask for that audience (existing ones act as
 * instance links, which the view decision handles).
 */
export function requireAudienceAllowed(audience: Audience | undefined, settings: InstanceSettings): void {
  if (audience?.type === 'anyone' && !settings.allowPublicLinks) {
    throw new ForbiddenError('Public links are turned off for this instance.');
  }
}

/** Sending chats to a community hub is off until an admin turns it on. */
export function requireCommunitySharing(settings: InstanceSettings): void {
  if (!settings.communitySharing) throw new CommunityDisabledError();
}
