import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { receiveCommunityUpload, sendToCommunityHub, type HubWindow, type MessageSource } from '../../src/community/index.js';
import '../../src/share-chat-modal/share-chat-modal.js';
import type { ShareChatModal } from '../../src/share-chat-modal/share-chat-modal.component.js';
import { chatWithBranches, linearChat, makeService, mount, record, until } from '../helpers.js';

afterEach(() => document.body.replaceChildren());

const HUB = 'https://hub.example';

/** A window-like fake: records what is posted to it. */
function fakeWindow() {
  const posted: Array<{ message: unknown; origin: string }> = [];
  return { posted, closed: false, postMessage(message: unknown, origin: string) { posted.push({ message, origin }); }, close() { this.closed = true; } };
}

/** A message bus that counts listeners, so tests can see the handshake removes its own (T18). */
function bus() {
  const listeners = new Set<(e: MessageEvent) => void>();
  const source: MessageSource = { addEventListener: (_t, l) => listeners.add(l), removeEventListener: (_t, l) => listeners.delete(l) };
  const deliver = (data: unknown, origin: string, from: unknown) => {
    for (const l of [...listeners]) l({ type: 'message', data, origin, source: from } as unknown as MessageEvent);
  };
  return { source, listeners, deliver };
}

const payload = { chat: { title: 'Hello', history: { messages: {}, currentId: null } }, models: ['m'], level: 'public' as const };

