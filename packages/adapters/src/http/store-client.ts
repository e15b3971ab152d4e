import type { ShareStore } from '@chatshare/core';
import * as z from 'zod/mini';
import { STORE_RPC, type StoreRpcMethod } from './store-rpc.js';
import { requestJson, type TransportOptions } from './transport.js';

/** Options of `createHttpStore`. */
export interface HttpStoreOptions {
  /** Where `createStoreHandler` is mounted, e.g. `http://store.internal:8080/api/chatshare-store`. */
  baseUrl: string;
  /** The shared bearer token (server-side secret; never ship it to a browser). */
  token: string;
  fetch?: typeof globalThis.fetch;
  /** Default 15,000 ms; a timeout throws `NETWORK_ERROR`. */
  timeoutMs?: number;
}

type Rpc = typeof STORE_RPC;

/** Each method's answer, `{ result }`, built once from the protocol table. */
const ANSWERS = Object.fromEntries(Object.entries(STORE_RPC).map(([method, { result }]) => [method, z.object({ result })])) as {
  [M in StoreRpcMethod]: z.ZodMiniObject<{ result: Rpc[M]['result'] }>;
};

/**
 * A `ShareStore` that lives behind `createStoreHandler` on another server. Server-to-server only: it carries the
 * store token. Every answer is checked against the protocol's result schema (a malformed one is `NETWORK_ERROR`);
 * core re-validates the texts it reads, as from any store.
 */
export function createHttpStore(options: HttpStoreOptions): ShareStore {
  const transport: TransportOptions = {
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    timeoutMs: options.timeoutMs ?? 15_000,
    headers: { Authorization: `Bearer ${options.token}` },
  };
  const call = async <M extends StoreRpcMethod>(method: M, args: z.input<Rpc[M]['args']>): Promise<z.output<Rpc[M]['result']>> => {
    const answer = await requestJson(transport, { method: 'POST', path: `/${method}`, body: { args } }, ANSWERS[method] as z.ZodMiniType);
    return (answer as { result: z.output<Rpc[M]['result']> }).result;
  };

  return {
    getShare: (id) => call('getShare', [id]),
    insertShare: async (share) => void (await call('insertShare', [share])),
    replaceShare: async (share, expectedVersion, replace = {}) => void (await call('replaceShare', [share, expectedVersion, replace])),
    deleteShare: (id) => call('deleteShare', [id]),
    deleteShares: (filter) => call('deleteShares', [filter]),
    listShares: (filter, page) => call('listShares', [filter, { limit: page.limit, cursor: page.cursor ?? null }]),
    addViews: async (batch) => void (await call('addViews', [[...batch]])),
    getHistory: (id) => call('getHistory', [id]),
    getSettings: () => call('getSettings', []),
    saveSettings: async (settings, expectedVersion) => void (await call('saveSettings', [settings, expectedVersion])),
  };
}
