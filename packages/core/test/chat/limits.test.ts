import { describe, expect, it } from 'vitest';
import { parseChat } from '@chatshare/core';
import { linearChat } from '@chatshare/core/testing';

/**
 * A chat whose messages are accessors that count every read: the count tells whether validation looked at a message
 * at all, without timing anything. Still a plain object (the guard accepts only those), so nothing else refuses it.
 */
function countingChat(messageCount: number) {
  let reads = 0;
  const messages: Record<string, unknown> = {};
  for (let i = 0; i < messageCount; i++) {
    const message = { id: `m${i}`, parentId: i === 0 ? null : `m${i - 1}`, childrenIds: [], role: 'user', content: 'x' };
    Object.defineProperty(messages, `m${i}`, { enumerable: true, get: () => (reads++, message) });
  }
  return { chat: { title: 'counted', history: { messages, currentId: null } }, reads: () => reads };
}

describe('T22: limits before expensive work', () => {
  it('T22: a chat over the message limit is refused from its key count alone: not one message is read', () => {
    const { chat, reads } = countingChat(1_001);
    expect(() => parseChat(chat, { maxMessages: 1_000 })).toThrow(expect.objectContaining({ code: 'CHAT_TOO_LARGE' }));
    expect(reads()).toBe(0);
    // The same chat within the limit is read (and refused for its own reasons): the count above is not vacuous.
    const small = countingChat(3);
    expect(() => parseChat(small.chat, { maxMessages: 1_000 })).toThrow();
    expect(small.reads()).toBeGreaterThan(0);
  });

  it('T22: a flat `messages` array over the limit is refused before any message is read', () => {
    let reads = 0;
    const list: unknown[] = [];
    for (let i = 0; i < 1_001; i++) Object.defineProperty(list, i, { enumerable: true, get: () => (reads++, { role: 'user', content: 'x' }) });
    expect(() => parseChat({ title: 'flat', messages: list }, { maxMessages: 1_000 })).toThrow(expect.objectContaining({ code: 'CHAT_TOO_LARGE' }));
    expect(reads).toBe(0);
    expect(parseChat(linearChat(3), { maxMessages: 1_000 }).messages.size).toBe(3);
  });

  it('T22, T23: a value or key over the character limit is refused for its length before it is scanned for NUL or lone surrogates', () => {
    const limits = { maxTotalChars: 1_000 };
    const long = `${'x'.repeat(1_000)}\u0000`;
    const withValue = linearChat(1);
    (withValue.history.messages['msg-0'] as Record<string, unknown>).content = long;
    expect(() => parseChat(withValue, limits)).toThrow(expect.objectContaining({ code: 'CHAT_TOO_LARGE' }));
    const withKey = linearChat(1);
    (withKey.history.messages['msg-0'] as Record<string, unknown>)[long] = 1;
    expect(() => parseChat(withKey, limits)).toThrow(expect.objectContaining({ code: 'CHAT_TOO_LARGE' }));
    // Within the limit the same strings are scanned and refused for what they hold.
    const short = linearChat(1);
    (short.history.messages['msg-0'] as Record<string, unknown>)['k\u0000'] = 'a\ud800';
    expect(() => parseChat(short, limits)).toThrow(expect.objectContaining({ code: 'INVALID_CHAT' }));
  });
});
