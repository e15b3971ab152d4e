import { parseChat } from '../chat/tree.js';
import { snapshotChat } from '../snapshot/create.js';
import type { SnapshotScope } from '../snapshot/types.js';
import { DEFAULT_LEAVE_OUT, type ShareRecord } from '../share/types.js';
import { createShareId } from '../share/ids.js';
import type { ArchivedSnapshot, StoredShare } from '../store/contract.js';

type Message = {
  id: string;
  parentId: string | null;
  childrenIds: string[];
  role: 'user' | 'assistant';
  content: string;
  timestamp: number;
  model?: string;
};

/** A single-branch Open WebUI chat of `count` alternating user/assistant messages. */
export function linearChat(count: number, options: { title?: string; prefix?: string } = {}) {
  const prefix = options.prefix ?? 'msg';
  const messages: Record<string, Message> = {};
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    messages[id] = {
      id,
      parentId: i === 0 ? null : `${prefix}-${i - 1}`,
      childrenIds: i + 1 < count ? [`${prefix}-${i + 1}`] : [],
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: `${i % 2 === 0 ? 'Question' : 'Answer'} number ${i}`,
      timestamp: 1_750_000_000 + i,
      ...(i % 2 === 1 ? { model: 'test-model' } : {}),
    };
  }
  return {
    id: 'chat-1',
    title: options.title ?? 'A linear chat',
    models: ['test-model'],
    history: { messages, currentId: count > 0 ? `${prefix}-${count - 1}` : null },
  };
}

/**
 * A chat where every message on the current path has `width` children (regenerations/edits) and the last child is the
 * visible one; `depth` levels deep. Message count: 1 + depth * width.
 */
export function chatWithBranches(options: { depth: number; width: number; title?: string }) {
  const { depth, width } = options;
  const messages: Record<string, Message> = {};
  const root: Message = { id: 'r', parentId: null, childrenIds: [], role: 'user', content: 'Root question', timestamp: 1_750_000_000 };
  messages.r = root;
  let current = root;
  for (let level = 1; level <= depth; level++) {
    for (let w = 0; w < width; w++) {
      const id = `n${level}-${w}`;
      const message: Message = {
        id,
        parentId: current.id,
        childrenIds: [],
        role: level % 2 === 1 ? 'assistant' : 'user',
        content: `Level ${level}, variant ${w + 1} of ${width}`,
        timestamp: 1_750_000_000 + level * 10 + w,
      };
      messages[id] = message;
      current.childrenIds.push(id);
    }
    current = messages[`n${level}-${width - 1}`]!;
  }
  return { title: options.title ?? 'A chat with branches', models: ['test-model'], history: { messages, currentId: current.id } };
}

let clock = 1_760_000_000_000;

/** A valid share record with a real snapshot, for store tests. Each call gets a new id and a later `createdAt`. */
export async function makeShareRecord(overrides: Partial<ShareRecord> & { messages?: number; scope?: SnapshotScope } = {}): Promise<ShareRecord> {
  const { messages = 2, scope = 'branch', ...fields } = overrides;
  const at = (clock += 1000);
  const title = fields.title ?? `Shared chat ${at}`;
  const snapshot = await snapshotChat(parseChat(linearChat(messages, { title })), { scope, now: at });
  return {
    id: createShareId(),
    ownerId: 'owner-a',
    ownerName: null,
    chatId: 'chat-a',
    title,
    audience: { type: 'instance' },
    expiresAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    snapshot,
    password: null,
    leaveOut: DEFAULT_LEAVE_OUT,
    views: { count: 0, lastViewedAt: null },
    ...fields,
  };
}

/**
 * A stored row for store tests: a new id and a later `createdAt` each call, version 1, and `meta`/`body` texts that
 * are JSON the way core writes it but with unicode and irregular spacing, so a store that parses or re-serialises them
 * (a jsonb column, a JSON document store) is caught. A store never looks inside them.
 */
