import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseChat, InvalidChatError } from '@chatshare/core';
import { chatWithBranches, linearChat } from '@chatshare/core/testing';

function expectInvalid(input: unknown, code: string, path?: string | RegExp) {
  let caught: unknown;
  try {
    parseChat(input);
  } catch (error) {
    caught = error;
  }
  expect(caught, 'parseChat should have thrown').toBeDefined();
  expect(caught).toMatchObject({ code });
  if (path !== undefined) {
    const issues = (caught as InvalidChatError).issues;
    expect(issues.length).toBeGreaterThan(0);
    if (typeof path === 'string') expect(issues[0]!.path).toBe(path);
    else expect(issues[0]!.path).toMatch(path);
  }
  return caught as InvalidChatError;
}

describe('T19: prototype keys', () => {
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    it(`rejects a "${key}" key anywhere, without polluting Object.prototype`, () => {
      const chat = JSON.parse(
        JSON.stringify(linearChat(2)).replace('"role":"user"', `"role":"user","${key}":{"polluted":true}`),
      );
      const error = expectInvalid(chat, 'INVALID_CHAT', `history.messages.msg-0.${key}`);
      expect(error.message).toContain(key);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
  it('rejects a __proto__ message key (record key) too', () => {
    const chat = linearChat(1) as { history: { messages: Record<string, unknown> } };
    const raw = JSON.parse(JSON.stringify(chat).replace('"msg-0":', '"__proto__":'));
    expectInvalid(raw, 'INVALID_CHAT', 'history.messages.__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('building the message for a hostile key does not throw', () => {
    const raw = { title: 't', history: { messages: { 'a"\n\u0000': { role: 1, content: 'x' } } } };
    const error = expectInvalid(raw, 'INVALID_CHAT');
    expect(typeof error.message).toBe('string');
  });
});

describe('T20: cycles', () => {
  it('rejects a message that is its own parent', () => {
    const chat = linearChat(3);
    chat.history.messages['msg-1']!.parentId = 'msg-1';
    expectInvalid(chat, 'INVALID_CHAT', 'history.messages.msg-1.parentId');
  });
  it('rejects a cycle detached from the root', () => {
    const chat = linearChat(2) as ReturnType<typeof linearChat>;
    const m = chat.history.messages;
    m.x = { id: 'x', parentId: 'y', childrenIds: ['y'], role: 'user', content: 'x', timestamp: 1 };
    m.y = { id: 'y', parentId: 'x', childrenIds: ['x'], role: 'assistant', content: 'y', timestamp: 2 };
    expectInvalid(chat, 'INVALID_CHAT', /history\.messages\.(x|y)\.parentId/);
  });
  it('rejects a chat where every message has a parent (no root)', () => {
    const chat = linearChat(2);
    chat.history.messages['msg-0']!.parentId = 'msg-1';
    chat.history.messages['msg-1']!.childrenIds = ['msg-0'];
    expectInvalid(chat, 'INVALID_CHAT');
  });
  it('validates a 15,000-deep chain iteratively (no recursion limit)', () => {
    const chat = parseChat(linearChat(15_000));
    expect(chat.messages.size).toBe(15_000);
  });
});

describe('T21: broken links', () => {
  it('rejects an orphan currentId', () => {
    const chat = linearChat(2);
    chat.history.currentId = 'nope';
    expectInvalid(chat, 'INVALID_CHAT', 'history.currentId');
  });
  it('rejects unknown childrenIds', () => {
    const chat = linearChat(2);
    chat.history.messages['msg-1']!.childrenIds = ['ghost'];
    expectInvalid(chat, 'INVALID_CHAT', 'history.messages.msg-1.childrenIds');
  });
  it('rejects a parent that does not list its child', () => {
    const chat = linearChat(3);
    chat.history.messages['msg-1']!.childrenIds = [];
    expectInvalid(chat, 'INVALID_CHAT', 'history.messages.msg-2.parentId');
  });
  it('rejects a missing parent', () => {
    const chat = linearChat(2);
    chat.history.messages['msg-1']!.parentId = 'missing';
    expectInvalid(chat, 'INVALID_CHAT', 'history.messages.msg-1.parentId');
  });
  it('rejects two roots', () => {
    const chat = linearChat(2);
    chat.history.messages.other = { id: 'other', parentId: null, childrenIds: [], role: 'user', content: 'hi', timestamp: 1 };
    expectInvalid(chat, 'INVALID_CHAT', 'history.messages');
  });
  it('rejects an id that differs from its key', () => {
    const chat = linearChat(2);
    chat.history.messages['msg-1']!.id = 'other';
    expectInvalid(chat, 'INVALID_CHAT', 'history.messages.msg-1.id');
  });
});

describe('T22: size limits before expensive work', () => {
  it('refuses a 10 MB message', () => {
    const chat = linearChat(1);
    chat.history.messages['msg-0']!.content = 'x'.repeat(10_000_000);
    expectInvalid(chat, 'CHAT_TOO_LARGE', 'history.messages.msg-0.content');
  });
  it('refuses 100,000 messages by default', () => {
    expectInvalid(linearChat(100_000), 'CHAT_TOO_LARGE');
  });
  it('refuses a 10,000-deep nested blockquote', () => {
    const chat = linearChat(1);
    chat.history.messages['msg-0']!.content = `${'>'.repeat(10_000)} deep`;
    expectInvalid(chat, 'CHAT_TOO_LARGE', 'history.messages.msg-0.content');
  });
  it('refuses deeply nested JSON before zod walks it', () => {
    let nested: unknown = 'leaf';
    for (let i = 0; i < 5_000; i++) nested = { n: nested };
    const chat = linearChat(1) as Record<string, unknown>;
    chat.extra = nested;
    expectInvalid(chat, 'CHAT_TOO_LARGE');
  });
  it('limits are configurable per call', () => {
    expect(() => parseChat(linearChat(10), { maxMessages: 5 })).toThrow(/more than 5 messages/);
    expect(parseChat(linearChat(25_001), { maxMessages: 30_000 }).messages.size).toBe(25_001);
  });
});

describe('T23: wrong types', () => {
  const cases: [string, (chat: ReturnType<typeof linearChat>) => void, string][] = [
    ['object content', (c) => ((c.history.messages['msg-0'] as Record<string, unknown>).content = { html: '<b>' }), 'history.messages.msg-0.content'],
    ['NaN timestamp', (c) => (c.history.messages['msg-0']!.timestamp = NaN), 'history.messages.msg-0.timestamp'],
    ['1e308 timestamp', (c) => (c.history.messages['msg-0']!.timestamp = 1e308), 'history.messages.msg-0.timestamp'],
    ['numeric role', (c) => ((c.history.messages['msg-0'] as Record<string, unknown>).role = 7), 'history.messages.msg-0.role'],
    ['string childrenIds', (c) => ((c.history.messages['msg-0'] as Record<string, unknown>).childrenIds = 'msg-1'), 'history.messages.msg-0.childrenIds'],
  ];
  for (const [name, mutate, path] of cases) {
    it(`rejects ${name} with the offending path`, () => {
      const chat = linearChat(2);
      mutate(chat);
      expectInvalid(chat, 'INVALID_CHAT', path);
    });
  }
  for (const input of [null, undefined, 42, 'chat', [], {}]) {
    it(`rejects ${JSON.stringify(input) ?? 'undefined'} as a chat`, () => {
      expectInvalid(input, 'INVALID_CHAT');
    });
  }
  it('rejects NUL characters, which PostgreSQL cannot store, so every store agrees', () => {
    const chat = linearChat(2);
    chat.history.messages['msg-1']!.content = 'a\u0000b';
    expectInvalid(chat, 'INVALID_CHAT', 'history.messages.msg-1.content');
  });
  it('rejects class instances (non-plain objects)', () => {
    const chat = linearChat(1) as Record<string, unknown>;
    chat.when = new Date();
    expectInvalid(chat, 'INVALID_CHAT', 'when');
  });
});

describe('R6: property-based tree validation', () => {
  const arbTree = fc.integer({ min: 1, max: 6 }).chain((depth) =>
    fc.record({ depth: fc.constant(depth), width: fc.integer({ min: 1, max: 4 }) }),
  );
  it('every generated valid tree parses, with one root and agreeing links', () => {
    fc.assert(
      fc.property(arbTree, ({ depth, width }) => {
        const chat = parseChat(chatWithBranches({ depth, width }));
        expect(chat.messages.size).toBe(1 + depth * width);
        for (const m of chat.messages.values()) {
          for (const c of m.childrenIds) expect(chat.messages.get(c)!.parentId).toBe(m.id);
        }
      }),
    );
  });
  it('re-pointing any message at one of its descendants is always rejected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 40 }), fc.nat(), fc.nat(), (n, a, b) => {
        const chat = linearChat(n);
        const i = a % (n - 1);
        const j = i + 1 + (b % (n - 1 - i));
        // message i's parent becomes its own descendant j: a cycle
        chat.history.messages[`msg-${i}`]!.parentId = `msg-${j}`;
        chat.history.messages[`msg-${j}`]!.childrenIds.push(`msg-${i}`);
        expect(() => parseChat(chat)).toThrow(InvalidChatError);
      }),
    );
  });
});
