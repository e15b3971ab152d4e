import type { ShareApi } from '@chatshare/core';
import { expect } from 'vitest';
import { page } from 'vitest/browser';
import '../../src/share-chat-modal/share-chat-modal.js';
import type { ShareChatModal } from '../../src/share-chat-modal/share-chat-modal.component.js';
import { mount, until } from '../helpers.js';

/** Unique words the B15 tests look for in every byte a viewer receives. */
export const MARKERS = {
  secretMessage: 'SECRET-MARKER-4242',
  fileName: 'itinerary-draft-77.pdf',
  toolResult: 'TOOLRESULT-7731',
  systemPrompt: 'SYSPROMPT-9931',
} as const;

/**
 * An Open WebUI chat with everything B15 can leave out: a system prompt (`params.system`), an attachment, a
 * tool-call result block and one message holding a secret. Source ids are `u1`, `a1`, `u2`, `a2`.
 */
export function reviewChat() {
  const rows = [
    { id: 'u1', role: 'user', content: 'Plan a trip to Lisbon', files: [{ type: 'file', name: MARKERS.fileName, size: 2048 }] },
    {
      id: 'a1',
      role: 'assistant',
      model: 'test-model',
      content: `Here is a plan.\n<details type="tool_calls" done="true" result="&quot;${MARKERS.toolResult}&quot;">\n<summary>Tool Executed</summary>\n</details>\nDay one: Alfama.`,
    },
    { id: 'u2', role: 'user', content: `My passport number is ${MARKERS.secretMessage}, remember it` },
    { id: 'a2', role: 'assistant', model: 'test-model', content: 'Noted. Day two: Belém.' },
  ];
  const messages = Object.fromEntries(
    rows.map((m, i) => [m.id, { ...m, parentId: i === 0 ? null : rows[i - 1]!.id, childrenIds: i + 1 < rows.length ? [rows[i + 1]!.id] : [], timestamp: 1_750_000_000 + i }]),
  );
  return { id: 'chat-r', title: 'Lisbon trip', models: ['test-model'], params: { system: `You are a travel agent. ${MARKERS.systemPrompt}` }, history: { messages, currentId: 'a2' } };
}


/** Mounts `<share-chat-modal>` for alice's `chatId`, opens it and waits until it has loaded. */
export async function showModal(api: ShareApi, chatId: string, attributes: Record<string, string> = {}): Promise<ShareChatModal> {
  const el = document.createElement('share-chat-modal') as ShareChatModal;
  Object.assign(el, { api, chatId, linkBase: 'http://host.test/s/' });
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await mount(el);
  el.show();
  await expect.element(page.getByRole('dialog', { name: /Share chat|Compartir chat/ })).toBeVisible();
  await until(() => !el.shadowRoot!.textContent!.includes('Loading') && !el.shadowRoot!.textContent!.includes('Cargando'), 'load');
  return el;
}

/** Opens the "Review before publishing" disclosure with a click and waits for core's first preview. */
export async function openReview(el: ShareChatModal, name = 'Review before publishing'): Promise<void> {
  const summary = [...el.shadowRoot!.querySelectorAll('summary')].find((s) => s.textContent!.trim() === name);
  expect(summary, `a "${name}" disclosure`).toBeDefined();
  summary!.click();
  await until(() => el.shadowRoot!.querySelector('[part="review-count"]')?.getAttribute('aria-busy') === 'false', 'first preview');
}

/** The review's count line, e.g. "3 of 4 messages will be shared." */
export function reviewCount(el: ShareChatModal): string {
  return el.shadowRoot!.querySelector('[part="review-count"]')?.textContent?.trim() ?? '';
}

