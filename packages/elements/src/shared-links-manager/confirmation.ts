import { html, type ReactiveController } from 'lit';
import type { ChatshareElement } from '../shared/chatshare-element.js';

/**
 * The one question awaiting an answer in the links manager ("Delete …?", "Remove the password …?", "Roll back …?"),
 * by key: a share id (delete), `'*'` (delete all), `pw:<id>` (remove password) or `rb:<id>:<version>` (roll back).
 */
export class ConfirmationController implements ReactiveController {
  pending: string | null = null;

  readonly #host: ChatshareElement;

  constructor(host: ChatshareElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Asks, and moves focus to the answer. */
  async ask(key: string): Promise<void> {
    this.pending = key;
    this.#host.requestUpdate();
    await this.#host.focusAfterUpdate('.confirm button');
  }

  cancel(): void {
    this.pending = null;
    this.#host.requestUpdate();
  }

  /**
   * Runs a confirmed action once: the question closes as the call starts, so a second click on its button (before
   * the next render) finds nothing to confirm and sends nothing.
   */
  take(key: string): boolean {
    if (this.pending !== key) return false;
    this.cancel();
    return true;
  }

  /** The question (`confirm` part) with its "Yes, …" and "Cancel" buttons. */
  render(text: string, yes: string, onYes: () => void) {
    return html`<div class="confirm" part="confirm" role="group" aria-label=${text}>
      <span>${text}</span>
      <button class="danger" @click=${onYes}>${yes}</button>
      <button @click=${() => this.cancel()}>${this.#host.t('cancel')}</button>
    </div>`;
  }
}
