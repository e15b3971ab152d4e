/** Escapes text for HTML element content and double-quoted attributes. Every dynamic value goes through it. */
export function esc(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A tagged template whose interpolations are escaped unless they are already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    if (Array.isArray(value)) out += value.map((v) => (v instanceof Html ? v.value : esc(v))).join('');
    else if (value instanceof Html) out += value.value;
    else if (value !== null && value !== undefined && value !== false) out += esc(value);
    out += strings[i + 1] ?? '';
  });
  return new Html(out);
}

/** The strict policy every page is served with, Trusted Types included: modules from 'self' only, nothing inline. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

export function securityHeaders(extra: Record<string, string> = {}): Headers {
  return new Headers({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    ...extra,
  });
}

export function page(body: Html, init: { status?: number; headers?: Record<string, string>; setCookie?: string } = {}): Response {
  const headers = securityHeaders({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...init.headers });
  if (init.setCookie) headers.append('Set-Cookie', init.setCookie);
  return new Response(`<!doctype html>\n${body.value}`, { status: init.status ?? 200, headers });
}

export function redirect(location: string, setCookie?: string): Response {
  const headers = securityHeaders({ Location: location, 'Cache-Control': 'no-store' });
  if (setCookie) headers.append('Set-Cookie', setCookie);
  return new Response(null, { status: 303, headers });
}

export function json(data: unknown, status = 200): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: securityHeaders({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }),
  });
}

/** Only same-origin paths are accepted as a post-sign-in destination (no open redirect). */
export function safeReturnPath(value: string | null, origin: string): string {
  if (!value) return '/';
  try {
    const url = new URL(value, origin);
    if (url.origin !== origin) return '/';
    // `/.//evil.example` normalises to the path `//evil.example`, which a browser reads as another host.
    const path = `/${url.pathname.replace(/^[/\\]+/, '')}`;
    return `${path}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

/**
 * State-changing requests must come from our own pages (SameSite=Lax already blocks most cross-site posts). A page
 * served with `Referrer-Policy: no-referrer` (the share route) posts `Origin: null`; the browser's
 * `Sec-Fetch-Site` still says whether it came from this origin. Clients that send neither (curl) are let through.
 */
export function isSameOrigin(request: Request, origin: string): boolean {
  const from = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (from === origin) return true;
  if (site !== null) return site === 'same-origin';
  return from === null;
}

export async function formData(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
  return new URLSearchParams(await request.text());
}
