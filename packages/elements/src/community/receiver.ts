import { parseCommunityUpload, type ChatLimits, type ReceivedCommunityUpload } from '@chatshare/core';
import { ElementError } from '../shared/errors.js';
import type { HubWindow, MessageSource } from './sender.js';

export interface ReceiveCommunityUploadOptions {
  /** Origins of the chatshare/Open WebUI instances this hub accepts uploads from (exact, e.g. `https://chat.example`). */
  readonly allowedOrigins: readonly string[];
  /** How long to wait for the upload (default 30 s). */
  readonly timeoutMs?: number;
  /** Size limits for the received chat (core's defaults otherwise). */
  readonly limits?: Partial<ChatLimits>;
  /** The sender's window; default `window.opener`. */
  readonly opener?: HubWindow | null;
  /** Where `message` events arrive; default `window`. */
  readonly messages?: MessageSource;
}

export interface ReceivedUpload {
  readonly upload: ReceivedCommunityUpload;
  readonly origin: string;
}

/**
 * The hub side of the community hand-off, for a hub built on chatshare: tells the opener `loaded` (posted to each
 * allowed origin, so no other site learns anything), accepts the first message from the opener window at an allowed origin, validates it
 * with core, and removes its listener. Rejects on timeout or when the upload is not a valid chat.
 */
export function receiveCommunityUpload(options: ReceiveCommunityUploadOptions): Promise<ReceivedUpload> {
  const opener = options.opener === undefined ? (window.opener as HubWindow | null) : options.opener;
  const messages: MessageSource = options.messages ?? window;
  const allowed = new Set(options.allowedOrigins);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!opener) return Promise.reject(new ElementError('INVALID_INPUT', 'This page was not opened by a chatshare instance.'));

  return new Promise<ReceivedUpload>((resolve, reject) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== opener || !allowed.has(event.origin)) return;
      clearTimeout(timer);
      messages.removeEventListener('message', onMessage);
      try {
        resolve({ upload: parseCommunityUpload(event.data, options.limits), origin: event.origin });
      } catch (error) {
        reject(error);
      }
    };
    const timer = setTimeout(() => {
      messages.removeEventListener('message', onMessage);
      reject(new ElementError('COMMUNITY_TIMEOUT', 'No chat arrived from the sending instance in time.'));
    }, timeoutMs);
    messages.addEventListener('message', onMessage);
    for (const origin of allowed) opener.postMessage('loaded', origin);
  });
}
