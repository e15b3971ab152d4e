import { AuthRequiredError, ForbiddenError } from '../errors.js';
import type { Actor, Viewer } from '../share/types.js';

/** Managing shares (creating, changing, listing, revoking, cloning) needs a signed-in user. */
export function requireSignedIn(viewer: Viewer): Actor {
  if (viewer === null) throw new AuthRequiredError('Sign in to manage shared chats.');
  return viewer;
}

export function isAdmin(actor: Viewer): boolean {
  return actor?.isAdmin === true;
}

/** Instance settings, who may share, the instance-wide list and another user's shares are the admins' business. */
export function requireAdmin(actor: Actor, what: string): void {
  if (!isAdmin(actor)) throw new ForbiddenError(`Only admins can ${what}.`);
}
