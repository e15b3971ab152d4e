import fc from 'fast-check';
import type { ChatLimits } from '@chatshare/core';

/**
 * Arbitraries for the fuzz suite: Open WebUI chats built from generated trees, hostile strings and values, and the
 * mutations that break them. Everything here is data; the properties and their oracles live in the test files.
 */

/**
 * Every fuzz property runs 10,000 cases in CI from a fixed seed, so a failure in CI reproduces locally with the same
 * command. `CHATSHARE_FUZZ_SEED` / `CHATSHARE_FUZZ_RUNS` explore other cases; fast-check prints seed and path on failure.
 */
export function fuzzParameters(numRuns = 10_000): { seed: number; numRuns: number } {
  return {
    seed: Number(process.env.CHATSHARE_FUZZ_SEED ?? 0x7319_2023),
    numRuns: Number(process.env.CHATSHARE_FUZZ_RUNS ?? numRuns),
  };
}

/** Generous per-test timeout: 10,000 runs on two shared CI cores. */
export const FUZZ_TIMEOUT = 300_000;

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Names that exist on every object through `Object.prototype`: fine as ids, fatal if looked up with `obj[id]`. */
const INHERITED_NAMES = ['toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', '__lookupSetter__', 'toLocaleString'];

/** Characters every store keeps (no NUL, no lone surrogate) but that break naive code: controls, bidi, separators. */
const TRICKY_STORABLE = ['\u0001', '\u0007', '\u001b', '\u007f', '\t', '\r', '\n', '\u2028', '\u2029', '\ufeff', '\u202e', '\u200b', '"', "'", '\\', '/', '`', '<', '>', '&', '$', '%', '.', '-', '*', '+', '#', '[', ']', '{', '}', ' ', '\ud83e\udde0', '\ud800\udc00', '\udbff\udfff', 'é', 'e\u0301'];

/** Valid in a JS string, refused by PostgreSQL: NUL in text and jsonb, lone surrogates in jsonb. */
export const UNSTORABLE = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff'];

// Units built from integers: a fraction of the cost of one-character fc.string arbitraries, at 10,000 runs that counts.
const printableAscii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
/** Any code point but NUL and the surrogate halves (those only come from UNSTORABLE). */
const anyCodePoint = fc.integer({ min: 1, max: 0x10ffff - 0x800 }).map((c) => String.fromCodePoint(c >= 0xd800 ? c + 0x800 : c));

const storableUnit = fc.oneof(
  { weight: 3, arbitrary: printableAscii },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY_STORABLE) },
  { weight: 1, arbitrary: anyCodePoint },
);

/** Short text every store can keep, full of characters that trip up escaping, paths and renderers. */
export function storableText(maxLength = 12): fc.Arbitrary<string> {
  return fc.string({ unit: storableUnit, maxLength });
}

/** Any string a JS host can hand over, including NUL and lone surrogates. */
export function hostileText(maxLength = 12): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.string({ unit: fc.oneof(storableUnit, fc.constantFrom(...UNSTORABLE)), maxLength }) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS, ...INHERITED_NAMES, ...UNSTORABLE, '', ' ', '12345678901234567890', '-0', 'NaN', 'Infinity') },
  );
}

/** Message ids that are valid but hostile: inherited names, numeric keys (enumerated first), quotes, unicode. */
export const messageId: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: printableAscii, minLength: 1, maxLength: 6 }) },
  { weight: 2, arbitrary: storableText(8) },
  { weight: 1, arbitrary: fc.constantFrom(...INHERITED_NAMES, '0', '1', '01', '-0', '4294967295', '1e3', 'NaN', 'm1', 'm01', '') },
  { weight: 1, arbitrary: fc.uuid() },
);

/** Keys of unknown fields, prefixed so they never collide with a field the schema knows. */
const extraKey = storableText(6).map((k) => `x_${k}`);

