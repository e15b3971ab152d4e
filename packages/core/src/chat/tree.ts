import { InvalidChatError, ChatTooLargeError, type Issue } from '../errors.js';
import { guardRawChat, joinPath, markdownNesting } from './guard.js';
import { resolveLimits, type ChatLimits } from './limits.js';
import { chatSchema, type OpenWebUIChat, type OpenWebUIMessage } from './schema.js';

/** A message in a validated tree: links agree, every id exists. */
export interface TreeMessage {
  readonly id: string;
  readonly parentId: string | null;
  readonly childrenIds: readonly string[];
  readonly role: string;
  readonly content: string;
  readonly timestamp: number | null;
  readonly model: string | null;
  readonly modelName: string | null;
  readonly files: readonly { name: string | null; type: string | null; size: number | null }[];
}

/**
 * A chat that passed every check: one root, parent/child links agree, no cycles, `currentId` exists. `source` is the
 * parsed Open WebUI object, unknown fields kept, so that it serialises back to what came in.
 */
export interface ValidatedChat {
  readonly title: string;
  readonly models: readonly string[];
  readonly messages: ReadonlyMap<string, TreeMessage>;
  readonly rootId: string | null;
  readonly currentId: string | null;
  /** The system prompt: `params.system` (else a top-level `system`); `null` when absent or blank. */
  readonly systemPrompt: string | null;
  readonly source: OpenWebUIChat;
}

function zodIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): Issue[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: joinPath(issue.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p))),
    message: issue.message,
  }));
}

/** Open WebUI's API wraps the chat: `{ id, user_id, title, chat: { history, … } }`. Accept both shapes. */
function unwrap(input: unknown): unknown {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const inner = (input as Record<string, unknown>).chat;
    if (typeof inner === 'object' && inner !== null && ('history' in inner || 'messages' in inner)) return inner;
  }
  return input;
}

/**
 * Parses an Open WebUI chat (or a chat with a flat `messages` array) and validates its message tree. Throws
 * `InvalidChatError` naming the offending path, or `ChatTooLargeError` before any expensive work.
 */
export function parseChat(input: unknown, limits?: Partial<ChatLimits>): ValidatedChat {
  const resolved = resolveLimits(limits);
  const raw = unwrap(input);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidChatError([{ path: '', message: 'expected a chat object' }]);
  }
  countMessagesCheaply(raw as Record<string, unknown>, resolved);
  guardRawChat(raw, resolved);
  const parsed = chatSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidChatError(zodIssues(parsed.error));
  const chat = parsed.data;
  const systemPrompt = systemPromptOf(chat, resolved);
  if (chat.history) return { ...buildFromHistory(chat, resolved), systemPrompt };
  if (chat.messages) return { ...buildFromFlat(chat, resolved), systemPrompt };
  throw new InvalidChatError([{ path: 'history', message: 'a chat needs `history.messages` or a `messages` array' }]);
}

/** The system prompt, held to the same limits as a message (it is shown like one when shared). */
function systemPromptOf(chat: OpenWebUIChat, limits: ChatLimits): string | null {
  const fromParams = chat.params?.system;
  const path = typeof fromParams === 'string' ? ['params', 'system'] : ['system'];
  const prompt = typeof fromParams === 'string' ? fromParams : chat.system;
  if (typeof prompt !== 'string' || prompt.trim() === '') return null;
  checkTextSize(prompt, path, limits);
  return prompt;
}

/** The message count is the cheapest limit to check: do it before walking anything. */
function countMessagesCheaply(raw: Record<string, unknown>, limits: ChatLimits): void {
  const history = raw.history;
  if (typeof history === 'object' && history !== null) {
    const messages = (history as Record<string, unknown>).messages;
    if (typeof messages === 'object' && messages !== null && Object.keys(messages).length > limits.maxMessages) {
      throw new ChatTooLargeError('history.messages', `more than ${limits.maxMessages} messages`);
    }
  }
  if (Array.isArray(raw.messages) && raw.messages.length > limits.maxMessages && !history) {
    throw new ChatTooLargeError('messages', `more than ${limits.maxMessages} messages`);
  }
}

/** `path` names the message (`['history', 'messages', key]`); it is joined only when there is an error to report. */
function checkMessageSize(message: OpenWebUIMessage, path: readonly (string | number)[], limits: ChatLimits): void {
  checkTextSize(message.content, [...path, 'content'], limits);
}

function checkTextSize(text: string, path: readonly (string | number)[], limits: ChatLimits): void {
  if (text.length > limits.maxMessageChars) {
    throw new ChatTooLargeError(joinPath(path), `longer than ${limits.maxMessageChars} characters`);
  }
  if (markdownNesting(text) > limits.maxMarkdownNesting) {
    throw new ChatTooLargeError(joinPath(path), `markdown nested deeper than ${limits.maxMarkdownNesting} levels`);
  }
}

function toTreeMessage(message: OpenWebUIMessage, id: string, parentId: string | null, childrenIds: string[]): TreeMessage {
  return {
    id,
    parentId,
    childrenIds,
    role: message.role,
    content: message.content,
    timestamp: message.timestamp ?? null,
    model: message.model ?? null,
    modelName: message.modelName ?? null,
    files: (message.files ?? []).map((f) => ({ name: f.name ?? null, type: f.type ?? null, size: f.size ?? null })),
  };
}

function title(chat: OpenWebUIChat): string {
  return chat.title?.trim() || 'New Chat';
}

