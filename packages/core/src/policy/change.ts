import { ForbiddenError, ShareNotFoundError } from '../errors.js';
import type { ShareFilter } from '../store/contract.js';
import type { Actor, InstanceSettings, ShareRecord } from '../share/types.js';
import { isAdmin, requireAdmin } from './actor.js';
import { decideView } from './view.js';

/** Only the owner changes a share (its content, audience, expiry, password, versions); admins may not. */
export function canEditShare(share: Pick<ShareRecord, 'ownerId'>, actor: Actor): boolean {
  return share.ownerId === actor.id;
}

/** The owner may revoke a share, and so may any admin (to take down what should not be shared). */
export function canRevokeShare(share: Pick<ShareRecord, 'ownerId'>, actor: Actor): boolean {
  return share.ownerId === actor.id || isAdmin(actor);
}

/**
 * The share an actor wants to change, when `may` allows it. Someone who can see the link but not change it is told so;
 * someone who cannot even see it gets the answer of an unknown id, so writes never reveal which links exist.
 */
export function requireChange(
  share: ShareRecord | null,
  actor: Actor,
  may: (share: ShareRecord, actor: Actor) => boolean,
  settings: InstanceSettings,
  now: number,
): ShareRecord {
  if (share === null) throw new ShareNotFoundError();
  if (may(share, actor)) return share;
  if (decideView(share, actor, settings, now) === 'allow') throw new ForbiddenError('Only the owner of this link can change it.');
  throw new ShareNotFoundError();
}

/**
 * Which shares die when the host deletes a chat. Chat ids are the host's and unique per instance, so an admin deleting
 * a user's chat takes that user's links to it too; anyone else only their own.
 */
export function chatRevokeFilter(actor: Actor, chatId: string): ShareFilter {
  return isAdmin(actor) ? { chatId } : { ownerId: actor.id, chatId };
}

/** "Delete all" of one owner's shares: your own, or anyone's for an admin. */
export function requireRevokeAllOf(actor: Actor, ownerId: string): void {
  if (ownerId !== actor.id) requireAdmin(actor, "revoke another user's shares");
}
