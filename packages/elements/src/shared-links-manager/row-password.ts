import { nothing, type ReactiveController } from 'lit';
import type { ShareSummary } from '@chatshare/core';
import { renderPasswordForm, SharePasswordController } from '../parts/password-field.js';
import type { ChatshareElement } from '../shared/chatshare-element.js';
import type { ConfirmationController } from './confirmation.js';

/**
 * A row's password in the manager: "Set password" opens an inline "New password" form (the owner never needs the old
 * one), "Remove password" asks first. Focus goes back to the row's "Set password" button afterwards.
 */
export class RowPasswordController implements ReactiveController {
  /** The share whose inline form is open. */
  formFor: string | null = null;

  readonly #host: ChatshareElement;
  readonly #confirmation: ConfirmationController;
  readonly #changed: (share: ShareSummary) => void;
  readonly #password: SharePasswordController;

  constructor(host: ChatshareElement, confirmation: ConfirmationController, changed: (share: ShareSummary) => void) {
    this.#host = host;
    this.#confirmation = confirmation;
    this.#changed = changed;
    host.addController(this);
    this.#password = new SharePasswordController(host);
  }

  hostConnected(): void {}

  #backToRow(share: ShareSummary): Promise<void> {
    return this.#host.focusAfterUpdate(`[data-share="${share.id}"] .set-password`);
  }

  async toggleForm(share: ShareSummary): Promise<void> {
    this.formFor = this.formFor === share.id ? null : share.id;
    this.#confirmation.cancel();
    if (this.formFor) await this.#host.focusAfterUpdate('#new-password');
  }

  closeForm(): void {
    this.formFor = null;
    this.#host.requestUpdate();
  }

  askRemove(share: ShareSummary): Promise<void> {
    this.closeForm();
    return this.#confirmation.ask(`pw:${share.id}`);
  }

  async #save(event: SubmitEvent, share: ShareSummary): Promise<void> {
    event.preventDefault();
    if (this.#password.saving) return;
    const host = this.#host;
    const field = host.renderRoot.querySelector<HTMLInputElement>('#new-password');
    const password = field?.value ?? '';
    if (password === '') {
      host.status.show('error', host.t('passwordEmpty'));
      field?.focus();
      return;
    }
    const saved = await this.#password.set(share.id, password);
    if (!saved) {
      field?.focus();
      return;
    }
    this.closeForm();
    this.#changed(saved);
    host.status.show('success', host.t('passwordSet', { title: saved.title }));
    await this.#backToRow(share);
  }

  async remove(share: ShareSummary): Promise<void> {
    if (!this.#confirmation.take(`pw:${share.id}`)) return;
    const saved = await this.#password.remove(share.id);
    if (!saved) return;
    this.#changed(saved);
    this.#host.status.show('success', this.#host.t('passwordRemoved', { title: saved.title }));
    await this.#backToRow(share);
  }

  /** The row's inline form, when it is open. */
  renderForm(share: ShareSummary) {
    if (this.formFor !== share.id) return nothing;
    return renderPasswordForm(
      this.#host,
      (e) => this.#save(e, share),
      () => (this.closeForm(), this.#backToRow(share)),
    );
  }
}
