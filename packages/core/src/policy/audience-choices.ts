import type { Audience, AudienceType, InstanceSettings } from '../share/types.js';

/**
 * Which audiences a share dialog offers, and how a link's stored audience is shown and kept, as pure functions of the
 * stored audience and the instance settings. The admin's "public links" switch limits an "anyone" link to signed-in
 * users without rewriting it: the owner's choice stays stored, so lifting the switch brings it back. A UI therefore
 * shows such a link as "signed-in users (public links are off)" and must not turn that display into a write.
 */

/** Every audience, in the order a dialog lists them: the narrowest first. */
export const AUDIENCE_ORDER: readonly AudienceType[] = Object.freeze(['owner', 'people', 'instance', 'anyone']);

/** The audience of a new link: signed-in users of this instance. */
export const DEFAULT_AUDIENCE: AudienceType = 'instance';

export interface AudienceChoices {
  /** The audiences the owner may pick, in `AUDIENCE_ORDER`; "anyone" only while the instance allows public links. */
  readonly offered: readonly AudienceType[];
  /** The audience to preselect: the stored one, or what it effectively is when the stored one is not offered. */
  readonly selected: AudienceType;
  /**
   * The stored audience is "anyone" but public links are off: it opens for signed-in users only, so the
   * `instance` choice stands for it (and keeping that choice keeps the stored "anyone").
   */
  readonly publicHeldBack: boolean;
}

type PublicLinksSetting = Pick<InstanceSettings, 'allowPublicLinks'>;

/** The choices for a link whose stored audience is `stored` (`null` for a link not created yet). */
export function audienceChoices(stored: Audience | null, settings: PublicLinksSetting): AudienceChoices {
  const allowPublic = settings.allowPublicLinks;
  const publicHeldBack = stored?.type === 'anyone' && !allowPublic;
  return {
    offered: AUDIENCE_ORDER.filter((type) => type !== 'anyone' || allowPublic),
    selected: publicHeldBack ? 'instance' : (stored?.type ?? DEFAULT_AUDIENCE),
    publicHeldBack,
  };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** An audience as stored, or as an input gives it (where a "people" audience may leave out its group ids). */
export type AudienceLike = Audience | { readonly type: 'people'; readonly userIds: readonly string[]; readonly groupIds?: readonly string[] | undefined };

/** Equal audiences: the same type and, for "people", the same user and group ids in the same order. */
export function sameAudience(a: AudienceLike, b: AudienceLike): boolean {
  if (a.type !== b.type) return false;
  return a.type !== 'people' || b.type !== 'people' || (sameIds(a.userIds, b.userIds) && sameIds(a.groupIds ?? [], b.groupIds ?? []));
}

/**
 * What an update of a link should send for its audience: the owner's `chosen` one when it changes the stored one,
 * `undefined` when nothing is to be written. Keeping the `instance` choice that stands for a held-back "anyone" link
 * writes nothing, so the stored "anyone" survives the admin's switch.
 */
export function audienceChange<A extends AudienceLike>(chosen: A, stored: Audience, settings: PublicLinksSetting): A | undefined {
  const keptPublic = audienceChoices(stored, settings).publicHeldBack && chosen.type === 'instance';
  return keptPublic || sameAudience(chosen, stored) ? undefined : chosen;
}
