import { markdownText } from './markdown-text.js';

/**
 * A single-branch Open WebUI chat of `count` messages with ~800 characters of markdown each (a heading, paragraphs, a
 * list, a code block): what a long real conversation looks like to the viewer. No test-only imports, so it bundles
 * for the browser.
 */
export function markdownChat(count: number) {
  const messages: Record<string, { id: string; parentId: string | null; childrenIds: string[]; role: 'user' | 'assistant'; content: string; timestamp: number; model?: string }> = {};
  for (let i = 0; i < count; i++) {
    const id = `msg-${i}`;
    messages[id] = {
      id,
      parentId: i === 0 ? null : `msg-${i - 1}`,
      childrenIds: i + 1 < count ? [`msg-${i + 1}`] : [],
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: i % 2 === 0 ? `Question (#${i}): how does step ${i} work?` : markdownText(i),
      timestamp: 1_750_000_000 + i,
      ...(i % 2 === 1 ? { model: 'bench-model' } : {}),
    };
  }
  return { title: `Benchmark chat, ${count} messages`, models: ['bench-model'], history: { messages, currentId: count > 0 ? `msg-${count - 1}` : null } };
}
