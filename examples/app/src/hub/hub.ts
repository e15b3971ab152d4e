import { parseChat, type Actor, type ShareService } from '@chatshare/core';
import { createShareHandler } from '@chatshare/adapters/http';
import type { Assets } from '../server/assets.js';
import { formData, html, isSameOrigin, json, page, redirect } from '../server/html.js';
import { layout } from '../server/layout.js';
import type { SessionStore } from '../server/sessions.js';
import { signInRoutes } from '../server/sign-in.js';
import { findUser } from '../server/users.js';
import { isLevel, LEVELS, levelOf, type UploadRepository } from './uploads.js';

export interface HubContext {
  readonly service: ShareService;
  readonly uploads: UploadRepository;
  readonly sessions: SessionStore;
  readonly assets: Assets;
  readonly origins: { app: string; hub: string };
}

/**
 * A community hub on its own origin, built on chatshare: it receives chats through the community handshake, keeps
 * each upload as a share whose audience and scope follow the access level, lets the uploader change the level at any
 * time and, like Open WebUI's own hub, offers no delete.
 */
export function createHubHandler(ctx: HubContext): (request: Request) => Promise<Response> {
  const shareHandler = createShareHandler(ctx.service, {
    identify: (request) => ctx.sessions.identify(request),
    rateLimit: { limit: 600, windowMs: 60_000 },
  });
  const base = (user: Actor | null, title: string, page: string, current?: string) => ({
    title,
    user,
    site: 'hub' as const,
    script: 'hub' as const,
    data: { page, 'app-origin': ctx.origins.app, user: user?.id ?? '' },
    ...(current ? { current } : {}),
  });

  return async function handleHub(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    const method = request.method;
    if (path === '/api/chatshare' || path.startsWith('/api/chatshare/')) return shareHandler(request);
    if (path.startsWith('/assets/')) return ctx.assets.serve(path);
    if (method === 'POST' && !isSameOrigin(request, ctx.origins.hub)) return json({ error: 'cross-origin request refused' }, 403);

    const signIn = await signInRoutes(request, url, { site: 'hub', origin: ctx.origins.hub, sessions: ctx.sessions, afterSignOut: '/' });
    if (signIn) return signIn;
    if (path === '/api/session' && method === 'POST') {
      // Sign-in from the upload page without leaving it (the received chat lives only in that page).
      const body = (await request.json().catch(() => ({}))) as { username?: unknown };
      const user = typeof body.username === 'string' ? findUser(body.username) : null;
      if (!user) return json({ error: 'Unknown user. Try alice, bob or admin.' }, 401);
      const response = json({ user: user.id });
      response.headers.append('Set-Cookie', await ctx.sessions.signIn(user.id));
      return response;
    }

    const user = await ctx.sessions.identify(request);

    if (path === '/' && method === 'GET') {
      return page(
        layout(
          base(user, 'Community hub', 'home', '/'),
          html`<h1>Community hub</h1>
<p>A second site that receives chats from the chatshare demo (“Share to community”), like openwebui.com does for Open WebUI.</p>
${user ? html`<p><a href="/mine">My uploads</a></p>` : html`<p><a href="/login?redirect=/mine">Sign in</a> to see your uploads.</p>`}`,
        ),
      );
    }

    if (path === '/upload' && method === 'GET') {
      return page(
        layout(
          base(user, 'Upload a chat', 'upload'),
          html`<h1>Upload a chat</h1>
<p id="upload-status" role="status">Waiting for the chat…</p>
<section id="upload-preview" class="card" hidden>
  <h2 id="upload-title"></h2>
  <p id="upload-count"></p>
</section>
<form id="hub-signin" class="card" hidden>
  <p>Sign in to the hub to post this chat.</p>
  <label>Username <input name="username" autocomplete="username" required></label>
  <button type="submit">Sign in</button>
</form>
<form id="upload-form" class="card" hidden>
  <fieldset><legend>Access level</legend>
  ${LEVELS.map(
    (l) => html`<label class="check"><input type="radio" name="level" value="${l.level}"> ${l.label}</label><p class="help">${l.help}</p>`,
  )}
  </fieldset>
  <button type="submit">Publish</button>
</form>`,
        ),
      );
    }

    if (path === '/api/uploads' && method === 'POST') {
      if (!user) return json({ error: 'Sign in to the hub first.' }, 401);
      const body = (await request.json().catch(() => null)) as { chat?: unknown; level?: unknown; origin?: unknown } | null;
      if (!body || !isLevel(body.level)) return json({ error: 'expected { chat, level }' }, 400);
      const level = LEVELS.find((l) => l.level === body.level)!;
      try {
        parseChat(body.chat);
        const chatId = await ctx.uploads.create(user.id, typeof body.origin === 'string' ? body.origin.slice(0, 200) : '', body.chat);
        const share = await ctx.service.forActor(user).createShare({ chatId, audience: level.audience, scope: level.scope });
        return json({ id: share.id, url: `/c/${share.id}` }, 201);
      } catch (error) {
        return json({ error: error instanceof Error ? error.message : 'invalid upload' }, 400);
      }
    }

    const viewMatch = /^\/c\/([A-Za-z0-9_-]{1,64})$/.exec(path);
    if (viewMatch && method === 'GET') {
      return page(
        layout(base(user, 'Community chat', 'view'), html`<shared-chat-viewer share-id="${viewMatch[1]}" login-url="/login"></shared-chat-viewer>`),
        { headers: { 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex, nofollow, noarchive' } },
      );
    }

    if (!user) return redirect(`/login?redirect=${encodeURIComponent(path)}`);

    if (path === '/mine' && method === 'GET') {
      const { items } = await ctx.service.forActor(user).listShares({ limit: 100 });
      const saved = url.searchParams.get('saved');
      return page(
        layout(
          base(user, 'My uploads', 'mine', '/mine'),
          html`<h1>My uploads</h1>
${saved ? html`<p role="status">Access level changed.</p>` : ''}
<p class="help">As on the source hub, uploads cannot be deleted here: make one Private to hide it.</p>
<ul class="uploads">
${items.map((share) => {
  const current = levelOf(share);
  return html`<li class="upload-row">
  <a href="/c/${share.id}">${share.title}</a>
  <form method="post" action="/mine/${share.id}/level">
    <select name="level" aria-label="Access level: ${share.title}">
      ${LEVELS.map((l) => html`<option value="${l.level}"${l.level === current ? html` selected` : ''}>${l.label}</option>`)}
    </select>
    <button type="submit">Change level</button>
  </form>
</li>`;
})}
</ul>
${items.length === 0 ? html`<p>Nothing uploaded yet.</p>` : ''}`,
        ),
      );
    }

    const levelMatch = /^\/mine\/([A-Za-z0-9_-]{1,64})\/level$/.exec(path);
    if (levelMatch && method === 'POST') {
      const form = await formData(request);
      const level = LEVELS.find((l) => l.level === form.get('level'));
      if (!level) return json({ error: 'unknown level' }, 400);
      try {
        // Core checks that this user owns the share; the hub only maps the level. A re-snapshot of the upload
        // (which never changes) lets the level widen to full history as well as narrow.
        await ctx.service.forActor(user).updateShare(levelMatch[1]!, { audience: level.audience, scope: level.scope });
      } catch (error) {
        const code = (error as { code?: string }).code;
        return page(layout(base(user, 'Not changed', 'none'), html`<h1>Not changed</h1><p role="alert">${(error as Error).message}</p>`), {
          status: code === 'SHARE_NOT_FOUND' ? 404 : code === 'FORBIDDEN' ? 403 : 400,
        });
      }
      return redirect('/mine?saved=1');
    }

    return page(layout(base(user, 'Not found', 'none'), html`<h1>Page not found</h1>`), { status: 404 });
  };
}
