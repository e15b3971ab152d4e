import type {
  AdminShareSummary,
  InstanceSettings,
  OpenWebUIChat,
  Page,
  SharedChatView,
  ShareApi,
  ShareSummary,
  CommunityPayload,
  ReadShareOptions,
  SharePreview,
  ShareVersion,
  UnlockResult,
} from '@chatshare/core';
import { UNLOCK_TOKEN_HEADER } from './headers.js';
import { requestJson, type TransportOptions } from './transport.js';
import {
  adminShareSummarySchema,
  chatSchema,
  communityPayloadSchema,
  countSchema,
  findShareSchema,
  pageOf,
  settingsSchema,
  sharedChatViewSchema,
  sharePreviewSchema,
  shareSummarySchema,
  shareVersionsSchema,
  unlockResultSchema,
} from './wire-schemas.js';

/** The unlock header when a token was given, else nothing (an unprotected read sends exactly what it sent before). */
function unlockHeaders(options: ReadShareOptions | undefined): Record<string, string> {
  const token = options?.unlockToken;
  return typeof token === 'string' && token !== '' ? { [UNLOCK_TOKEN_HEADER]: token } : {};
}

/** Options of `createHttpShareClient`; only `baseUrl` is required. */
export interface HttpShareClientOptions {
  /** Where `createShareHandler` is mounted, e.g. `/api/chatshare` (same origin) or `https://host/api/chatshare`. */
  baseUrl: string;
  /** A `fetch` to use (tests, SSR). Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Each request fails with `NETWORK_ERROR` after this long (T25). Default 15,000 ms. */
  timeoutMs?: number;
  /** Extra headers on every request, e.g. `Authorization` for a token-based host. */
  headers?: Record<string, string>;
  /** Cookie policy; default `same-origin` so the host's session cookie identifies the viewer. */
  credentials?: RequestCredentials;
}

const enc = encodeURIComponent;

/**
 * A `ShareApi` that talks to `createShareHandler` over `fetch`: the same interface as a local
 * `service.forActor(actor)`, so the elements work unchanged against either. The viewer is whoever the server's
 * `identify` says the cookies or headers belong to. Error bodies come back as core's typed errors; timeouts, dropped
 * connections and malformed answers throw `NetworkError` (T25). Safe to ship to browsers.
 */
export function createHttpShareClient(options: HttpShareClientOptions): ShareApi {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const transport: TransportOptions = {
    baseUrl: options.baseUrl,
    fetch: fetchImpl,
    timeoutMs: options.timeoutMs ?? 15_000,
    headers: options.headers ?? {},
    credentials: options.credentials ?? 'same-origin',
  };
  const summaryPage = pageOf(shareSummarySchema);
  const adminPage = pageOf(adminShareSummarySchema);

  return {
    getSettings: (): Promise<InstanceSettings> => requestJson(transport, { method: 'GET', path: '/settings' }, settingsSchema),
    updateSettings: (patch): Promise<InstanceSettings> =>
      requestJson(transport, { method: 'PATCH', path: '/settings', body: patch }, settingsSchema),
    setSharingAllowed: (userId, allowed): Promise<InstanceSettings> =>
      requestJson(transport, { method: 'PUT', path: `/settings/sharing/${enc(userId)}`, body: { allowed } }, settingsSchema),
    createShare: (input): Promise<ShareSummary> => requestJson(transport, { method: 'POST', path: '/shares', body: input }, shareSummarySchema),
    findShareForChat: async (chatId): Promise<ShareSummary | null> =>
      (await requestJson(transport, { method: 'GET', path: `/chats/${enc(chatId)}/share` }, findShareSchema)).share,
    updateShare: (shareId, input = {}): Promise<ShareSummary> =>
      requestJson(transport, { method: 'POST', path: `/shares/${enc(shareId)}/update`, body: input }, shareSummarySchema),
    setShareOptions: (shareId, input): Promise<ShareSummary> =>
      requestJson(transport, { method: 'PATCH', path: `/shares/${enc(shareId)}`, body: input }, shareSummarySchema),
    revokeShare: (shareId): Promise<void> => requestJson(transport, { method: 'DELETE', path: `/shares/${enc(shareId)}` }, undefined),
    revokeSharesOfChat: async (chatId): Promise<number> =>
      (await requestJson(transport, { method: 'DELETE', path: `/chats/${enc(chatId)}/shares` }, countSchema)).count,
    revokeAllShares: async (opts = {}): Promise<number> =>
      (await requestJson(transport, { method: 'DELETE', path: '/shares', query: { ownerId: opts.ownerId } }, countSchema)).count,
    listShares: (input = {}): Promise<Page<ShareSummary>> =>
      requestJson(transport, { method: 'GET', path: '/shares', query: { cursor: input.cursor, limit: input.limit, query: input.query } }, summaryPage),
    listAllShares: (input = {}): Promise<Page<AdminShareSummary>> =>
      requestJson(
        transport,
        { method: 'GET', path: '/admin/shares', query: { cursor: input.cursor, limit: input.limit, query: input.query, ownerId: input.ownerId } },
        adminPage,
      ),
    readShare: (shareId, opts): Promise<SharedChatView> =>
      requestJson(transport, { method: 'GET', path: `/shares/${enc(shareId)}/view`, headers: unlockHeaders(opts) }, sharedChatViewSchema),
    cloneShare: (shareId, opts): Promise<OpenWebUIChat> =>
      requestJson(transport, { method: 'POST', path: `/shares/${enc(shareId)}/clone`, headers: unlockHeaders(opts) }, chatSchema),
    unlockShare: (shareId, password): Promise<UnlockResult> =>
      requestJson(transport, { method: 'POST', path: `/shares/${enc(shareId)}/unlock`, body: { password } }, unlockResultSchema),
    previewShare: (input): Promise<SharePreview> =>
      requestJson(transport, { method: 'POST', path: '/shares/preview', body: input }, sharePreviewSchema),
    listShareVersions: async (shareId): Promise<readonly ShareVersion[]> =>
      (await requestJson(transport, { method: 'GET', path: `/shares/${enc(shareId)}/versions` }, shareVersionsSchema)).versions,
    rollbackShare: (shareId, snapshotVersion): Promise<ShareSummary> =>
      requestJson(transport, { method: 'POST', path: `/shares/${enc(shareId)}/rollback`, body: { snapshotVersion } }, shareSummarySchema),
    communityPayload: (input): Promise<CommunityPayload> =>
      requestJson(transport, { method: 'POST', path: '/community', body: input }, communityPayloadSchema),
  };
}
