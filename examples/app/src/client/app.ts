// The example app's one browser module: wires chatshare's elements to the app's HTTP API. Loaded as a module from
// 'self' under a strict CSP; it never writes HTML strings.
import '@chatshare/elements/share-chat-modal.js';
import '@chatshare/elements/shared-chat-viewer.js';
import '@chatshare/elements/shared-links-manager.js';
import { createHttpShareClient } from '@chatshare/adapters/http';
import type { ShareApi } from '@chatshare/core';
import { setUpMenus } from './menus.js';

type ShareModal = HTMLElement & { api?: ShareApi; chatId?: string; show(): void };
type Viewer = HTMLElement & { api?: ShareApi; tts?: boolean };
type LinksManager = HTMLElement & { api?: ShareApi };

const api = createHttpShareClient({ baseUrl: '/api/chatshare' });
const data = document.body.dataset;
// The host picks the elements' language (the switch in the header sets it).
const lang = data.lang === 'es' ? 'es' : 'en';
for (const element of document.querySelectorAll('share-chat-modal, shared-chat-viewer, shared-links-manager')) element.setAttribute('lang', lang);

const modal = document.querySelector<ShareModal>('share-chat-modal');
if (modal) {
  modal.api = api;
  setUpMenus((chatId) => {
    modal.chatId = chatId;
    modal.show();
  });
}

const viewer = document.querySelector<Viewer>('shared-chat-viewer');
if (viewer) {
  viewer.tts = data.tts === 'true';
  viewer.api = api;
  // "Clone chat": the viewer hands over the snapshot as a chat; the host stores it as the signed-in user's own chat.
  viewer.addEventListener('chatshare-clone', (event) => {
    const chat = (event as CustomEvent<{ chat: unknown }>).detail.chat;
    void fetch('/api/chats', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat }),
    })
      .then((response) => (response.ok ? (response.json() as Promise<{ url: string }>) : Promise.reject(new Error(String(response.status)))))
      .then(({ url }) => location.assign(url))
      .catch((error: unknown) => showStatus(`Could not clone the chat (${String(error)}).`));
  });
}

const manager = document.querySelector<LinksManager>('shared-links-manager');
if (manager) manager.api = api;

function showStatus(text: string): void {
  const status = document.createElement('p');
  status.setAttribute('role', 'alert');
  status.textContent = text;
  document.querySelector('main')?.prepend(status);
}
