import { InvalidInputError } from '../errors.js';
import type { TreeMessage, ValidatedChat } from '../chat/tree.js';
import type { ShareLeaveOut } from '../share/types.js';

/**
 * What the owner leaves out of a snapshot on review, applied to the source tree before it is copied. Everything here is
 * linear in the chat's size: a hostile 1 MB message or a 10,000-long chain of left-out messages costs one pass.
 */

/** Where a `<details` or `</details` tag starts; the tag's end is found by `tagEnd` (quotes may hold `<` and `>`). */
const DETAILS_START = /<(\/?)details(?![\w-])/gi;
/**
 * Open WebUI writes tool results and code-interpreter output as `<details type="tool_calls" result="…">`. Matched
 * anywhere in the tag, quoted values included: a false match removes too much, never too little.
 */
const TOOL_TYPE = /\btype\s*=\s*["']?\s*(?:tool_calls|code_interpreter)\b/i;

/**
 * The index just past the `>` that ends the tag whose attributes start at `from`, skipping quoted values (`"…"`,
 * `'…'`), which may hold `<` and `>`. An unterminated quote or tag runs to the end of the content.
 */
function tagEnd(content: string, from: number): number {
  for (let i = from; i < content.length; i++) {
    const c = content[i];
    if (c === '>') return i + 1;
    if (c === '"' || c === "'") {
      const close = content.indexOf(c, i + 1);
      if (close < 0) return content.length;
      i = close;
    }
  }
  return content.length;
}

/**
 * Removes tool-call and code-interpreter blocks (with anything nested in them) from message text. Fails closed: an
 * unterminated block (or tag, or quoted attribute) removes the rest of the text, so leaving out never leaks half a
 * result. One pass: each character is scanned once, quoted values included.
 */
export function stripToolOutput(content: string): string {
  if (!content.includes('<') || !/details/i.test(content)) return content;
  const stripped = stripBlocks(content);
  // Safety net for tags this reading and a renderer's might split differently (a stray quote in an earlier tag): if a
  // tool type still follows a `<details` tag, everything from that tag on goes.
  const leftover = TOOL_TYPE.exec(stripped);
  if (leftover === null) return stripped;
  const opening = stripped.slice(0, leftover.index).search(/<details(?![\w-])/i);
  return opening < 0 ? stripped : stripped.slice(0, opening);
}

function stripBlocks(content: string): string {
  let out = '';
  let keptFrom = 0;
  let depth = 0;
  DETAILS_START.lastIndex = 0;
  for (let tag = DETAILS_START.exec(content); tag !== null; tag = DETAILS_START.exec(content)) {
    const start = tag.index;
    const end = tagEnd(content, start + tag[0].length);
    DETAILS_START.lastIndex = end;
    const closing = tag[1] === '/';
    if (depth === 0) {
      if (closing || !TOOL_TYPE.test(content.slice(start + tag[0].length, end))) continue;
      out += content.slice(keptFrom, start);
      depth = 1;
    } else if (closing) {
      if (--depth === 0) keptFrom = end;
    } else depth++;
  }
  return depth > 0 ? out : out + content.slice(keptFrom);
}

/** Whether leaving out tool output would change this message. */
export function hasToolOutput(message: Pick<TreeMessage, 'role' | 'content'>): boolean {
  return message.role === 'tool' || stripToolOutput(message.content) !== message.content;
}

/** The source ids removed whole: the named ones, `system` messages with the system prompt, `tool` ones with tool output. */
export function leftOutIds(chat: ValidatedChat, leaveOut: ShareLeaveOut): Set<string> {
  const removed = new Set<string>();
  leaveOut.messageIds.forEach((id, i) => {
    if (!chat.messages.has(id)) {
      throw new InvalidInputError([{ path: `leaveOut.messageIds.${i}`, message: `message "${id.slice(0, 100)}" is not in the chat` }]);
    }
    removed.add(id);
  });
  if (leaveOut.systemPrompt || leaveOut.toolOutput) {
    for (const m of chat.messages.values()) {
      if ((leaveOut.systemPrompt && m.role === 'system') || (leaveOut.toolOutput && m.role === 'tool')) removed.add(m.id);
    }
  }
  return removed;
}

/** The nearest message at or above `id` that is kept, or `null` when all of them are left out. */
export function nearestKept(chat: ValidatedChat, removed: ReadonlySet<string>, id: string | null): string | null {
  let at = id;
  while (at !== null && removed.has(at)) at = chat.messages.get(at)!.parentId;
  return at;
}

/**
 * The kept messages that take the places of `ids` among the selected ones: a left-out message is replaced, in place,
 * by its own (selected) replies, recursively. Each left-out message is expanded once (it has one parent).
 */
export function keptChildren(chat: ValidatedChat, removed: ReadonlySet<string>, selected: ReadonlySet<string>, ids: readonly string[]): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (let i = ids.length - 1; i >= 0; i--) stack.push(ids[i]!);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (!selected.has(id)) continue;
    if (!removed.has(id)) {
      out.push(id);
      continue;
    }
    const children = chat.messages.get(id)!.childrenIds;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

/** The root once left-out messages are gone: a left-out root may hand over to its one reply, not to several. */
export function keptRoot(chat: ValidatedChat, removed: ReadonlySet<string>, selected: ReadonlySet<string>): string | null {
  if (chat.rootId === null) return null;
  const roots = keptChildren(chat, removed, selected, [chat.rootId]);
  if (roots.length > 1) {
    throw new InvalidInputError([
      {
        path: 'leaveOut',
        message: `the first message cannot be left out here: ${roots.length} replies would each become the start of the chat (choose one branch, or keep it)`,
      },
    ]);
  }
  return roots[0] ?? null;
}

/** A kept message's text and attachments as shared. */
export function sharedContent(message: TreeMessage, leaveOut: ShareLeaveOut | null): Pick<TreeMessage, 'content' | 'files'> {
  if (leaveOut === null || (!leaveOut.toolOutput && !leaveOut.attachments)) return message;
  return {
    content: leaveOut.toolOutput ? stripToolOutput(message.content) : message.content,
    files: leaveOut.attachments ? [] : message.files,
  };
}
