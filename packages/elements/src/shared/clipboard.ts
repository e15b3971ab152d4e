/**
 * Writes text to the clipboard. Resolves only when the browser confirms the write (R8); call it from inside the
 * click handler so it runs under that click's user activation.
 */
export async function writeClipboard(text: string): Promise<void> {
  const clipboard = globalThis.navigator?.clipboard;
  if (!clipboard || typeof clipboard.writeText !== 'function') {
    throw new Error('The clipboard is not available here (it needs a secure context).');
  }
  await clipboard.writeText(text);
}
