/**
 * Headers every chatshare response carries: never cached by browsers or proxies (a revoked link must
 * not be served from a cache), never indexed, and the link itself never leaks through the Referer header.
 */
export const SHARE_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex, nofollow, noarchive',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
});

/** A JSON response with the share headers. `body === undefined` sends 204 No Content. */
export function jsonResponse(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  const headers = new Headers({ ...SHARE_RESPONSE_HEADERS, ...extra });
  if (body === undefined) return new Response(null, { status: status === 200 ? 204 : status, headers });
  headers.set('Content-Type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * The request header that carries the unlock token of a password-protected link on reads and clones. A header, never
 * a query parameter, so the token stays out of access logs, browser history and `Referer`; a custom header also means
 * a cross-site page cannot send it without a CORS preflight, which the handler never answers.
 */
export const UNLOCK_TOKEN_HEADER = 'X-Chatshare-Unlock';
