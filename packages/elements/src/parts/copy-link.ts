import type { ReactiveController } from 'lit';
import type { ChatshareElement } from '../shared/chatshare-element.js';
import { errorDetail } from '../shared/errors.js';
import { emit } from '../shared/events.js';

/**
 * Writes text to the clipboard. Resolves only when the browser confirms the write; call it from inside the click
 * handler so it runs under that click's user activation.
 */
export async function writeClipboard(text: string): Promise<void> {
  const clipboard = globalThis.navigator?.clipboard;
  if (!clipboard || typeof clipboard.writeText !== 'function') {
    throw new Error('The clipboard is not available here (it needs a secure context).');
  }
  await clipboard.writeText(text);
}

/**
 * "Copy link" and its fallback: the element says "Link copied" only after the browser confirmed the write; when the
 * clipboard refuses, the link waits, focused and selected, in the read-only "Link" field (`#link`) with a message, and
 * a `CLIPBOARD_FAILED` error is reported.
 */
export class CopyLinkController implements ReactiveController {
  /** A link the clipboard refused, for elements that show the "Link" field only then. */
  uncopied: string | null = null;

  readonly #host: ChatshareElement;

  constructor(host: ChatshareElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  async copy(url: string): Promise<void> {
    const host = this.#host;
    try {
      await writeClipboard(url);
      this.uncopied = null;
      host.status.show('success', host.t('linkCopied'));
      emit(host, 'chatshare-link-copied', { url });
    } catch (error) {
      this.uncopied = url;
      host.status.show('error', host.t('copyFailed'));
      host.reportError({ ...errorDetail('copyLink', error), code: 'CLIPBOARD_FAILED' });
      await host.focusAfterUpdate('#link', true);
    }
  }

  /** Drops the waiting link (all of them, or only `url`), e.g. when its share was deleted. */
  forget(url?: string): void {
    if (url === undefined || this.uncopied === url) this.uncopied = null;
    this.#host.requestUpdate();
  }
}
