import { InvalidInputError, RateLimitedError, type ShareApi, type ShareService, type Viewer } from '@chatshare/core';
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from './body.js';
import { answerError, defaultOnError, errorResponse, HttpProtocolError } from './errors.js';
import { jsonResponse, UNLOCK_TOKEN_HEADER } from './headers.js';
import { remoteAddressOf } from './node.js';
import { clientKeyOfAddress, createMemoryRateLimitCounter, type RateLimitCounter } from './rate-limit.js';

/**
 * Per-client limit on every route that takes a share id (T4): reads, clones and the owner's writes (update, options,
 * revoke) count in one window per client, so enumerating ids — by reading, or by telling 403 from 404 on a write —
 * gets 429s.
 */
export interface ReadRateLimitOptions {
  /** Requests on share-id routes allowed per client per window. */
  limit: number;
  windowMs: number;
  /** Where counts live; default an in-memory counter with bounded size. Share one across replicas. */
  counter?: RateLimitCounter;
  /**
   * The client's key, also handed to core as `forActor(viewer, { clientKey })` for its per-client limit on wrong
   * share passwords (B13). Default: the socket address seen by `createNodeListener` (IPv6 keyed by its /64, see
   * `clientKeyOfAddress`). Outside `createNodeListener` (a worker, Bun, Deno, Hono) there is no socket address, and
   * behind a proxy the socket address is the proxy's: pass the client address your trusted proxy reports (e.g.
   * `CF-Connecting-IP`, or the entry your own proxy appends to `X-Forwarded-For`). Never read a header a client can
   * set directly. A request whose key is `null`, `undefined` or `''` is not rate limited (never lumped into one
   * bucket that one client could fill for everyone), and the handler reports that once through `onError`
   * (or `console.warn` when no `onError` is given).
   */
  clientKey?: (request: Request) => string | null | undefined;
}

/** Options of `createShareHandler`; only `identify` is required. */
export interface ShareHandlerOptions {
  /** Who is asking: the host's session lookup (cookie, header). `null` is an anonymous viewer. */
  identify: (request: Request) => Viewer | Promise<Viewer>;
  /** Path prefix the routes live under. Default `/api/chatshare`. */
  basePath?: string;
  /** Rate limit on share-id routes (T4). Default 120 requests per minute per client; `false` turns it off. */
  rateLimit?: ReadRateLimitOptions | false;
  /** Request bodies above this many bytes get 413 before parsing (T22). Default 5 MiB. */
  maxBodyBytes?: number;
  /**
   * Server-side failures (500s), `identify` errors, and a one-time configuration warning when the rate limit cannot
   * tell clients apart. Default: one line with the code only, no stack or token (the warning goes to `console.warn`).
   */
  onError?: (error: unknown) => void;
  /** Clock for the rate limit window (tests). */
  now?: () => number;
}

/** A WHATWG fetch handler: `(request) => Promise<Response>`. Mount it in node:http, Express, Hono or a worker. */
export type ShareHandler = (request: Request) => Promise<Response>;

type Context = {
  readonly request: Request;
  /** B13: the unlock token from the `X-Chatshare-Unlock` header, or `null`. Never read from the URL. */
  readonly unlockToken: string | null;
  readonly url: URL;
  readonly params: readonly string[];
  readonly api: ShareApi;
  body(required: boolean): Promise<unknown>;
};

type Route = {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly pattern: RegExp;
  /** Takes a share id: counts against the per-client rate limit (T4), reads and writes alike. */
  readonly shareId?: boolean;
  /** Status for a successful answer (204 when the result is `undefined`). */
  readonly status?: number;
  readonly run: (ctx: Context) => Promise<unknown>;
};

const SEGMENT = '([^/]+)';

/** Query parameters for list endpoints: numbers are converted only when they look like one, so zod names the rest. */
function listInput(url: URL, withOwner: boolean): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const limit = url.searchParams.get('limit');
  if (limit !== null) input.limit = /^\d{1,4}$/.test(limit) ? Number(limit) : limit;
  const cursor = url.searchParams.get('cursor');
  if (cursor) input.cursor = cursor;
  const query = url.searchParams.get('query');
  if (query) input.query = query;
  const ownerId = url.searchParams.get('ownerId');
  if (withOwner && ownerId) input.ownerId = ownerId;
  return input;
}