describe('T18 sendToCommunityHub', () => {
  it('T18: ignores wrong origins, wrong windows and other strings; answers `loaded` from the hub once, to its exact origin', async () => {
    const hub = fakeWindow();
    const other = fakeWindow();
    const b = bus();
    const opened: string[] = [];
    const done = sendToCommunityHub({ hubUrl: `${HUB}/upload?x=1`, payload, messages: b.source, openWindow: (url) => (opened.push(url), hub) });
    expect(opened).toEqual([`${HUB}/upload?x=1`]);
    expect(b.listeners.size).toBe(1);
    b.deliver('loaded', 'https://evil.example', hub); // wrong origin
    b.deliver('loaded', HUB, other); // right origin, wrong window
    b.deliver('loaded', 'https://hub.example.evil.test', hub); // look-alike origin
    b.deliver('ready', HUB, hub); // not the signal
    await new Promise((r) => setTimeout(r, 10));
    expect(hub.posted).toEqual([]);
    b.deliver('loaded', HUB, hub);
    await expect(done).resolves.toEqual({ hubOrigin: HUB });
    expect(hub.posted).toEqual([{ message: JSON.stringify(payload), origin: HUB }]);
    expect(other.posted).toEqual([]);
    expect(b.listeners.size).toBe(0);
    b.deliver('loaded', HUB, hub);
    expect(hub.posted).toHaveLength(1);
  });

  it('T18: times out, removes its listener and sends nothing', async () => {
    const hub = fakeWindow();
    const b = bus();
    const done = sendToCommunityHub({ hubUrl: HUB, payload, timeoutMs: 50, messages: b.source, openWindow: () => hub });
    await expect(done).rejects.toMatchObject({ code: 'COMMUNITY_TIMEOUT' });
    expect(b.listeners.size).toBe(0);
    b.deliver('loaded', HUB, hub);
    expect(hub.posted).toEqual([]);
  });

  it('a blocked pop-up and a non-http hub URL are typed errors', async () => {
    await expect(sendToCommunityHub({ hubUrl: HUB, payload, openWindow: () => null, messages: bus().source })).rejects.toMatchObject({ code: 'POPUP_BLOCKED' });
    await expect(sendToCommunityHub({ hubUrl: 'javascript:alert(1)', payload, openWindow: () => fakeWindow(), messages: bus().source })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('a failing payload closes the hub window and sends nothing', async () => {
    const hub = fakeWindow();
    const b = bus();
    const failing = Promise.reject(Object.assign(new Error('off'), { code: 'COMMUNITY_DISABLED' }));
    const done = sendToCommunityHub({ hubUrl: HUB, payload: failing, messages: b.source, openWindow: () => hub });
    b.deliver('loaded', HUB, hub);
    await expect(done).rejects.toMatchObject({ code: 'COMMUNITY_DISABLED' });
    expect(hub.posted).toEqual([]);
    expect(hub.closed).toBe(true);
  });
});

describe('T18 receiveCommunityUpload', () => {
  it('T18: says `loaded` to each allowed origin, accepts only the opener at an allowed origin, validates with core', async () => {
    const opener = fakeWindow();
    const stranger = fakeWindow();
    const b = bus();
    const got = receiveCommunityUpload({ allowedOrigins: ['https://chat.example'], opener: opener as HubWindow, messages: b.source });
    expect(opener.posted).toEqual([{ message: 'loaded', origin: 'https://chat.example' }]);
    const chat = JSON.stringify({ chat: linearChat(3, { title: 'Shared' }), models: ['m'], level: 'private' });
    b.deliver(chat, 'https://evil.example', opener);
    b.deliver(chat, 'https://chat.example', stranger);
    expect(b.listeners.size).toBe(1);
    b.deliver(chat, 'https://chat.example', opener);
    const { upload, origin } = await got;
    expect(origin).toBe('https://chat.example');
    expect(upload.chat.title).toBe('Shared');
    expect(upload.level).toBe('private');
    expect(b.listeners.size).toBe(0);
  });

  it('R6: an invalid upload is rejected with a typed error; a timeout rejects and cleans up', async () => {
    const opener = fakeWindow();
    const b = bus();
    const bad = receiveCommunityUpload({ allowedOrigins: ['https://chat.example'], opener, messages: b.source });
    // T19: a `__proto__` key inside the chat, written as raw JSON so it survives serialisation.
    b.deliver('{"chat":{"title":"x","history":{"currentId":null,"messages":{"__proto__":{"id":"a"}}}}}', 'https://chat.example', opener);
    await expect(bad).rejects.toMatchObject({ code: 'INVALID_CHAT' });
    expect(({} as Record<string, unknown>).id).toBeUndefined();
    const late = receiveCommunityUpload({ allowedOrigins: ['https://chat.example'], opener, messages: b.source, timeoutMs: 30 });
    await expect(late).rejects.toMatchObject({ code: 'COMMUNITY_TIMEOUT' });
    expect(b.listeners.size).toBe(0);
  });
});

describe('S3 "Share to community" from the modal, with a real hub on another origin', () => {
  it('S3/T18: the hub page on another origin receives the chat at the chosen level; the modal reports it', async () => {
    const hubOrigin = location.origin.replace('localhost', '127.0.0.1');
    expect(hubOrigin).not.toBe(location.origin);
    const hubUrl = `${hubOrigin}${new URL('../fixtures/hub.html', import.meta.url).pathname}?from=${encodeURIComponent(location.origin)}`;
    const env = makeService({ c1: chatWithBranches({ depth: 2, width: 2, title: 'Branchy' }) });
    await env.admin.updateSettings({ communitySharing: true });
    const el = document.createElement('share-chat-modal') as ShareChatModal;
    Object.assign(el, { api: env.alice, chatId: 'c1', communityUrl: hubUrl, communityTimeoutMs: 20_000 });
    const shared = record<{ level: string; hubOrigin: string }>(el, 'chatshare-community-shared');
    const results: unknown[] = [];
    const onResult = (e: MessageEvent) => {
      if (e.origin === hubOrigin && typeof e.data === 'string' && e.data.includes('hub')) results.push(JSON.parse(e.data));
    };
    window.addEventListener('message', onResult);
    try {
      await mount(el);
      el.show();
      await userEvent.selectOptions(page.getByRole('combobox', { name: 'Community access' }), 'public-full-history');
      await userEvent.click(page.getByRole('button', { name: 'Share to community' }));
      await until(() => results.length > 0, 'the hub to report back', 15_000);
      expect(results[0]).toEqual({ hubResult: { title: 'Branchy', level: 'public-full-history', models: ['test-model'], messages: 5, origin: location.origin } });
      await expect.element(page.getByRole('status')).toHaveTextContent('Sent to the community page.');
      expect(shared[0]!.detail).toEqual({ level: 'public-full-history', hubOrigin });
    } finally {
      window.removeEventListener('message', onResult);
    }
  }, 30_000);

  it('S3: a hub that never answers ends in a visible timeout message and a chatshare-error', async () => {
    const env = makeService({ c1: linearChat(2) });
    await env.admin.updateSettings({ communitySharing: true });
    const el = document.createElement('share-chat-modal') as ShareChatModal;
    // A same-origin page that never says `loaded`.
    Object.assign(el, { api: env.alice, chatId: 'c1', communityUrl: `${location.origin}/__no-hub-here`, communityTimeoutMs: 300 });
    const errors = record<{ code: string }>(el, 'chatshare-error');
    await mount(el);
    el.show();
    await userEvent.click(page.getByRole('button', { name: 'Share to community' }));
    await expect.element(page.getByRole('status')).toHaveTextContent("The community page didn't answer in time. Nothing was sent.");
    expect(errors.map((e) => e.detail.code)).toEqual(['COMMUNITY_TIMEOUT']);
  });
});
