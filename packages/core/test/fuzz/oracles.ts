import { expect } from 'vitest';
import {
  ChatshareError,
  ChatTooLargeError,
  InvalidChatError,
  InvalidInputError,
  computeSnapshotHash,
  parseChat,
  snapshotChat,
  snapshotSchema,
  snapshotToChat,
  type ChatLimits,
  type Snapshot,
  type SnapshotScope,
  type ValidatedChat,
} from '@chatshare/core';
import { PROTOTYPE_KEYS, recordOf, type Secrets } from './arbitraries.js';

/**
 * Oracles for the fuzz suite: what must hold of any error, any accepted chat and any snapshot, written from the spec
 * rather than from the implementation (docs/spec.md: bad input T19–T23, privacy T26, frozen copies R4, hashes B8).
 */

// vitest's `expect` costs tens of microseconds a call, too much for 10,000 runs × dozens of checks: check cheaply and
// call `expect` only on a failure, for its diff.
function same(actual: unknown, expected: unknown, what?: string): void {
  if (!Object.is(actual, expected)) expect(actual, what).toBe(expected);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function equal(actual: unknown, expected: unknown, what?: string): void {
  if (!deepEqual(actual, expected)) expect(actual, what).toStrictEqual(expected);
}

function atMost(actual: number, limit: number, what: string): void {
  if (!(actual <= limit)) expect(actual, what).toBeLessThanOrEqual(limit);
}

type ErrorClass = typeof InvalidChatError | typeof ChatTooLargeError | typeof InvalidInputError;

const CODES = new Map<ErrorClass, string>([
  [InvalidChatError, 'INVALID_CHAT'],
  [ChatTooLargeError, 'CHAT_TOO_LARGE'],
  [InvalidInputError, 'INVALID_INPUT'],
]);

function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? `${error.constructor.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  } catch {
    return '(an unprintable value)';
  }
}

/**
 * 64 path segments (the default depth), each a key shortened to 100 characters and JSON-escaped (≤ 6 per character),
 * plus text naming an id of up to 1,000 characters. A deeper configured limit adds 2-character segments (`n`, `0`).
 */
const MAX_ERROR_MESSAGE_CHARS = 64 * 610 + 2_000;

/**
 * Hostile input gets a typed error: the only failure is one of the typed errors, with its stable code and class
 * name, and building its message, its string form and its wire form never throws.
 */
export function expectTypedError(error: unknown, allowed: readonly ErrorClass[] = [InvalidChatError, ChatTooLargeError]): ChatshareError {
  if (!(error instanceof ChatshareError)) throw new Error(`expected a typed ChatshareError, got ${describeThrown(error)}`);
  const cls = allowed.find((c) => error instanceof c);
  if (!cls) throw new Error(`unexpected error class ${error.name} (${error.code}): ${error.message}`);
  same(error.code, CODES.get(cls));
  same(error.name, cls.name);
  same(typeof String(error), 'string');
  same(typeof JSON.stringify(error.toJSON()), 'string');
  if (error.issues.length === 0) expect(error.issues, 'an error names at least one issue').not.toHaveLength(0);
  for (const issue of error.issues) {
    same(typeof issue.path, 'string');
    same(typeof issue.message, 'string');
  }
  if (!error.message.includes(error.issues[0]!.message)) expect(error.message).toContain(error.issues[0]!.message);
  // Paths show at most the start of a long key: a 100,000-character key must not come back as a 100 KB message.
  atMost(error.message.length, MAX_ERROR_MESSAGE_CHARS, 'a short error message');
  return error;
}

/** Runs `fn`, which must throw; returns the typed error it threw. */
export function typedErrorOf(fn: () => unknown, allowed?: readonly ErrorClass[]): ChatshareError {
  try {
    fn();
  } catch (error) {
    return expectTypedError(error, allowed);
  }
  throw new Error('expected a typed error, but the call succeeded');
}

// The prototypes a naive deep merge or path assignment reaches through `__proto__` / `constructor.prototype`.
const WATCHED_PROTOTYPES = [Object.prototype, Array.prototype] as const;

function prototypeState(): unknown[][] {
  return WATCHED_PROTOTYPES.map((proto) =>
    Reflect.ownKeys(proto).flatMap((key) => {
      const d = Object.getOwnPropertyDescriptor(proto, key)!;
      return [key, d.value, d.get, d.set];
    }),
  );
}

const baseline = prototypeState();

/** No prototype pollution: no run may add, remove or replace anything on the shared prototypes. */
export function expectNoPollution(): void {
  same(({} as Record<string, unknown>).polluted, undefined, 'T19: ({}).polluted');
  same(([] as unknown as Record<string, unknown>).polluted, undefined, 'T19: [].polluted');
  same(Object.getPrototypeOf({}), Object.prototype);
  const now = prototypeState();
  for (let i = 0; i < baseline.length; i++) {
    const before = baseline[i]!;
    const after = now[i]!;
    if (before.length !== after.length || before.some((v, j) => v !== after[j])) {
      throw new Error(`${['Object', 'Array'][i]}.prototype was changed`);
    }
  }
}

/** True for a string PostgreSQL text/jsonb, IndexedDB and memory stores all keep as is: no NUL, no lone surrogate. */
export function isStorable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/** What a raw input holds, measured by a walk of its own (not the guard's). */
export interface InputFacts {
  forbiddenKey: string | null;
  unstorable: string | null;
  nonPlain: boolean;
  cyclic: boolean;
  /** Deepest object/array nesting, the input itself at depth 0. */
  depth: number;
  /** Characters in all string values and object keys. */
  totalChars: number;
}

export function inputFacts(root: unknown): InputFacts {
  const facts: InputFacts = { forbiddenKey: null, unstorable: null, nonPlain: false, cyclic: false, depth: 0, totalChars: 0 };
  const onPath = new Set<object>();
  // Iterative DFS with exit markers, so a 10,000-deep input does not overflow the test's own stack.
  const stack: { value: unknown; depth: number; exit?: object }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth, exit } = stack.pop()!;
    if (exit) {
      onPath.delete(exit);
      continue;
    }
    if (typeof value === 'string') {
      facts.totalChars += value.length;
      if (facts.unstorable === null && !isStorable(value)) facts.unstorable = value;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (onPath.has(value)) {
      facts.cyclic = true;
      continue;
    }
    facts.depth = Math.max(facts.depth, depth);
    if (!Array.isArray(value)) {
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) facts.nonPlain = true;
    }
    onPath.add(value);
    stack.push({ value: null, depth, exit: value });
    for (const key of Object.keys(value)) {
      if (!Array.isArray(value)) {
        facts.totalChars += key.length;
        if (facts.forbiddenKey === null && (PROTOTYPE_KEYS as readonly string[]).includes(key)) facts.forbiddenKey = key;
        if (facts.unstorable === null && !isStorable(key)) facts.unstorable = key;
      }
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return facts;
}

/**
 * What an accepted chat must be. The raw input was plain JSON with no prototype key, no unstorable string,
 * within every limit; the tree has one root, agreeing links, no cycle, an existing current message; and it says what the
 * input said.
 */
export function expectAcceptedChat(chat: ValidatedChat, raw: Record<string, unknown>, limits: ChatLimits): void {
  const facts = inputFacts(raw);
  same(facts.forbiddenKey, null, 'T19: a prototype key was accepted');
  same(facts.unstorable, null, 'T23: an unstorable string was accepted');
  same(facts.nonPlain, false, 'T23: a non-plain object was accepted');
  same(facts.cyclic, false, 'T20: a cyclic object was accepted');
  atMost(facts.depth, limits.maxJsonDepth, 'T22: JSON depth');
  atMost(facts.totalChars, limits.maxTotalChars, 'T22: total characters');
  atMost(chat.messages.size, limits.maxMessages, 'T22: message count');

  const roots = [...chat.messages.values()].filter((m) => m.parentId === null);
  if (chat.messages.size === 0) {
    same(chat.rootId, null);
    same(chat.currentId, null);
  } else {
    equal(roots.map((m) => m.id), [chat.rootId], 'T21: exactly one root');
    same(chat.messages.has(chat.currentId!), true, 'T21: currentId exists');
  }
  for (const [id, m] of chat.messages) {
    same(m.id, id);
    atMost(m.content.length, limits.maxMessageChars, 'T22: message length');
    same(new Set(m.childrenIds).size, m.childrenIds.length, 'T21: no child listed twice');
    for (const c of m.childrenIds) same(chat.messages.get(c)?.parentId, id, 'T21: child links agree');
    if (m.parentId !== null && !chat.messages.get(m.parentId)?.childrenIds.includes(id)) {
      expect(chat.messages.get(m.parentId)?.childrenIds, 'T21: parent links agree').toContain(id);
    }
  }
  // No cycles: every message hangs under the root (a cycle detached from the root would not).
  const reached = new Set<string>();
  const stack = chat.rootId === null ? [] : [chat.rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    same(reached.has(id), false, 'T20: reached twice (a cycle)');
    reached.add(id);
    stack.push(...chat.messages.get(id)!.childrenIds);
  }
  same(reached.size, chat.messages.size, 'T20: every message reachable from the root');

  // The tree is the input's tree.
  const history = recordOf(raw.history);
  if (history) {
    const messages = recordOf(history.messages)!;
    equal([...chat.messages.keys()], Object.keys(messages));
    for (const [id, m] of chat.messages) {
      const source = messages[id] as Record<string, unknown>;
      same(m.parentId, source.parentId ?? null);
      equal(m.childrenIds, source.childrenIds ?? []);
      same(m.content, source.content);
      same(m.role, source.role);
    }
    if (history.currentId != null) same(chat.currentId, history.currentId);
  } else {
    const list = raw.messages as Record<string, unknown>[];
    const ids = list.map((m, i) => (m.id as string | undefined) ?? `m${i + 1}`);
    equal([...chat.messages.keys()], ids);
    list.forEach((m, i) => same(chat.messages.get(ids[i]!)!.content, m.content));
    same(chat.currentId, ids.at(-1) ?? null);
  }
}

/** Root-to-`id` ancestry, from parent links. */
function ancestry(chat: ValidatedChat, id: string): string[] {
  const chain: string[] = [];
  for (let at: string | null = id; at !== null; at = chat.messages.get(at)!.parentId) chain.push(at);
  return chain.reverse();
}

/** Position of `id` among its siblings at each level, root first: sorting by it gives tree (pre)order. */
function treePosition(chat: ValidatedChat, chain: readonly string[]): number[] {
  return chain.slice(1).map((id, i) => chat.messages.get(chain[i]!)!.childrenIds.indexOf(id));
}

function comparePositions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * The source messages a snapshot must hold, in tree order. `branch`: the leaf and its ancestors.
 * `full-history`: every message, except what came after an "up to" message that is not the current one.
 */
export function expectedSelection(chat: ValidatedChat, scope: SnapshotScope, leafId: string | null): string[] {
  if (leafId === null) return [];
  if (scope === 'branch') return ancestry(chat, leafId);
  const cut = leafId !== chat.currentId;
  const kept = [...chat.messages.keys()]
    .map((id) => ({ id, chain: ancestry(chat, id) }))
    .filter(({ id, chain }) => !(cut && id !== leafId && chain.includes(leafId)))
    .map(({ id, chain }) => ({ id, position: treePosition(chat, chain) }));
  return kept.sort((a, b) => comparePositions(a.position, b.position)).map((k) => k.id);
}

const SNAPSHOT_KEYS = ['createdAt', 'currentId', 'format', 'hash', 'messages', 'models', 'rootId', 'scope', 'title', 'version'];
const MESSAGE_KEYS = ['childrenIds', 'content', 'files', 'id', 'model', 'modelName', 'parentId', 'role', 'timestamp'];
const FILE_KEYS = ['name', 'size', 'type'];

function expectDeepFrozen(root: unknown): void {
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    same(Object.isFrozen(value), true, 'R4: every object of a snapshot is frozen');
    for (const key of Object.keys(value)) stack.push((value as Record<string, unknown>)[key]);
  }
}

/**
 * A snapshot is schema-valid and deeply frozen, its hash is a recomputation of its content, it holds exactly the
 * chosen scope's messages (re-mapped ids, source fields copied, attachment metadata only), and no owner id, chat id or
 * email.
 */
export async function expectValidSnapshot(
  snapshot: Snapshot,
  chat: ValidatedChat,
  options: { scope: SnapshotScope; leafId: string | null; secrets?: Secrets },
): Promise<void> {
  same(snapshotSchema.safeParse(snapshot).success, true, 'snapshot schema');
  expectDeepFrozen(snapshot);
  same(await computeSnapshotHash(snapshot), snapshot.hash, 'B8: hash matches a recomputation');
  // Without leave-out choices the chat's system prompt is kept, as the one optional key.
  equal(Object.keys(snapshot).filter((k) => k !== 'systemPrompt').sort(), SNAPSHOT_KEYS);
  same(snapshot.systemPrompt, chat.systemPrompt ?? undefined, 'B15: the system prompt is kept when nothing is left out');
  same(snapshot.scope, options.scope);
  same(snapshot.title, chat.title);
  equal(snapshot.models, chat.models);

  const selection = expectedSelection(chat, options.scope, options.leafId);
  const ids = Object.keys(snapshot.messages);
  const width = String(selection.length).length;
  equal(ids, selection.map((_, i) => `m${String(i + 1).padStart(width, '0')}`), 'R4: re-mapped ids in tree order');
  const mapped = new Map(selection.map((source, i) => [source, ids[i]!]));
  for (const [source, id] of mapped) {
    const from = chat.messages.get(source)!;
    const m = snapshot.messages[id]!;
    equal(Object.keys(m).sort(), MESSAGE_KEYS);
    same(m.id, id);
    same(m.parentId, from.parentId === null ? null : mapped.get(from.parentId));
    equal(m.childrenIds, from.childrenIds.filter((c) => mapped.has(c)).map((c) => mapped.get(c)));
    equal([m.role, m.content, m.timestamp, m.model, m.modelName], [from.role, from.content, from.timestamp, from.model, from.modelName]);
    equal(m.files, from.files);
    for (const f of m.files) equal(Object.keys(f).sort(), FILE_KEYS);
  }
  same(snapshot.rootId, selection.length === 0 ? null : mapped.get(chat.rootId!));
  same(snapshot.currentId, options.leafId === null || selection.length === 0 ? null : mapped.get(options.leafId));

  if (options.secrets) {
    const text = JSON.stringify(snapshot);
    for (const secret of Object.values(options.secrets)) {
      if (text.includes(secret)) expect(text, 'T26: no owner id, chat id or email').not.toContain(secret);
    }
  }
}

/** Clone and community upload: snapshot → `snapshotToChat` → JSON → `parseChat` → snapshot again has the same hash. */
export async function expectRoundTrip(snapshot: Snapshot, limits?: Partial<ChatLimits>): Promise<void> {
  const exported = JSON.parse(JSON.stringify(snapshotToChat(snapshot))) as unknown;
  const again = await snapshotChat(parseChat(exported, limits), { scope: snapshot.scope });
  same(again.hash, snapshot.hash, 'round trip keeps the content');
}
