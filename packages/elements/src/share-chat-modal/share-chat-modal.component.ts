import { html, nothing, type PropertyValues } from 'lit';
import { DEFAULT_LEAVE_OUT, type CreateShareInput, type InstanceSettings, type ShareSummary, type UpdateShareInput } from '@chatshare/core';
import { ApiCallController, type ApiResult } from '../shared/api-call.js';
import { ChatshareElement } from '../shared/chatshare-element.js';
import { emit } from '../shared/events.js';
import { withSlot } from '../shared/text.js';
import { themeStyles } from '../shared/theme.styles.js';
import { CopyLinkController } from '../parts/copy-link.js';
import { LinkOptionsController, renderLinkOptions } from '../parts/link-options.js';
import { renderPasswordField, SharePasswordController } from '../parts/password-field.js';
import { renderQrCode } from '../parts/qr-downloads.js';
import { leaveOutInput, renderReview, sameLeaveOut, ShareReviewController } from '../parts/share-review.js';
import { linkHref, renderLinkField, shareLink } from '../parts/share-link.js';
import { renderViewCount } from '../parts/view-count.js';
import { CommunityHandoffController, renderCommunityLevel } from './community-handoff.js';
import { ModalDialogController } from './modal-dialog.js';
import { modalStyles } from './share-chat-modal.styles.js';

/**
 * The share dialog for one chat: create a snapshot link and copy it, update or delete an
 * existing one, choose who may open it, what it contains and when it expires, or hand the chat to a community hub.
 * "Review before publishing" lists what core would publish, with a checkbox per message and switches for the
 * system prompt, tool output and attachments; the choices go with "Copy link" / "Update and copy link" and are kept on
 * the link. The link options also set or remove a password; an existing link shows how often it was opened
 * and its QR code downloads as PNG or SVG. Every decision is core's: the element only calls the
 * `ShareApi` it is given.
 *
 * @summary Share one chat as a frozen snapshot link.
 *
 * @event chatshare-share-created - A new link was created. `detail: { share, url }`.
 * @event chatshare-share-updated - "Update and copy link" re-snapshotted the chat under the same link. `detail: { share, url }`.
 * @event chatshare-share-deleted - The link was deleted and stops working at once. `detail: { shareId }`.
 * @event chatshare-link-copied - The clipboard write succeeded. `detail: { url }`.
 * @event chatshare-community-shared - The chat was posted to the community hub. `detail: { level, hubOrigin }`.
 * @event chatshare-error - Something failed. `detail: { action, code, message }`, `code` is a stable error code;
 *   `action` is also `previewShare`, `setPassword` / `removePassword` or `downloadQr`.
 *
 * @attr hide-views - Hides the view count, for hosts that run the service with `countViews: false`.
 *
 * @csspart dialog - The native `<dialog>` element.
 * @csspart title - The "Share chat" heading.
 * @csspart close-button - The "Close" button.
 * @csspart note - The note that later messages are not shared.
 * @csspart options - The fieldset with audience, scope, expiry and password.
 * @csspart password-state - "Protected by a password" on a link that has one.
 * @csspart set-password-button - "Set password" on an existing link.
 * @csspart remove-password-button - "Remove password".
 * @csspart review - The "Review before publishing" disclosure.
 * @csspart review-count - How many messages will be shared.
 * @csspart review-switches - The fieldset of the "System prompt", "Tool output" and "Attachments" switches.
 * @csspart review-messages - The fieldset listing each message with its "Include" checkbox.
 * @csspart views - "Opened N times · last <date>" / "Not opened yet".
 * @csspart link-field - The read-only "Link" text field.
 * @csspart actions - The row of action buttons.
 * @csspart primary-button - "Copy link" / "Update and copy link".
 * @csspart delete-button - "Delete this link".
 * @csspart community-button - "Share to community".
 * @csspart qr - The QR code of the link.
 * @csspart qr-downloads - The row of QR download buttons.
 * @csspart download-png-button - "Download PNG".
 * @csspart download-svg-button - "Download SVG".
 * @csspart status - The status line ("Link copied", errors).
 *
 * @cssproperty --chatshare-color-text - Text colour.
 * @cssproperty --chatshare-color-background - Dialog background.
 * @cssproperty --chatshare-color-surface - Button background.
 * @cssproperty --chatshare-color-muted - Secondary text.
 * @cssproperty --chatshare-color-border - Borders.
 * @cssproperty --chatshare-color-accent - Primary buttons, links and focus rings.
 * @cssproperty --chatshare-color-accent-text - Text on primary buttons.
 * @cssproperty --chatshare-color-danger - Destructive actions and errors.
 * @cssproperty --chatshare-radius - Corner radius.
 * @cssproperty --chatshare-font-family - Font.
 * @cssproperty --chatshare-font-family-mono - Font of the link field.
 * @cssproperty --chatshare-backdrop - The modal backdrop.
 */