function param(ctx: Context, index: number): string {
  return ctx.params[index] ?? '';
}

/** Longest unlock token the handler passes on; anything longer is no token of ours and reads as none. */
const MAX_UNLOCK_TOKEN_CHARS = 1_000;

function unlockTokenOf(request: Request): string | null {
  const token = request.headers.get(UNLOCK_TOKEN_HEADER)?.trim() ?? '';
  return token === '' || token.length > MAX_UNLOCK_TOKEN_CHARS ? null : token;
}

/** Options for `readShare` / `cloneShare`: the token only when the request carried one. */
function readOptions(ctx: Context): { unlockToken?: string } {
  return ctx.unlockToken === null ? {} : { unlockToken: ctx.unlockToken };
}

function objectBody(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError([{ path: 'body', message: 'expected a JSON object' }]);
  }
  return value as Record<string, unknown>;
}

/** Every `ShareApi` method as a route. Paths are relative to `basePath`. */
const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/settings$/, run: (c) => c.api.getSettings() },
  { method: 'PATCH', pattern: /^\/settings$/, run: async (c) => c.api.updateSettings(objectBody(await c.body(true))) },
  {
    method: 'PUT',
    pattern: new RegExp(`^/settings/sharing/${SEGMENT}$`),
    run: async (c) => c.api.setSharingAllowed(param(c, 0), objectBody(await c.body(true)).allowed as boolean),
  },
  { method: 'POST', pattern: /^\/shares$/, status: 201, run: async (c) => c.api.createShare(objectBody(await c.body(true)) as never) },
  { method: 'GET', pattern: /^\/shares$/, run: (c) => c.api.listShares(listInput(c.url, false)) },
  {
    method: 'DELETE',
    pattern: /^\/shares$/,
    run: async (c) => {
      const ownerId = c.url.searchParams.get('ownerId');
      return { count: await c.api.revokeAllShares(ownerId ? { ownerId } : {}) };
    },
  },
  { method: 'GET', pattern: /^\/admin\/shares$/, run: (c) => c.api.listAllShares(listInput(c.url, true)) },
  { method: 'GET', pattern: new RegExp(`^/chats/${SEGMENT}/share$`), run: async (c) => ({ share: await c.api.findShareForChat(param(c, 0)) }) },
  { method: 'DELETE', pattern: new RegExp(`^/chats/${SEGMENT}/shares$`), run: async (c) => ({ count: await c.api.revokeSharesOfChat(param(c, 0)) }) },
  { method: 'POST', pattern: new RegExp(`^/shares/${SEGMENT}/update$`), shareId: true, run: async (c) => c.api.updateShare(param(c, 0), objectBody(await c.body(false))) },
  { method: 'PATCH', pattern: new RegExp(`^/shares/${SEGMENT}$`), shareId: true, run: async (c) => c.api.setShareOptions(param(c, 0), objectBody(await c.body(true))) },
  { method: 'DELETE', pattern: new RegExp(`^/shares/${SEGMENT}$`), shareId: true, run: async (c) => c.api.revokeShare(param(c, 0)) },
  { method: 'GET', pattern: new RegExp(`^/shares/${SEGMENT}/view$`), shareId: true, run: (c) => c.api.readShare(param(c, 0), readOptions(c)) },
  { method: 'GET', pattern: new RegExp(`^/s/${SEGMENT}$`), shareId: true, run: (c) => c.api.readShare(param(c, 0), readOptions(c)) },
  { method: 'POST', pattern: new RegExp(`^/shares/${SEGMENT}/clone$`), shareId: true, run: (c) => c.api.cloneShare(param(c, 0), readOptions(c)) },
  {
    method: 'POST',
    pattern: new RegExp(`^/shares/${SEGMENT}/unlock$`),
    shareId: true,
    run: async (c) => {
      const { password } = objectBody(await c.body(true));
      // Checked here so a number or object never reaches the hash; the issue names the field, never the value.
      if (typeof password !== 'string') throw new InvalidInputError([{ path: 'password', message: 'expected a string' }]);
      return c.api.unlockShare(param(c, 0), password);
    },
  },
  // Share ids are at least 21 characters (R1), so `preview` never names a share.
  { method: 'POST', pattern: /^\/shares\/preview$/, run: async (c) => c.api.previewShare(objectBody(await c.body(true)) as never) },
  { method: 'GET', pattern: new RegExp(`^/shares/${SEGMENT}/versions$`), shareId: true, run: async (c) => ({ versions: await c.api.listShareVersions(param(c, 0)) }) },
  {
    method: 'POST',
    pattern: new RegExp(`^/shares/${SEGMENT}/rollback$`),
    shareId: true,
    run: async (c) => c.api.rollbackShare(param(c, 0), objectBody(await c.body(true)).snapshotVersion as number),
  },
  { method: 'POST', pattern: /^\/community$/, run: async (c) => c.api.communityPayload(objectBody(await c.body(true)) as never) },
];

