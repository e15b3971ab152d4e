import type { CommunityLevel, OpenWebUIChat, ShareSummary } from '@chatshare/core';
import type { ChatshareErrorDetail } from './errors.js';

export interface ShareEventDetail {
  readonly share: ShareSummary;
  readonly url: string;
}
export interface ShareDeletedDetail {
  readonly shareId: string;
}
export interface AllSharesDeletedDetail {
  readonly count: number;
}
export interface LinkCopiedDetail {
  readonly url: string;
}
export interface CommunitySharedDetail {
  readonly level: CommunityLevel;
  readonly hubOrigin: string;
}
export interface LoginRequiredDetail {
  readonly returnUrl: string;
}
export interface CloneDetail {
  readonly chat: OpenWebUIChat;
}

/** Every event the elements dispatch, by name: typed for `addEventListener` through `HTMLElementEventMap`. */
export interface ChatshareEventMap {
  'chatshare-share-created': CustomEvent<ShareEventDetail>;
  'chatshare-share-updated': CustomEvent<ShareEventDetail>;
  'chatshare-share-deleted': CustomEvent<ShareDeletedDetail>;
  'chatshare-all-shares-deleted': CustomEvent<AllSharesDeletedDetail>;
  'chatshare-link-copied': CustomEvent<LinkCopiedDetail>;
  'chatshare-community-shared': CustomEvent<CommunitySharedDetail>;
  'chatshare-error': CustomEvent<ChatshareErrorDetail>;
  'chatshare-clone': CustomEvent<CloneDetail>;
  'login-required': CustomEvent<LoginRequiredDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends ChatshareEventMap {}
}

type DetailOf<K extends keyof ChatshareEventMap> = ChatshareEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Dispatches a bubbling, composed event; returns `false` when a listener cancelled a cancelable one. */
export function emit<K extends keyof ChatshareEventMap>(
  target: EventTarget,
  name: K,
  detail: DetailOf<K>,
  options: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
}
