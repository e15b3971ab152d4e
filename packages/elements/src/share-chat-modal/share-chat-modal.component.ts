import { LitElement, html, nothing, type PropertyValues } from 'lit';
import {
  DEFAULT_LEAVE_OUT,
  type Audience,
  type AudienceType,
  type CreateShareInput,
  type CommunityLevel,
  type CommunityPayload,
  type InstanceSettings,
  type ShareApi,
  type ShareSummary,
  type SnapshotScope,
  type UpdateShareInput,
} from '@chatshare/core';
import { ShareApiController, type ApiResult } from '../shared/api-controller.js';
import { writeClipboard } from '../shared/clipboard.js';
import { emit } from '../shared/events.js';
import { errorDetail } from '../shared/errors.js';
import { formatDate, normaliseLang, translate, type Lang, type MessageKey } from '../shared/i18n.js';
import { downloadName, qrCodePngBlob, qrCodeSvg, qrCodeSvgFile, triggerDownload } from '../shared/qr-code.js';
import { safeUrl } from '../shared/safe-url.js';
import { deepActiveElement, withSlot } from '../shared/text.js';
import { themeStyles } from '../shared/theme.styles.js';
import { sendToCommunityHub } from '../community/sender.js';
import { leaveOutInput, renderReview, sameLeaveOut, ShareReviewController } from './share-chat-modal.review.js';
import { modalStyles } from './share-chat-modal.styles.js';

const HOUR = 3_600_000;
const EXPIRY_CHOICES: ReadonlyArray<readonly [string, MessageKey]> = [
  ['', 'expiryNone'],
  [String(HOUR), 'expiryHour'],
  [String(24 * HOUR), 'expiryDay'],
  [String(7 * 24 * HOUR), 'expiryWeek'],
  [String(30 * 24 * HOUR), 'expiryMonth'],
];
const AUDIENCES: ReadonlyArray<readonly [AudienceType, MessageKey]> = [
  ['owner', 'audienceOwner'],
  ['people', 'audiencePeople'],
  ['instance', 'audienceInstance'],
  ['anyone', 'audienceAnyone'],
];
const LEVELS: ReadonlyArray<readonly [CommunityLevel, MessageKey]> = [
  ['private', 'levelPrivate'],
  ['public', 'levelPublic'],
  ['public-full-history', 'levelPublicFull'],
];

function idList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function sameAudience(a: NonNullable<UpdateShareInput['audience']>, b: Audience): boolean {
  if (a.type !== b.type) return false;
  return a.type !== 'people' || b.type !== 'people' || (sameIds(a.userIds, b.userIds) && sameIds(a.groupIds ?? [], b.groupIds));
}

