import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { ChatTooLargeError, DEFAULT_CHAT_LIMITS, InvalidChatError, parseChat } from '@chatshare/core';
import { linearChat } from '@chatshare/core/testing';
import { UNSTORABLE, fuzzParameters } from './arbitraries.js';
import { isStorable, typedErrorOf } from './oracles.js';

/** The smallest inputs the fuzz properties found, kept as plain unit tests. */

describe('T23, T25 regressions: strings no store can keep', () => {
  it('T23: a lone surrogate in a key (an unknown field here) is INVALID_CHAT naming that key', () => {
    const chat = linearChat(1) as Record<string, unknown>;
    chat['\udfff'] = 1;
    const error = typedErrorOf(() => parseChat(chat), [InvalidChatError]);
    expect(error.issues[0]).toEqual({ path: '"\\udfff"', message: 'in a key: lone surrogates (unpaired \\uD800–\\uDFFF) are not allowed' });
  });
  it('T23: a lone surrogate in a value is INVALID_CHAT at that value', () => {
    const chat = linearChat(2);
    chat.history.messages['msg-1']!.content = 'cut in half: \ud83e';
    const error = typedErrorOf(() => parseChat(chat), [InvalidChatError]);
    expect(error.issues[0]!.path).toBe('history.messages.msg-1.content');
  });
  it('T23: a NUL in a message key is INVALID_CHAT too, not only in values', () => {
    const raw = { history: { messages: { 'msg\u0000': { parentId: null, childrenIds: [], role: 'user', content: 'hi' } } } };
    const error = typedErrorOf(() => parseChat(raw), [InvalidChatError]);
    expect(error.issues[0]!.path).toBe('history.messages."msg\\u0000"');
  });
  it('T23: surrogate pairs (emoji, astral characters) stay accepted in keys and values', () => {
    const chat = linearChat(1, { title: '\ud83e\udde0 Goldwater' }) as Record<string, unknown>;
    chat['x_\ud800\udc00'] = '\udbff\udfff';
    expect(parseChat(chat).title).toBe('\ud83e\udde0 Goldwater');
  });
  it('T23: without String.prototype.isWellFormed (older browsers) the fallback refuses exactly the same strings', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed');
    expect(descriptor, 'Node 20 has isWellFormed: this test covers the other branch').toBeDefined();
    delete (String.prototype as { isWellFormed?: unknown }).isWellFormed;
    try {
      vi.resetModules();
      const { parseChat: parseWithFallback } = await import('../../src/chat/tree.js');
      const unit = fc.oneof(fc.constantFrom(...UNSTORABLE.slice(1), 'a', '\ud83e\udde0'), fc.constantFrom('\ud800', '\udc00'));
      fc.assert(
        fc.property(fc.string({ unit, maxLength: 6 }), (text) => {
          const chat = linearChat(1, { title: text });
          let accepted = true;
          try {
            parseWithFallback(chat);
          } catch (error) {
            expect(error).toBeInstanceOf(Error);
            expect((error as InvalidChatError).code).toBe('INVALID_CHAT');
            accepted = false;
          }
          expect(accepted, JSON.stringify(text)).toBe(isStorable(text));
        }),
        fuzzParameters(),
      );
    } finally {
      Object.defineProperty(String.prototype, 'isWellFormed', descriptor!);
      vi.resetModules();
    }
  });
});

describe('T22 regressions: keys count toward the text limit', () => {
  it('T22: a chat whose last characters are in keys (values done) is refused once keys pass maxTotalChars', () => {
    // Found by the fuzz suite: the total was checked only after string values, so trailing keys went uncounted.
    const chat = { history: { messages: {} }, ['k'.repeat(11)]: 1 };
    // Keys only: "history" 7 + "kkkkkkkkkkk" 11 + "messages" 8 = 26 characters.
    const error = typedErrorOf(() => parseChat(chat, { maxTotalChars: 17 }), [ChatTooLargeError]);
    expect(error.issues[0]!.path).toBe('kkkkkkkkkkk');
    typedErrorOf(() => parseChat(chat, { maxTotalChars: 25 }), [ChatTooLargeError]);
    expect(parseChat(chat, { maxTotalChars: 26 }).messages.size).toBe(0);
  });
  it('T22: a key longer than the default maxTotalChars, next to a number, is refused', () => {
    const chat = { history: { messages: {} }, ['k'.repeat(DEFAULT_CHAT_LIMITS.maxTotalChars + 1)]: 0 };
    typedErrorOf(() => parseChat(chat), [ChatTooLargeError]);
  });
});

describe('T19 regressions: error messages stay short', () => {
  it('T19: a 100,000-character message key shows only its first 100 characters in the error path', () => {
    // Found by the fuzz suite: the whole key went into the path, so a huge key made an equally huge error message.
    const key = 'k'.repeat(100_000);
    const raw = { history: { messages: { [key]: { parentId: null, childrenIds: [], role: 'user', content: 'xx' } } } };
    const error = typedErrorOf(() => parseChat(raw, { maxMessageChars: 1 }), [ChatTooLargeError]);
    expect(error.issues[0]!.path).toBe(`history.messages."${'k'.repeat(100)}…".content`);
  });
});
