import { createMemoryStore, createShareService, type ShareApi, type Viewer } from '@chatshare/core';
import jsQR from 'jsqr';
import { expect } from 'vitest';
import { page } from 'vitest/browser';
import '../src/share-chat-modal/share-chat-modal.js';
import type { ShareChatModal } from '../src/share-chat-modal/share-chat-modal.component.js';
import { mount, until } from './helpers.js';

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

/**
 * The real service over `createMemoryStore()` (every store method, views and history included); chats belong to
 * alice. Passwords use the minimum iteration count so a test does not wait on 600,000 rounds of PBKDF2.
 */
export function makeModalService(chats: Record<string, unknown>, options: { countViews?: boolean } = {}) {
  const service = createShareService({
    store: createMemoryStore(),
    chats: { getChat: async (id) => (Object.hasOwn(chats, id) ? { ownerId: 'alice', chat: chats[id] } : null) },
    passwordIterations: 10_000,
    ...(options.countViews === undefined ? {} : { countViews: options.countViews }),
  });
  const as = (viewer: Viewer): ShareApi => service.forActor(viewer);
  return { service, as, alice: as({ id: 'alice' }), bob: as({ id: 'bob' }) };
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

/**
 * Records the files the element hands to the browser as downloads (`<a download>` clicks inside its shadow root) and
 * keeps the browser from saving them: the test reads each blob instead.
 */
export function captureDownloads(root: ShadowRoot): Array<{ name: string; blob: Promise<Blob> }> {
  const seen: Array<{ name: string; blob: Promise<Blob> }> = [];
  root.addEventListener(
    'click',
    (e) => {
      const a = e.target;
      if (!(a instanceof HTMLAnchorElement) || !a.hasAttribute('download')) return;
      e.preventDefault();
      seen.push({ name: a.download, blob: fetch(a.href).then((r) => r.blob()) });
    },
    true,
  );
  return seen;
}

/** Decodes a QR code image (PNG or SVG) the way a phone camera would read it: pixels in, text out. */
export async function decodeQrImage(blob: Blob): Promise<string | null> {
  const url = URL.createObjectURL(blob);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const width = img.naturalWidth || 400;
    const height = img.naturalHeight || 400;
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0, width, height);
    return jsQR(context.getImageData(0, 0, width, height).data, width, height)?.data ?? null;
  } finally {
    URL.revokeObjectURL(url);
  }
}
