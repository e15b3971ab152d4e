import * as z from 'zod/mini';

/** The `ShareStore` methods the store-over-HTTP protocol carries, with their argument lists. */
const filter = z.object({ ownerId: z.optional(z.string()), chatId: z.optional(z.string()), query: z.optional(z.string()) });
const version = z.number().check(z.int(), z.gte(0));
const record = z.looseObject({ id: z.string(), version: z.number() });

export const STORE_RPC_ARGS = {
  getShare: z.tuple([z.string()]),
  createShare: z.tuple([record]),
  updateShare: z.tuple([record, version]),
  deleteShare: z.tuple([z.string()]),
  deleteShares: z.tuple([filter]),
  listShares: z.tuple([filter, z.object({ limit: z.number().check(z.int(), z.gte(1), z.lte(100)), cursor: z.optional(z.nullable(z.string())) })]),
  recordView: z.tuple([z.string(), z.number().check(z.int(), z.gte(0))]),
  getSnapshotHistory: z.tuple([z.string()]),
  getSettings: z.tuple([]),
  saveSettings: z.tuple([z.looseObject({ version }), version]),
} as const;

export type StoreRpcMethod = keyof typeof STORE_RPC_ARGS;

export function isStoreRpcMethod(name: string): name is StoreRpcMethod {
  return Object.hasOwn(STORE_RPC_ARGS, name);
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
