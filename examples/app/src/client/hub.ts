// The community hub's browser module: the receiving side of the community handshake and the hub's
// viewer.
import '@chatshare/elements/shared-chat-viewer.js';
import { receiveCommunityUpload } from '@chatshare/elements/community';
import { createHttpShareClient } from '@chatshare/adapters/http';
import type { ShareApi } from '@chatshare/core';

const data = document.body.dataset;

const viewer = document.querySelector<HTMLElement & { api?: ShareApi }>('shared-chat-viewer');
if (viewer) viewer.api = createHttpShareClient({ baseUrl: '/api/chatshare' });

if (data.page === 'upload') void receive();

async function receive(): Promise<void> {
  const status = document.getElementById('upload-status')!;
  const signIn = document.getElementById('hub-signin') as HTMLFormElement;
  const form = document.getElementById('upload-form') as HTMLFormElement;
  let received;
  try {
    // Only the chatshare instance this hub trusts may hand it a chat; other origins and windows are ignored.
    received = await receiveCommunityUpload({ allowedOrigins: [data.appOrigin ?? ''], timeoutMs: 30_000 });
  } catch (error) {
    status.textContent = `No chat received: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  const { upload, origin } = received;
  document.getElementById('upload-title')!.textContent = upload.chat.title;
  document.getElementById('upload-count')!.textContent = `${upload.chat.messages.size} messages from ${origin}`;
  document.getElementById('upload-preview')!.hidden = false;
  status.textContent = 'Chat received. Choose who can see it.';

  const preselect = form.querySelector<HTMLInputElement>(`input[value="${upload.level ?? 'private'}"]`);
  if (preselect) preselect.checked = true;

  let signedIn = (data.user ?? '') !== '';
  const showForms = () => {
    signIn.hidden = signedIn;
    form.hidden = !signedIn;
  };
  showForms();

  signIn.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = new FormData(signIn).get('username');
    void fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) }).then(
      async (response) => {
        if (!response.ok) {
          status.textContent = ((await response.json()) as { error: string }).error;
          return;
        }
        signedIn = true;
        status.textContent = 'Signed in. Choose who can see it.';
        showForms();
      },
    );
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const level = new FormData(form).get('level');
    void fetch('/api/uploads', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat: upload.chat.source, models: upload.models, level, origin }),
    }).then(async (response) => {
      const body = (await response.json()) as { url?: string; error?: string };
      if (response.ok && body.url) location.assign(body.url);
      else status.textContent = `Not published: ${body.error ?? response.status}`;
    });
  });
}
