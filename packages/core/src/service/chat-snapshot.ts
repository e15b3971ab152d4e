import { ChatNotFoundError } from '../errors.js';
import { parseChat, type ValidatedChat } from '../chat/tree.js';
import { snapshotChat } from '../snapshot/create.js';
import type { Snapshot, SnapshotScope } from '../snapshot/types.js';
import type { Actor, ShareLeaveOut } from '../share/types.js';
import type { ServiceContext } from './context.js';

/**
 * The actor's chat from the host, validated. The host says who owns it and core checks that itself: a chat of someone
 * else reads exactly like a missing one.
 */
export async function loadOwnedChat(context: ServiceContext, chatId: string, actor: Actor): Promise<ValidatedChat> {
  const found = await context.chats.getChat(chatId);
  if (!found || found.ownerId !== actor.id) throw new ChatNotFoundError();
  return parseChat(found.chat, context.limits);
}

export interface SnapshotRequest {
  readonly chatId: string;
  readonly scope: SnapshotScope;
  readonly upToMessageId: string | null | undefined;
  /** The snapshot version to give it: 1 for a new share, the current one + 1 on update. */
  readonly version: number;
  readonly leaveOut: ShareLeaveOut;
  /**
   * `true` when `leaveOut` are the share's stored choices re-applied on update: messages deleted from the chat since are
   * then dropped from them rather than refusing the update. New choices must all exist.
   */
  readonly storedChoices?: boolean;
}

/** Snapshots the owner's chat with these leave-out choices; returns the snapshot and the choices as applied. */
export async function snapshotOwnedChat(
  context: ServiceContext,
  actor: Actor,
  request: SnapshotRequest,
): Promise<{ snapshot: Snapshot; leaveOut: ShareLeaveOut }> {
  const chat = await loadOwnedChat(context, request.chatId, actor);
  const { leaveOut } = request;
  const applied = request.storedChoices ? { ...leaveOut, messageIds: leaveOut.messageIds.filter((id) => chat.messages.has(id)) } : leaveOut;
  const snapshot = await snapshotChat(chat, {
    scope: request.scope,
    upToMessageId: request.upToMessageId ?? null,
    version: request.version,
    now: context.now(),
    leaveOut: applied,
  });
  return { snapshot, leaveOut: applied };
}