function decodeSegments(match: RegExpExecArray): string[] {
  try {
    return match.slice(1).map((s) => decodeURIComponent(s));
  } catch {
    throw new InvalidInputError([{ path: 'path', message: 'malformed percent-encoding' }]);
  }
}

/**
 * The HTTP server side of chatshare: turns a WHATWG `Request` into a `Response` by calling
 * `service.forActor(viewer, { clientKey })` for the viewer `identify` returns and the rate limit's client key. Routes
 * (relative to `basePath`, default `/api/chatshare`):
 *
 * | method | path | `ShareApi` |
 * | --- | --- | --- |
 * | GET | `/settings` | getSettings |
 * | PATCH | `/settings` | updateSettings |
 * | PUT | `/settings/sharing/:userId` `{ allowed }` | setSharingAllowed |
 * | POST | `/shares` | createShare (201) |
 * | GET | `/shares?cursor&limit&query` | listShares |
 * | DELETE | `/shares?ownerId` | revokeAllShares → `{ count }` |
 * | GET | `/admin/shares?cursor&limit&query&ownerId` | listAllShares |
 * | GET | `/chats/:chatId/share` | findShareForChat → `{ share }` |
 * | DELETE | `/chats/:chatId/shares` | revokeSharesOfChat → `{ count }` |
 * | POST | `/shares/:id/update` | updateShare (new snapshot plus audience/expiry/owner-name in one write) |
 * | PATCH | `/shares/:id` | setShareOptions |
 * | DELETE | `/shares/:id` | revokeShare (204) |
 * | GET | `/shares/:id/view` or `/s/:id` (header `X-Chatshare-Unlock: <token>`) | readShare |
 * | POST | `/shares/:id/clone` (header `X-Chatshare-Unlock: <token>`) | cloneShare |
 * | POST | `/shares/:id/unlock` `{ password }` | unlockShare → `{ token, expiresAt }` |
 * | POST | `/shares/preview` (body: the preview input) | previewShare |
 * | GET | `/shares/:id/versions` | listShareVersions → `{ versions }` |
 * | POST | `/shares/:id/rollback` `{ snapshotVersion }` | rollbackShare |
 * | POST | `/community` | communityPayload |
 *
 * Every route with a `:id` counts against the per-client rate limit (T4), writes and unlock attempts included.
 *
 * B13: the unlock token travels only in the `X-Chatshare-Unlock` request header (a token in the query string is
 * ignored), so it never lands in access logs or `Referer`. The handler passes its rate-limit client key to
 * `service.forActor(viewer, { clientKey })`, so core's per-client limit on wrong passwords counts the same clients;
 * with the rate limit off, or no key for a request, it passes none (never one shared bucket; core then counts a
 * signed-in viewer's guesses by user, and every guess per share). Core's
 * `RATE_LIMITED` answers 429 with `Retry-After`, like the handler's own.
 *
 * Errors are `{ error: { code, message, issues } }` with the status from `STATUS_BY_CODE`; unknown, revoked and
 * forbidden shares answer the same 404 body (T1). Every response sends `Cache-Control: no-store`,
 * `X-Robots-Tag: noindex, nofollow, noarchive` and `Referrer-Policy: no-referrer` (B5, T7, T26). Bodies are size-checked
 * before parsing (413) and must be `application/json`; nothing a client sends makes the handler throw (T23).
 */