/** A small JSON value with safe keys and storable strings, for unknown fields kept as is. */
const extraValue: fc.Arbitrary<unknown> = fc.oneof(
  storableText(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(storableText(), { maxLength: 3 }),
  fc.dictionary(extraKey, storableText(), { maxKeys: 3, noNullPrototype: true }),
);

const optionalNullable = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(null));

const timestamp = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000_000 }),
  fc.double({ min: 0, max: 1e14, noNaN: true }),
  fc.constantFrom(-0, 0, 1e14, 1_750_000_000_000),
);

/** Markdown-ish content: quotes, lists, fences and HTML, bounded so it stays under the default nesting limit. */
const content = fc.oneof(
  { weight: 3, arbitrary: storableText(24) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom('> ', '- ', '  ', '* ', '1. ', '```', '<script>', '# ', ''), storableText(8)), { maxLength: 6 })
      .map((lines) => lines.map(([marker, text]) => marker + text).join('\n')),
  },
);

export interface FileFields {
  type?: string | null;
  name?: string | null;
  size?: number | null;
  [extra: string]: unknown;
}

export interface MessageFields {
  role: string;
  content: string;
  timestamp?: number | null;
  model?: string | null;
  modelName?: string | null;
  files?: FileFields[] | null;
  extra: Record<string, unknown>;
}

const file: fc.Arbitrary<FileFields> = fc.record(
  {
    type: optionalNullable(fc.constantFrom('image', 'file', 'doc', '')),
    name: optionalNullable(storableText()),
    size: optionalNullable(fc.oneof(fc.nat(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(1e308))),
  },
  { requiredKeys: [] },
);

const messageFields: fc.Arbitrary<MessageFields> = fc.record(
  {
    role: fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'tool', ''), storableText(6)),
    content,
    timestamp: optionalNullable(timestamp),
    model: optionalNullable(storableText(8)),
    modelName: optionalNullable(storableText(8)),
    files: optionalNullable(fc.array(file, { maxLength: 2 })),
    extra: fc.dictionary(extraKey, extraValue, { maxKeys: 2, noNullPrototype: true }),
  },
  { requiredKeys: ['role', 'content', 'extra'] },
);

/** A message tree as data: message i (i ≥ 1) hangs under message `parents[i] % i`, so it is always a valid tree. */
export interface TreeSpec {
  readonly ids: readonly string[];
  readonly parents: readonly number[];
  readonly messages: readonly MessageFields[];
  /** Index of the visible leaf, `null` for an explicit null, `undefined` to leave `currentId` out. */
  readonly current: number | null | undefined;
  /** Children of each message in reverse creation order instead of creation order. */
  readonly reverseChildren: boolean;
}

export function treeSpec(minMessages: number, maxMessages: number): fc.Arbitrary<TreeSpec> {
  return fc.integer({ min: minMessages, max: maxMessages }).chain((n) =>
    fc.record({
      ids: fc.uniqueArray(messageId, { minLength: n, maxLength: n }),
      parents: fc.array(fc.nat(), { minLength: n, maxLength: n }),
      messages: fc.array(messageFields, { minLength: n, maxLength: n }),
      current: n === 0 ? fc.constantFrom(null, undefined) : fc.oneof(fc.nat({ max: n - 1 }), fc.constantFrom(null, undefined)),
      reverseChildren: fc.boolean(),
    }),
  );
}

/** Values that identify the owner or the source chat: placed all over the input, never allowed in a snapshot. */
export interface Secrets {
  readonly chatId: string;
  readonly ownerId: string;
  readonly email: string;
}

const secrets: fc.Arbitrary<Secrets> = fc.uuid().map((u) => ({
  chatId: `chat-${u}`,
  ownerId: `owner-${u}`,
  email: `owner-${u}@example.test`,
}));

export interface GeneratedChat {
  /** What the host hands to `parseChat`. */
  readonly input: unknown;
  /** The chat object inside `input` (the same object when not wrapped). */
  readonly chat: Record<string, unknown>;
  readonly spec: TreeSpec;
  readonly secrets: Secrets;
  readonly format: 'history' | 'flat';
}

