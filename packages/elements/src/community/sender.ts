import type { CommunityPayload } from '@chatshare/core';
import { ElementError } from '../shared/errors.js';

/** The window-like things the handshake needs; real `window`s in browsers, fakes in tests. */
export interface HubWindow {
  postMessage(message: unknown, targetOrigin: string): void;
  close?(): void;
}
export interface MessageSource {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface SendToCommunityHubOptions {
  /** The hub's upload page; its origin is the only one the handshake talks to. */
  readonly hubUrl: string;
  /** The payload, or a promise of it (start it after opening the window, so the click's activation opens the tab). */
  readonly payload: CommunityPayload | Promise<CommunityPayload>;
  /** How long to wait for the hub's `loaded` (default 30 s). */
  readonly timeoutMs?: number;
  /** Opens the hub page; default `window.open(url, '_blank')`. */
  readonly openWindow?: (url: string) => HubWindow | null;
  /** Where `message` events arrive; default `window`. */
  readonly messages?: MessageSource;
}

export interface CommunitySendResult {
  readonly hubOrigin: string;
}

/**
 * The sending side of the community hand-off ("Share to community"). Opens the hub page, waits for the string
 * `loaded` from exactly that window and the hub's origin, answers with `JSON.stringify(payload)` posted to that
 * origin (never `*`), and removes its listener after the one send or the timeout. Call it synchronously inside a
 * click so the pop-up is allowed.
 */
export function sendToCommunityHub(options: SendToCommunityHubOptions): Promise<CommunitySendResult> {
  let hubOrigin: string;
  try {
    const url = new URL(options.hubUrl, globalThis.location?.href);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('bad scheme');
    hubOrigin = url.origin;
    options = { ...options, hubUrl: url.href };
  } catch {
    return Promise.reject(new ElementError('INVALID_INPUT', 'The community hub URL is not a valid http(s) URL.'));
  }
  const openWindow = options.openWindow ?? ((url: string) => window.open(url, '_blank'));
  const messages: MessageSource = options.messages ?? window;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const opened = openWindow(options.hubUrl);
  // Known before `loaded` arrives; a failure is reported after the hub answers or the timeout, whichever first.
  const payload = Promise.resolve(options.payload);
  payload.catch(() => {});
  if (!opened) return Promise.reject(new ElementError('POPUP_BLOCKED', 'The community page could not be opened (pop-up blocked).'));

  return new Promise<CommunitySendResult>((resolve, reject) => {
    let done = false;
    const finish = () => {
      done = true;
      clearTimeout(timer);
      messages.removeEventListener('message', onMessage);
    };
    const onMessage = (event: MessageEvent) => {
      if (done || event.origin !== hubOrigin || event.source !== opened || event.data !== 'loaded') return;
      finish();
      payload.then(
        (value) => {
          opened.postMessage(JSON.stringify(value), hubOrigin);
          resolve({ hubOrigin });
        },
        (error: unknown) => {
          opened.close?.();
          reject(error);
        },
      );
    };
    const timer = setTimeout(() => {
      if (done) return;
      finish();
      reject(new ElementError('COMMUNITY_TIMEOUT', `The community hub did not answer within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
    messages.addEventListener('message', onMessage);
  });
}
