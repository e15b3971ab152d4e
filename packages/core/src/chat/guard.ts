import { ChatTooLargeError, InvalidChatError } from '../errors.js';
import type { ChatLimits } from './limits.js';

/** Keys that would reach `Object.prototype` if a consumer copied the chat naively (T19). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Renders a key for an error path without ever throwing (T19: building the message must not throw). */
export function pathSegment(key: string | number): string {
  if (typeof key === 'number') return String(key);
  return /^[A-Za-z0-9_$-]+$/.test(key) ? key : JSON.stringify(key);
}

export function joinPath(parts: readonly (string | number)[]): string {
  return parts.map(pathSegment).join('.');
}

/**
 * One iterative pass over the raw input before zod sees it: rejects prototype keys, non-plain objects and inputs over
 * the size limits, so a hostile 100 MB or 10,000-deep chat costs one bounded walk and nothing more (T19, T22).
 */
export function guardRawChat(input: unknown, limits: ChatLimits): void {
  let totalChars = 0;
  let nodes = 0;
  // Generous bound on object/array nodes: each message is a handful of nodes.
  const maxNodes = limits.maxMessages * 64 + 10_000;
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      // PostgreSQL's text and jsonb refuse NUL: refuse it here so every store agrees (T23, T25).
      if (value.includes('\u0000')) {
        throw new InvalidChatError([{ path: joinPath(path), message: 'NUL characters (\\u0000) are not allowed' }]);
      }
      totalChars += value.length;
      if (totalChars > limits.maxTotalChars) {
        throw new ChatTooLargeError(joinPath(path), `the chat holds more than ${limits.maxTotalChars} characters`);
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (path.length > limits.maxJsonDepth) {
      throw new ChatTooLargeError(joinPath(path), `nested deeper than ${limits.maxJsonDepth} levels`);
    }
    if (++nodes > maxNodes) {
      throw new ChatTooLargeError(joinPath(path), `the chat has more than ${maxNodes} objects`);
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw new InvalidChatError([{ path: joinPath(path), message: 'expected a plain JSON object' }]);
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new InvalidChatError([{ path: joinPath([...path, key]), message: `the key "${key}" is not allowed` }]);
      }
      totalChars += key.length;
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
}

/**
 * Deepest markdown container nesting of one text: counts `>` quote markers and list indentation at the start of each
 * line. Linear in the text; used to refuse content that would make a markdown parser recurse 10,000 levels (T22).
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
