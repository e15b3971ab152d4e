import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  computeSnapshotHash,
  DEFAULT_LEAVE_OUT,
  parseChat,
  restrictToBranch,
  snapshotBranch,
  snapshotChat,
  snapshotToChat,
  stripToolOutput,
  type ShareLeaveOut,
  type Snapshot,
} from '@chatshare/core';
import { linearChat } from '@chatshare/core/testing';
import { REVIEW_MARKERS, reviewChat } from '../../src/testing/factories.js';
import { failure } from '../service/setup-share-service.js';

const leave = (fields: Partial<ShareLeaveOut>): ShareLeaveOut => ({ ...DEFAULT_LEAVE_OUT, systemPrompt: false, ...fields });

/** r → [a, x, b]; x → [x1, x2]; x2 → [y]. Current: y. */
function forkedChat() {
  const m = (id: string, parentId: string | null, childrenIds: string[], role = 'user') => ({ id, parentId, childrenIds, role, content: `text of ${id}` });
  return {
    title: 'Forked',
    history: {
      currentId: 'y',
      messages: {
        r: m('r', null, ['a', 'x', 'b']),
        a: m('a', 'r', [], 'assistant'),
        x: m('x', 'r', ['x1', 'x2'], 'assistant'),
        b: m('b', 'r', [], 'assistant'),
        x1: m('x1', 'x', []),
        x2: m('x2', 'x', ['y']),
        y: m('y', 'x2', [], 'assistant'),
      },
    },
  };
}

/** Each snapshot message by its source text, with its parent's and children's texts: the shape, ids aside. */
function shape(snapshot: Snapshot) {
  const text = (id: string | null) => (id === null ? null : snapshot.messages[id]!.content.replace('text of ', ''));
  return Object.fromEntries(
    Object.values(snapshot.messages).map((m) => [text(m.id), { parent: text(m.parentId), children: m.childrenIds.map(text) }]),
  );
}

function markersIn(value: unknown): string[] {
  const text = JSON.stringify(value);
  return Object.values(REVIEW_MARKERS).filter((marker) => text.includes(marker));
}