export class ShareChatModal extends ChatshareElement {
  static override styles = [themeStyles, modalStyles];

  static override properties = {
    chatId: { attribute: 'chat-id' },
    linkBase: { attribute: 'link-base' },
    shareUrl: { attribute: false },
    communityUrl: { attribute: 'community-url' },
    communityTimeoutMs: { attribute: false },
    open: { type: Boolean, reflect: true },
    hideViews: { type: Boolean, attribute: 'hide-views' },
    _phase: { state: true },
    _settings: { state: true },
    _share: { state: true },
  };

  /** The host's id of the chat to share. */
  declare chatId: string | undefined;
  /** Prefix of share links, e.g. `https://chat.example/s/`; the link is `linkBase + id`. Default `<origin>/s/`. */
  declare linkBase: string | undefined;
  /** Builds the link from a share id; wins over `linkBase`. */
  declare shareUrl: ((id: string) => string) | undefined;
  /** The community hub's upload page; its origin is the only one the handshake talks to. */
  declare communityUrl: string | undefined;
  /** How long to wait for the hub (default 30 000 ms). */
  declare communityTimeoutMs: number;
  /** Whether the dialog is open. */
  declare open: boolean;
  /** Hides "Opened N times": set it when the service counts no views (`countViews: false`). */
  declare hideViews: boolean;

  declare private _phase: 'idle' | 'loading' | 'ready' | 'error';
  declare private _settings: InstanceSettings | null;
  declare private _share: ShareSummary | null;

