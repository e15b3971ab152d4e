import { formData, page, redirect, safeReturnPath } from './html.js';
import { loginPage } from './layout.js';
import type { SessionStore } from './sessions.js';
import { findUser } from './users.js';

/**
 * The sign-in and sign-out routes, the same on the app and the hub: the session is the only source of identity, and
 * the page returned to after signing in is always a path on this site (no open redirect).
 */
export async function signInRoutes(
  request: Request,
  url: URL,
  options: { site: 'app' | 'hub'; origin: string; sessions: SessionStore; afterSignOut: string },
): Promise<Response | null> {
  const { site, origin, sessions } = options;
  if (url.pathname === '/login' && request.method === 'GET') {
    return page(loginPage({ redirect: safeReturnPath(url.searchParams.get('redirect'), origin), site }));
  }
  if (url.pathname === '/login' && request.method === 'POST') {
    const form = await formData(request);
    const target = safeReturnPath(form.get('redirect'), origin);
    const user = findUser(form.get('username') ?? '');
    if (!user) return page(loginPage({ redirect: target, site, error: 'Unknown user. Try alice, bob or admin.' }), { status: 401 });
    return redirect(target, await sessions.signIn(user.id));
  }
  if (url.pathname === '/logout' && request.method === 'POST') return redirect(options.afterSignOut, await sessions.signOut(request));
  return null;
}
