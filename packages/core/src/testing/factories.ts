import { parseChat } from '../chat/tree.js';
import { snapshotChat } from '../snapshot/create.js';
import type { SnapshotScope } from '../snapshot/types.js';
import { DEFAULT_LEAVE_OUT, type ShareRecord } from '../share/types.js';
import { createShareId } from '../share/ids.js';

type Message = {
  id: string;
  parentId: string | null;
  childrenIds: string[];
  role: 'user' | 'assistant';
  content: string;
  timestamp: number;
  model?: string;
};

/** A single-branch Open WebUI chat of `count` alternating user/assistant messages. */
export function linearChat(count: number, options: { title?: string; prefix?: string } = {}) {
  const prefix = options.prefix ?? 'msg';
  const messages: Record<string, Message> = {};
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    messages[id] = {
      id,
      parentId: i === 0 ? null : `${prefix}-${i - 1}`,
      childrenIds: i + 1 < count ? [`${prefix}-${i + 1}`] : [],
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: `${i % 2 === 0 ? 'Question' : 'Answer'} number ${i}`,
      timestamp: 1_750_000_000 + i,
      ...(i % 2 === 1 ? { model: 'test-model' } : {}),
    };
  }
  return {
    id: 'chat-1',
    title: options.title ?? 'A linear chat',
    models: ['test-model'],
    history: { messages, currentId: count > 0 ? `${prefix}-${count - 1}` : null },
  };
}

/**
 * A chat where every message on the current path has `width` children (regenerations/edits) and the last child is the
 * visible one; `depth` levels deep. Message count: 1 + depth * width.
 */
export function chatWithBranches(options: { depth: number; width: number; title?: string }) {
  const { depth, width } = options;
  const messages: Record<string, Message> = {};
  const root: Message = { id: 'r', parentId: null, childrenIds: [], role: 'user', content: 'Root question', timestamp: 1_750_000_000 };
  messages.r = root;
  let current = root;
  for (let level = 1; level <= depth; level++) {
    for (let w = 0; w < width; w++) {
      const id = `n${level}-${w}`;
      const message: Message = {
        id,
        parentId: current.id,
        childrenIds: [],
        role: level % 2 === 1 ? 'assistant' : 'user',
        content: `Level ${level}, variant ${w + 1} of ${width}`,
        timestamp: 1_750_000_000 + level * 10 + w,
      };
      messages[id] = message;
      current.childrenIds.push(id);
    }
    current = messages[`n${level}-${width - 1}`]!;
  }
  return { title: options.title ?? 'A chat with branches', models: ['test-model'], history: { messages, currentId: current.id } };
}

let clock = 1_760_000_000_000;

/** A valid share record with a real snapshot, for store tests. Each call gets a new id and a later `createdAt`. */
export async function makeShareRecord(overrides: Partial<ShareRecord> & { messages?: number; scope?: SnapshotScope } = {}): Promise<ShareRecord> {
  const { messages = 2, scope = 'branch', ...fields } = overrides;
  const at = (clock += 1000);
  const title = fields.title ?? `Shared chat ${at}`;
  const snapshot = await snapshotChat(parseChat(linearChat(messages, { title })), { scope, now: at });
  return {
    id: createShareId(),
    ownerId: 'owner-a',
    ownerName: null,
    chatId: 'chat-a',
    title,
    audience: { type: 'instance' },
    expiresAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    snapshot,
    password: null,
    leaveOut: DEFAULT_LEAVE_OUT,
    views: { count: 0, lastViewedAt: null },
    ...fields,
  };
}
