import type { Actor } from '@chatshare/core';
import { html, type Html } from './html.js';

export interface LayoutOptions {
  title: string;
  user: Actor | null;
  /** Which client module to load (`app` for the chat app, `hub` for the community hub). */
  script?: 'app' | 'hub';
  /** Where the nav points: the app or the hub. */
  site?: 'app' | 'hub';
  /** Data the page's module reads (data-* attributes on <body>); never inline script. */
  data?: Record<string, string>;
  current?: string;
  /** The language of the chatshare elements; the host's own words stay English. */
  lang?: 'en' | 'es';
  /** The page's own path, for the language switch to come back to. */
  path?: string;
}

function nav(options: LayoutOptions): Html {
  const link = (href: string, label: string) =>
    html`<a href="${href}"${options.current === href ? html` aria-current="page"` : ''}>${label}</a>`;
  if (options.site === 'hub') {
    return html`<nav aria-label="Hub">${link('/', 'Community hub')}${options.user ? link('/mine', 'My uploads') : ''}</nav>`;
  }
  if (!options.user) return html`<nav aria-label="Main">${link('/', 'Chats')}</nav>`;
  return html`<nav aria-label="Main">${link('/', 'Chats')}${link('/links', 'Shared links')}${
    options.user.isAdmin ? link('/admin', 'Settings') : ''
  }</nav>`;
}

export function layout(options: LayoutOptions, main: Html): Html {
  const data = Object.entries(options.data ?? {}).map(([k, v]) => html` data-${k}="${v}"`);
  const brand = options.site === 'hub' ? 'Community hub (demo)' : 'chatshare demo';
  const lang = options.lang ?? (options.data?.lang === 'es' ? 'es' : 'en');
  const path = options.path ?? options.data?.path ?? '/';
  const switchTo = (to: 'en' | 'es', label: string) =>
    html`<a href="/lang?to=${to}&amp;back=${encodeURIComponent(path)}" hreflang="${to}" lang="${to}"${lang === to ? html` aria-current="true"` : ''}>${label}</a>`;
  const languages = options.site === 'hub' ? '' : html`<nav aria-label="Language" class="langs">${switchTo('en', 'English')}${switchTo('es', 'Español')}</nav>`;
  return html`<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${brand}</title>
<link rel="stylesheet" href="/assets/style.css">
${options.script ? html`<script type="module" src="/assets/${options.script}.js"></script>` : ''}
</head>
<body class="${options.site ?? 'app'}"${data}>
<header class="top">
  <span class="brand">${brand}</span>
  ${nav(options)}
  ${languages}
  ${
    options.user
      ? html`<form method="post" action="/logout" class="who"><span>Signed in as <strong>${options.user.id}</strong></span> <button type="submit">Sign out</button></form>`
      : ''
  }
</header>
<main id="main">
${main}
</main>
</body>
</html>`;
}

export function loginPage(options: { redirect: string; error?: string; site: 'app' | 'hub' }): Html {
  return layout(
    { title: 'Sign in', user: null, site: options.site },
    html`<section class="card narrow">
  <h1>Sign in</h1>
  <p>${options.site === 'hub' ? 'Sign in to the community hub.' : 'A demo: no passwords.'} Users: <code>alice</code>, <code>bob</code>, <code>admin</code>.</p>
  ${options.error ? html`<p role="alert" class="error">${options.error}</p>` : ''}
  <form method="post" action="/login">
    <input type="hidden" name="redirect" value="${options.redirect}">
    <label>Username <input name="username" autocomplete="username" required autofocus></label>
    <button type="submit">Sign in</button>
  </form>
</section>`,
  );
}
