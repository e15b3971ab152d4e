import type { ReadShareOptions, ShareApi } from '@chatshare/core';
import * as z from 'zod/mini';
import { UNLOCK_TOKEN_HEADER } from './headers.js';
import { SHARE_ROUTES, type RouteEntry } from './routes.js';
import { requestJson, type JsonRequest, type TransportOptions } from './transport.js';

/** Options of `createHttpShareClient`; only `baseUrl` is required. */
export interface HttpShareClientOptions {
  /** Where `createShareHandler` is mounted, e.g. `/api/chatshare` (same origin) or `https://host/api/chatshare`. */
  baseUrl: string;
  /** A `fetch` to use (tests, SSR). Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Each request fails with `NETWORK_ERROR` after this long. Default 15,000 ms. */
  timeoutMs?: number;
  /** Extra headers on every request, e.g. `Authorization` for a token-based host. */
  headers?: Record<string, string>;
  /** Cookie policy; default `same-origin` so the host's session cookie identifies the viewer. */
  credentials?: RequestCredentials;
}

/** The unlock header when a token was given, else nothing (an unprotected read sends exactly what it sent before). */
function unlockHeaders(options: ReadShareOptions | undefined): Record<string, string> {
  const token = options?.unlockToken;
  return typeof token === 'string' && token !== '' ? { [UNLOCK_TOKEN_HEADER]: token } : {};
}

/** The client side of the route table's `input`: the request that carries these arguments where the route says. */
function requestFor(route: RouteEntry, args: readonly unknown[]): JsonRequest {
  let path = route.path;
  let body: Record<string, unknown> | undefined;
  let query: Record<string, string | number | null | undefined> | undefined;
  let headers: Record<string, string> | undefined;
  route.input.forEach((place, index) => {
    const arg = args[index];
    if (place.in === 'path') path = path.replace(`:${place.name}`, () => encodeURIComponent(String(arg)));
    else if (place.in === 'query') {
      const options = (arg ?? {}) as Record<string, string | number | null | undefined>;
      query = Object.fromEntries(Object.keys(place.fields).map((name) => [name, options[name]]));
    } else if (place.in === 'unlock-header') headers = unlockHeaders(arg as ReadShareOptions | undefined);
    else if ('field' in place) body = { ...body, [place.field]: arg };
    else body = arg as Record<string, unknown> | undefined;
  });
  return { method: route.method, path, ...(query ? { query } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) };
}

/** One operation over HTTP: sends its arguments, checks the answer against the route's schema, unwraps it. */
function operationOf(route: RouteEntry, transport: TransportOptions): (...args: unknown[]) => Promise<unknown> {
  const output = route.output;
  if (output === null) return (...args) => requestJson(transport, requestFor(route, args), undefined);
  const field = output.field;
  if (field === undefined) return (...args) => requestJson(transport, requestFor(route, args), output.schema);
  const wrapped = z.object({ [field]: output.schema });
  return async (...args) => ((await requestJson(transport, requestFor(route, args), wrapped)) as Record<string, unknown>)[field];
}

/**
 * A `ShareApi` that talks to `createShareHandler` over `fetch`: the same interface as a local
 * `service.forActor(actor)`, so the elements work unchanged against either. Each method is built from its route in
 * `routes.ts`. The viewer is whoever the server's `identify` says the cookies or headers belong to. Error bodies come
 * back as core's typed errors; timeouts, dropped connections and malformed answers throw `NetworkError`. Safe to ship
 * to browsers.
 */
export function createHttpShareClient(options: HttpShareClientOptions): ShareApi {
  const transport: TransportOptions = {
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    timeoutMs: options.timeoutMs ?? 15_000,
    headers: options.headers ?? {},
    credentials: options.credentials ?? 'same-origin',
  };
  // Each route is typed against its operation's signature in the table; building the object by name loses that.
  return Object.fromEntries(SHARE_ROUTES.map((route) => [route.operation, operationOf(route, transport)])) as unknown as ShareApi;
}
