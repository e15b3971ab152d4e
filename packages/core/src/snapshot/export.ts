import type { OpenWebUIChat } from '../chat/schema.js';
import { snapshotBranch } from './create.js';
import type { Snapshot } from './types.js';

function randomId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Turns a snapshot back into an Open WebUI chat with fresh ids: what "Clone chat" hands the host to save, and the
 * chat sent to a community hub. The result parses with `parseChat` and snapshots to the same content.
 */
export function snapshotToChat(snapshot: Snapshot): OpenWebUIChat {
  const ids = new Map<string, string>();
  for (const id of Object.keys(snapshot.messages)) ids.set(id, randomId());
  const messages: Record<string, Record<string, unknown>> = {};
  const list: Record<string, unknown>[] = [];
  for (const m of Object.values(snapshot.messages)) {
    const id = ids.get(m.id)!;
    const message: Record<string, unknown> = {
      id,
      parentId: m.parentId === null ? null : ids.get(m.parentId)!,
      childrenIds: m.childrenIds.map((c) => ids.get(c)!),
      role: m.role,
      content: m.content,
    };
    if (m.timestamp !== null) message.timestamp = m.timestamp;
    if (m.model !== null) message.model = m.model;
    if (m.modelName !== null) message.modelName = m.modelName;
    if (m.files.length > 0) message.files = m.files.map((f) => ({ ...f }));
    messages[id] = message;
  }
  for (const m of snapshotBranch(snapshot)) list.push({ ...messages[ids.get(m.id)!] });
  return {
    title: snapshot.title,
    models: [...snapshot.models],
    // The system prompt goes where Open WebUI keeps it, so a clone (and parseChat of it) has the one that was shared.
    ...(snapshot.systemPrompt !== undefined ? { params: { system: snapshot.systemPrompt } } : {}),
    history: {
      messages: messages as NonNullable<OpenWebUIChat['history']>['messages'],
      currentId: snapshot.currentId === null ? null : ids.get(snapshot.currentId)!,
    },
    messages: list as NonNullable<OpenWebUIChat['messages']>,
  };
}

function roleLabel(role: string): string {
  if (role === 'user') return 'User';
  if (role === 'assistant') return 'Assistant';
  if (role === 'system') return 'System';
  return role.charAt(0).toUpperCase() + role.slice(1);
}

/** The visible branch as Markdown, for "Download Markdown". */
export function snapshotToMarkdown(snapshot: Snapshot): string {
  const lines = [`# ${snapshot.title}`, ''];
  for (const m of snapshotBranch(snapshot)) {
    const who = m.role === 'assistant' && m.modelName ? `${roleLabel(m.role)} (${m.modelName})` : roleLabel(m.role);
    lines.push(`### ${who}`, '', m.content, '');
  }
  return lines.join('\n');
}

/** The snapshot as pretty JSON, for "Download JSON". */
export function snapshotToJson(snapshot: Snapshot): string {
  return JSON.stringify(snapshot, null, 2);
}
