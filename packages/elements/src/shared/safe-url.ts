/**
 * URL checks for anything bound to `href`/`src`. Browsers ignore tabs, newlines and leading control characters
 * in a scheme (`java\tscript:`, `\x01javascript:`), so those are stripped before the scheme is read.
 */
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

// eslint-disable-next-line no-control-regex
const IGNORED = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g;

/** The URL when it is http(s)/mailto (absolute) or a same-document fragment; otherwise `null`. */
export function safeUrl(value: unknown, base?: string): string | null {
  if (typeof value !== 'string') return null;
  const compact = value.replace(IGNORED, '');
  if (compact === '') return null;
  if (compact.startsWith('#')) return value.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1];
  if (scheme === undefined) {
    // Relative URLs are resolved against the base (the host's link base) and checked again.
    if (base === undefined) return null;
    try {
      return safeUrl(new URL(compact, base).href);
    } catch {
      return null;
    }
  }
  if (!SAFE_SCHEMES.has(`${scheme.toLowerCase()}:`)) return null;
  try {
    return new URL(compact).href;
  } catch {
    return null;
  }
}

/** Remote images only over http(s): no `data:`, no `blob:`. */
export function safeImageUrl(value: unknown): string | null {
  const url = safeUrl(value);
  return url !== null && /^https?:/i.test(url) ? url : null;
}