function buildFromFlat(chat: OpenWebUIChat, limits: ChatLimits): Omit<ValidatedChat, 'systemPrompt'> {
  const list = chat.messages ?? [];
  if (list.length > limits.maxMessages) {
    throw new ChatTooLargeError('messages', `more than ${limits.maxMessages} messages`);
  }
  const ids = list.map((m, i) => m.id ?? `m${i + 1}`);
  if (new Set(ids).size !== ids.length) {
    const dup = ids.find((id, i) => ids.indexOf(id) !== i)!;
    throw new InvalidChatError([{ path: `messages.${ids.indexOf(dup, ids.indexOf(dup) + 1)}.id`, message: `duplicate id "${dup}"` }]);
  }
  const messages = new Map<string, TreeMessage>();
  list.forEach((m, i) => {
    checkMessageSize(m, ['messages', i], limits);
    const id = ids[i]!;
    const next = ids[i + 1];
    messages.set(id, toTreeMessage(m, id, i === 0 ? null : ids[i - 1]!, next === undefined ? [] : [next]));
  });
  return {
    title: title(chat),
    models: chat.models ?? [],
    messages,
    rootId: ids[0] ?? null,
    currentId: ids[ids.length - 1] ?? null,
    source: chat,
  };
}

function buildFromHistory(chat: OpenWebUIChat, limits: ChatLimits): Omit<ValidatedChat, 'systemPrompt'> {
  const history = chat.history!;
  const entries = Object.entries(history.messages);
  if (entries.length > limits.maxMessages) {
    throw new ChatTooLargeError('history.messages', `more than ${limits.maxMessages} messages`);
  }
  const base = 'history.messages';
  const fail = (key: string, field: string, message: string): never => {
    throw new InvalidChatError([{ path: joinPath(['history', 'messages', key, field]), message }]);
  };
  // The first pass checks sizes, ids and parent links and builds the tree messages; the second checks child links, so
  // a wrong parentId is reported on the message that has it.
  const roots: string[] = [];
  const messages = new Map<string, TreeMessage>();
  for (const [key, message] of entries) {
    checkMessageSize(message, ['history', 'messages', key], limits);
    if (message.id !== undefined && message.id !== key) fail(key, 'id', `id "${message.id}" differs from its key`);
    const parentId = message.parentId ?? null;
    if (parentId === key) fail(key, 'parentId', 'a message cannot be its own parent');
    if (parentId === null) {
      roots.push(key);
    } else {
      const parent = Object.hasOwn(history.messages, parentId) ? history.messages[parentId] : undefined;
      if (!parent) fail(key, 'parentId', `parent "${parentId}" does not exist`);
      else if (!(parent.childrenIds ?? []).includes(key)) {
        fail(key, 'parentId', `parent "${parentId}" does not list this message in its childrenIds`);
      }
    }
    messages.set(key, toTreeMessage(message, key, parentId, [...(message.childrenIds ?? [])]));
  }
  for (const [key, message] of entries) {
    const children = message.childrenIds ?? [];
    for (let i = 0; i < children.length; i++) {
      const childId = children[i]!;
      const child = Object.hasOwn(history.messages, childId) ? history.messages[childId] : undefined;
      if (!child) fail(key, 'childrenIds', `child "${childId}" does not exist`);
      else if ((child.parentId ?? null) !== key) fail(key, 'childrenIds', `child "${childId}" names another parent`);
      // A child listed twice would be walked twice; sibling lists are short, so a scan beats a Set per message.
      if (children.indexOf(childId) !== i) fail(key, 'childrenIds', `child "${childId}" is listed twice`);
    }
  }
  if (entries.length > 0 && roots.length !== 1) {
    throw new InvalidChatError([
      {
        path: base,
        message: roots.length === 0 ? 'no root message (every message has a parent: a cycle)' : `${roots.length} root messages; expected one`,
      },
    ]);
  }
  const rootId = roots[0] ?? null;
  // Walk down from the root iteratively: any message not reached sits on a cycle detached from the root.
  const reached = new Set<string>();
  if (rootId !== null) {
    const stack = [rootId];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (reached.has(id)) continue;
      reached.add(id);
      for (const childId of history.messages[id]!.childrenIds ?? []) stack.push(childId);
    }
  }
  if (reached.size !== entries.length) {
    const stray = entries.find(([key]) => !reached.has(key))![0];
    fail(stray, 'parentId', 'message is on a cycle and not reachable from the root');
  }
  let currentId = history.currentId ?? null;
  if (currentId !== null && !Object.hasOwn(history.messages, currentId)) {
    throw new InvalidChatError([{ path: 'history.currentId', message: `message "${currentId}" does not exist` }]);
  }
  if (currentId === null && rootId !== null) {
    // No visible leaf recorded: follow the newest child from the root, as Open WebUI shows it.
    let leaf: string = rootId;
    for (;;) {
      const children: readonly string[] = history.messages[leaf]!.childrenIds ?? [];
      const last = children[children.length - 1];
      if (last === undefined) break;
      leaf = last;
    }
    currentId = leaf;
  }
  return { title: title(chat), models: chat.models ?? [], messages, rootId, currentId, source: chat };
}

/** The ids on the path from the root to `leafId`, root first. */
export function pathToRoot(messages: ReadonlyMap<string, { parentId: string | null }>, leafId: string): string[] {
  const path: string[] = [];
  let id: string | null = leafId;
  while (id !== null) {
    path.push(id);
    id = messages.get(id)?.parentId ?? null;
    if (path.length > messages.size) break; // defensive: validated trees have no cycles
  }
  return path.reverse();
}
