import type { ReactiveController, ReactiveElement } from 'lit';
import { deepActiveElement } from '../shared/text.js';

/**
 * Keeps the native `<dialog>` of an element in step with its `open` property, as a real modal dialog: `showModal()`
 * moves focus in and makes Esc close it; on close, focus returns to what had it before the dialog opened.
 */
export class ModalDialogController implements ReactiveController {
  readonly #host: ReactiveElement & { open: boolean };
  #opener: HTMLElement | null = null;

  constructor(host: ReactiveElement & { open: boolean }) {
    this.#host = host;
    host.addController(this);
  }

  get #dialog(): HTMLDialogElement | null {
    return this.#host.renderRoot.querySelector('dialog');
  }

  /** Call when `open` turns true, before the render: remembers what had focus (outside the element). */
  opening(): void {
    const active = deepActiveElement();
    this.#opener = active instanceof HTMLElement && !this.#host.contains(active) ? active : null;
  }

  /** Call after a render that changed `open`. */
  sync(): void {
    const dialog = this.#dialog;
    if (!dialog) return;
    if (this.#host.open && !dialog.open) dialog.showModal();
    else if (!this.#host.open && dialog.open) dialog.close();
  }

  hostDisconnected(): void {
    this.#dialog?.close();
  }

  /** The dialog closed (Esc, "Close", or `open = false`): focus goes back to the opener. */
  closed(): void {
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected) opener.focus();
  }
}
