/**
 * A safe file name from a share's title (falling back to its id): letters, digits, spaces, `-` and `_` only, at most
 * 80 characters, so no path separators, control or bidi characters reach the save dialog (the browser still applies
 * its own rules, e.g. for names Windows reserves).
 */
export function downloadName(title: string, fallback: string, extension: string): string {
  const clean = (s: string) => s.replace(/[^\p{L}\p{N} _-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 80).trim();
  return `${clean(title) || clean(fallback) || 'share'}.${extension}`;
}

/**
 * Hands a blob to the browser as a download: a hidden `<a download>` with an object URL, clicked inside `container`
 * (a shadow root keeps it out of the host page) and removed; the URL is revoked once the click has been handed over.
 */
export function triggerDownload(blob: Blob, fileName: string, container: ParentNode & Node): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  container.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // The download starts from the click's task; revoking in a later task leaves it time to read the blob.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
}
