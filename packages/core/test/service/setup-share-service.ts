import { createShareService, MemoryShareStore, type Actor, type ShareRecord, type ShareServiceOptions, type ShareStore, type StoredShare } from '@chatshare/core';
import { chatWithBranches, linearChat } from '@chatshare/core/testing';
import { reviewChat } from '../../src/testing/factories.js';
import { decodeShare } from '../../src/store/record-codec.js';

export const alice: Actor = { id: 'alice', displayName: 'Alice' };
export const bob: Actor = { id: 'bob', groups: ['team'] };
export const carol: Actor = { id: 'carol' };
export const admin: Actor = { id: 'root', isAdmin: true };

/**
 * The real share service over the memory store, with a clock the test moves and a host with alice's chats `c1`
 * (2 messages), `c2` (4), `branched` (two branches of two levels: 3 messages on the branch, 5 in all), `review` (every
 * kind of content an owner may leave out) and bob's `cb`. PBKDF2 at its floor: tests hash many times.
 */
export function setup(options: { store?: ShareStore } & Partial<Omit<ShareServiceOptions, 'store' | 'chats' | 'now'>> = {}) {
  const { store = new MemoryShareStore(), ...rest } = options;
  const chats = new Map<string, { ownerId: string; chat: unknown }>([
    ['c1', { ownerId: 'alice', chat: linearChat(2, { title: 'Alice chat' }) }],
    ['c2', { ownerId: 'alice', chat: linearChat(4, { title: 'Second chat' }) }],
    ['branched', { ownerId: 'alice', chat: chatWithBranches({ depth: 2, width: 2 }) }],
    ['review', { ownerId: 'alice', chat: reviewChat() }],
    ['cb', { ownerId: 'bob', chat: linearChat(2, { title: 'Bob chat' }) }],
  ]);
  let time = 1_700_000_000_000;
  const clock = { now: () => time, advance: (ms: number) => (time += ms) };
  const settings = { store, chats: { getChat: async (id: string) => chats.get(id) ?? null }, now: clock.now, passwordIterations: 10_000, ...rest };
  const service = createShareService(settings);
  return {
    store,
    chats,
    clock,
    service,
    settings,
    as: (actor: Actor | null, clientKey?: string) => service.forActor(actor, clientKey === undefined ? {} : { clientKey }),
  };
}

/** The share as core decodes it from the store's row (re-validated), or `null` when the store has no such row. */
export async function storedRecord(store: ShareStore, id: string): Promise<ShareRecord | null> {
  const read = await store.getShare(id);
  return read === null ? null : decodeShare(read, id);
}

/** Rewrites a share's stored row in place (same version, views kept), as a buggy writer or a damaged disk would. */
export async function rewriteRow(store: ShareStore, id: string, edit: (row: StoredShare) => StoredShare): Promise<void> {
  const read = await store.getShare(id);
  if (read === null) throw new Error(`no row ${id}`);
  await store.replaceShare(edit(read.share), read.share.version);
}

/** The error code a call ends with, or 'ok'. */
export const code = (promise: Promise<unknown>) => promise.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

/** The error a call ends with (it must fail). */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; retryAfterSeconds?: number; issues?: { path: string; message: string }[] }> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error('expected the call to fail');
}
