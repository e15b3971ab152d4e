import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeSnapshotHash,
  parseChat,
  stripToolOutput,
  snapshotChat,
  snapshotSchema,
  type ShareLeaveOut,
  type Snapshot,
  type SnapshotScope,
  type ValidatedChat,
} from '@chatshare/core';
import { copyChat, FUZZ_TIMEOUT, fuzzParameters, storableText, validChat } from './arbitraries.js';
import { expectRoundTrip, expectedSelection } from './oracles.js';

const TOOL_MARK = 'TOOLMARK-9e1';
const ROLES = ['user', 'assistant', 'system', 'tool'] as const;

/** The messages of a chat copy, whichever format it has (the property rewrites their roles and contents). */
function messagesOf(chat: Record<string, unknown>): Record<string, unknown>[] {
  if (Array.isArray(chat.messages)) return chat.messages as Record<string, unknown>[];
  return Object.values((chat.history as { messages: Record<string, Record<string, unknown>> }).messages);
}

/**
 * Leaving out on review, written from the spec: the kept messages are the scope's selection minus the left-out ones,
 * in tree order; each kept message hangs under its nearest kept ancestor; more than one message without one is
 * INVALID_INPUT.
 */
async function expectLeftOut(chat: ValidatedChat, leaveOut: ShareLeaveOut, scope: SnapshotScope, leafId: string | null): Promise<void> {
  const removed = new Set(leaveOut.messageIds);
  for (const m of chat.messages.values()) {
    if ((leaveOut.systemPrompt && m.role === 'system') || (leaveOut.toolOutput && m.role === 'tool')) removed.add(m.id);
  }
  const kept = expectedSelection(chat, scope, leafId).filter((id) => !removed.has(id));
  const keptSet = new Set(kept);
  const nearest = (id: string | null): string | null => {
    let at = id;
    while (at !== null && !keptSet.has(at)) at = chat.messages.get(at)!.parentId;
    return at;
  };
  const parentOf = new Map(kept.map((id) => [id, nearest(chat.messages.get(id)!.parentId)]));
  const roots = kept.filter((id) => parentOf.get(id) === null);
  const attempt = snapshotChat(chat, { scope, upToMessageId: leafId === chat.currentId ? null : leafId, leaveOut });
  if (roots.length > 1) {
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    return;
  }
  const snapshot: Snapshot = await attempt;
  expect(snapshotSchema.safeParse(snapshot).success).toBe(true);
  expect(await computeSnapshotHash(snapshot)).toBe(snapshot.hash);
  const ids = Object.keys(snapshot.messages);
  expect(ids).toHaveLength(kept.length);
  const mapped = new Map(kept.map((source, i) => [source, ids[i]!]));
  for (const [source, id] of mapped) {
    const from = chat.messages.get(source)!;
    const m = snapshot.messages[id]!;
    const parent = parentOf.get(source)!;
    expect(m.parentId).toBe(parent === null ? null : mapped.get(parent));
    expect(m.childrenIds).toEqual(kept.filter((k) => parentOf.get(k) === source).map((k) => mapped.get(k)));
    expect([m.role, m.timestamp, m.model]).toEqual([from.role, from.timestamp, from.model]);
    if (leaveOut.toolOutput) expect(m.content).not.toContain(TOOL_MARK);
    else expect(m.content).toBe(from.content);
    expect(m.files).toHaveLength(leaveOut.attachments ? 0 : from.files.length);
  }
  expect(snapshot.rootId).toBe(roots.length === 0 ? null : mapped.get(roots[0]!));
  expect(snapshot.currentId).toBe(kept.length === 0 ? null : mapped.get(nearest(leafId) ?? roots[0]!));
  expect(snapshot.systemPrompt).toBe(leaveOut.systemPrompt ? undefined : (chat.systemPrompt ?? undefined));
  await expectRoundTrip(snapshot);
}

describe('B15 fuzz: leaving out keeps a valid tree', () => {
  it(
    'B15: any left-out messages and switches give a hash-true snapshot of exactly the kept messages, each under its nearest kept ancestor in tree order, or INVALID_INPUT when the start would split',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          validChat({ maxMessages: 9 }),
          fc.array(fc.record({ role: fc.constantFrom(...ROLES), tool: fc.boolean(), leave: fc.boolean() }), { minLength: 9, maxLength: 9 }),
          fc.record({ systemPrompt: fc.boolean(), toolOutput: fc.boolean(), attachments: fc.boolean() }),
          fc.option(storableText(20), { nil: undefined }),
          fc.constantFrom('branch' as const, 'full-history' as const),
          fc.option(fc.nat(), { freq: 2 }),
          async (generated, perMessage, switches, system, scope, upTo) => {
            // A copy: fast-check replays generated values while shrinking, so they must not be changed in place.
            const raw = copyChat(generated.chat);
            messagesOf(raw).forEach((m, i) => {
              m.role = perMessage[i]!.role;
              if (perMessage[i]!.tool) m.content = `${String(m.content)}<details type="tool_calls" result="${TOOL_MARK}">${TOOL_MARK}</details>`;
            });
            if (system !== undefined) raw.params = { system };
            const chat = parseChat(raw);
            const ids = [...chat.messages.keys()];
            const leaveOut: ShareLeaveOut = { ...switches, messageIds: ids.filter((_, i) => perMessage[i]!.leave) };
            const leafId = upTo === null || ids.length === 0 ? chat.currentId : ids[upTo % ids.length]!;
            await expectLeftOut(chat, leaveOut, scope, leafId);
          },
        ),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'B15: tool-call blocks with hostile attributes (quotes, < and >, case, unterminated) never leave their marker behind',
    () => {
      const piece = fc.constantFrom('<', '>', '"', "'", '</details>', '<details>', ' ', 'x', '=', '\n', '&quot;', '<details type="reasoning">');
      const noise = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
      const quote = fc.constantFrom('"', "'");
      const kind = fc.constantFrom('tool_calls', 'code_interpreter', 'TOOL_CALLS', 'Code_Interpreter');
      fc.assert(
        fc.property(noise, noise, noise, noise, quote, quote, kind, fc.boolean(), fc.boolean(), (before, value, inner, after, q1, q2, type, typeFirst, closed) => {
          // The marker sits in a quoted attribute and in the block's body; the value may hold anything but its own quote.
          const attribute = `result=${q2}${value.split(q2).join('')}${TOOL_MARK}${q2}`;
          const typed = `type=${q1}${type}${q1}`;
          const open = `<details ${typeFirst ? `${typed} ${attribute}` : `${attribute} ${typed}`}>`;
          const body = `${inner.replaceAll(/<\/?details/gi, '')}${TOOL_MARK}`;
          const content = `${before}${open}${body}${closed ? '</details>' : ''}${after.replaceAll(/['"]/g, '')}`;
          expect(stripToolOutput(content)).not.toContain(TOOL_MARK);
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT,
  );
});
