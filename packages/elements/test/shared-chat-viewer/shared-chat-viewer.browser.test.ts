import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { snapshotToJson, snapshotToMarkdown } from '@chatshare/core';
import '../../src/shared-chat-viewer/shared-chat-viewer.js';
import type { SharedChatViewer } from '../../src/shared-chat-viewer/shared-chat-viewer.component.js';
import { chatWithBranches, expectNoAxeViolations, linearChat, makeService, mount, record, singleTurn, tenMessages, until } from '../helpers.js';

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

async function viewShare(options: { chat?: unknown; audience?: 'instance' | 'anyone' | 'owner'; viewer?: { id: string } | null; scope?: 'branch' | 'full-history'; lang?: 'en' | 'es'; tts?: boolean } = {}) {
  const env = makeService({ c1: options.chat ?? linearChat(4, { title: 'Trip plan' }) });
  const share = await env.alice.createShare({ chatId: 'c1', audience: { type: options.audience ?? 'anyone' }, scope: options.scope ?? 'branch' });
  const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
  el.api = env.as(options.viewer === undefined ? { id: 'bob' } : options.viewer);
  el.shareId = share.id;
  el.loginUrl = 'https://host.test/login';
  if (options.lang) el.lang = options.lang;
  if (options.tts) el.tts = true;
  await mount(el);
  return { ...env, el, share };
}

const bodies = (el: SharedChatViewer) => [...el.shadowRoot!.querySelectorAll('[part="message-body"]')].map((b) => b.textContent!.trim());

