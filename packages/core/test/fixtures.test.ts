import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseChat, snapshotChat, snapshotToChat, snapshotBranch, computeSnapshotHash } from '@chatshare/core';

const load = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/open-webui/${name}.json`, import.meta.url), 'utf8'));

describe.each(['single-turn', 'ten-messages'])('Open WebUI fixture %s', (name) => {
  it('parses as is and round-trips to the same JSON', () => {
    const raw = load(name);
    const chat = parseChat(raw);
    expect(JSON.parse(JSON.stringify(chat.source))).toEqual(raw);
  });

  it('S6: snapshots the visible branch with every message', async () => {
    const raw = load(name) as { history: { messages: Record<string, { content: string }> }; title: string };
    const snapshot = await snapshotChat(parseChat(raw));
    expect(snapshot.title).toBe(raw.title);
    const contents = snapshotBranch(snapshot).map((m) => m.content);
    expect(contents).toEqual(Object.values(raw.history.messages).map((m) => m.content));
    expect(snapshot.hash).toBe(await computeSnapshotHash(snapshot));
  });

  it('B6: a snapshot turned back into a chat parses and snapshots to the same content hash', async () => {
    const snapshot = await snapshotChat(parseChat(load(name)), { scope: 'full-history' });
    const clone = snapshotToChat(snapshot);
    const again = await snapshotChat(parseChat(JSON.parse(JSON.stringify(clone))), { scope: 'full-history' });
    expect(again.hash).toBe(snapshot.hash);
  });

  it('T26: the snapshot holds no source chat id, user id or source message id', async () => {
    const raw = load(name) as Record<string, unknown> & { history: { messages: Record<string, Record<string, unknown>> } };
    raw.id = 'source-chat-7f3a';
    raw.userId = 'owner-42f9';
    for (const m of Object.values(raw.history.messages)) m.user = { id: 'owner-42f9', email: 'alice@example.com' };
    const text = JSON.stringify(await snapshotChat(parseChat(raw)));
    for (const id of Object.keys(raw.history.messages)) expect(text).not.toContain(id);
    for (const secret of ['source-chat-7f3a', 'owner-42f9', 'alice@example.com', 'userId']) expect(text).not.toContain(secret);
  });
});

describe('chat shapes', () => {
  it('a flat messages array becomes a one-branch tree', async () => {
    const raw = load('ten-messages') as { messages: unknown[]; title: string };
    const chat = parseChat({ title: raw.title, messages: raw.messages });
    expect(chat.messages.size).toBe(10);
    const snapshot = await snapshotChat(chat);
    expect(snapshotBranch(snapshot)).toHaveLength(10);
    expect(snapshotBranch(snapshot).map((m) => m.role)).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 ? 'assistant' : 'user')));
  });

  it("Open WebUI's API wrapper `{ id, user_id, chat }` is unwrapped", () => {
    const chat = parseChat({ id: 'x', user_id: 'u-1', chat: load('single-turn') });
    expect(chat.messages.size).toBe(2);
  });
});
