import type { ShareLeaveOut, ShareVersion } from '@chatshare/core';
import type { ChatshareElement } from '../shared/chatshare-element.js';

/** The "1 message" / "N messages" item, or none for zero. */
function messageItem(host: ChatshareElement, count: number): string[] {
  if (count === 0) return [];
  return [count === 1 ? host.t('leftOutOneMessage') : host.t('leftOutMessages', { count })];
}

/** What the owner's choices leave out, as short plain-text items ("system prompt", "2 messages"). */
export function leftOutItems(host: ChatshareElement, leaveOut: ShareLeaveOut): string[] {
  const items: string[] = [];
  if (leaveOut.systemPrompt) items.push(host.t('leftOutSystemPrompt'));
  if (leaveOut.toolOutput) items.push(host.t('leftOutToolOutput'));
  if (leaveOut.attachments) items.push(host.t('leftOutAttachments'));
  items.push(...messageItem(host, leaveOut.messageIds.length));
  return items;
}

/** One line for a version: "System prompt, 2 messages left out" or "Everything shared". */
export function leaveOutSummary(host: ChatshareElement, leaveOut: ShareLeaveOut): string {
  const items = leftOutItems(host, leaveOut);
  if (items.length === 0) return host.t('leftOutNothing');
  const text = host.t('leftOutSummary', { items: items.join(', ') });
  return text.charAt(0).toLocaleUpperCase(host.language) + text.slice(1);
}

/**
 * What rolling back to `target` would publish again that the `current` version leaves out: the old version's
 * choices come back with its content, so the question names them and nothing is re-published unnoticed.
 */
export function resharedItems(host: ChatshareElement, target: ShareVersion, current: ShareVersion | undefined): string[] {
  const now = current?.leaveOut;
  const then = target.leaveOut;
  if (!now || !then) return [];
  const reshared: string[] = [];
  if (now.systemPrompt && !then.systemPrompt) reshared.push(host.t('leftOutSystemPrompt'));
  if (now.toolOutput && !then.toolOutput) reshared.push(host.t('leftOutToolOutput'));
  if (now.attachments && !then.attachments) reshared.push(host.t('leftOutAttachments'));
  const kept = new Set(then.messageIds);
  reshared.push(...messageItem(host, now.messageIds.filter((id) => !kept.has(id)).length));
  return reshared;
}