describe('S8 read-only viewer', () => {
  it('S8: renders the title as a heading, the date and the messages', async () => {
    const { el } = await viewShare();
    await expect.element(page.getByRole('heading', { name: 'Trip plan' })).toBeVisible();
    await expect.element(page.getByText('Shared', { exact: false })).toBeVisible();
    await until(() => bodies(el).length === 4, 'messages');
    expect(bodies(el)).toEqual(['Question number 0', 'Answer number 1', 'Question number 2', 'Answer number 3']);
    expect(el.shadowRoot!.querySelector('time')!.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(el.shadowRoot!.textContent).not.toContain('updated');
    expect(el.shadowRoot!.querySelectorAll('input, textarea, [contenteditable]')).toHaveLength(0);
  });

  it('renders both real Open WebUI fixtures', async () => {
    for (const [chat, title] of [[tenMessages, 'How Photosynthesis Works'], [singleTurn, (singleTurn as { title: string }).title]] as const) {
      const { el } = await viewShare({ chat });
      await expect.element(page.getByRole('heading', { name: title })).toBeVisible();
      await until(() => bodies(el).length > 0, 'messages');
      expect(bodies(el).join(' ').length).toBeGreaterThan(20);
      el.remove();
    }
  });

  it('B8: "updated …" appears once the link was updated (snapshot version 2)', async () => {
    const { el, alice, share } = await viewShare();
    await alice.updateShare(share.id);
    el.shareId = undefined;
    el.remove();
    const again = document.createElement('shared-chat-viewer') as SharedChatViewer;
    again.api = el.api;
    again.shareId = share.id;
    await mount(again);
    await expect.element(page.getByText('updated', { exact: false })).toBeVisible();
  });

  it('S8: code blocks are monospace, scroll horizontally and have "Copy code"', async () => {
    const { el } = await viewShare({ chat: { title: 'Code', history: { currentId: 'a', messages: { a: { id: 'a', parentId: null, childrenIds: [], role: 'assistant', content: '```js\nconst x = "' + 'y'.repeat(400) + '";\n```', timestamp: 1 } } } } });
    await expect.element(page.getByRole('button', { name: 'Copy code' })).toBeVisible();
    const pre = el.shadowRoot!.querySelector('pre')!;
    const style = getComputedStyle(pre);
    expect(style.fontFamily).toMatch(/mono|Menlo|Consolas/i);
    expect(style.overflowX).toBe('auto');
    expect(pre.scrollWidth).toBeGreaterThan(pre.clientWidth);
    const written: string[] = [];
    vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (t) => void written.push(t));
    await userEvent.click(page.getByRole('button', { name: 'Copy code' }));
    await expect.element(page.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(written[0]).toContain('const x = "yyy');
  });

  it('B10: Spanish catalogue and dates', async () => {
    const { el } = await viewShare({ lang: 'es' });
    await expect.element(page.getByRole('button', { name: 'Descargar Markdown' })).toBeVisible();
    await expect.element(page.getByText('Compartido el', { exact: false })).toBeVisible();
    expect(el.shadowRoot!.textContent).toContain('Usuario');
  });

  it('B11: no axe violations', async () => {
    const { el } = await viewShare({ scope: 'full-history', chat: chatWithBranches({ depth: 2, width: 2 }), tts: true });
    await until(() => bodies(el).length > 0, 'messages');
    await expectNoAxeViolations(el);
  });
});

describe('B4 full history: versions at every branch point', () => {
  it('B4: "Previous version" / "Next version" and "2 / 2" at each branch point, by keyboard', async () => {
    const { el } = await viewShare({ chat: chatWithBranches({ depth: 2, width: 3 }), scope: 'full-history' });
    await until(() => bodies(el).length === 3, 'messages');
    expect(bodies(el)).toEqual(['Root question', 'Level 1, variant 3 of 3', 'Level 2, variant 3 of 3']);
    expect([...el.shadowRoot!.querySelectorAll('[part="versions"]')].map((v) => v.textContent!.replace(/\s+/g, ' ').trim())).toEqual(['‹ 3 / 3 ›', '‹ 3 / 3 ›']);
    const previous = page.getByRole('button', { name: 'Previous version' }).first();
    (previous.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await until(() => bodies(el)[1] === 'Level 1, variant 2 of 3', 'previous');
    // The other branch has no children here, so the path ends at the chosen version.
    expect(bodies(el)).toEqual(['Root question', 'Level 1, variant 2 of 3']);
    await expect.element(page.getByText('2 / 3')).toBeVisible();
    await userEvent.click(page.getByRole('button', { name: 'Next version' }).first());
    await until(() => bodies(el).length === 3, 'next');
    expect(bodies(el)[2]).toBe('Level 2, variant 3 of 3');
    expect((page.getByRole('button', { name: 'Next version' }).first().element() as HTMLButtonElement).disabled).toBe(true);
  });

  it('B4: a branch-scope share shows no version controls', async () => {
    const { el } = await viewShare({ chat: chatWithBranches({ depth: 2, width: 3 }), scope: 'branch' });
    await until(() => bodies(el).length === 3, 'messages');
    expect(page.getByRole('button', { name: 'Previous version' }).elements()).toHaveLength(0);
  });
});

describe('S7/S10/T21 states', () => {
  it('S7: AUTH_REQUIRED emits a cancelable login-required with the return URL and, unless cancelled, goes to login-url?redirect=', async () => {
    const events: CustomEvent<{ returnUrl: string }>[] = [];
    document.addEventListener('login-required', (e) => events.push(e as CustomEvent<{ returnUrl: string }>), { once: true });
    const env = makeService({ c1: linearChat(2) });
    const share = await env.alice.createShare({ chatId: 'c1' });
    const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
    const visited: string[] = [];
    el.navigate = (url) => visited.push(url);
    el.loginUrl = 'https://host.test/login';
    el.api = env.as(null);
    el.shareId = share.id;
    await mount(el);
    await expect.element(page.getByText('Sign in to view this shared chat.')).toBeVisible();
    expect(events[0]!.detail.returnUrl).toBe(location.href);
    expect(events[0]!.cancelable && events[0]!.bubbles && events[0]!.composed).toBe(true);
    expect(visited).toEqual([`https://host.test/login?redirect=${encodeURIComponent(location.href)}`]);
    // T5: nothing of the chat reached the page.
    expect(el.shadowRoot!.textContent).not.toContain('Question number');
  });

  it('S7: a cancelled login-required does not navigate; a javascript: login-url is never followed (T14)', async () => {
    const env = makeService({ c1: linearChat(2) });
    const share = await env.alice.createShare({ chatId: 'c1' });
    for (const [loginUrl, cancel] of [['https://host.test/login', true], ['java\tscript:alert(1)', false]] as const) {
      const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
      const visited: string[] = [];
      el.navigate = (url) => visited.push(url);
      el.addEventListener('login-required', (e) => cancel && e.preventDefault());
      Object.assign(el, { loginUrl, api: env.as(null), shareId: share.id });
      await mount(el);
      await expect.element(page.getByText('Sign in to view this shared chat.')).toBeVisible();
      expect(visited).toEqual([]);
      el.remove();
    }
  });

  it('S10: a revoked link reads "This link is no longer valid."', async () => {
    const env = makeService({ c1: linearChat(2) });
    const share = await env.alice.createShare({ chatId: 'c1' });
    await env.alice.revokeShare(share.id);
    const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
    Object.assign(el, { api: env.as({ id: 'bob' }), shareId: share.id });
    await mount(el);
    await expect.element(page.getByText('This link is no longer valid.')).toBeVisible();
  });

  it('T1: an unknown id and a private share read the same', async () => {
    const env = makeService({ c1: linearChat(2) });
    const share = await env.alice.createShare({ chatId: 'c1', audience: { type: 'owner' } });
    for (const id of [share.id, 'x'.repeat(21)]) {
      const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
      Object.assign(el, { api: env.as({ id: 'bob' }), shareId: id });
      await mount(el);
      await expect.element(page.getByText('This link is no longer valid.')).toBeVisible();
      el.remove();
    }
  });

  it('T21: a failing service shows an error, never an endless spinner', async () => {
    const env = makeService({ c1: linearChat(2) });
    const share = await env.alice.createShare({ chatId: 'c1' });
    const api = env.as({ id: 'bob' });
    const broken = { ...api, readShare: async () => { throw Object.assign(new Error('The share store failed to read a share; nothing was changed.'), { code: 'STORAGE_ERROR' }); } };
    const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
    const errors = record<{ code: string }>(el, 'chatshare-error');
    Object.assign(el, { api: broken, shareId: share.id });
    await mount(el);
    await expect.element(page.getByRole('alert')).toHaveTextContent(/Something went wrong: The share store failed/);
    expect(el.shadowRoot!.textContent).not.toContain('Loading');
    expect(errors.map((e) => e.detail.code)).toEqual(['STORAGE_ERROR']);
  });

  it('S8: a `view` the host sets while a readShare is in flight is not overwritten when the read answers', async () => {
    const env = makeService({ c1: linearChat(2, { title: 'Loaded by id' }), c2: linearChat(2, { title: 'Set by the host' }) });
    const loaded = await env.alice.createShare({ chatId: 'c1', audience: { type: 'anyone' } });
    const direct = await env.alice.createShare({ chatId: 'c2', audience: { type: 'anyone' } });
    const api = env.as({ id: 'bob' });
    const hostView = await api.readShare(direct.id);
    let answer!: () => void;
    const gate = new Promise<void>((resolve) => (answer = resolve));
    let reads = 0;
    const slow = { ...api, readShare: async (id: string) => (reads++, await gate, api.readShare(id)) };
    const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
    Object.assign(el, { api: slow, shareId: loaded.id });
    await mount(el);
    await until(() => reads === 1, 'the read to start');
    el.view = hostView;
    await expect.element(page.getByRole('heading', { name: 'Set by the host' })).toBeVisible();
    answer();
    await new Promise((r) => setTimeout(r, 100));
    await el.updateComplete;
    await expect.element(page.getByRole('heading', { name: 'Set by the host' })).toBeVisible();
    expect(page.getByRole('heading', { name: 'Loaded by id' }).elements()).toHaveLength(0);
    expect(el.shadowRoot!.textContent).not.toContain('Loading');
  });

  it('T21: a malformed snapshot set as `view` does not hang (cycle and orphan ids)', async () => {
    const env = makeService({ c1: linearChat(2) });
    const share = await env.alice.createShare({ chatId: 'c1' });
    const view = await env.as({ id: 'bob' }).readShare(share.id);
    const messages = { a: { ...view.snapshot.messages.m1!, id: 'a', parentId: 'b', childrenIds: ['b'] }, b: { ...view.snapshot.messages.m1!, id: 'b', parentId: 'a', childrenIds: ['a'] } };
    const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
    el.view = { ...view, snapshot: { ...view.snapshot, rootId: 'a', currentId: 'zzz', messages } };
    await mount(el);
    await expect.element(page.getByRole('heading', { name: view.title })).toBeVisible();
    await until(() => bodies(el).length === 2, 'cycle cut');
  });
});

describe('S8 text-to-speech, B6 clone, B7 export', () => {
  it('S8: "Read aloud" per message speaks the message with speechSynthesis; hidden unless enabled', async () => {
    const { el } = await viewShare();
    await until(() => bodies(el).length === 4, 'messages');
    expect(page.getByRole('button', { name: 'Read aloud' }).elements()).toHaveLength(0);
    el.remove();
    const spoken: string[] = [];
    vi.spyOn(speechSynthesis, 'speak').mockImplementation((u) => void spoken.push(u.text));
    const { el: withTts } = await viewShare({ tts: true });
    await until(() => bodies(withTts).length === 4, 'messages');
    expect(page.getByRole('button', { name: 'Read aloud' }).elements()).toHaveLength(4);
    await userEvent.click(page.getByRole('button', { name: 'Read aloud' }).nth(1));
    expect(spoken).toEqual(['Answer number 1']);
  });

  it('S8: the instance setting turns "Read aloud" on', async () => {
    const env = makeService({ c1: linearChat(2) });
    await env.admin.updateSettings({ textToSpeech: true });
    const share = await env.alice.createShare({ chatId: 'c1' });
    const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
    Object.assign(el, { api: env.as({ id: 'bob' }), shareId: share.id });
    await mount(el);
    await expect.element(page.getByRole('button', { name: 'Read aloud' }).first()).toBeVisible();
  });

  it('S8: "Read aloud" stays hidden where the browser has no speechSynthesis', async () => {
    const original = Object.getOwnPropertyDescriptor(window, 'speechSynthesis')!;
    Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
    try {
      const { el } = await viewShare({ tts: true });
      await until(() => bodies(el).length === 4, 'messages');
      expect(page.getByRole('button', { name: 'Read aloud' }).elements()).toHaveLength(0);
    } finally {
      Object.defineProperty(window, 'speechSynthesis', original);
    }
  });

  it('B6: "Clone chat" for a signed-in viewer emits chatshare-clone with a new chat; anonymous viewers get no button', async () => {
    const { el } = await viewShare();
    const clones = record<{ chat: { title: string; history: { messages: Record<string, unknown> } } }>(el, 'chatshare-clone');
    await userEvent.click(page.getByRole('button', { name: 'Clone chat' }));
    await until(() => clones.length === 1, 'clone');
    expect(clones[0]!.detail.chat.title).toBe('Trip plan');
    expect(Object.keys(clones[0]!.detail.chat.history.messages)).toHaveLength(4);
    el.remove();
    const { el: anon } = await viewShare({ viewer: null });
    await expect.element(page.getByRole('heading', { name: 'Trip plan' })).toBeVisible();
    expect(anon.shadowRoot!.textContent).not.toContain('Clone chat');
  });

  it('B7: "Download Markdown" and "Download JSON" hand over the snapshot exports', async () => {
    const { el, as, share } = await viewShare();
    const view = await as({ id: 'bob' }).readShare(share.id);
    const blobs: Blob[] = [];
    const create = URL.createObjectURL.bind(URL);
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (blobs.push(b as Blob), create(b as Blob)));
    const downloads: string[] = [];
    el.shadowRoot!.addEventListener('click', (e) => {
      const a = e.target as HTMLAnchorElement;
      if (a.tagName === 'A' && a.download) {
        downloads.push(a.download);
        e.preventDefault();
      }
    }, true);
    await userEvent.click(page.getByRole('button', { name: 'Download Markdown' }));
    await userEvent.click(page.getByRole('button', { name: 'Download JSON' }));
    expect(downloads).toEqual(['Trip plan.md', 'Trip plan.json']);
    expect(await blobs[0]!.text()).toBe(snapshotToMarkdown(view.snapshot));
    expect(await blobs[1]!.text()).toBe(snapshotToJson(view.snapshot));
  });
});

describe('B12 long chats', () => {
  it('B12: a 10,000-message snapshot renders only a window of messages, about as fast as 100', async () => {
    const env = makeService({ big: linearChat(10_000, { title: 'Big' }), small: linearChat(100, { title: 'Small' }) });
    const big = await env.alice.createShare({ chatId: 'big' });
    const small = await env.alice.createShare({ chatId: 'small' });
    const bob = env.as({ id: 'bob' });
    const bigView = await bob.readShare(big.id);
    const smallView = await bob.readShare(small.id);
    const time = async (view: typeof bigView) => {
      const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
      const start = performance.now();
      el.view = view;
      await mount(el);
      await until(() => bodies(el).length > 0, 'first paint');
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const ms = performance.now() - start;
      const rendered = bodies(el).length;
      el.remove();
      return { ms, rendered };
    };
    await time(smallView); // warm-up
    const s = await time(smallView);
    const b = await time(bigView);
    expect(b.rendered).toBeGreaterThan(0);
    expect(b.rendered).toBeLessThan(200);
    expect(b.ms).toBeLessThan(Math.max(10 * s.ms, 500));
  });
});

describe('B12 scrolling', () => {
  const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
  const rows = (el: SharedChatViewer) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="listitem"]')];
  const indexOf = (row: HTMLElement) => Number(/(?:Question|Answer) (\d+)/.exec(row.textContent ?? '')?.[1] ?? NaN);

  /** Short questions and answers of very different lengths, so a size estimate from the average would be far off. */
  function mixedChat(count: number) {
    const messages: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const answer = `## Answer ${i}\n\n${'word '.repeat(40 + ((i * 37) % 260))}\n\n- one\n- two\n\n\`\`\`\ncode ${i}\n\`\`\`\n`;
      messages[`m${i}`] = {
        id: `m${i}`,
        parentId: i === 0 ? null : `m${i - 1}`,
        childrenIds: i + 1 < count ? [`m${i + 1}`] : [],
        role: i % 2 === 0 ? 'user' : 'assistant',
        content: i % 2 === 0 ? `Question ${i}?` : answer,
        timestamp: 1_750_000_000 + i,
      };
    }
    return { title: 'Mixed', history: { currentId: `m${count - 1}`, messages } };
  }

  async function viewMixed(count: number) {
    const env = makeService({ c1: mixedChat(count) });
    const share = await env.alice.createShare({ chatId: 'c1' });
    const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
    el.view = await env.as({ id: 'bob' }).readShare(share.id);
    await mount(el);
    await until(() => rows(el).length > 0, 'first rows');
    return el;
  }

  afterEach(() => window.scrollTo(0, 0));

  it('B12: rows of very different lengths land in order, without overlap or gap, wherever the page is scrolled', async () => {
    const el = await viewMixed(400);
    for (const y of [2_000, 9_000, 25_000, 4_000]) {
      window.scrollTo(0, y);
      let last = '';
      for (let i = 0; i < 60; i++) {
        await frame();
        const now = rows(el).map((r) => `${indexOf(r)}@${Math.round(r.getBoundingClientRect().top)}`).join(' ');
        if (now === last) break;
        last = now;
      }
      const shown = rows(el);
      const indices = shown.map(indexOf);
      expect(indices.every((n, k) => k === 0 || n === indices[k - 1]! + 1), `consecutive at ${y}: ${indices.join(',')}`).toBe(true);
      const rects = shown.map((r) => r.getBoundingClientRect());
      for (let k = 1; k < rects.length; k++) expect(Math.abs(rects[k]!.top - rects[k - 1]!.bottom), `row ${indices[k]} at ${y}`).toBeLessThan(1.5);
      expect(rects.some((r) => r.bottom > 0 && r.top < window.innerHeight), `a row on screen at ${y}`).toBe(true);
    }
  });

  it('B12: the markdown of the next messages is prepared in idle time, before they scroll in', async () => {
    const el = await viewMixed(200);
    // Away from the first screen (whose first pass, before any row was measured, rendered extra rows), and settled.
    await frame();
    window.scrollTo(0, 8_000);
    let last = '';
    for (let i = 0; i < 60; i++) {
      await frame();
      const now = rows(el).map(indexOf).join(',');
      if (now === last) break;
      last = now;
    }
    const shown = rows(el).map(indexOf);
    await new Promise((r) => setTimeout(r, 300)); // idle time
    const parse = vi.spyOn(DOMParser.prototype, 'parseFromString');
    let added: number[] = [];
    for (let step = 0; step < 30 && added.length === 0; step++) {
      window.scrollBy(0, 100);
      await frame();
      await frame();
      added = rows(el).map(indexOf).filter((n) => !shown.includes(n));
    }
    expect(added.length).toBeGreaterThan(0);
    // The rows that scrolled in found their markdown ready; what was parsed since is the next messages, ahead.
    const parsed = parse.mock.calls.map(([markup]) => Number(/(?:Question|Answer) (\d+)/.exec(String(markup))?.[1] ?? NaN));
    expect(parsed.filter((n) => added.includes(n))).toEqual([]);
  });
});

