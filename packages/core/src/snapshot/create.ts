import { InvalidInputError } from '../errors.js';
import { pathToRoot, type TreeMessage, type ValidatedChat } from '../chat/tree.js';
import { deepFreeze } from './freeze.js';
import { canonicalJson, sha256Hex } from './hash.js';
import { hasToolOutput, keptChildren, keptRoot, leftOutIds, nearestKept, sharedContent } from './leave-out.js';
import { SNAPSHOT_FORMAT, type Snapshot, type SnapshotMessage, type SnapshotScope } from './types.js';
import type { PreviewMessage, ShareLeaveOut, SharePreview } from '../share/types.js';

export interface SnapshotOptions {
  scope?: SnapshotScope;
  /** "Share up to this message": a source message id; later messages on its branch are left out. */
  upToMessageId?: string | null;
  /** Revision number; the service passes the share's next snapshot version. */
  version?: number;
  /** Creation time in ms (the service's clock). */
  now?: number;
  /**
   * What the owner leaves out on review. Absent or `null` keeps everything, the system prompt included (the service
   * always passes the share's choices, `DEFAULT_LEAVE_OUT` unless the owner said otherwise).
   */
  leaveOut?: ShareLeaveOut | null;
}

/** Source ids the scope covers, in tree order (parents before children, siblings in their order). */
function selectMessages(chat: ValidatedChat, scope: SnapshotScope, leafId: string | null): string[] {
  if (chat.rootId === null || leafId === null) return [];
  if (scope === 'branch') return pathToRoot(chat.messages, leafId);
  const kept: string[] = [];
  const stack = [chat.rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    kept.push(id);
    // With "up to this message" in full history, the chosen message's descendants are what came after it.
    if (id === leafId && leafId !== chat.currentId) continue;
    const children = chat.messages.get(id)!.childrenIds;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return kept;
}

type SnapshotContent = Omit<Snapshot, 'hash' | 'version' | 'createdAt'>;

function hashInput(snapshot: SnapshotContent): string {
  return canonicalJson(snapshot);
}

/** A message with its keys in sorted order, so `JSON.stringify` of it is already canonical. */
function sortedMessage(m: SnapshotMessage): SnapshotMessage {
  return {
    childrenIds: m.childrenIds,
    content: m.content,
    files: m.files.map((f) => ({ name: f.name, size: f.size, type: f.type })),
    id: m.id,
    model: m.model,
    modelName: m.modelName,
    parentId: m.parentId,
    role: m.role,
    timestamp: m.timestamp,
  };
}

/**
 * Orders the top-level keys and hashes `JSON.stringify` of the content. Callers pass `messages` already canonical —
 * ids inserted in sorted order, each message's keys sorted (`sortedMessage`) — so these are the same bytes as
 * `canonicalJson` (a test holds them equal) at a fraction of the cost on large snapshots (BENCHMARKS.md).
 */
async function sealContent(fields: SnapshotContent): Promise<{ content: SnapshotContent; hash: string }> {
  const content: SnapshotContent = {
    currentId: fields.currentId,
    format: fields.format,
    messages: fields.messages,
    models: fields.models,
    rootId: fields.rootId,
    scope: fields.scope,
    // Absent, not `undefined`, when not shared: snapshots without a system prompt keep the bytes (and hash) they had.
    ...(fields.systemPrompt !== undefined ? { systemPrompt: fields.systemPrompt } : {}),
    title: fields.title,
  };
  return { content, hash: await sha256Hex(JSON.stringify(content)) };
}

/** Recomputes a snapshot's content hash; equal to `snapshot.hash` unless it was tampered with. */
export function computeSnapshotHash(snapshot: Omit<Snapshot, 'hash' | 'version' | 'createdAt'> & Partial<Snapshot>): Promise<string> {
  const { hash: _h, version: _v, createdAt: _c, ...content } = snapshot;
  return sha256Hex(hashInput(content as Omit<Snapshot, 'hash' | 'version' | 'createdAt'>));
}

/** The requested leaf (`upToMessageId`, else the chat's current message), checked to exist. */
function requestedLeaf(chat: ValidatedChat, upToMessageId: string | null | undefined): string | null {
  if (upToMessageId == null) return chat.currentId;
  if (!chat.messages.has(upToMessageId)) {
    throw new InvalidInputError([{ path: 'upToMessageId', message: `message "${upToMessageId}" is not in the chat` }]);
  }
  return upToMessageId;
}

/** What the scope covers and what of it is left out: shared by the snapshot and its preview. */
function plan(chat: ValidatedChat, options: SnapshotOptions) {
  const scope = options.scope ?? 'branch';
  const leaveOut = options.leaveOut ?? null;
  const removed = leaveOut === null ? new Set<string>() : leftOutIds(chat, leaveOut);
  const leafId = requestedLeaf(chat, options.upToMessageId);
  const selection = selectMessages(chat, scope, leafId);
  return { scope, leaveOut, removed, leafId, selection };
}

/**
 * Builds a deep-frozen, hashed copy of a validated chat, so later edits never reach a link. `branch` keeps exactly
 * the root→current path with children trimmed to it; `full-history` keeps every branch. Message ids are re-mapped;
 * nothing references the source. Left-out messages go and their replies move up to their parent, in their place; a
 * current or "up to" message that is left out gives way to its nearest kept ancestor.
 */
export async function snapshotChat(chat: ValidatedChat, options: SnapshotOptions = {}): Promise<Snapshot> {
  const { scope, leaveOut, removed, leafId, selection } = plan(chat, options);
  const selected = new Set(selection);
  const rootId = keptRoot(chat, removed, selected);
  const keptIds = removed.size === 0 ? selection : selection.filter((id) => !removed.has(id));
  // A left-out root that was also the current message leaves no ancestor: its heir, the new root, is shown instead.
  const currentId = rootId === null ? null : (nearestKept(chat, removed, leafId) ?? rootId);
  // Ids are `m1…mN`, zero-padded to one width (`m01…m12`) so that tree order is also sorted order: the content is
  // canonical as built, with no sort (see sealContent). Tree order survives leaving out: a reply takes its removed
  // parent's place.
  const width = String(keptIds.length).length;
  const newId = new Map<string, string>();
  keptIds.forEach((id, i) => newId.set(id, `m${String(i + 1).padStart(width, '0')}`));
  const parentOf = new Map<string, string>();
  const messages: Record<string, SnapshotMessage> = {};
  for (const id of keptIds) {
    const m: TreeMessage = chat.messages.get(id)!;
    const mapped = newId.get(id)!;
    const childrenIds: string[] = [];
    if (removed.size === 0) {
      // Nothing left out (the common case): the source links stand as they are, without the re-parenting walk.
      for (const c of m.childrenIds) if (selected.has(c)) childrenIds.push(newId.get(c)!);
    } else {
      for (const c of keptChildren(chat, removed, selected, m.childrenIds)) {
        childrenIds.push(newId.get(c)!);
        parentOf.set(c, mapped);
      }
    }
    const { content, files } = sharedContent(m, leaveOut);
    // Frozen as built: deepFreeze then stops at each frozen message instead of walking it again.
    messages[mapped] = Object.freeze({
      childrenIds: Object.freeze(childrenIds),
      content,
      files: Object.freeze(files.map((f) => Object.freeze({ name: f.name, size: f.size, type: f.type }))),
      id: mapped,
      model: m.model,
      modelName: m.modelName,
      // Tree order puts every parent first, so its entry is already set.
      parentId: removed.size === 0 ? (m.parentId === null ? null : newId.get(m.parentId)!) : (parentOf.get(id) ?? null),
      role: m.role,
      timestamp: m.timestamp,
    });
  }
  const systemPrompt = leaveOut?.systemPrompt === true ? null : chat.systemPrompt;
  const { content, hash } = await sealContent({
    format: SNAPSHOT_FORMAT,
    title: chat.title,
    scope,
    models: [...chat.models],
    rootId: rootId === null ? null : newId.get(rootId)!,
    currentId: currentId === null ? null : newId.get(currentId)!,
    messages,
    ...(systemPrompt !== null ? { systemPrompt } : {}),
  });
  return deepFreeze({ ...content, version: options.version ?? 1, createdAt: options.now ?? Date.now(), hash });
}

/**
 * Review before publishing: the snapshot these options give, plus every message the scope covers with the left-out
 * ones flagged, so the owner reviews exactly what would be published. Built by `snapshotChat` itself: the preview
 * cannot drift from it.
 */
export async function previewChat(chat: ValidatedChat, options: SnapshotOptions & { leaveOut: ShareLeaveOut }): Promise<SharePreview> {
  const snapshot = await snapshotChat(chat, options);
  const { removed, selection, leaveOut } = plan(chat, options);
  const messages: PreviewMessage[] = [];
  let toolOutput = false;
  let attachments = false;
  let systemMessage = false;
  for (const id of selection) {
    const m = chat.messages.get(id)!;
    const tool = hasToolOutput(m);
    toolOutput ||= tool;
    attachments ||= m.files.length > 0;
    systemMessage ||= m.role === 'system';
    messages.push({
      sourceId: id,
      role: m.role,
      content: sharedContent(m, leaveOut).content,
      model: m.model,
      timestamp: m.timestamp,
      fileCount: m.files.length,
      hasToolOutput: tool,
      leftOut: removed.has(id),
    });
  }
  return deepFreeze({
    snapshot,
    messages,
    leaveOut: options.leaveOut,
    hasSystemPrompt: chat.systemPrompt !== null || systemMessage,
    hasToolOutput: toolOutput,
    hasAttachments: attachments,
  });
}

/** The messages on the snapshot's visible branch, root first. */
export function snapshotBranch(snapshot: Snapshot): SnapshotMessage[] {
  if (snapshot.currentId === null) return [];
  const byId = new Map(Object.entries(snapshot.messages));
  return pathToRoot(byId, snapshot.currentId).map((id) => byId.get(id)!);
}

/** Narrows a full-history snapshot to its visible branch, so narrowing a share's scope takes effect at once. */
export async function restrictToBranch(snapshot: Snapshot): Promise<Snapshot> {
  if (snapshot.scope === 'branch') return snapshot;
  const branch = snapshotBranch(snapshot);
  const kept = new Set(branch.map((m) => m.id));
  const messages: Record<string, SnapshotMessage> = {};
  for (const m of [...branch].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    messages[m.id] = sortedMessage({ ...m, childrenIds: m.childrenIds.filter((c) => kept.has(c)) });
  }
  const { content, hash } = await sealContent({
    format: SNAPSHOT_FORMAT,
    title: snapshot.title,
    scope: 'branch',
    models: [...snapshot.models],
    rootId: snapshot.rootId,
    currentId: snapshot.currentId,
    messages,
    ...(snapshot.systemPrompt !== undefined ? { systemPrompt: snapshot.systemPrompt } : {}),
  });
  return deepFreeze({ ...content, version: snapshot.version, createdAt: snapshot.createdAt, hash });
}