  readonly #loadCall = new ApiCallController(this, {
    action: 'load',
    call: async (api, chatId: string | undefined) => {
      if (!chatId) throw Object.assign(new Error('No chat was given (set `chat-id`).'), { code: 'INVALID_INPUT' });
      const [settings, share] = await Promise.all([api.getSettings(), api.findShareForChat(chatId)]);
      return { settings, share };
    },
  });
  readonly #createCall = new ApiCallController(this, { action: 'createShare', call: (api, input: CreateShareInput) => api.createShare(input) });
  readonly #updateCall = new ApiCallController(this, { action: 'updateShare', call: (api, id: string, input: UpdateShareInput) => api.updateShare(id, input) });
  readonly #revokeCall = new ApiCallController(this, { action: 'revokeShare', call: (api, id: string) => api.revokeShare(id) });
  // In the background: a preview in flight must not disable "Copy link" (the choices, not the preview, are sent).
  readonly #previewCall = new ApiCallController(this, {
    action: 'previewShare',
    background: true,
    showError: false,
    call: (api, input: Parameters<typeof api.previewShare>[0]) => api.previewShare(input),
  });
  readonly #review = new ShareReviewController(this, DEFAULT_LEAVE_OUT, (leaveOut) =>
    this.#previewCall.run({ chatId: this.chatId ?? '', scope: this.#options.scope, leaveOut: leaveOutInput(leaveOut) }),
  );
  readonly #options = new LinkOptionsController(this);
  readonly #password = new SharePasswordController(this);
  readonly #copyLink = new CopyLinkController(this);
  readonly #community = new CommunityHandoffController(this);
  readonly #dialog = new ModalDialogController(this);
  #loadToken = 0;

  constructor() {
    super();
    this.open = false;
    this.communityTimeoutMs = 30_000;
    this.hideViews = false;
    this._phase = 'idle';
    this._settings = null;
    this._share = null;
  }

  /** Opens the dialog and loads the chat's share state. */
  show(): void {
    this.open = true;
  }

  /** Closes the dialog; focus returns to what had it before. */
  close(): void {
    this.open = false;
  }

  /** The link of a share: `shareUrl(id)`, else `linkBase + id`. */
  linkFor(id: string): string {
    return shareLink(id, this);
  }

  get #publicLinks(): { allowPublicLinks: boolean } {
    return { allowPublicLinks: this._settings?.allowPublicLinks ?? true };
  }

  #resetOptions(share: ShareSummary | null = null): void {
    this.#options.reset(share, this.#publicLinks);
    this.#password.type('');
    // An existing link starts from the review choices stored on it, a new one from core's default.
    this.#review.reset(share?.leaveOut ?? DEFAULT_LEAVE_OUT);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('open') && this.open && !changed.get('open')) this.#dialog.opening();
    if (this.open && (changed.has('open') || changed.has('chatId') || this.apiChanged)) void this.#load();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('open')) this.#dialog.sync();
  }

  #onDialogClose = (): void => {
    this.open = false;
    this.status.clear();
    this.#password.type('');
    this.#review.setActive(false);
    this.#dialog.closed();
  };

  async #load(): Promise<void> {
    const token = ++this.#loadToken;
    this._phase = 'loading';
    this.status.clear();
    const result = await this.#loadCall.run(this.chatId);
    if (token !== this.#loadToken) return;
    if (!result.ok) {
      this._phase = 'error';
      return;
    }
    this._settings = result.value.settings;
    this._share = result.value.share;
    this.#resetOptions(result.value.share);
    this._phase = 'ready';
  }

  async #copyNew(): Promise<void> {
    const chatId = this.chatId;
    if (!chatId) return;
    const leaveOut = leaveOutInput(this.#review.leaveOut);
    const result = await this.#createCall.run({ chatId, ...this.#options.createInput(), leaveOut, ...this.#password.unsaved() });
    await this.#showAndCopy(result, 'chatshare-share-created');
  }

  /** One call, one versioned write: the new snapshot and the option changes land together or not at all. */
  async #updateAndCopy(): Promise<void> {
    const share = this._share;
    if (!share) return;
    const leaveOut = this.#review.leaveOut;
    const input: UpdateShareInput = {
      ...this.#options.updateInput(share, this.#publicLinks),
      ...(sameLeaveOut(leaveOut, share.leaveOut) ? {} : { leaveOut: leaveOutInput(leaveOut) }),
      ...this.#password.unsaved(),
    };
    const result = await this.#updateCall.run(share.id, input);
    await this.#showAndCopy(result, 'chatshare-share-updated');
  }

  /** After a create or an update: show the share, announce it, and copy its link; on failure only the error. */
  async #showAndCopy(result: ApiResult<ShareSummary>, event: 'chatshare-share-created' | 'chatshare-share-updated'): Promise<void> {
    if (!result.ok) return;
    const share = result.value;
    this._share = share;
    this.#resetOptions(share);
    const url = this.linkFor(share.id);
    emit(this, event, { share, url });
    await this.#copyLink.copy(url);
  }

  async #delete(): Promise<void> {
    const share = this._share;
    if (!share) return;
    const result = await this.#revokeCall.run(share.id);
    if (!result.ok) return;
    this._share = null;
    this.#resetOptions();
    this.status.show('info', this.t('linkDeleted'));
    emit(this, 'chatshare-share-deleted', { shareId: share.id });
    await this.focusAfterUpdate('[part~="primary-button"]');
  }

  #renderOptions() {
    const share = this._share;
    const password = renderPasswordField(this, this.#password, share, (saved) => (this._share = saved));
    return html`${renderLinkOptions(this, this.#options, { share, settings: this.#publicLinks, onScopeChange: () => this.#review.refresh(true), extra: password })}
    ${renderReview(this.#review, (key, params) => this.t(key, params))}
    ${this.#community.available(this._settings, this.communityUrl) ? renderCommunityLevel(this, this.#community) : nothing}`;
  }

  #renderBody() {
    if (this._phase === 'loading' || this._phase === 'idle') return html`<p class="muted" role="status">${this.t('loading')}</p>`;
    if (this._phase === 'error') return nothing;
    const busy = this.busy;
    const community = this.#community.available(this._settings, this.communityUrl)
      ? html`<button part="community-button" ?disabled=${busy} @click=${() => this.#community.send(this.chatId, this.communityUrl, this.communityTimeoutMs)}>
          ${this.t('shareToCommunity')}
        </button>`
      : nothing;
    const share = this._share;
    if (!share) {
      return html`
        ${this.#renderOptions()}
        <div class="actions" part="actions">
          <button class="primary" part="primary-button" ?disabled=${busy} @click=${this.#copyNew}>${this.t('copyLink')}</button>
          ${community}
        </div>
      `;
    }
    const url = this.linkFor(share.id);
    const sharedBefore = html`<a href=${linkHref(url)} target="_blank" rel="noopener noreferrer">${this.t('sharedBefore')}</a>`;
    return html`
      <p>${withSlot(this.t('sharedBeforeIntro'), 'link', sharedBefore)}</p>
      ${renderLinkField(url, this.t('link'))} ${this.hideViews ? nothing : renderViewCount(this, share)} ${renderQrCode(this, share, url)}
      ${this.#renderOptions()}
      <div class="actions" part="actions">
        <button class="primary" part="primary-button" ?disabled=${busy} @click=${this.#updateAndCopy}>${this.t('updateAndCopyLink')}</button>
        <button class="danger" part="delete-button" ?disabled=${busy} @click=${this.#delete}>${this.t('deleteThisLink')}</button>
        ${community}
      </div>
    `;
  }

  protected override render() {
    const status = this.status;
    return html`
      <dialog part="dialog" aria-labelledby="title" lang=${this.language} @close=${this.#onDialogClose}>
        <header>
          <h2 id="title" part="title">${this.t('shareChat')}</h2>
          <button part="close-button" @click=${() => this.close()}>${this.t('close')}</button>
        </header>
        <p class="note" part="note">${this.t('note')}</p>
        ${this.open ? this.#renderBody() : nothing}
        <p class="status ${status.kind === 'error' ? 'error' : ''}" part="status" role="status" aria-live="polite">${status.text}</p>
      </dialog>
    `;
  }
}