export function makeStoredShare(overrides: Partial<StoredShare> = {}): StoredShare {
  const at = (clock += 1000);
  return {
    id: createShareId(),
    ownerId: 'owner-a',
    chatId: 'chat-a',
    title: `Shared chat ${at}`,
    createdAt: at,
    version: 1,
    meta: `{"audience":{"type":"instance"},"note":"Grüße — ✓","at":${at}}`,
    body: `{ "messages" : [ "Question 🧪 ${at}", "Answer: 世界, مرحبا" ],\n  "n": 1.50 }`,
    ...overrides,
  };
}

/** A history entry for store tests: `version`, with texts naming it (unicode included). */
export function makeArchivedSnapshot(version: number, overrides: Partial<Omit<ArchivedSnapshot, 'version'>> = {}): ArchivedSnapshot {
  return {
    version,
    meta: `{"leaveOut":{"systemPrompt":true},"version":${version},"note":"é"}`,
    body: `{"title":"Revision ${version} — ☕","messages":["m-${version}"]}`,
    ...overrides,
  };
}

/**
 * A chat with everything an owner may leave out, each piece carrying a unique marker string so a test can prove it is
 * absent from every byte: a system prompt (`params.system`), a `system` message, an attachment, a tool-call result,
 * a `tool` message, code-interpreter output and one private message. Visible path: sys → u1 → a1 → t1 → a2 → u2 → a3.
 */
export const REVIEW_MARKERS = Object.freeze({
  systemPrompt: 'MARK-SYSPROMPT-91c4',
  systemMessage: 'MARK-SYSMSG-2b7e',
  attachment: 'MARK-ATTACH-5d10.pdf',
  toolResult: 'MARK-TOOLRESULT-73aa',
  toolMessage: 'MARK-TOOLMSG-0f9d',
  codeOutput: 'MARK-CODEOUT-c3e2',
  privateMessage: 'MARK-PRIVATE-48be',
});

export function reviewChat(options: { title?: string } = {}) {
  const m = REVIEW_MARKERS;
  const order = ['src-sys', 'src-u1', 'src-a1', 'src-t1', 'src-a2', 'src-u2', 'src-a3'] as const;
  const body: Record<(typeof order)[number], { role: string; content: string; files?: unknown[] }> = {
    'src-sys': { role: 'system', content: `Stay formal. ${m.systemMessage}` },
    'src-u1': {
      role: 'user',
      content: 'What is the weather in Lisbon? See the attached plan.',
      files: [{ type: 'file', id: 'file-1', name: m.attachment, size: 1200 }],
    },
    'src-a1': {
      role: 'assistant',
      content:
        'Let me look that up.\n<details type="tool_calls" done="true" id="call_1" name="weather" arguments="{&quot;city&quot;:&quot;Lisbon&quot;}" ' +
        `result="&quot;${m.toolResult} 21C&quot;">\n<summary>Tool Executed</summary>\n</details>\nIt is sunny and 21 °C.`,
    },
    'src-t1': { role: 'tool', content: `{"temperature": 21, "note": "${m.toolMessage}"}` },
    'src-a2': {
      role: 'assistant',
      content: `I also ran the numbers.\n<details type="code_interpreter" done="true" output="${m.codeOutput}">\n<summary>Analyzed</summary>\n\`\`\`python\nprint(21 * 9 / 5 + 32)\n\`\`\`\n</details>\nThat is 69.8 °F.`,
    },
    'src-u2': { role: 'user', content: `${m.privateMessage} my flight number is TP123, keep it private.` },
    'src-a3': { role: 'assistant', content: 'Noted. Enjoy Lisbon!' },
  };
  const messages: Record<string, Record<string, unknown>> = {};
  order.forEach((id, i) => {
    messages[id] = {
      id,
      parentId: i === 0 ? null : order[i - 1]!,
      childrenIds: i + 1 < order.length ? [order[i + 1]!] : [],
      timestamp: 1_750_000_100 + i,
      ...(body[id].role === 'assistant' ? { model: 'test-model' } : {}),
      ...body[id],
    };
  });
  return {
    id: 'chat-review',
    title: options.title ?? 'Trip to Lisbon',
    models: ['test-model'],
    params: { system: `You are a travel agent. ${m.systemPrompt}` },
    history: { messages, currentId: 'src-a3' },
  };
}
