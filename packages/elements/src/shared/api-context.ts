import { ContextProvider, createContext } from '@lit/context';
import type { ShareApi } from '@chatshare/core';

/**
 * The share service, provided once for every chatshare element below a host element (the Context Community
 * Protocol that `@lit/context` implements). The key is a registered symbol, so two copies of this package on one page
 * still find each other's provider.
 */
export const shareApiContext = createContext<ShareApi | undefined>(Symbol.for('chatshare.share-api'));

/**
 * Provides `api` to every chatshare element inside `host` (a plain element works: the provider answers requests as
 * soon as it is made). Call `setValue` on the result to switch services, e.g. when the user signs in; an element's own
 * `api` property still wins over the provided one.
 */
export function provideShareApi(host: HTMLElement, api: ShareApi | undefined): ContextProvider<typeof shareApiContext> {
  return new ContextProvider(host, { context: shareApiContext, initialValue: api });
}
