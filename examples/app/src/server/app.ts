import { parseChat, type Actor, type ShareService } from '@chatshare/core';
import { answerError, createShareHandler, DEFAULT_MAX_BODY_BYTES, readJsonBody } from '@chatshare/adapters/http';
import type { ChatRepository, ChatRow } from './chats.js';
import { branchOf, readableContent, regenerate, selectMessage, sendMessage, siblingsOf, type DemoChat } from './chat-tree.js';
import { formData, html, isSameOrigin, json, page, redirect, safeReturnPath, type Html } from './html.js';
import { layout } from './layout.js';
import { readCookie, type SessionStore } from './sessions.js';
import { signInRoutes } from './sign-in.js';
import type { Assets } from './assets.js';

export interface AppContext {
  readonly service: ShareService;
  readonly chats: ChatRepository;
  readonly sessions: SessionStore;
  readonly assets: Assets;
  /** Filled in once both servers listen. */
  readonly origins: { app: string; hub: string };
}

const MAX_MESSAGE = 20_000;
/** Requests a minute per address on chatshare's share-id routes, so guessing ids is slow; the soak's crowd reads it. */
export const SHARE_ROUTE_LIMIT_PER_MINUTE = 600;
const LANG_COOKIE = 'chatshare_demo_lang';
type Lang = 'en' | 'es';

