import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChatTooLargeError, parseChat, snapshotBranch, snapshotChat, type ChatLimits } from '@chatshare/core';
import { chatWithBranches, linearChat } from '@chatshare/core/testing';
import { FUZZ_TIMEOUT, containersOf, defineOwn, fuzzParameters, nested } from './arbitraries.js';
import { expectNoPollution, inputFacts, typedErrorOf } from './oracles.js';

/**
 * Huge and deep inputs, built in a loop from one generated number so that 10,000 cases stay cheap. Each case
 * sets the one limit it tests next to its size (size − 2 … size + 2), so both sides of every limit are hit.
 */

/** Largest size per kind; sizes are log-uniform below it, so most cases are small and every order of magnitude is hit. */
const SIZES = {
  /** A parent chain this many messages deep. */
  chain: 1_500,
  /** One root with this many children. */
  wide: 1_500,
  /** An unknown field nested this many objects/arrays deep. */
  'json-depth': 5_000,
  /** A blockquote this many `>` deep. */
  quote: 20_000,
  /** A list nested this many levels deep (2 spaces per level). */
  list: 300,
  /** One message of this many characters. */
  content: 100_000,
  /** A chat of this many characters of text, or with a key this long. */
  'total-text': 100_000,
  'total-key': 100_000,
  /** A message whose id (its key) is this long, next to a content limit: refusals must not echo the whole key. */
  'long-id': 100_000,
  /** An object that contains itself, at the n-th object of the chat. */
  'object-cycle': 50,
} as const;
type Kind = keyof typeof SIZES;

const logSize = (max: number) => fc.integer({ min: 0, max: 1_000 }).map((u) => Math.round((max + 1) ** (u / 1_000)) - 1);

const hugeCase = fc
  .constantFrom(...(Object.keys(SIZES) as Kind[]))
  .chain((kind) => fc.record({ kind: fc.constant(kind), size: logSize(SIZES[kind]), delta: fc.integer({ min: -2, max: 2 }) }));

function oneMessage(content: string) {
  const chat = linearChat(1);
  chat.history.messages['msg-0']!.content = content;
  return chat;
}

interface Built {
  input: Record<string, unknown>;
  limits: Partial<ChatLimits>;
  fits: boolean;
  /** The path the refusal must name, when it is known up front. */
  path?: string;
}

function build({ kind, size, delta }: { kind: Kind; size: number; delta: number }): Built {
  const near = (n: number) => Math.max(0, n + delta);
  switch (kind) {
    case 'chain':
      return { input: linearChat(size), limits: { maxMessages: near(size) }, fits: size <= near(size), path: 'history.messages' };
    case 'wide': {
      const width = Math.max(1, size);
      return { input: chatWithBranches({ depth: 1, width }), limits: { maxMessages: near(width + 1) }, fits: width + 1 <= near(width + 1), path: 'history.messages' };
    }
    case 'json-depth': {
      const input: Record<string, unknown> = linearChat(1);
      input.x_deep = nested(size);
      const depth = inputFacts(input).depth;
      return { input, limits: { maxJsonDepth: near(size) }, fits: depth <= near(size) };
    }
    case 'quote':
      return {
        input: oneMessage(`${'>'.repeat(size)} deep`),
        limits: { maxMarkdownNesting: near(size) },
        fits: size <= near(size),
        path: 'history.messages.msg-0.content',
      };
    case 'list': {
      const lines = Array.from({ length: size }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`);
      return { input: oneMessage(lines.join('\n')), limits: { maxMarkdownNesting: near(size) }, fits: size <= near(size), path: 'history.messages.msg-0.content' };
    }
    case 'content':
      return { input: oneMessage('x'.repeat(size)), limits: { maxMessageChars: near(size) }, fits: size <= near(size), path: 'history.messages.msg-0.content' };
    case 'total-text':
    case 'total-key': {
      const input: Record<string, unknown> = kind === 'total-text' ? oneMessage('x'.repeat(size)) : linearChat(1);
      // A long key next to a number: keys are text too.
      if (kind === 'total-key') input[`k${'k'.repeat(size)}`] = 1;
      const total = inputFacts(input).totalChars;
      return { input, limits: { maxTotalChars: near(total) }, fits: total <= near(total) };
    }
    case 'long-id': {
      const id = 'k'.repeat(size);
      // Ids and currentId are short text (≤ 1,000); a message key is bounded only by maxTotalChars.
      const input = { title: 'long id', history: { messages: { [id]: { parentId: null, childrenIds: [], role: 'user', content: 'xx' } } } };
      return { input, limits: { maxMessageChars: near(2) }, fits: 2 <= near(2) };
    }
    case 'object-cycle': {
      const input: Record<string, unknown> = linearChat(3);
      const containers = containersOf(input);
      const target = containers[size % containers.length]!;
      if (Array.isArray(target)) target.push(target);
      else defineOwn(target, 'x_self', target);
      return { input, limits: {}, fits: false };
    }
  }
}

describe('T22 fuzz: huge and deep inputs', () => {
  it(
    'T20, T22: deep chains, wide trees, deep JSON, deep markdown, long text and long keys are accepted up to each limit and refused with CHAT_TOO_LARGE one past it; a self-containing object is refused',
    async () => {
      await fc.assert(
        fc.asyncProperty(hugeCase, fc.constantFrom('branch' as const, 'full-history' as const), fc.nat(), async (hugeCaseValue, scope, pick) => {
          const { input, limits, fits, path } = build(hugeCaseValue);
          if (!fits) {
            const error = typedErrorOf(() => parseChat(input, limits), [ChatTooLargeError]);
            if (path !== undefined) expect(error.issues[0]!.path).toBe(path);
            expectNoPollution();
            return;
          }
          const chat = parseChat(input, limits);
          expect(chat.messages.size).toBe(Object.keys((input.history as { messages: object }).messages).length);
          // Deep and wide trees snapshot iteratively too: "up to" any message keeps exactly its ancestry on the branch.
          const ids = [...chat.messages.keys()];
          const upTo = ids.length === 0 ? null : ids[pick % ids.length]!;
          const snapshot = await snapshotChat(chat, { scope, upToMessageId: upTo, now: 0 });
          expect(Object.isFrozen(snapshot.messages)).toBe(true);
          let depthOfUpTo = 0;
          for (let at = upTo === null ? null : chat.messages.get(upTo)!.parentId; at !== null; at = chat.messages.get(at)!.parentId) depthOfUpTo++;
          expect(snapshotBranch(snapshot)).toHaveLength(upTo === null ? 0 : depthOfUpTo + 1);
          if (scope === 'branch') expect(Object.keys(snapshot.messages)).toHaveLength(upTo === null ? 0 : depthOfUpTo + 1);
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT,
  );
});