function buildMessage(fields: MessageFields, secrets: Secrets, index: number): Record<string, unknown> {
  const { extra, files, ...known } = fields;
  const message: Record<string, unknown> = { ...extra, ...known };
  if (files !== undefined) {
    // Open WebUI keeps file ids, URLs and collection names on attachments: none of them may reach a snapshot.
    message.files = files === null ? null : files.map((f) => ({ ...f, id: `${secrets.chatId}-file`, url: `/api/v1/files/${secrets.ownerId}`, user_id: secrets.ownerId }));
  }
  if (index % 3 === 0) message.user_id = secrets.ownerId;
  return message;
}

/** Builds the Open WebUI JSON of a spec: `history.messages` with agreeing links, or a flat `messages` list. */
export function buildChat(spec: TreeSpec, secrets: Secrets, options: { format: 'history' | 'flat'; title: string | null | undefined; models: string[] | undefined; wrap: boolean }): GeneratedChat {
  const chat: Record<string, unknown> = { id: secrets.chatId, user_id: secrets.ownerId, email: secrets.email };
  if (options.title !== undefined) chat.title = options.title;
  if (options.models !== undefined) chat.models = options.models;
  if (options.format === 'flat') {
    chat.messages = spec.messages.map((fields, i) => ({ id: spec.ids[i], ...buildMessage(fields, secrets, i) }));
  } else {
    const children: string[][] = spec.ids.map(() => []);
    const parentOf = spec.parents.map((p, i) => (i === 0 ? null : p % i));
    parentOf.forEach((p, i) => {
      if (p !== null) children[p]!.push(spec.ids[i]!);
    });
    const messages: Record<string, unknown> = {};
    spec.ids.forEach((id, i) => {
      const p = parentOf[i]!;
      const kids = spec.reverseChildren ? [...children[i]!].reverse() : children[i]!;
      // Own keys defined, never assigned, so an id such as "toString" is a plain own entry like JSON.parse makes it.
      Object.defineProperty(messages, id, {
        value: { id, parentId: p === null ? null : spec.ids[p], childrenIds: kids, ...buildMessage(spec.messages[i]!, secrets, i) },
        enumerable: true,
        writable: true,
        configurable: true,
      });
    });
    const history: Record<string, unknown> = { messages };
    if (spec.current !== undefined) history.currentId = spec.current === null ? null : spec.ids[spec.current];
    chat.history = history;
  }
  const input = options.wrap ? { id: secrets.chatId, user_id: secrets.ownerId, email: secrets.email, chat } : chat;
  return { input, chat, spec, secrets, format: options.format };
}

/** A valid chat with hostile-but-storable strings everywhere, sometimes wrapped as Open WebUI's API returns it. */
export function validChat(
  options: { minMessages?: number; maxMessages?: number; formats?: readonly ('history' | 'flat')[] } = {},
): fc.Arbitrary<GeneratedChat> {
  return fc
    .record({
      spec: treeSpec(options.minMessages ?? 0, options.maxMessages ?? 10),
      secrets,
      format: fc.constantFrom(...(options.formats ?? (['history', 'history', 'flat'] as const))),
      title: fc.oneof(storableText(20), fc.constantFrom(null, undefined, '   ', '\u2028')),
      models: fc.option(fc.array(storableText(8), { maxLength: 2 }), { nil: undefined }),
      wrap: fc.boolean(),
    })
    .map(({ spec, secrets, format, title, models, wrap }) => buildChat(spec, secrets, { format, title, models, wrap }));
}

