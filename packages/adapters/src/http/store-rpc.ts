import type { ShareStore } from '@chatshare/core';
import * as z from 'zod/mini';

/**
 * The store-over-HTTP protocol: one table of the `ShareStore` methods it carries, each with the schema of its argument
 * list (checked by `createStoreHandler` before the store sees a call) and of its result (checked by `createHttpStore`
 * before a caller sees an answer). Requests are `POST <basePath>/<method>` with `{ args: [...] }`; answers
 * `{ result }`. `meta` and `body` are core's texts: checked to be strings, never parsed.
 */
const id = z.string();
const integer = z.number().check(z.int());
/** Times in ms since the epoch, and counters: non-negative safe integers (a SQL bigint holds each exactly). */
const whole = z.number().check(z.int(), z.gte(0));

const listedShareFields = { id, ownerId: z.string(), chatId: z.string(), title: z.string(), createdAt: whole, version: integer, meta: z.string() };
const storedShare = z.object({ ...listedShareFields, body: z.string() });
const listedShare = z.object(listedShareFields);
const views = z.object({ count: whole, lastViewedAt: z.nullable(whole) });
const archived = z.object({ version: integer, meta: z.string(), body: z.string() });
const settings = z.object({ version: integer, body: z.string() });
const filter = z.object({ ownerId: z.optional(z.string()), chatId: z.optional(z.string()), query: z.optional(z.string()) });
const pageRequest = z.object({ limit: z.number().check(z.int(), z.gte(1), z.lte(100)), cursor: z.optional(z.nullable(z.string())) });
const replaceOptions = z.object({ archive: z.optional(archived), dropHistoryBelow: z.optional(integer) });
const increment = z.object({ id, count: z.number().check(z.int(), z.gte(1)), lastViewedAt: whole });

type StoreMethod = Exclude<keyof ShareStore, 'close'>;

export const STORE_RPC = {
  getShare: { args: z.tuple([id]), result: z.nullable(z.object({ share: storedShare, views, settings: z.nullable(settings) })) },
  insertShare: { args: z.tuple([storedShare]), result: z.null() },
  replaceShare: { args: z.tuple([storedShare, integer, z.optional(replaceOptions)]), result: z.null() },
  deleteShare: { args: z.tuple([id]), result: z.boolean() },
  deleteShares: { args: z.tuple([filter]), result: whole },
  listShares: {
    args: z.tuple([filter, pageRequest]),
    result: z.object({ items: z.array(z.object({ share: listedShare, views })), nextCursor: z.nullable(z.string()) }),
  },
  addViews: { args: z.tuple([z.array(increment)]), result: z.null() },
  getHistory: { args: z.tuple([id]), result: z.array(archived) },
  getSettings: { args: z.tuple([]), result: z.nullable(settings) },
  saveSettings: { args: z.tuple([settings, integer]), result: z.null() },
} as const satisfies Record<StoreMethod, { args: z.ZodMiniType; result: z.ZodMiniType }>;

export type StoreRpcMethod = keyof typeof STORE_RPC;

export function isStoreRpcMethod(name: string): name is StoreRpcMethod {
  return Object.hasOwn(STORE_RPC, name);
}

/** Compares two secrets in time independent of where they differ: both are hashed to 32 bytes first. */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [da, db] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ]);
  const x = new Uint8Array(da);
  const y = new Uint8Array(db);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
