import { html, nothing, type ReactiveController } from 'lit';
import type { ShareSummary } from '@chatshare/core';
import { ApiCallController } from '../shared/api-call.js';
import type { ChatshareElement } from '../shared/chatshare-element.js';

/**
 * Setting and removing a link's password. The owner sets a new one without the old one; core hashes it and the
 * element never keeps it: the field holds only what is being typed and is cleared once it is sent. A second submit
 * while one is saving sends nothing (it would send the password twice).
 */
export class SharePasswordController implements ReactiveController {
  /** What the owner is typing in a field bound to this controller (the modal's); never filled from a share. */
  typed = '';

  readonly #host: ChatshareElement;
  readonly #set: ApiCallController<[string, string], ShareSummary>;
  readonly #remove: ApiCallController<[string], ShareSummary>;

  constructor(host: ChatshareElement) {
    this.#host = host;
    host.addController(this);
    this.#set = new ApiCallController(host, { action: 'setPassword', call: (api, id: string, password: string) => api.setShareOptions(id, { password }) });
    this.#remove = new ApiCallController(host, { action: 'removePassword', call: (api, id: string) => api.setShareOptions(id, { password: null }) });
  }

  hostConnected(): void {}

  get saving(): boolean {
    return this.#set.pending;
  }

  type(value: string): void {
    this.typed = value;
    this.#host.requestUpdate();
  }

  /** A password typed but not saved yet goes with the write that publishes the link (create, or update and copy). */
  unsaved(): { password?: string } {
    return this.typed === '' ? {} : { password: this.typed };
  }

  /** The share with its new password; `null` when it failed (already reported) or another save is in flight. */
  async set(shareId: string, password: string): Promise<ShareSummary | null> {
    if (this.#set.pending) return null;
    const result = await this.#set.run(shareId, password);
    return result.ok ? result.value : null;
  }

  /** The share without its password; `null` when it failed (already reported). */
  async remove(shareId: string): Promise<ShareSummary | null> {
    const result = await this.#remove.run(shareId);
    return result.ok ? result.value : null;
  }
}

/**
 * The modal's password field: before the link exists the password simply goes with "Copy link"; afterwards
 * "Set password" (or Enter) saves it at once and "Remove password" lifts it. `onSaved` gets core's new summary.
 */
export function renderPasswordField(host: ChatshareElement, password: SharePasswordController, share: ShareSummary | null, onSaved: (share: ShareSummary) => void) {
  const save = async (value: string | null) => {
    if (!share) return;
    password.type('');
    const saved = value === null ? await password.remove(share.id) : await password.set(share.id, value);
    if (!saved) return;
    onSaved(saved);
    host.status.show('success', host.t(value === null ? 'modalPasswordRemoved' : 'modalPasswordSet'));
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && share && password.typed !== '') void save(password.typed);
  };
  const label = !share ? 'modalPasswordOptional' : share.hasPassword ? 'newPassword' : 'password';
  return html`
    ${share?.hasPassword ? html`<p class="protected" part="password-state">${host.t('modalProtected')}</p>` : nothing}
    <div class="field">
      <label for="password">${host.t(label)}</label>
      <div class="password-row">
        <input
          id="password"
          type="password"
          autocomplete="new-password"
          .value=${password.typed}
          @input=${(e: Event) => password.type((e.target as HTMLInputElement).value)}
          @keydown=${onKey}
        />
        ${share
          ? html`<button part="set-password-button" ?disabled=${host.busy || password.typed === ''} @click=${() => save(password.typed)}>
              ${host.t('setPassword')}
            </button>`
          : nothing}
        ${share?.hasPassword
          ? html`<button part="remove-password-button" ?disabled=${host.busy} @click=${() => save(null)}>${host.t('removePassword')}</button>`
          : nothing}
      </div>
    </div>
  `;
}

/** The manager's inline "New password" form of one row (`password-form` part); the field is read on submit only. */
export function renderPasswordForm(host: ChatshareElement, onSubmit: (e: SubmitEvent) => void, onCancel: () => void) {
  return html`<form class="inline-form" part="password-form" @submit=${onSubmit}>
    <label for="new-password">${host.t('newPassword')}</label>
    <input id="new-password" type="password" autocomplete="new-password" maxlength="200" />
    <button type="submit" ?disabled=${host.busy}>${host.t('savePassword')}</button>
    <button type="button" @click=${onCancel}>${host.t('cancel')}</button>
  </form>`;
}