describe('B13 password-protected links in the viewer', () => {
  afterEach(() => sessionStorage.clear());

  /** A protected `anyone` link; the viewer's calls to `unlockShare` are counted. */
  async function protectedShare(
    options: { viewer?: { id: string } | null; audience?: 'anyone' | 'instance'; lang?: 'en' | 'es'; service?: NonNullable<Parameters<typeof makeService>[1]>['service'] } = {},
  ) {
    const env = makeService({ c1: linearChat(4, { title: 'Trip plan' }) }, options.service ? { service: options.service } : {});
    const share = await env.alice.createShare({ chatId: 'c1', audience: { type: options.audience ?? 'anyone' }, password: 'open sesame' });
    const unlocks: string[] = [];
    const base = env.as(options.viewer === undefined ? { id: 'bob' } : options.viewer);
    const api = { ...base, unlockShare: (id: string, password: string) => (unlocks.push(password), base.unlockShare(id, password)) };
    const open = async () => {
      const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
      el.api = api;
      el.shareId = share.id;
      el.loginUrl = 'https://host.test/login';
      el.navigate = () => {};
      if (options.lang) el.lang = options.lang;
      return mount(el);
    };
    return { ...env, share, api, unlocks, open, el: await open() };
  }

  const passwordField = () => page.getByLabelText('Password', { exact: true });

  it('B13: keyboard only: "Password" + Enter; a wrong one says "That password is not right." with focus back in the field', async () => {
    const { el, share, unlocks } = await protectedShare();
    await expect.element(page.getByText('This shared chat is protected by a password.')).toBeVisible();
    expect(el.shadowRoot!.textContent).not.toContain('Question number');
    await expectNoAxeViolations(el);
    // From the page to the field with Tab alone.
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('{Tab}');
    await until(() => el.shadowRoot!.activeElement === passwordField().element(), 'Tab reaches the password field');
    await userEvent.keyboard('not it{Enter}');
    await expect.element(page.getByRole('alert')).toHaveTextContent('That password is not right.');
    expect(el.shadowRoot!.activeElement).toBe(passwordField().element());
    expect(passwordField().element().getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(el);
    await userEvent.fill(passwordField(), 'open sesame');
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('heading', { name: 'Trip plan' })).toBeVisible();
    await until(() => bodies(el).length === 4, 'messages');
    expect(unlocks).toEqual(['not it', 'open sesame']);
    // The token, never the password, is kept for this browser session.
    const kept = sessionStorage.getItem(`chatshare:unlock:${share.id}`);
    expect(kept).toBeTruthy();
    expect(kept).not.toContain('open sesame');
  });

  it('B13: a second "Unlock" while one is in flight is ignored, so it does not spend another guess', async () => {
    const { el, unlocks } = await protectedShare();
    await userEvent.fill(passwordField(), 'not it');
    const form = el.shadowRoot!.querySelector('form')!;
    form.requestSubmit();
    form.requestSubmit();
    await expect.element(page.getByRole('alert')).toHaveTextContent('That password is not right.');
    expect(unlocks).toEqual(['not it']);
  });

  it('B13: "Unlock" works once per browser session: a second viewer of the link reads with the kept token', async () => {
    const { el, open, unlocks } = await protectedShare();
    await userEvent.fill(passwordField(), 'open sesame');
    await userEvent.click(page.getByRole('button', { name: 'Unlock' }));
    await until(() => bodies(el).length === 4, 'messages');
    el.remove();
    const again = await open();
    await until(() => bodies(again).length === 4, 'messages without asking again');
    expect(again.shadowRoot!.querySelector('#password')).toBeNull();
    expect(unlocks).toHaveLength(1);
  });

  it('B13: a stale token (the owner changed the password) is dropped and the form asked again', async () => {
    const { el, open, share, alice } = await protectedShare();
    await userEvent.fill(passwordField(), 'open sesame');
    await userEvent.click(page.getByRole('button', { name: 'Unlock' }));
    await until(() => bodies(el).length === 4, 'messages');
    el.remove();
    await alice.setShareOptions(share.id, { password: 'new secret' });
    const again = await open();
    await until(() => again.shadowRoot!.querySelector('#password') !== null, 'the form again');
    expect(sessionStorage.getItem(`chatshare:unlock:${share.id}`)).toBeNull();
    expect(again.shadowRoot!.activeElement).toBe(passwordField().element());
    await userEvent.keyboard('new secret{Enter}');
    await until(() => bodies(again).length === 4, 'messages with the new password');
  });

  it('B13/B6: "Clone chat" on an unlocked protected link clones with the kept token: the host gets the chat', async () => {
    const { el } = await protectedShare();
    const clones = record<{ chat: { title: string; history: { messages: Record<string, { content: string }> } } }>(el, 'chatshare-clone');
    const errors = record(el, 'chatshare-error');
    await userEvent.fill(passwordField(), 'open sesame');
    await userEvent.keyboard('{Enter}');
    await until(() => bodies(el).length === 4, 'messages');
    await userEvent.click(page.getByRole('button', { name: 'Clone chat' }));
    await until(() => clones.length === 1, 'clone');
    expect(clones[0]!.detail.chat.title).toBe('Trip plan');
    const contents = Object.values(clones[0]!.detail.chat.history.messages).map((m) => m.content);
    expect(contents).toHaveLength(4);
    expect(contents).toContain(bodies(el)[0]);
    await expect.element(page.getByRole('status')).toHaveTextContent('A copy of this chat was made.');
    expect(errors).toEqual([]);
  });

  it('B13/B6: "Clone chat" with a stale token (the owner changed the password) drops it and asks again; then it clones', async () => {
    const { el, share, alice } = await protectedShare();
    const clones = record<{ chat: { title: string } }>(el, 'chatshare-clone');
    await userEvent.fill(passwordField(), 'open sesame');
    await userEvent.keyboard('{Enter}');
    await until(() => bodies(el).length === 4, 'messages');
    await alice.setShareOptions(share.id, { password: 'new secret' });
    await userEvent.click(page.getByRole('button', { name: 'Clone chat' }));
    await until(() => el.shadowRoot!.querySelector('#password') !== null, 'the form again');
    expect(clones).toEqual([]);
    expect(sessionStorage.getItem(`chatshare:unlock:${share.id}`)).toBeNull();
    expect(el.shadowRoot!.activeElement).toBe(passwordField().element());
    await userEvent.keyboard('new secret{Enter}');
    await until(() => bodies(el).length === 4, 'messages with the new password');
    await userEvent.click(page.getByRole('button', { name: 'Clone chat' }));
    await until(() => clones.length === 1, 'clone with the new token');
    expect(clones[0]!.detail.chat.title).toBe('Trip plan');
  });

  it('B13: RATE_LIMITED says how long to wait, with focus back in the field', async () => {
    const at = 1_800_000_000_000;
    // A per-share limit as low as the per-client one, so one other client can use the share's guesses up.
    const { el, share, as } = await protectedShare({ service: { now: () => at, passwordGuessLimit: { perShare: 10 } } });
    // The share's guesses are used up elsewhere (the limit is per share, whoever guesses).
    const carol = as({ id: 'carol' });
    for (let i = 0; i < 10; i++) await carol.unlockShare(share.id, `guess ${i}`).catch(() => undefined);
    const wait = await carol.unlockShare(share.id, 'one more').then(
      () => null,
      (error: { code: string; retryAfterSeconds: number }) => error,
    );
    expect(wait?.code).toBe('RATE_LIMITED');
    await userEvent.fill(passwordField(), 'open sesame');
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('alert')).toHaveTextContent(`Too many tries. Wait ${wait!.retryAfterSeconds} seconds, then try again.`);
    expect(el.shadowRoot!.activeElement).toBe(passwordField().element());
    expect(el.shadowRoot!.textContent).not.toContain('Question number');
  });

  it('B13/R2: a viewer the audience refuses gets the sign-in answer, never the password form', async () => {
    const { el } = await protectedShare({ viewer: null, audience: 'instance' });
    await expect.element(page.getByText('Sign in to view this shared chat.')).toBeVisible();
    expect(el.shadowRoot!.querySelector('#password')).toBeNull();
  });

  it('B10: the password form in Spanish', async () => {
    const { el } = await protectedShare({ lang: 'es' });
    await expect.element(page.getByLabelText('Contraseña', { exact: true })).toBeVisible();
    await userEvent.fill(page.getByLabelText('Contraseña', { exact: true }), 'no');
    await userEvent.click(page.getByRole('button', { name: 'Desbloquear' }));
    await expect.element(page.getByRole('alert')).toHaveTextContent('Esa contraseña no es correcta.');
    await expectNoAxeViolations(el);
  });
});

