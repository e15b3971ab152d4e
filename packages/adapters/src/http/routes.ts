import { chatSchema, settingsSchema, type ShareApi } from '@chatshare/core';
import {
  adminShareSummarySchema,
  communityPayloadSchema,
  pageSchema,
  sharedChatViewSchema,
  sharePreviewSchema,
  shareSummarySchema,
  shareVersionSchema,
  unlockResultSchema,
} from '@chatshare/core/answers';
import * as z from 'zod/mini';

/*
 * Every `ShareApi` operation as an HTTP route: the one table both `createShareHandler` (routing, reading the
 * arguments, writing the answer) and `createHttpShareClient` (sending the arguments, checking the answer) are built
 * from. Adding an operation is one entry here; the adapters README lists the table (test/http/routes.test.ts keeps it
 * in step).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where one argument of an operation travels. */
export type ArgumentPlace =
  /** A string in the path segment `:name`: percent-encoded by the client, decoded by the handler. */
  | { readonly in: 'path'; readonly name: string }
  /** The JSON body, which must be an object. */
  | { readonly in: 'body' }
  /**
   * One field of the JSON body object. With `type: 'string'` the handler refuses any other type before calling core,
   * so a number or an object never reaches, say, the password hash.
   */
  | { readonly in: 'body'; readonly field: string; readonly type?: 'string' }
  /**
   * An options object whose fields travel as query parameters. A `number` field is converted when it looks like one
   * (core names the field when it does not); a `string` field is passed when it is not empty.
   */
  | { readonly in: 'query'; readonly fields: Readonly<Record<string, 'string' | 'number'>> }
  /** `ReadShareOptions`: the unlock token in the `X-Chatshare-Unlock` header, never in the URL (it would reach logs). */
  | { readonly in: 'unlock-header' };

/** How an operation's result travels back: as the JSON body, wrapped in `{ [field]: result }`, or as 204 No Content. */
export type Answer<Result> =
  | { readonly schema: z.ZodMiniType<Result>; readonly field?: string; readonly status?: 201 }
  | (Result extends void ? null : never);

/** One place per argument, optional arguments included. */
type Places<Args extends readonly unknown[]> = { readonly [Index in keyof Args]-?: ArgumentPlace };

/** One operation's route, typed against its `ShareApi` signature. */
export interface ShareRoute<Operation extends keyof ShareApi> {
  readonly method: HttpMethod;
  /** Relative to the handler's `basePath`; `:name` segments are path arguments. The client calls this path. */
  readonly path: string;
  /** Further paths the handler answers the same way. */
  readonly aliases?: readonly string[];
  /** Where each argument travels, in order. */
  readonly input: Places<Parameters<ShareApi[Operation]>>;
  /** An empty body reads as `{}` instead of being refused. */
  readonly optionalBody?: true;
  readonly output: Answer<Awaited<ReturnType<ShareApi[Operation]>>>;
}

/** A route of the table with its operation, as the handler and the client walk it. */
export interface RouteEntry {
  readonly operation: keyof ShareApi;
  readonly method: HttpMethod;
  readonly path: string;
  readonly aliases?: readonly string[];
  readonly input: readonly ArgumentPlace[];
  readonly optionalBody?: true;
  readonly output: { readonly schema: z.ZodMiniType; readonly field?: string; readonly status?: 201 } | null;
}

const shareId = { in: 'path', name: 'shareId' } as const;
const chatId = { in: 'path', name: 'chatId' } as const;
const body = { in: 'body' } as const;
const unlock = { in: 'unlock-header' } as const;
const listQuery = { cursor: 'string', limit: 'number', query: 'string' } as const;
const summary = { schema: shareSummarySchema } as const;
const count = { schema: z.number().check(z.int(), z.gte(0)), field: 'count' } as const;

/**
 * The routes, one per operation (the keys make sure none is missing or doubled). Order matters only for the `Allow`
 * header of a 405, which lists the methods of a path in this order.
 */
const TABLE: { readonly [Operation in keyof ShareApi]: ShareRoute<Operation> } = {
  getSettings: { method: 'GET', path: '/settings', input: [], output: { schema: settingsSchema } },
  updateSettings: { method: 'PATCH', path: '/settings', input: [body], output: { schema: settingsSchema } },
  setSharingAllowed: {
    method: 'PUT',
    path: '/settings/sharing/:userId',
    input: [{ in: 'path', name: 'userId' }, { in: 'body', field: 'allowed' }],
    output: { schema: settingsSchema },
  },
  createShare: { method: 'POST', path: '/shares', input: [body], output: { ...summary, status: 201 } },
  listShares: { method: 'GET', path: '/shares', input: [{ in: 'query', fields: listQuery }], output: { schema: pageSchema(shareSummarySchema) } },
  revokeAllShares: { method: 'DELETE', path: '/shares', input: [{ in: 'query', fields: { ownerId: 'string' } }], output: count },
  listAllShares: {
    method: 'GET',
    path: '/admin/shares',
    input: [{ in: 'query', fields: { ...listQuery, ownerId: 'string' } }],
    output: { schema: pageSchema(adminShareSummarySchema) },
  },
  findShareForChat: { method: 'GET', path: '/chats/:chatId/share', input: [chatId], output: { schema: z.nullable(shareSummarySchema), field: 'share' } },
  revokeSharesOfChat: { method: 'DELETE', path: '/chats/:chatId/shares', input: [chatId], output: count },
  updateShare: { method: 'POST', path: '/shares/:shareId/update', input: [shareId, body], optionalBody: true, output: summary },
  setShareOptions: { method: 'PATCH', path: '/shares/:shareId', input: [shareId, body], output: summary },
  revokeShare: { method: 'DELETE', path: '/shares/:shareId', input: [shareId], output: null },
  readShare: { method: 'GET', path: '/shares/:shareId/view', aliases: ['/s/:shareId'], input: [shareId, unlock], output: { schema: sharedChatViewSchema } },
  cloneShare: { method: 'POST', path: '/shares/:shareId/clone', input: [shareId, unlock], output: { schema: chatSchema } },
  unlockShare: {
    method: 'POST',
    path: '/shares/:shareId/unlock',
    input: [shareId, { in: 'body', field: 'password', type: 'string' }],
    output: { schema: unlockResultSchema },
  },
  // Share ids are at least 21 characters, so `preview` never names a share.
  previewShare: { method: 'POST', path: '/shares/preview', input: [body], output: { schema: sharePreviewSchema } },
  listShareVersions: { method: 'GET', path: '/shares/:shareId/versions', input: [shareId], output: { schema: z.array(shareVersionSchema), field: 'versions' } },
  rollbackShare: { method: 'POST', path: '/shares/:shareId/rollback', input: [shareId, { in: 'body', field: 'snapshotVersion' }], output: summary },
  communityPayload: { method: 'POST', path: '/community', input: [body], output: { schema: communityPayloadSchema } },
};

/** Every `ShareApi` operation as a route, in table order. */
export const SHARE_ROUTES: readonly RouteEntry[] = (Object.keys(TABLE) as (keyof ShareApi)[]).map((operation) =>
  Object.freeze({ operation, ...TABLE[operation] }),
);

/**
 * Routes that take a share id count against the handler's per-client rate limit, reads and writes alike, so ids
 * cannot be enumerated by reading or by telling 403 from 404 on a write.
 */
export function takesShareId(route: RouteEntry): boolean {
  return route.input.some((place) => place.in === 'path' && place.name === 'shareId');
}