export function createShareHandler(service: ShareService, options: ShareHandlerOptions): ShareHandler {
  const basePath = (options.basePath ?? '/api/chatshare').replace(/\/+$/, '');
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onError = options.onError ?? defaultOnError;
  const now = options.now ?? Date.now;
  const rateLimit =
    options.rateLimit === false ? null : (options.rateLimit ?? { limit: 120, windowMs: 60_000 });
  const counter = rateLimit ? (rateLimit.counter ?? createMemoryRateLimitCounter()) : null;
  const clientKey =
    rateLimit?.clientKey ??
    ((request: Request) => {
      const address = remoteAddressOf(request);
      return address === null ? null : clientKeyOfAddress(address);
    });
  let warnedNoKey = false;

  /** No key, no limit: one shared bucket would let one client lock every viewer out (T4). Said once, loudly. */
  function warnNoClientKey(): void {
    if (warnedNoKey) return;
    warnedNoKey = true;
    const message =
      '[chatshare] rate limit skipped: no client key for this request (no socket address from createNodeListener and ' +
      'no rateLimit.clientKey). Pass rateLimit.clientKey returning the client address your trusted proxy reports ' +
      '(e.g. CF-Connecting-IP, or the X-Forwarded-For entry your own proxy appends); until then share-id routes are ' +
      'not rate limited (T4).';
    try {
      if (options.onError) options.onError(new Error(message));
      else console.warn(message);
    } catch {
      // A failing reporter must not fail the request.
    }
  }

  /** The rate limiter's key for this request, or `null` with the limit off or no key known (T4, B13). */
  function requestKey(request: Request): string | null {
    if (!rateLimit) return null;
    const key = clientKey(request);
    return typeof key === 'string' && key !== '' ? key : null;
  }

  async function checkRate(key: string | null): Promise<void> {
    if (!rateLimit || !counter) return;
    if (key === null) {
      warnNoClientKey();
      return;
    }
    const at = now();
    const hit = await counter.hit(`share:${key}`, rateLimit.windowMs, at);
    if (hit.count > rateLimit.limit) throw new RateLimitedError(Math.max(1, Math.ceil((hit.resetAt - at) / 1000)));
  }

  return async function handleShareRequest(request: Request): Promise<Response> {
    try {
      const url = new URL(request.url);
      if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
        throw new HttpProtocolError(404, 'ROUTE_NOT_FOUND', 'No such chatshare endpoint.');
      }
      const path = url.pathname.slice(basePath.length) || '/';
      const matching = ROUTES.map((route) => ({ route, match: route.pattern.exec(path) })).filter((m) => m.match !== null);
      if (matching.length === 0) throw new HttpProtocolError(404, 'ROUTE_NOT_FOUND', 'No such chatshare endpoint.');
      const found = matching.find((m) => m.route.method === request.method);
      if (!found || !found.match) {
        const allow = [...new Set(matching.map((m) => m.route.method))].join(', ');
        throw new HttpProtocolError(405, 'METHOD_NOT_ALLOWED', `Use ${allow} here.`, { Allow: allow });
      }
      const { route, match } = found;
      const key = requestKey(request);
      if (route.shareId) await checkRate(key);
      const params = decodeSegments(match);
      const viewer = await options.identify(request);
      // The same key as the rate limit, so core's per-client password-guess limit counts the same clients (B13).
      const api = service.forActor(viewer, key === null ? {} : { clientKey: key });
      const result = await route.run({
        request,
        unlockToken: unlockTokenOf(request),
        url,
        params,
        api,
        body: (required) => readJsonBody(request, { maxBytes, required }),
      });
      return jsonResponse(route.status ?? 200, result);
    } catch (error) {
      return answerError(error, onError);
    }
  };
}