describe('B15 system prompt in the viewer', () => {
  const prompt = 'Be **brief**. <img src=x onerror="window.__pwnedSystem=1"> [x](javascript:alert(1)) <script>window.__pwnedSystem=2</script>';

  it('B15: a shared system prompt shows as a collapsed "System prompt" section, sanitised exactly like a message', async () => {
    const chat = { ...linearChat(2, { title: 'With prompt' }), params: { system: prompt } };
    // The same text as a message, so both markdown paths can be compared node for node.
    (chat.history.messages['msg-0'] as { content: string }).content = prompt;
    const env = makeService({ c1: chat });
    const share = await env.alice.createShare({ chatId: 'c1', audience: { type: 'anyone' }, leaveOut: { systemPrompt: false } });
    const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
    el.api = env.as(null);
    el.shareId = share.id;
    await mount(el);
    await until(() => bodies(el).length === 2, 'messages');
    const details = el.shadowRoot!.querySelector<HTMLDetailsElement>('details[part="system-prompt"]')!;
    expect(details.open).toBe(false);
    const summary = page.getByText('System prompt', { exact: true });
    await userEvent.click(summary);
    expect(details.open).toBe(true);
    const body = el.shadowRoot!.querySelector('[part="system-prompt-body"]')!;
    expect(body.querySelector('strong')!.textContent).toBe('brief');
    const message = el.shadowRoot!.querySelector('[part="message-body"]')!;
    expect(body.innerHTML).toBe(message.innerHTML);
    expect(body.querySelector('script, [onerror]')).toBeNull();
    expect([...body.querySelectorAll('a')].every((a) => !/^javascript:/i.test(a.getAttribute('href') ?? ''))).toBe(true);
    expect((window as { __pwnedSystem?: number }).__pwnedSystem).toBeUndefined();
    await expectNoAxeViolations(el);
  });

  it('B15: no "System prompt" section when the owner left it out (the default)', async () => {
    const chat = { ...linearChat(2), params: { system: 'Secret instructions' } };
    const env = makeService({ c1: chat });
    const share = await env.alice.createShare({ chatId: 'c1', audience: { type: 'anyone' } });
    const el = document.createElement('shared-chat-viewer') as SharedChatViewer;
    el.api = env.as(null);
    el.shareId = share.id;
    await mount(el);
    await until(() => bodies(el).length === 2, 'messages');
    expect(el.shadowRoot!.querySelector('[part="system-prompt"]')).toBeNull();
    expect(el.shadowRoot!.textContent).not.toContain('Secret instructions');
  });
});
