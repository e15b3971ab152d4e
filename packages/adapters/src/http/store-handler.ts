import { InvalidInputError, parseInput, type ShareStore } from '@chatshare/core';
import { readJsonBody } from './body.js';
import { answerError, defaultOnError, errorResponse, HttpProtocolError } from './errors.js';
import { jsonResponse } from './headers.js';
import { constantTimeEqual, isStoreRpcMethod, STORE_RPC } from './store-rpc.js';

/** Options of `createStoreHandler`; `token` is required. */
export interface StoreHandlerOptions {
  /** Shared secret the calling servers send as `Authorization: Bearer <token>`; at least 32 characters. */
  token: string;
  /** Path prefix; default `/api/chatshare-store`. Requests are `POST <basePath>/<method>` with `{ args: [...] }`. */
  basePath?: string;
  /** Default 16 MiB: a store write carries a whole snapshot. */
  maxBodyBytes?: number;
  /** Store failures. Default: one line with the code only; the token is never logged. */
  onError?: (error: unknown) => void;
}

/**
 * Exposes a `ShareStore` over HTTP for **server-to-server** use (e.g. handler replicas in a runtime without a database
 * driver, calling a store service). Never expose it to browsers: it has no per-user permissions, only a bearer token
 * compared in constant time. Errors keep their stable codes, so `createHttpStore` passes the conformance suites.
 */
export function createStoreHandler(store: ShareStore, options: StoreHandlerOptions): (request: Request) => Promise<Response> {
  if (typeof options.token !== 'string' || options.token.length < 32) {
    throw new InvalidInputError([{ path: 'token', message: 'use a random token of at least 32 characters' }]);
  }
  const expected = `Bearer ${options.token}`;
  const basePath = (options.basePath ?? '/api/chatshare-store').replace(/\/+$/, '');
  const maxBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const onError = options.onError ?? defaultOnError;

  return async function handleStoreRequest(request: Request): Promise<Response> {
    try {
      const authorization = request.headers.get('authorization') ?? '';
      if (!(await constantTimeEqual(authorization, expected))) {
        throw new HttpProtocolError(401, 'AUTH_REQUIRED', 'A valid store token is required.');
      }
      const url = new URL(request.url);
      const prefix = `${basePath}/`;
      const method = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
      if (!isStoreRpcMethod(method)) throw new HttpProtocolError(404, 'ROUTE_NOT_FOUND', 'No such store method.');
      if (request.method !== 'POST') throw new HttpProtocolError(405, 'METHOD_NOT_ALLOWED', 'Use POST here.', { Allow: 'POST' });
      const body = (await readJsonBody(request, { maxBytes, required: true })) as { args?: unknown } | null;
      // Every argument list is checked against the protocol before the store sees it.
      const args = parseInput(STORE_RPC[method].args, body?.args, 'args') as unknown[];
      const call = store[method] as (...a: unknown[]) => Promise<unknown>;
      const result = await call.apply(store, args);
      return jsonResponse(200, { result: result ?? null });
    } catch (error) {
      // Store errors that are part of the contract (CONFLICT, SHARE_NOT_FOUND, STORAGE_ERROR) keep their codes.
      return answerError(error, onError);
    }
  };
}
