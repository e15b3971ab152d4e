import { ChatTooLargeError, InvalidChatError } from '../errors.js';
import type { ChatLimits } from './limits.js';

/** Keys that would reach `Object.prototype` if a consumer copied the chat naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Longest key shown in an error path: a 30 MB key must not make a 30 MB error message (or one too long to build). */
const MAX_SEGMENT_CHARS = 100;

/** Renders a key for an error path without ever throwing: a hostile key must not break the error that refuses it. */
export function pathSegment(key: string | number): string {
  if (typeof key === 'number') return String(key);
  const shown = key.length > MAX_SEGMENT_CHARS ? `${key.slice(0, MAX_SEGMENT_CHARS)}…` : key;
  return /^[A-Za-z0-9_$-]+$/.test(shown) ? shown : JSON.stringify(shown);
}

export function joinPath(parts: readonly (string | number)[]): string {
  return parts.map(pathSegment).join('.');
}

/** A path kept as a linked list while walking, turned into a string only when an error needs it. */
interface PathNode {
  readonly key: string | number;
  readonly parent: PathNode | null;
  readonly depth: number;
}

function pathOf(node: PathNode | null, last?: string | number): string {
  const parts: (string | number)[] = last === undefined ? [] : [last];
  for (let n = node; n !== null; n = n.parent) parts.push(n.key);
  return joinPath(parts.reverse());
}

/** An unpaired UTF-16 surrogate half (no `u` flag: the regex sees code units); for engines without `isWellFormed`. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;

const isWellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as string & { isWellFormed(): boolean }).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);

/**
 * Why a string cannot be stored, or null. PostgreSQL's text and jsonb refuse NUL and jsonb refuses lone surrogates,
 * while memory and IndexedDB keep both: refuse them here, in values and keys, so every store agrees. The share
 * inputs (ids, queries, cursors, names) use it too, through `storableString` in share/schema.ts.
 */
export function unstorable(text: string): string | null {
  if (text.includes('\u0000')) return 'NUL characters (\\u0000) are not allowed';
  if (!isWellFormed(text)) return 'lone surrogates (unpaired \\uD800–\\uDFFF) are not allowed';
  return null;
}

/**
 * One iterative pass over the raw input before zod sees it: rejects prototype keys, non-plain objects, strings no store
 * can keep and inputs over the size limits, so a hostile 100 MB or 10,000-deep chat costs one bounded walk and nothing
 * more.
 */
export function guardRawChat(input: unknown, limits: ChatLimits): void {
  let totalChars = 0;
  let nodes = 0;
  // Generous bound on object/array nodes: each message is a handful of nodes.
  const maxNodes = limits.maxMessages * 64 + 10_000;
  // Keys count as text too: a 100 MB key next to a number must not slip past the limit.
  const countChars = (length: number, at: PathNode | null, key: string | number) => {
    totalChars += length;
    if (totalChars > limits.maxTotalChars) {
      throw new ChatTooLargeError(pathOf(at, key), `the chat holds more than ${limits.maxTotalChars} characters`);
    }
  };
  // The O(1) length check first: a string over the limit is refused without being scanned.
  const checkString = (value: string, at: PathNode | null, key: string | number, inKey = '') => {
    countChars(value.length, at, key);
    const problem = unstorable(value);
    if (problem !== null) throw new InvalidChatError([{ path: pathOf(at, key), message: inKey + problem }]);
  };
  const values: unknown[] = [input];
  const paths: (PathNode | null)[] = [null];
  while (values.length > 0) {
    const value = values.pop() as object;
    const at = paths.pop()!;
    const depth = at === null ? 0 : at.depth;
    if (depth > limits.maxJsonDepth) {
      throw new ChatTooLargeError(pathOf(at), `nested deeper than ${limits.maxJsonDepth} levels`);
    }
    if (++nodes > maxNodes) {
      throw new ChatTooLargeError(pathOf(at), `the chat has more than ${maxNodes} objects`);
    }
    const isArray = Array.isArray(value);
    if (!isArray) {
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new InvalidChatError([{ path: pathOf(at), message: 'expected a plain JSON object' }]);
      }
    }
    const keys: (string | number)[] = isArray ? [] : Object.keys(value);
    const length = isArray ? (value as unknown[]).length : keys.length;
    for (let i = 0; i < length; i++) {
      const key = isArray ? i : (keys[i] as string);
      if (!isArray) {
        if (FORBIDDEN_KEYS.has(key as string)) {
          throw new InvalidChatError([{ path: pathOf(at, key), message: `the key "${key as string}" is not allowed` }]);
        }
        checkString(key as string, at, key, 'in a key: ');
      }
      const child = (value as Record<string | number, unknown>)[key];
      if (typeof child === 'string') checkString(child, at, key);
      else if (typeof child === 'object' && child !== null) {
        values.push(child);
        paths.push({ key, parent: at, depth: depth + 1 });
      }
    }
  }
}

/**
 * Deepest markdown container nesting of one text: counts `>` quote markers and list indentation at the start of each
 * line. Linear in the text; used to refuse content that would make a markdown parser recurse 10,000 levels.
 */
export function markdownNesting(text: string): number {
  let deepest = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end === -1) end = text.length;
    let depth = 0;
    let indent = 0;
    for (let i = lineStart; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 62 /* > */) depth++;
      else if (ch === 32 /* space */) indent++;
      else if (ch === 9 /* tab */) indent += 4;
      else if ((ch === 45 || ch === 42 || ch === 43) /* - * + */ && i + 1 < end && text.charCodeAt(i + 1) === 32) {
        depth++;
        i++;
      } else break;
    }
    depth += Math.floor(indent / 2);
    if (depth > deepest) deepest = depth;
    lineStart = end + 1;
  }
  return deepest;
}