/** The host app: pages, its own chat API, and chatshare's HTTP handler under /api/chatshare. */
export function createAppHandler(ctx: AppContext): (request: Request) => Promise<Response> {
  const shareHandler = createShareHandler(ctx.service, {
    // The identity chatshare sees comes from the session cookie only.
    identify: (request) => ctx.sessions.identify(request),
    rateLimit: { limit: SHARE_ROUTE_LIMIT_PER_MINUTE, windowMs: 60_000 },
  });

  const pageData = async (user: Actor | null, lang: Lang, here: string): Promise<Record<string, string>> => {
    const settings = await ctx.service.forActor(user).getSettings();
    return {
      lang,
      path: here,
      'link-base': `${ctx.origins.app}/s/`,
      'community-url': `${ctx.origins.hub}/upload`,
      tts: String(settings.textToSpeech),
      user: user?.id ?? '',
    };
  };

  const signInFirst = (url: URL) => redirect(`/login?redirect=${encodeURIComponent(url.pathname + url.search)}`);

  return async function handleApp(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    const method = request.method;

    if (path === '/api/chatshare' || path.startsWith('/api/chatshare/')) return shareHandler(request);
    if (path.startsWith('/assets/')) return ctx.assets.serve(path);
    if (method === 'POST' && !isSameOrigin(request, ctx.origins.app)) return json({ error: 'cross-origin request refused' }, 403);
    if (path === '/lang' && method === 'GET') {
      // The host switches the elements' language; a preference cookie, nothing else.
      const to: Lang = url.searchParams.get('to') === 'es' ? 'es' : 'en';
      const back = safeReturnPath(url.searchParams.get('back'), ctx.origins.app);
      return redirect(back, `${LANG_COOKIE}=${to}; Path=/; SameSite=Lax; Max-Age=31536000`);
    }
    const lang: Lang = readCookie(request, LANG_COOKIE) === 'es' ? 'es' : 'en';
    const here = path + url.search;

    const signIn = await signInRoutes(request, url, { site: 'app', origin: ctx.origins.app, sessions: ctx.sessions, afterSignOut: '/login' });
    if (signIn) return signIn;

    const user = await ctx.sessions.identify(request);

    // The share route is open to everyone: <shared-chat-viewer> asks core, which decides who may see it.
    const shareMatch = /^\/s\/([A-Za-z0-9_-]{1,64})$/.exec(path);
    if (shareMatch && method === 'GET') {
      return page(
        layout(
          { title: 'Shared chat', user, script: 'app', data: { ...(await pageData(user, lang, here)), page: 'share' } },
          html`<shared-chat-viewer share-id="${shareMatch[1]}" login-url="/login"></shared-chat-viewer>
${user ? '' : html`<p class="hint"><a href="/login?redirect=${encodeURIComponent(path)}">Sign in</a></p>`}`,
        ),
        { headers: { 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex, nofollow, noarchive' } },
      );
    }

    if (path === '/api/chats' && method === 'POST') {
      // "Clone chat" hands the host a chat; the host validates it like any other input and keeps it, with the same
      // body limit and typed errors as chatshare's own routes (hostile input refused before any expensive work).
      if (!user) return json({ error: 'sign in first' }, 401);
      try {
        const body = await readJsonBody(request, { maxBytes: DEFAULT_MAX_BODY_BYTES, required: true });
        const chat = parseChat(typeof body === 'object' && body !== null ? (body as { chat?: unknown }).chat : undefined).source;
        // Keep what core validated (unwrapped), never the raw body; the demo's pages walk `history`.
        if (!chat.history) return json({ error: { code: 'INVALID_CHAT', message: 'send the chat with `history`, as "Clone chat" does', issues: [] } }, 400);
        const id = await ctx.chats.create(user.id, chat as DemoChat);
        return json({ id, url: `/c/${id}` }, 201);
      } catch (error) {
        return answerError(error);
      }
    }

    if (!user) return signInFirst(url);

    if (path === '/' && method === 'GET') return page(await chatListPage(ctx, user, url, await pageData(user, lang, here)));
    if (path === '/links' && method === 'GET') {
      return page(
        layout(
          { title: 'Shared links', user, script: 'app', current: '/links', data: { ...(await pageData(user, lang, here)), page: 'links' } },
          html`<shared-links-manager link-base="${ctx.origins.app}/s/"></shared-links-manager>`,
        ),
      );
    }
    if (path === '/admin') return adminPage(ctx, user, request, url);

    const chatMatch = /^\/c\/([0-9a-f-]{36})(?:\/(messages|regenerate|select|delete))?$/.exec(path);
    if (chatMatch) {
      const [, chatId, action] = chatMatch as unknown as [string, string, string | undefined];
      const row = await ctx.chats.getOwned(chatId, user.id);
      if (!row) return page(layout({ title: 'Not found', user }, html`<h1>Chat not found</h1><p><a href="/">Back to chats</a></p>`), { status: 404 });
      if (!action && method === 'GET') return page(chatPage(row, user, await pageData(user, lang, here)));
      if (method !== 'POST') return new Response(null, { status: 405 });
      const form = await formData(request);
      if (action === 'delete') {
        // Deleting a chat deletes its links: revoke them first; if that fails, the chat stays and the user sees why.
        try {
          const revoked = await ctx.service.forActor(user).revokeSharesOfChat(chatId);
          await ctx.chats.delete(chatId);
          return redirect(`/?deleted=${revoked}`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return page(layout({ title: 'Delete failed', user }, html`<p role="alert">The chat was not deleted: ${message}</p>`), { status: 500 });
        }
      }
      if (action === 'messages') {
        const content = (form.get('content') ?? '').trim().slice(0, MAX_MESSAGE);
        if (content) await ctx.chats.save(chatId, sendMessage(row.chat, content));
      } else if (action === 'regenerate') {
        await ctx.chats.save(chatId, regenerate(row.chat));
      } else if (action === 'select') {
        await ctx.chats.save(chatId, selectMessage(row.chat, form.get('messageId') ?? ''));
      }
      return redirect(`/c/${chatId}`);
    }

    return page(layout({ title: 'Not found', user }, html`<h1>Page not found</h1><p><a href="/">Back to chats</a></p>`), { status: 404 });
  };
}

function chatMenu(row: ChatRow): Html {
  return html`<div class="menu" data-chat-id="${row.id}">
  <button type="button" class="menu-button" aria-haspopup="menu" aria-expanded="false" aria-controls="menu-${row.id}" aria-label="Chat options: ${row.title}">⋯</button>
  <div class="menu-items" id="menu-${row.id}" role="menu" hidden>
    <button type="button" role="menuitem" data-action="share">Share</button>
    <form method="post" action="/c/${row.id}/delete"><button type="submit" role="menuitem">Delete chat</button></form>
  </div>
</div>`;
}

const shareModal = (data: Record<string, string>) =>
  html`<share-chat-modal link-base="${data['link-base'] ?? ''}" community-url="${data['community-url'] ?? ''}"></share-chat-modal>`;

async function chatListPage(ctx: AppContext, user: Actor, url: URL, data: Record<string, string>): Promise<Html> {
  const rows = await ctx.chats.list(user.id);
  const deleted = url.searchParams.get('deleted');
  return layout(
    { title: 'Chats', user, script: 'app', current: '/', data: { ...data, page: 'chats' } },
    html`<h1>Chats</h1>
${deleted !== null ? html`<p role="status">Chat deleted; ${Number(deleted)} shared link(s) revoked with it.</p>` : ''}
<ul class="chat-list">
${rows.map(
  (row) => html`<li class="chat-row">
  <a href="/c/${row.id}">${row.title}</a>
  <span class="meta">${Object.keys(row.chat.history?.messages ?? {}).length} messages</span>
  ${chatMenu(row)}
</li>`,
)}
</ul>
${rows.length === 0 ? html`<p>No chats yet.</p>` : ''}
${shareModal(data)}`,
  );
}

function chatPage(row: ChatRow, user: Actor, data: Record<string, string>): Html {
  const branch = branchOf(row.chat);
  // Open WebUI keeps the system prompt in `params.system`; the owner sees it, a share leaves it out by default.
  const params = row.chat.params;
  const system = typeof params === 'object' && params !== null ? (params as { system?: unknown }).system : undefined;
  const messages = branch.map((m) => {
    const siblings = siblingsOf(row.chat, m);
    const index = siblings.indexOf(m.id);
    const pick = (id: string | undefined, label: string, text: string) =>
      id
        ? html`<form method="post" action="/c/${row.id}/select"><input type="hidden" name="messageId" value="${id}"><button type="submit" aria-label="${label}">${text}</button></form>`
        : html`<button type="button" disabled aria-label="${label}">${text}</button>`;
    return html`<li class="message ${m.role === 'user' ? 'from-user' : 'from-assistant'}">
  <div class="role">${m.role === 'user' ? user.displayName ?? user.id : m.modelName ?? m.model ?? m.role}</div>
  <div class="content">${readableContent(m.content)}</div>
  ${m.files?.length ? html`<ul class="files" aria-label="Attachments">${m.files.map((f) => html`<li>📎 ${f.name}</li>`)}</ul>` : ''}
  ${
    siblings.length > 1
      ? html`<div class="siblings">${pick(siblings[index - 1], 'Show previous sibling', '‹')}<span>${index + 1} / ${siblings.length}</span>${pick(
          siblings[index + 1],
          'Show next sibling',
          '›',
        )}</div>`
      : ''
  }
</li>`;
  });
  return layout(
    { title: row.title, user, script: 'app', data: { ...data, page: 'chat', 'chat-id': row.id } },
    html`<div class="chat-head"><h1>${row.title}</h1>${chatMenu(row)}</div>
${typeof system === 'string' && system ? html`<p class="system-prompt"><strong>System prompt:</strong> ${system}</p>` : ''}
<ol class="messages">${messages}</ol>
<form method="post" action="/c/${row.id}/messages" class="composer">
  <label for="composer-input">Message</label>
  <textarea id="composer-input" name="content" rows="2" required></textarea>
  <button type="submit">Send</button>
</form>
<form method="post" action="/c/${row.id}/regenerate" class="regen"><button type="submit">Regenerate</button></form>
${shareModal(data)}`,
  );
}

async function adminPage(ctx: AppContext, user: Actor, request: Request, url: URL): Promise<Response> {
  const api = ctx.service.forActor(user);
  const status = url.searchParams.get('saved') ? 'Settings saved.' : '';
  if (request.method === 'POST') {
    // The page does not decide who may change settings: core refuses anyone but an admin.
    const form = await formData(request);
    try {
      await api.updateSettings({
        communitySharing: form.get('communitySharing') === 'on',
        textToSpeech: form.get('textToSpeech') === 'on',
        allowPublicLinks: form.get('allowPublicLinks') === 'on',
      });
      return redirect('/admin?saved=1');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'ERROR';
      return page(
        layout({ title: 'Settings', user }, html`<h1>Settings</h1><p role="alert">Not saved (${code}): ${(error as Error).message}</p>`),
        { status: code === 'FORBIDDEN' ? 403 : 400 },
      );
    }
  }
  if (!user.isAdmin) {
    return page(layout({ title: 'Settings', user }, html`<h1>Settings</h1><p role="alert">Only admins can change instance settings.</p>`), {
      status: 403,
    });
  }
  const settings = await api.getSettings();
  const box = (name: string, label: string, checked: boolean) =>
    html`<label class="check"><input type="checkbox" name="${name}"${checked ? html` checked` : ''}> ${label}</label>`;
  return page(
    layout(
      { title: 'Settings', user, current: '/admin' },
      html`<h1>Settings</h1>
${status ? html`<p role="status">${status}</p>` : ''}
<form method="post" action="/admin" class="card">
  <fieldset><legend>Sharing</legend>
  ${box('communitySharing', 'Enable community sharing', settings.communitySharing)}
  ${box('allowPublicLinks', 'Allow public links', settings.allowPublicLinks)}
  ${box('textToSpeech', 'Enable text-to-speech', settings.textToSpeech)}
  </fieldset>
  <button type="submit">Save settings</button>
</form>`,
    ),
  );
}