/** Values of the wrong type for a chat field: numbers JSON cannot carry, objects where strings go, and worse. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, -0, -1, 2 ** 53 + 2, 1e14 + 1, Number.MIN_VALUE),
  fc.constantFrom('12345678901234567890', '1e308', 'NaN', '', '0'),
  fc.constantFrom(null, undefined, true, false, 10n ** 30n),
  fc.constantFrom<() => unknown>(
    () => ({}),
    () => [],
    () => ({ toString: 'x', valueOf: 1 }),
    () => ['a', 1],
    () => [null],
    () => new Date(0),
    () => Object.create(null) as unknown,
    () => new Map([['a', 1]]),
    () => Object.assign(Object.create({ inherited: true }) as object, { a: 1 }),
    () => new String('boxed'),
    // eslint-disable-next-line no-sparse-arrays
    () => [, 'sparse'],
  ).map((make) => make()),
  hostileText(6),
  fc.double(),
);

/** Where a mutation lands: the n-th object or array of the chat in walk order (so: anywhere). */
export type Mutation =
  | { readonly kind: 'set'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'link'; readonly op: LinkOp; readonly a: number; readonly b: number }
  | { readonly kind: 'self-reference'; readonly at: number }
  | { readonly kind: 'deep-json'; readonly at: number; readonly depth: number };

export const LINK_OPS = [
  'reparent-under-descendant',
  'self-parent',
  'drop-child-link',
  'duplicate-child',
  'second-root',
  'orphan-parent',
  'ghost-child',
  'orphan-current',
  'delete-message',
  'id-differs-from-key',
  'detached-cycle',
  'child-names-other-parent',
] as const;
export type LinkOp = (typeof LINK_OPS)[number];

const KNOWN_FIELDS = ['id', 'parentId', 'childrenIds', 'role', 'content', 'timestamp', 'model', 'modelName', 'files', 'type', 'name', 'size', 'history', 'messages', 'currentId', 'title', 'models', 'chat'];

const mutationKey = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 3, arbitrary: fc.constantFrom(...KNOWN_FIELDS) },
  { weight: 1, arbitrary: fc.constantFrom(...INHERITED_NAMES) },
  { weight: 2, arbitrary: hostileText(6) },
);

const mutationValue = fc.oneof(
  { weight: 3, arbitrary: wrongValue },
  { weight: 1, arbitrary: fc.constant(null).map(() => ({ polluted: true })) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS).map((k) => JSON.parse(`{"${k}":{"polluted":true}}`) as unknown) },
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), key: mutationKey, value: mutationValue }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('link' as const), op: fc.constantFrom(...LINK_OPS), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('self-reference' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep-json' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 90 }) }) },
);

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Every object and array reachable from `root`, each once, in a stable walk order. */
export function containersOf(root: unknown): Container[] {
  const seen = new Set<unknown>();
  const out: Container[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!isContainer(value) || seen.has(value)) continue;
    seen.add(value);
    out.push(value);
    for (const key of Object.keys(value).reverse()) stack.push((value as Record<string, unknown>)[key]);
  }
  return out;
}

/** Defines an own property, as JSON.parse does: `__proto__` becomes a key, not a prototype change. */
export function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An unknown value nested `depth` objects/arrays deep, built in a loop. */
export function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { n: value } : [value];
  return value;
}

export function recordOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function childList(message: Record<string, unknown>): unknown[] {
  if (!Array.isArray(message.childrenIds)) message.childrenIds = [];
  return message.childrenIds as unknown[];
}