describe('B15: leave-out in the snapshot', () => {
  it('B15: a left-out message goes and its replies move up to its parent, in its place', async () => {
    const snapshot = await snapshotChat(parseChat(forkedChat()), { scope: 'full-history', leaveOut: leave({ messageIds: ['x'] }) });
    expect(shape(snapshot)).toEqual({
      r: { parent: null, children: ['a', 'x1', 'x2', 'b'] },
      a: { parent: 'r', children: [] },
      x1: { parent: 'r', children: [] },
      x2: { parent: 'r', children: ['y'] },
      y: { parent: 'x2', children: [] },
      b: { parent: 'r', children: [] },
    });
    // Ids stay in tree order, so the fast canonical hash input still holds (B8).
    expect(snapshot.hash).toBe(await computeSnapshotHash(snapshot));
    expect(snapshotBranch(snapshot).map((m) => m.content)).toEqual(['text of r', 'text of x2', 'text of y']);
  });

  it('B15: left-out messages in a chain hand their replies up through each other', async () => {
    const snapshot = await snapshotChat(parseChat(forkedChat()), { scope: 'full-history', leaveOut: leave({ messageIds: ['x', 'x2'] }) });
    expect(shape(snapshot).r).toEqual({ parent: null, children: ['a', 'x1', 'y', 'b'] });
    expect(shape(snapshot).y).toEqual({ parent: 'r', children: [] });
  });

  it('B15: a left-out current message gives way to its nearest kept ancestor', async () => {
    const snapshot = await snapshotChat(parseChat(forkedChat()), { leaveOut: leave({ messageIds: ['y', 'x2'] }) });
    expect(snapshotBranch(snapshot).map((m) => m.content)).toEqual(['text of r', 'text of x']);
    expect(snapshot.messages[snapshot.currentId!]!.content).toBe('text of x');
  });

  it('B15, B4: "up to" a left-out message shares up to its nearest kept ancestor', async () => {
    const chat = parseChat(linearChat(6));
    const snapshot = await snapshotChat(chat, { upToMessageId: 'msg-3', leaveOut: leave({ messageIds: ['msg-3', 'msg-2'] }) });
    expect(snapshotBranch(snapshot).map((m) => m.content)).toEqual(['Question number 0', 'Answer number 1']);
  });

  it('B15: a left-out first message hands the start to its only reply', async () => {
    const snapshot = await snapshotChat(parseChat(linearChat(3)), { leaveOut: leave({ messageIds: ['msg-0'] }) });
    expect(snapshotBranch(snapshot).map((m) => m.content)).toEqual(['Answer number 1', 'Question number 2']);
    expect(snapshot.messages[snapshot.rootId!]!.parentId).toBeNull();
  });

  it('B15: a left-out first message with several replies is refused in full history, with a clear message', async () => {
    const chat = parseChat(forkedChat());
    const error = await failure(snapshotChat(chat, { scope: 'full-history', leaveOut: leave({ messageIds: ['r'] }) }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/first message cannot be left out.*3 replies/);
    // On one branch only one reply is shared, so it can take the start.
    const branch = await snapshotChat(chat, { leaveOut: leave({ messageIds: ['r'] }) });
    expect(snapshotBranch(branch).map((m) => m.content)).toEqual(['text of x', 'text of x2', 'text of y']);
  });

  it('B15: a message id that is not in the chat is INVALID_INPUT naming it', async () => {
    const error = await failure(snapshotChat(parseChat(linearChat(2)), { leaveOut: leave({ messageIds: ['msg-0', 'nope'] }) }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.issues).toEqual([{ path: 'leaveOut.messageIds.1', message: 'message "nope" is not in the chat' }]);
  });

  it('B15: the system prompt comes from params.system (else a top-level system) and counts toward the limits', async () => {
    expect(parseChat(reviewChat()).systemPrompt).toContain(REVIEW_MARKERS.systemPrompt);
    expect(parseChat({ ...linearChat(1), system: 'Top level' }).systemPrompt).toBe('Top level');
    expect(parseChat({ ...linearChat(1), system: 'Top level', params: { system: 'From params' } }).systemPrompt).toBe('From params');
    expect(parseChat({ ...linearChat(1), params: { system: '  ' } }).systemPrompt).toBeNull();
    expect(parseChat(linearChat(1)).systemPrompt).toBeNull();
    const long = { ...linearChat(1), params: { system: 'x'.repeat(101) } };
    const error = await failure(Promise.resolve().then(() => parseChat(long, { maxMessageChars: 100 })));
    expect(error).toMatchObject({ code: 'CHAT_TOO_LARGE' });
    expect(error.message).toContain('params.system');
  });

  it('B15, B8: a shared system prompt is in the snapshot and its hash, and a clone keeps it as params.system', async () => {
    const chat = parseChat(reviewChat());
    const shared = await snapshotChat(chat, { leaveOut: leave({}) });
    const kept = await snapshotChat(chat, { leaveOut: leave({ systemPrompt: true }) });
    expect(shared.systemPrompt).toContain(REVIEW_MARKERS.systemPrompt);
    expect('systemPrompt' in kept).toBe(false);
    expect(shared.hash).not.toBe(kept.hash);
    expect(shared.hash).toBe(await computeSnapshotHash(shared));
    const { hash: _h, version: _v, createdAt: _c, ...content } = shared;
    expect(JSON.stringify(content)).toBe(canonicalJson(content));
    // Narrowing to the branch keeps it (T12 path).
    const full = await snapshotChat(chat, { scope: 'full-history', leaveOut: leave({}) });
    expect((await restrictToBranch(full)).systemPrompt).toBe(full.systemPrompt);
    // Clone round trip: params.system, and the same content hash again.
    const clone = JSON.parse(JSON.stringify(snapshotToChat(shared))) as { params?: { system?: string } };
    expect(clone.params?.system).toBe(shared.systemPrompt);
    expect((await snapshotChat(parseChat(clone))).hash).toBe(shared.hash);
  });

  it('B15: leaving out the system prompt also removes every system message', async () => {
    const snapshot = await snapshotChat(parseChat(reviewChat()), { leaveOut: DEFAULT_LEAVE_OUT });
    expect(Object.values(snapshot.messages).map((m) => m.role)).not.toContain('system');
    expect(markersIn(snapshot)).not.toContain(REVIEW_MARKERS.systemMessage);
    expect(markersIn(snapshot)).not.toContain(REVIEW_MARKERS.systemPrompt);
  });

  it('B15: leaving out tool output removes tool messages and tool-call / code-interpreter blocks, nothing else', async () => {
    const snapshot = await snapshotChat(parseChat(reviewChat()), { leaveOut: leave({ toolOutput: true }) });
    expect(Object.values(snapshot.messages).map((m) => m.role)).not.toContain('tool');
    const found = markersIn(snapshot);
    for (const marker of [REVIEW_MARKERS.toolResult, REVIEW_MARKERS.toolMessage, REVIEW_MARKERS.codeOutput]) expect(found).not.toContain(marker);
    const texts = snapshotBranch(snapshot).map((m) => m.content);
    expect(texts).toContain('Let me look that up.\n\nIt is sunny and 21 °C.');
    expect(texts).toContain('I also ran the numbers.\n\nThat is 69.8 °F.');
  });

  it('B15: tool-output stripping handles nesting, other details blocks, case and unterminated blocks', () => {
    const reasoning = '<details type="reasoning" done="true">\n<summary>Thought</summary>\nhmm\n</details>';
    expect(stripToolOutput(`a ${reasoning} b`)).toBe(`a ${reasoning} b`);
    expect(stripToolOutput('a <details type="tool_calls" result="R"><details><summary>x</summary>inner</details>tail R</details> b')).toBe('a  b');
    expect(stripToolOutput('a <DETAILS TYPE="Code_Interpreter" output="R">R</Details> b')).toBe('a  b');
    expect(stripToolOutput('keep <details type="tool_calls" result="SECRET">SECRET never closed')).toBe('keep ');
    expect(stripToolOutput('no tags at all')).toBe('no tags at all');
    expect(stripToolOutput('</details> stray close <details type="tool_calls">x</details>!')).toBe('</details> stray close !');
  });

  it('B15: quoted attributes holding < or > (either quote style, any case) do not let tool output through', () => {
    const payloads = [
      'a <details type="tool_calls" result="1 < 2 SECRET">SECRET</details> b',
      'a <details result="x>y SECRET" type="tool_calls">SECRET</details> b',
      "a <details type='code_interpreter' output='<b>SECRET</b>'>SECRET</details> b",
      'a <details TYPE = "Tool_Calls" result="</details> SECRET">SECRET</details> b',
      "a <Details Type='CODE_INTERPRETER' output=\"'>\" x='SECRET'>SECRET</DETAILS> b",
      'a <details type=tool_calls result="SECRET">SECRET</details> b',
    ];
    for (const payload of payloads) expect(stripToolOutput(payload), payload).toBe('a  b');
    // Fail closed: an unterminated block, tag or quoted value removes everything after the opening.
    expect(stripToolOutput('keep <details type="tool_calls" result="a>b">SECRET')).toBe('keep ');
    expect(stripToolOutput('keep <details type="tool_calls" result="SECRET never closed')).toBe('keep ');
    expect(stripToolOutput("keep <details type='tool_calls' result='x</details> SECRET")).toBe('keep ');
    expect(stripToolOutput('keep <details type="tool_calls" result="x" SECRET')).toBe('keep ');
    // A stray quote in an earlier tag that hides a tool tag from this reading: the safety net cuts from that tag on.
    const hidden = `a <details summary='x> hi <details result="a'>b" type="tool_calls">SECRET</details> b`;
    expect(stripToolOutput(hidden)).toBe('a ');
    // Other details blocks with such attributes are kept as they are.
    const reasoning = '<details type="reasoning" summary="a < b > c">think</details>';
    expect(stripToolOutput(`x ${reasoning} y <details type="tool_calls" result=">">R</details>z`)).toBe(`x ${reasoning} y z`);
  });

  it('B15: leaving out attachments empties every message’s file list', async () => {
    const snapshot = await snapshotChat(parseChat(reviewChat()), { leaveOut: leave({ attachments: true }) });
    for (const m of Object.values(snapshot.messages)) expect(m.files).toEqual([]);
    expect(markersIn(snapshot)).not.toContain(REVIEW_MARKERS.attachment);
  });

  it('B15: without leave-out choices everything is kept (the library default; the service applies DEFAULT_LEAVE_OUT)', async () => {
    const snapshot = await snapshotChat(parseChat(reviewChat()));
    expect(markersIn(snapshot).sort()).toEqual(Object.values(REVIEW_MARKERS).sort());
  });
});
