import type { InstanceSettings, Page, PageRequest, ShareFilter, ShareRecord, ShareStore, Snapshot } from '@chatshare/core';
import * as z from 'zod/mini';
import { requestJson, type TransportOptions } from './transport.js';

/** Options of `createHttpStore`. */
export interface HttpStoreOptions {
  /** Where `createStoreHandler` is mounted, e.g. `http://store.internal:8080/api/chatshare-store`. */
  baseUrl: string;
  /** The shared bearer token (server-side secret; never ship it to a browser). */
  token: string;
  fetch?: typeof globalThis.fetch;
  /** Default 15,000 ms; a timeout throws `NETWORK_ERROR` (T25). */
  timeoutMs?: number;
}

const resultOf = <T extends z.ZodMiniType>(schema: T) => z.object({ result: schema });
const recordOrNull = resultOf(z.nullable(z.looseObject({ id: z.string() })));
const nothing = resultOf(z.null());
const bool = resultOf(z.boolean());
const count = resultOf(z.number().check(z.int(), z.gte(0)));
const page = resultOf(z.object({ items: z.array(z.looseObject({ id: z.string() })), nextCursor: z.nullable(z.string()) }));
const snapshots = resultOf(z.array(z.looseObject({ version: z.number(), hash: z.string() })));
const settingsOrNull = resultOf(z.nullable(z.looseObject({ version: z.number() })));

/**
 * A `ShareStore` that lives behind `createStoreHandler` on another server. Server-to-server only: it carries the
 * store token. Records are shape-checked here and fully re-validated by the share service (T25).
 */
export function createHttpStore(options: HttpStoreOptions): ShareStore {
  const transport: TransportOptions = {
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    timeoutMs: options.timeoutMs ?? 15_000,
    headers: { Authorization: `Bearer ${options.token}` },
  };
  const call = async <T extends z.ZodMiniType>(method: string, args: unknown[], schema: T) =>
    ((await requestJson(transport, { method: 'POST', path: `/${method}`, body: { args } }, schema)) as { result: unknown }).result;

  return {
    getShare: async (id) => (await call('getShare', [id], recordOrNull)) as ShareRecord | null,
    createShare: async (record) => void (await call('createShare', [record], nothing)),
    updateShare: async (record, expectedVersion) => void (await call('updateShare', [record, expectedVersion], nothing)),
    deleteShare: async (id) => (await call('deleteShare', [id], bool)) as boolean,
    deleteShares: async (filter: ShareFilter) => (await call('deleteShares', [filter], count)) as number,
    listShares: async (filter: ShareFilter, request: PageRequest) =>
      (await call('listShares', [filter, { limit: request.limit, cursor: request.cursor ?? null }], page)) as Page<ShareRecord>,
    recordView: async (id, at) => (await call('recordView', [id, at], bool)) as boolean,
    getSnapshotHistory: async (id) => (await call('getSnapshotHistory', [id], snapshots)) as Snapshot[],
    getSettings: async () => (await call('getSettings', [], settingsOrNull)) as InstanceSettings | null,
    saveSettings: async (settings, expectedVersion) => void (await call('saveSettings', [settings, expectedVersion], nothing)),
  };
}
