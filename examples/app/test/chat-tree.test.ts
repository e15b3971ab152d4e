import { parseChat } from '@chatshare/core';
import { describe, expect, it } from 'vitest';
import { branchOf, branchingChat, readableContent, regenerate, selectMessage, sendMessage, siblingsOf, TRAVEL_SECRETS, travelChat } from '../src/server/chat-tree.js';
import { isSameOrigin, safeReturnPath } from '../src/server/html.js';

describe('the demo chat tree (what the owner does before sharing)', () => {
  it('the seeded branching chat is a valid Open WebUI tree with a regeneration and an edit', () => {
    const chat = branchingChat();
    const parsed = parseChat(chat);
    expect(parsed.messages.size).toBe(7);
    const branch = branchOf(chat);
    expect(branch.map((m) => m.content)).toEqual([
      'Suggest a name for a grey cat.',
      'Maybe **Ash** — short and grey.',
      'Something with two syllables, please.',
      'Then **Pepper** — two syllables, and grey-ish.',
    ]);
    expect(siblingsOf(chat, branch[1]!)).toHaveLength(2);
    expect(siblingsOf(chat, branch[2]!)).toHaveLength(2);
  });

  it('B15: the seeded travel chat holds a system prompt, a tool result and an attachment, each secret in one place', () => {
    const chat = travelChat();
    const parsed = parseChat(chat);
    expect(parsed.messages.size).toBe(6);
    const json = JSON.stringify(chat.history);
    expect(chat.params).toEqual({ system: expect.stringContaining(TRAVEL_SECRETS.systemPrompt) });
    expect(json).not.toContain(TRAVEL_SECRETS.systemPrompt);
    const [question, answer, aside] = branchOf(chat);
    expect(question!.files).toEqual([{ type: 'file', name: TRAVEL_SECRETS.fileName, size: 48_213 }]);
    expect(answer!.content).toMatch(/^<details type="tool_calls" [^>]*result="[^"]*station LIS-TOOL-7731[^"]*"/);
    expect(aside!.content).toBe(TRAVEL_SECRETS.privateMessage);
    expect(json.split(TRAVEL_SECRETS.toolResult)).toHaveLength(2);
  });

  it('B15: the owner sees a tool call as one line with its result, as text', () => {
    const answer = branchOf(travelChat())[1]!;
    expect(readableContent(answer.content)).toBe(
      '🔧 get_weather({"city":"Lisbon"}) → "Sunny, 24 °C (station LIS-TOOL-7731)"\nTomorrow looks **sunny and warm** in Lisbon.',
    );
    expect(readableContent('<details type="code_interpreter" result="&lt;b&gt;2&lt;/b&gt;">x</details>')).toBe('🔧 tool() → <b>2</b>\n');
    expect(readableContent('plain <details>kept</details>')).toBe('plain <details>kept</details>');
  });

  it('sending appends a user message and an echo answer at the end of the visible branch', () => {
    const chat = sendMessage(branchingChat(), 'And a dog?');
    const branch = branchOf(chat);
    expect(branch.slice(-2).map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(branch.at(-2)!.content).toBe('And a dog?');
    expect(branch.at(-1)!.content).toContain('And a dog?');
    expect(chat.messages?.length).toBe(branch.length);
    expect(() => parseChat(chat)).not.toThrow();
  });

  it('regenerating adds a sibling answer and shows it; selecting moves back to the other one', () => {
    const chat = regenerate(sendMessage(branchingChat(), 'Hello'));
    const branch = branchOf(chat);
    const answers = siblingsOf(chat, branch.at(-1)!);
    expect(answers).toHaveLength(2);
    expect(chat.history.currentId).toBe(answers[1]);
    selectMessage(chat, answers[0]!);
    expect(chat.history.currentId).toBe(answers[0]);
    expect(() => parseChat(chat)).not.toThrow();
  });
});

describe('sign-in return paths', () => {
  const origin = 'http://127.0.0.1:5173';
  it('S7: keeps a same-origin path, query and hash', () => {
    expect(safeReturnPath('/s/abc?x=1#m2', origin)).toBe('/s/abc?x=1#m2');
    expect(safeReturnPath(`${origin}/s/abc`, origin)).toBe('/s/abc');
    // A path that normalises to `//host` is another origin to a browser: never an open redirect.
    for (const sneaky of ['/.//evil.example/x', '//evil.example', '/\\evil.example', 'https://evil.example/']) {
      const back = safeReturnPath(sneaky, origin);
      expect(back.startsWith('//') || back.startsWith('/\\')).toBe(false);
      expect(new URL(back, origin).origin).toBe(origin);
    }
  });
  it('refuses other origins and protocol-relative tricks (no open redirect)', () => {
    expect(safeReturnPath('https://evil.example/', origin)).toBe('/');
    expect(safeReturnPath('//evil.example/x', origin)).toBe('/');
    expect(safeReturnPath('javascript:alert(1)', origin)).toBe('/');
    expect(safeReturnPath(null, origin)).toBe('/');
  });
});

describe('same-origin check for state-changing requests', () => {
  const origin = 'http://127.0.0.1:5173';
  const post = (headers: Record<string, string>) => new Request(`${origin}/logout`, { method: 'POST', headers });
  it('accepts our own pages, including a no-referrer page that sends Origin: null', () => {
    expect(isSameOrigin(post({ origin }), origin)).toBe(true);
    expect(isSameOrigin(post({ origin: 'null', 'sec-fetch-site': 'same-origin' }), origin)).toBe(true);
  });
  it('refuses other sites, whatever they claim', () => {
    expect(isSameOrigin(post({ origin: 'https://evil.example' }), origin)).toBe(false);
    expect(isSameOrigin(post({ origin: 'null', 'sec-fetch-site': 'cross-site' }), origin)).toBe(false);
    expect(isSameOrigin(post({ 'sec-fetch-site': 'same-site' }), origin)).toBe(false);
  });
});
