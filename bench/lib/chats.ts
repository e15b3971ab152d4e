import { chatWithBranches } from '@chatshare/core/testing';
import { markdownText } from './markdown-text.js';

/** Branch width used for the benchmark chats: every message on the visible path has 3 variants. */
export const BRANCH_WIDTH = 3;

/**
 * A chat of about `count` messages with branches (`chatWithBranches`, width 3: 1 + 3 × depth messages). With `long`,
 * each message carries ~800 characters of markdown instead of a short line, closer to real assistant answers.
 */
export function branchingChat(count: number, options: { long?: boolean } = {}) {
  const depth = Math.max(1, Math.round((count - 1) / BRANCH_WIDTH));
  const chat = chatWithBranches({ depth, width: BRANCH_WIDTH, title: `Benchmark chat, ${count} messages` });
  if (options.long) {
    let i = 0;
    for (const message of Object.values(chat.history.messages)) message.content = markdownText(i++);
  }
  return chat;
}

export function messageCount(chat: ReturnType<typeof branchingChat>): number {
  return Object.keys(chat.history.messages).length;
}