/** Applies one parent/child corruption to `history.messages`; a no-op when the chat has no such tree left. */
function applyLinkOp(chat: Record<string, unknown>, op: LinkOp, a: number, b: number): void {
  const history = recordOf(chat.history);
  const messages = recordOf(history?.messages);
  if (!history || !messages) return;
  const ids = Object.keys(messages);
  const message = (id: string | undefined) => (id === undefined ? null : recordOf(messages[id]));
  const idA = ids[a % Math.max(ids.length, 1)];
  const A = message(idA);
  if (op === 'orphan-current') {
    history.currentId = `ghost-${a}`;
    return;
  }
  if (op === 'detached-cycle') {
    defineOwn(messages, 'cycle-x', { id: 'cycle-x', parentId: 'cycle-y', childrenIds: ['cycle-y'], role: 'user', content: 'x' });
    defineOwn(messages, 'cycle-y', { id: 'cycle-y', parentId: 'cycle-x', childrenIds: ['cycle-x'], role: 'user', content: 'y' });
    return;
  }
  if (op === 'second-root') {
    defineOwn(messages, `root-${a}`, { id: `root-${a}`, parentId: null, childrenIds: [], role: 'user', content: 'another root' });
    return;
  }
  if (!A || idA === undefined) return;
  switch (op) {
    case 'reparent-under-descendant': {
      // Walk down from A by childrenIds, b steps at most: A itself or one of its descendants becomes A's parent.
      let target = idA;
      for (let step = 0; step < b % 5; step++) {
        const kids = recordOf(messages[target])?.childrenIds;
        if (!Array.isArray(kids) || kids.length === 0) break;
        const next = kids[(a + step) % kids.length];
        if (typeof next !== 'string' || !recordOf(messages[next])) break;
        target = next;
      }
      A.parentId = target;
      childList(message(target)!).push(idA);
      return;
    }
    case 'self-parent':
      A.parentId = idA;
      return;
    case 'drop-child-link': {
      const kids = childList(A);
      if (kids.length > 0) kids.splice(b % kids.length, 1);
      else if (typeof A.parentId === 'string') childList(message(A.parentId) ?? {}).length = 0;
      return;
    }
    case 'duplicate-child': {
      const kids = childList(A);
      if (kids.length > 0) kids.push(kids[b % kids.length]);
      else kids.push(idA);
      return;
    }
    case 'orphan-parent':
      A.parentId = `ghost-${b}`;
      return;
    case 'ghost-child':
      childList(A).push(`ghost-${b}`);
      return;
    case 'delete-message':
      delete messages[idA];
      return;
    case 'id-differs-from-key':
      A.id = `${idA}-other`;
      return;
    case 'child-names-other-parent': {
      const idB = ids[b % ids.length]!;
      if (idB === idA) {
        childList(A).push(idA);
        return;
      }
      childList(A).push(idB);
      return;
    }
  }
}

/** A deep copy of a generated (JSON-safe) chat; JSON.parse keeps own `__proto__` keys as keys, and is cheaper than structuredClone. */
export function copyChat(chat: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(chat)) as Record<string, unknown>;
}

/** Applies mutations in order to a fresh copy of `chat`. */
export function mutate(chat: Record<string, unknown>, mutations: readonly Mutation[]): Record<string, unknown> {
  const copy = copyChat(chat);
  for (const m of mutations) {
    if (m.kind === 'link') {
      applyLinkOp(copy, m.op, m.a, m.b);
      continue;
    }
    const containers = containersOf(copy);
    const target = containers[m.at % containers.length]!;
    const value = m.kind === 'set' ? m.value : m.kind === 'self-reference' ? target : nested(m.depth);
    if (Array.isArray(target)) target[m.at % (target.length + 1)] = value;
    else defineOwn(target, m.kind === 'set' ? m.key : 'x_nested', value);
  }
  return copy;
}

/** Small limits in one case of four, so that "too large" is reached by a cheap input; `undefined`: the defaults. */
export const smallLimits: fc.Arbitrary<Partial<ChatLimits> | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        maxMessages: fc.integer({ min: 0, max: 12 }),
        maxMessageChars: fc.integer({ min: 0, max: 60 }),
        maxTotalChars: fc.integer({ min: 0, max: 1_500 }),
        maxMarkdownNesting: fc.integer({ min: 0, max: 6 }),
        // A history chat is 5 levels deep (chat › history › messages › message › files › file).
        maxJsonDepth: fc.integer({ min: 3, max: 10 }),
      },
      { requiredKeys: [] },
    ),
  },
);