/**
 * The share dialog for one chat (S2, S6, S9, S10, S3): create a snapshot link and copy it, update or delete an
 * existing one, choose who may open it, what it contains and when it expires, or hand the chat to a community hub.
 * "Review before publishing" (B15) lists what core would publish, with a checkbox per message and switches for the
 * system prompt, tool output and attachments; the choices go with "Copy link" / "Update and copy link" and are kept on
 * the link. The link options also set or remove a password (B13); an existing link shows how often it was opened
 * (B14) and its QR code downloads as PNG or SVG (B17). Every decision is core's: the element only calls the
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
 *   `action` is also `previewShare` (B15), `setPassword` / `removePassword` (B13) or `downloadQr` (B17).
 *
 * @attr hide-views - Hides the view count (B14), for hosts that run the service with `countViews: false`.
 *
 * @csspart dialog - The native `<dialog>` element.
 * @csspart title - The "Share chat" heading.
 * @csspart close-button - The "Close" button.
 * @csspart note - The note that later messages are not shared.
 * @csspart options - The fieldset with audience, scope, expiry and password.
 * @csspart password-state - "Protected by a password" on a link that has one (B13).
 * @csspart set-password-button - "Set password" on an existing link (B13).
 * @csspart remove-password-button - "Remove password" (B13).
 * @csspart review - The "Review before publishing" disclosure (B15).
 * @csspart review-count - How many messages will be shared (B15).
 * @csspart review-switches - The fieldset of the "System prompt", "Tool output" and "Attachments" switches (B15).
 * @csspart review-messages - The fieldset listing each message with its "Include" checkbox (B15).
 * @csspart views - "Opened N times · last <date>" / "Not opened yet" (B14).
 * @csspart link-field - The read-only "Link" text field.
 * @csspart actions - The row of action buttons.
 * @csspart primary-button - "Copy link" / "Update and copy link".
 * @csspart delete-button - "Delete this link".
 * @csspart community-button - "Share to community".
 * @csspart qr - The QR code of the link.
 * @csspart qr-downloads - The row of QR download buttons (B17).
 * @csspart download-png-button - "Download PNG" (B17).
 * @csspart download-svg-button - "Download SVG" (B17).
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
export class ShareChatModal extends LitElement {
  static override styles = [themeStyles, modalStyles];

  static override properties = {
    api: { attribute: false },
    chatId: { attribute: 'chat-id' },
    linkBase: { attribute: 'link-base' },
    shareUrl: { attribute: false },
    communityUrl: { attribute: 'community-url' },
    communityTimeoutMs: { attribute: false },
    open: { type: Boolean, reflect: true },
    lang: { reflect: true },
    hideViews: { type: Boolean, attribute: 'hide-views' },
    _phase: { state: true },
    _settings: { state: true },
    _share: { state: true },
    _audience: { state: true },
    _people: { state: true },
    _groups: { state: true },
    _scope: { state: true },
    _expiry: { state: true },
    _level: { state: true },
    _status: { state: true },
    _statusKind: { state: true },
    _password: { state: true },
  };

  /** The share service for the signed-in user: `createShareService(...).forActor(user)` or the HTTP client. */
  declare api: ShareApi | undefined;
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
  /** `en` or `es` (B10). */
  declare lang: Lang;
  /** Hides "Opened N times" (B14): set it when the service counts no views (`countViews: false`). */
  declare hideViews: boolean;

  declare private _phase: 'idle' | 'loading' | 'ready' | 'error';
  declare private _settings: InstanceSettings | null;
  declare private _share: ShareSummary | null;
  declare private _audience: AudienceType;
  declare private _people: string;
  declare private _groups: string;
  declare private _scope: SnapshotScope;
  declare private _expiry: string;
  declare private _level: CommunityLevel;
  declare private _status: string;
  declare private _statusKind: 'info' | 'success' | 'error';
  /** What the owner typed into the password field; cleared once saved, never filled from a share (B13). */
  declare private _password: string;

  readonly #api = new ShareApiController(this, () => this.api);
  // Its own controller: a preview in flight must not disable "Copy link" (the choices, not the preview, are sent).
  readonly #previewApi = new ShareApiController(this, () => this.api);
  readonly #review = new ShareReviewController(this, DEFAULT_LEAVE_OUT, (leaveOut) => {
    const chatId = this.chatId ?? '';
    const scope = this._scope;
    return this.#previewApi.run('previewShare', (api) => api.previewShare({ chatId, scope, leaveOut: leaveOutInput(leaveOut) }));
  });
  #opener: HTMLElement | null = null;
  #loadToken = 0;

  constructor() {
    super();
    this.open = false;
    this.lang = 'en';
    this.communityTimeoutMs = 30_000;
    this.hideViews = false;
    this._password = '';
    this._phase = 'idle';
    this._settings = null;
    this._share = null;
    this._status = '';
    this._statusKind = 'info';
    this._level = 'private';
    this.#resetOptions();
  }

  /** Opens the dialog and loads the chat's share state. */
  show(): void {
    this.open = true;
  }

  /** Closes the dialog; focus returns to what had it before. */
  close(): void {
    this.open = false;
  }

  get #lang(): Lang {
    return normaliseLang(this.lang);
  }

  #t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.#lang, key, params);
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** The link of a share: `shareUrl(id)`, else `linkBase + id`. */
  linkFor(id: string): string {
    if (this.shareUrl) return this.shareUrl(id);
    const base = this.linkBase ?? `${globalThis.location?.origin ?? ''}/s/`;
    return `${base}${encodeURIComponent(id)}`;
  }

  get #allowPublic(): boolean {
    return this._settings?.allowPublicLinks ?? true;
  }

  #resetOptions(share: ShareSummary | null = null): void {
    const audience: Audience = share?.audience ?? { type: 'instance' };
    // With public links off an "anyone" share opens only for signed-in users: show (and keep) it as that (B2).
    this._audience = audience.type === 'anyone' && !this.#allowPublic ? 'instance' : audience.type;
    this._people = audience.type === 'people' ? audience.userIds.join(', ') : '';
    this._groups = audience.type === 'people' ? audience.groupIds.join(', ') : '';
    this._scope = share?.scope ?? 'branch';
    this._expiry = share?.expiresAt ? 'keep' : '';
    this._password = '';
    // B15: an existing link starts from the choices stored on it, a new one from core's default.
    this.#review.reset(share?.leaveOut ?? DEFAULT_LEAVE_OUT);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open && !changed.get('open')) {
      const active = deepActiveElement();
      this.#opener = active instanceof HTMLElement && !this.contains(active) ? active : null;
    }
    if (this.open && (changed.has('open') || changed.has('chatId') || changed.has('api'))) void this.#load();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const dialog = this.#dialog;
    if (!dialog || !changed.has('open')) return;
    if (this.open && !dialog.open) {
      dialog.showModal();
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#dialog?.close();
  }

  #onDialogClose = (): void => {
    this.open = false;
    this._status = '';
    this._password = '';
    this.#review.setActive(false);
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected) opener.focus();
  };

  async #load(): Promise<void> {
    const token = ++this.#loadToken;
    this._phase = 'loading';
    this._status = '';
    const chatId = this.chatId;
    const result = await this.#api.run('load', async (api) => {
      if (!chatId) throw Object.assign(new Error('No chat was given (set `chat-id`).'), { code: 'INVALID_INPUT' });
      const [settings, share] = await Promise.all([api.getSettings(), api.findShareForChat(chatId)]);
      return { settings, share };
    });
    if (token !== this.#loadToken) return;
    if (!result.ok) {
      this._phase = 'error';
      this.#setStatus('error', this.#t('errorPrefix', { message: result.error.message }));
      return;
    }
    this._settings = result.value.settings;
    this._share = result.value.share;
    this.#resetOptions(result.value.share);
    this._phase = 'ready';
  }

  #setStatus(kind: 'info' | 'success' | 'error', text: string): void {
    this._statusKind = kind;
    this._status = text;
  }

  #audienceValue(): NonNullable<CreateShareInput['audience']> {
    if (this._audience === 'people') return { type: 'people', userIds: idList(this._people), groupIds: idList(this._groups) };
    return { type: this._audience } as { type: 'owner' | 'instance' | 'anyone' };
  }

  /** The expiry choice as input; for an existing share only when it changes something. */
  #expiryInput(share: ShareSummary | null): { expiresIn?: number; expiresAt?: null } {
    if (this._expiry === 'keep') return {};
    if (this._expiry === '') return share && share.expiresAt !== null ? { expiresAt: null } : {};
    return { expiresIn: Number(this._expiry) };
  }

  /** "Update and copy link": the new snapshot plus only the options that differ from the share's (R7). */
  #updateInput(share: ShareSummary): UpdateShareInput {
    const audience = this.#audienceValue();
    // An "anyone" link shown as signed-in users only because public links are off keeps the owner's choice: the admin's
    // switch already limits it, and lifting the switch should bring it back (B2).
    const keptPublic = share.audience.type === 'anyone' && !this.#allowPublic && audience.type === 'instance';
    const leaveOut = this.#review.leaveOut;
    return {
      ...(this._scope !== share.scope ? { scope: this._scope } : {}),
      ...(keptPublic || sameAudience(audience, share.audience) ? {} : { audience }),
      ...this.#expiryInput(share),
      ...(sameLeaveOut(leaveOut, share.leaveOut) ? {} : { leaveOut: leaveOutInput(leaveOut) }),
      ...this.#passwordInput(),
    };
  }

  /** B13: a password the owner typed but did not save yet goes with the write that publishes the link. */
  #passwordInput(): { password?: string } {
    return this._password === '' ? {} : { password: this._password };
  }

  async #copyNew(): Promise<void> {
    const chatId = this.chatId;
    if (!chatId) return;
    const input: CreateShareInput = {
      chatId,
      audience: this.#audienceValue(),
      scope: this._scope,
      ...this.#expiryInput(null),
      leaveOut: leaveOutInput(this.#review.leaveOut),
      ...this.#passwordInput(),
    };
    const result = await this.#api.run('createShare', (api) => api.createShare(input));
    await this.#showAndCopy(result, 'chatshare-share-created');
  }

  async #updateAndCopy(): Promise<void> {
    const share = this._share;
    if (!share) return;
    // One call, one versioned write: the new snapshot and the option changes land together or not at all (R7).
    const input = this.#updateInput(share);
    const result = await this.#api.run('updateShare', (api) => api.updateShare(share.id, input));
    await this.#showAndCopy(result, 'chatshare-share-updated');
  }

  /** After a create or an update: show the share, announce it, and copy its link; on failure only the error. */
  async #showAndCopy(
    result: ApiResult<ShareSummary>,
    event: 'chatshare-share-created' | 'chatshare-share-updated',
  ): Promise<void> {
    if (!result.ok) {
      this.#setStatus('error', this.#t('errorPrefix', { message: result.error.message }));
      return;
    }
    const share = result.value;
    this._share = share;
    this.#resetOptions(share);
    const url = this.linkFor(share.id);
    emit(this, event, { share, url });
    await this.#copy(url);
  }

  /** R8, T26: "Link copied" only after the write resolved; otherwise the link is selected in its field. */
  async #copy(url: string): Promise<void> {
    try {
      await writeClipboard(url);
      this.#setStatus('success', this.#t('linkCopied'));
      emit(this, 'chatshare-link-copied', { url });
    } catch (error) {
      this.#setStatus('error', this.#t('copyFailed'));
      this.#api.report({ ...errorDetail('copyLink', error), code: 'CLIPBOARD_FAILED' });
      await this.updateComplete;
      const field = this.renderRoot.querySelector<HTMLInputElement>('#link');
      field?.focus();
      field?.select();
    }
  }

  async #delete(): Promise<void> {
    const share = this._share;
    if (!share) return;
    const result = await this.#api.run('revokeShare', (api) => api.revokeShare(share.id));
    if (!result.ok) {
      this.#setStatus('error', this.#t('errorPrefix', { message: result.error.message }));
      return;
    }
    this._share = null;
    this.#resetOptions();
    this.#setStatus('info', this.#t('linkDeleted'));
    emit(this, 'chatshare-share-deleted', { shareId: share.id });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="primary-button"]')?.focus();
  }

  /** B13: sets (or with `null` removes) the link's password; the typed value is dropped whatever the answer. */
  async #savePassword(password: string | null): Promise<void> {
    const share = this._share;
    if (!share) return;
    this._password = '';
    const action = password === null ? 'removePassword' : 'setPassword';
    const result = await this.#api.run(action, (api) => api.setShareOptions(share.id, { password }));
    if (!result.ok) {
      this.#setStatus('error', this.#t('errorPrefix', { message: result.error.message }));
      return;
    }
    this._share = result.value;
    this.#setStatus('success', this.#t(password === null ? 'modalPasswordRemoved' : 'modalPasswordSet'));
  }

  /** B17: the link's QR code as a file, named after the chat's title. */
  async #downloadQr(format: 'png' | 'svg'): Promise<void> {
    const share = this._share;
    if (!share) return;
    const url = this.linkFor(share.id);
    try {
      const blob = format === 'png' ? await qrCodePngBlob(url) : new Blob([qrCodeSvgFile(url)], { type: 'image/svg+xml' });
      triggerDownload(blob, downloadName(share.title, share.id, format), this.renderRoot);
    } catch (error) {
      this.#setStatus('error', this.#t('errorPrefix', { message: errorDetail('downloadQr', error).message }));
      this.#api.report(errorDetail('downloadQr', error));
    }
  }

  /** S3: runs synchronously inside the click so the hub's tab may open; the payload is fetched meanwhile. */
  #shareToCommunity(): void {
    const chatId = this.chatId;
    const hubUrl = this.communityUrl;
    if (!chatId || !hubUrl) return;
    const level = this._level;
    const payload = this.#api.run('communityPayload', (api) => api.communityPayload({ chatId, level })).then((r): CommunityPayload => {
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, reported: true });
      return r.value;
    });
    this.#setStatus('info', this.#t('communityOpening'));
    sendToCommunityHub({ hubUrl, payload, timeoutMs: this.communityTimeoutMs }).then(
      ({ hubOrigin }) => {
        this.#setStatus('success', this.#t('communityShared'));
        emit(this, 'chatshare-community-shared', { level, hubOrigin });
      },
      (error: unknown) => {
        const detail = errorDetail('community', error);
        const key: MessageKey | null =
          detail.code === 'COMMUNITY_TIMEOUT' ? 'communityTimeout' : detail.code === 'POPUP_BLOCKED' ? 'communityBlocked' : null;
        this.#setStatus('error', key ? this.#t(key) : this.#t('errorPrefix', { message: detail.message }));
        if (!(error as { reported?: boolean }).reported) this.#api.report(detail);
      },
    );
  }

  #renderOptions() {
    const allowPublic = this.#allowPublic;
    // An "anyone" share while public links are off: its effective audience, signed-in users, says so.
    const publicOff = !allowPublic && this._share?.audience.type === 'anyone';
    const expiresAt = this._share?.expiresAt ?? null;
    return html`
      <fieldset part="options">
        <legend>${this.#t('options')}</legend>
        <div class="field">
          <label for="audience">${this.#t('audience')}</label>
          <select id="audience" .value=${this._audience} @change=${(e: Event) => (this._audience = (e.target as HTMLSelectElement).value as AudienceType)}>
            ${AUDIENCES.filter(([value]) => value !== 'anyone' || allowPublic).map(
              ([value, key]) =>
                html`<option value=${value} ?selected=${value === this._audience}>${this.#t(publicOff && value === 'instance' ? 'audienceAnyoneOff' : key)}</option>`,
            )}
          </select>
        </div>
        ${this._audience === 'people'
          ? html`<div class="field">
                <label for="people">${this.#t('peopleIds')}</label>
                <input id="people" .value=${this._people} @input=${(e: Event) => (this._people = (e.target as HTMLInputElement).value)} />
              </div>
              <div class="field">
                <label for="groups">${this.#t('groupIds')}</label>
                <input id="groups" .value=${this._groups} @input=${(e: Event) => (this._groups = (e.target as HTMLInputElement).value)} />
              </div>`
          : nothing}
        <div class="field">
          <label for="scope">${this.#t('scope')}</label>
          <select id="scope" .value=${this._scope} @change=${this.#onScopeChange}>
            <option value="branch" ?selected=${this._scope === 'branch'}>${this.#t('scopeBranch')}</option>
            <option value="full-history" ?selected=${this._scope === 'full-history'}>${this.#t('scopeFull')}</option>
          </select>
        </div>
        <div class="field">
          <label for="expiry">${this.#t('expiry')}</label>
          <select id="expiry" .value=${this._expiry} @change=${(e: Event) => (this._expiry = (e.target as HTMLSelectElement).value)}>
            ${expiresAt !== null
              ? html`<option value="keep" ?selected=${this._expiry === 'keep'}>${this.#t('expiryKeep', { date: formatDate(this.#lang, expiresAt) })}</option>`
              : nothing}
            ${EXPIRY_CHOICES.map(([value, key]) => html`<option value=${value} ?selected=${value === this._expiry}>${this.#t(key)}</option>`)}
          </select>
        </div>
        ${this.#renderPassword()}
      </fieldset>
    `;
  }

  #onScopeChange = (e: Event): void => {
    this._scope = (e.target as HTMLSelectElement).value as SnapshotScope;
    this.#review.refresh(true);
  };

  /**
   * B13: before the link exists the password simply goes with "Copy link"; afterwards "Set password" saves it at once.
   * The field is bound to what the owner is typing only, so a saved password never comes back into the page.
   */
  #renderPassword() {
    const share = this._share;
    const busy = this.#api.loading;
    const label = !share ? 'modalPasswordOptional' : share.hasPassword ? 'newPassword' : 'password';
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && share && this._password !== '') void this.#savePassword(this._password);
    };
    return html`
      ${share?.hasPassword ? html`<p class="protected" part="password-state">${this.#t('modalProtected')}</p>` : nothing}
      <div class="field">
        <label for="password">${this.#t(label)}</label>
        <div class="password-row">
          <input
            id="password"
            type="password"
            autocomplete="new-password"
            .value=${this._password}
            @input=${(e: Event) => (this._password = (e.target as HTMLInputElement).value)}
            @keydown=${onKey}
          />
          ${share
            ? html`<button part="set-password-button" ?disabled=${busy || this._password === ''} @click=${() => this.#savePassword(this._password)}>
                ${this.#t('setPassword')}
              </button>`
            : nothing}
          ${share?.hasPassword
            ? html`<button part="remove-password-button" ?disabled=${busy} @click=${() => this.#savePassword(null)}>${this.#t('removePassword')}</button>`
            : nothing}
        </div>
      </div>
    `;
  }

  /** B14: counts only, never who. */
  #renderViews(share: ShareSummary) {
    if (this.hideViews) return nothing;
    const date = share.lastViewedAt === null ? '—' : formatDate(this.#lang, share.lastViewedAt);
    const text =
      share.viewCount === 0
        ? this.#t('modalNotOpened')
        : this.#t(share.viewCount === 1 ? 'modalViewsOne' : 'modalViews', { count: share.viewCount, date });
    return html`<p class="muted views" part="views">${text}</p>`;
  }

  #renderCommunity() {
    if (!this._settings?.communitySharing || !this.communityUrl) return nothing;
    return html`
      <div class="field">
        <label for="level">${this.#t('communityLevel')}</label>
        <select id="level" .value=${this._level} @change=${(e: Event) => (this._level = (e.target as HTMLSelectElement).value as CommunityLevel)}>
          ${LEVELS.map(([value, key]) => html`<option value=${value} ?selected=${value === this._level}>${this.#t(key)}</option>`)}
        </select>
      </div>
    `;
  }

  #renderBody() {
    if (this._phase === 'loading' || this._phase === 'idle') return html`<p class="muted" role="status">${this.#t('loading')}</p>`;
    if (this._phase === 'error') return nothing;
    const busy = this.#api.loading;
    const community =
      this._settings?.communitySharing && this.communityUrl
        ? html`<button part="community-button" ?disabled=${busy} @click=${this.#shareToCommunity}>${this.#t('shareToCommunity')}</button>`
        : nothing;
    const share = this._share;
    if (!share) {
      return html`
        ${this.#renderOptions()} ${renderReview(this.#review, (key, params) => this.#t(key, params))} ${this.#renderCommunity()}
        <div class="actions" part="actions">
          <button class="primary" part="primary-button" ?disabled=${busy} @click=${this.#copyNew}>${this.#t('copyLink')}</button>
          ${community}
        </div>
      `;
    }
    const url = this.linkFor(share.id);
    const href = safeUrl(url, globalThis.location?.href);
    return html`
      <p>
        ${withSlot(
          this.#t('sharedBeforeIntro'),
          'link',
          html`<a href=${href ?? '#'} target="_blank" rel="noopener noreferrer">${this.#t('sharedBefore')}</a>`,
        )}
      </p>
      <div class="link-row">
        <label for="link">${this.#t('link')}</label>
        <input id="link" part="link-field" readonly .value=${url} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
      </div>
      ${this.#renderViews(share)} ${qrCodeSvg(url, this.#t('qrCode'))}
      <div class="qr-downloads" part="qr-downloads">
        <button part="download-png-button" @click=${() => this.#downloadQr('png')}>${this.#t('downloadPng')}</button>
        <button part="download-svg-button" @click=${() => this.#downloadQr('svg')}>${this.#t('downloadSvg')}</button>
      </div>
      ${this.#renderOptions()} ${renderReview(this.#review, (key, params) => this.#t(key, params))} ${this.#renderCommunity()}
      <div class="actions" part="actions">
        <button class="primary" part="primary-button" ?disabled=${busy} @click=${this.#updateAndCopy}>${this.#t('updateAndCopyLink')}</button>
        <button class="danger" part="delete-button" ?disabled=${busy} @click=${this.#delete}>${this.#t('deleteThisLink')}</button>
        ${community}
      </div>
    `;
  }

  protected override render() {
    return html`
      <dialog part="dialog" aria-labelledby="title" lang=${this.#lang} @close=${this.#onDialogClose}>
        <header>
          <h2 id="title" part="title">${this.#t('shareChat')}</h2>
          <button part="close-button" @click=${() => this.close()}>${this.#t('close')}</button>
        </header>
        <p class="note" part="note">${this.#t('note')}</p>
        ${this.open ? this.#renderBody() : nothing}
        <p class="status ${this._statusKind === 'error' ? 'error' : ''}" part="status" role="status" aria-live="polite">${this._status}</p>
      </dialog>
    `;
  }
}
