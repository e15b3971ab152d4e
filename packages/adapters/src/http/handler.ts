import { InvalidInputError, RateLimitedError, type ShareService, type Viewer } from '@chatshare/core';
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from './body.js';
import { answerError, defaultOnError, HttpProtocolError } from './errors.js';
import { jsonResponse } from './headers.js';
import { remoteAddressOf } from './node.js';
import { clientKeyOfAddress, createMemoryRateLimitCounter, type RateLimitCounter } from './rate-limit.js';
import { readArguments } from './request-arguments.js';
import { SHARE_ROUTES, takesShareId, type RouteEntry } from './routes.js';

/**
 * Per-client limit on every route that takes a share id: reads, clones, unlock attempts and the owner's writes (update,
 * options, rollback, revoke) count in one window per client, so enumerating ids — by reading, or by telling 403 from
 * 404 on a write — gets 429s.
 */
export interface ReadRateLimitOptions {
  /** Requests on share-id routes allowed per client per window. */
  limit: number;
  windowMs: number;
  /** Where counts live; default an in-memory counter with bounded size. Share one across replicas. */
  counter?: RateLimitCounter;
  /**
   * The client's key, also handed to core as `forActor(viewer, { clientKey })` for its per-client limit on wrong
   * share passwords. Default: the socket address seen by `createNodeListener` (IPv6 keyed by its /64, see
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
  /** Rate limit on share-id routes. Default 120 requests per minute per client; `false` turns it off. */
  rateLimit?: ReadRateLimitOptions | false;
  /** Request bodies above this many bytes get 413 before parsing. Default 5 MiB. */
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

/** A route of the table with its paths compiled to patterns (`:name` segments become captures). */
interface CompiledRoute {
  readonly route: RouteEntry;
  readonly patterns: readonly { readonly regex: RegExp; readonly names: readonly string[] }[];
  /** Counts against the per-client rate limit. */
  readonly rateLimited: boolean;
}

function compilePath(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}$`), names };
}

const ROUTES: readonly CompiledRoute[] = SHARE_ROUTES.map((route) => ({
  route,
  patterns: [route.path, ...(route.aliases ?? [])].map(compilePath),
  rateLimited: takesShareId(route),
}));

/** The route's `:name` segments of a matching path, percent-decoded. */
function decodeParams(match: RegExpExecArray, names: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  try {
    names.forEach((name, index) => (params[name] = decodeURIComponent(match[index + 1] ?? '')));
  } catch {
    throw new InvalidInputError([{ path: 'path', message: 'malformed percent-encoding' }]);
  }
  return params;
}

/** The routes whose paths match, each with its match. */
function matchingRoutes(path: string): { readonly compiled: CompiledRoute; readonly match: RegExpExecArray; readonly names: readonly string[] }[] {
  const found = [];
  for (const compiled of ROUTES) {
    for (const { regex, names } of compiled.patterns) {
      const match = regex.exec(path);
      if (match) {
        found.push({ compiled, match, names });
        break;
      }
    }
  }
  return found;
}

/**
 * The HTTP server side of chatshare: turns a WHATWG `Request` into a `Response` by calling
 * `service.forActor(viewer, { clientKey })[operation](...)` for the viewer `identify` returns and the rate limit's
 * client key. The routes (relative to `basePath`, default `/api/chatshare`) are the table in `routes.ts`, one per
 * `ShareApi` operation; the adapters README lists them. Every route that takes a share id counts against the
 * per-client rate limit, writes and unlock attempts included.
 *
 * The unlock token of a password-protected link travels only in the `X-Chatshare-Unlock` request header (a token in
 * the query string is ignored), so it never lands in access logs or `Referer`. The handler passes its rate-limit
 * client key to `service.forActor(viewer, { clientKey })`, so core's per-client limit on wrong passwords counts the
 * same clients; with the rate limit off, or no key for a request, it passes none (never one shared bucket; core then
 * counts a signed-in viewer's guesses by user, and every guess per share). Core's `RATE_LIMITED` answers 429 with
 * `Retry-After`, like the handler's own.
 *
 * Errors are `{ error: { code, message, issues } }` with the status from `STATUS_BY_CODE`; unknown, revoked and
 * forbidden shares answer the same 404 body, so a guess learns nothing. Every response sends `Cache-Control: no-store`,
 * `X-Robots-Tag: noindex, nofollow, noarchive` and `Referrer-Policy: no-referrer`. Bodies are size-checked before
 * parsing (413) and must be `application/json`; nothing a client sends makes the handler throw.
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

  /** No key, no limit: one shared bucket would let one client lock every viewer out. Said once, loudly. */
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

  /** The rate limiter's key for this request (also core's password-guess key), or `null` with the limit off or no key known. */
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
      const matching = matchingRoutes(path);
      if (matching.length === 0) throw new HttpProtocolError(404, 'ROUTE_NOT_FOUND', 'No such chatshare endpoint.');
      const found = matching.find((m) => m.compiled.route.method === request.method);
      if (!found) {
        const allow = [...new Set(matching.map((m) => m.compiled.route.method))].join(', ');
        throw new HttpProtocolError(405, 'METHOD_NOT_ALLOWED', `Use ${allow} here.`, { Allow: allow });
      }
      const { route, rateLimited } = found.compiled;
      const key = requestKey(request);
      if (rateLimited) await checkRate(key);
      const params = decodeParams(found.match, found.names);
      const viewer = await options.identify(request);
      // The same key as the rate limit, so core's per-client password-guess limit counts the same clients.
      const api = service.forActor(viewer, key === null ? {} : { clientKey: key });
      const args = await readArguments(route, { request, url, params, readBody: (required) => readJsonBody(request, { maxBytes, required }) });
      // The table types each route against its operation's signature; dispatch by name loses that, hence the cast.
      const operation = api[route.operation] as (...args: unknown[]) => Promise<unknown>;
      const result = await operation.apply(api, args);
      const output = route.output;
      if (output === null) return jsonResponse(200, undefined);
      return jsonResponse(output.status ?? 200, output.field === undefined ? result : { [output.field]: result });
    } catch (error) {
      return answerError(error, onError);
    }
  };
}
