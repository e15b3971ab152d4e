import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { Audience, ShareApi, ShareLeaveOut, ShareSummary, ShareVersion } from '@chatshare/core';
import { ShareApiController } from '../shared/api-controller.js';
import { writeClipboard } from '../shared/clipboard.js';
import { emit } from '../shared/events.js';
import { errorDetail } from '../shared/errors.js';
import { formatDate, normaliseLang, translate, type Lang, type MessageKey } from '../shared/i18n.js';
import { downloadName, qrCodePngBlob, qrCodeSvg, qrCodeSvgFile, triggerDownload } from '../shared/qr-code.js';
import { safeUrl } from '../shared/safe-url.js';
import { themeStyles } from '../shared/theme.styles.js';
import { managerStyles } from './shared-links-manager.styles.js';

const AUDIENCE_KEYS: Record<Audience['type'], MessageKey> = {
  owner: 'audienceOwner',
  people: 'audiencePeople',
  instance: 'audienceInstance',
  anyone: 'audienceAnyone',
};

/**
 * "Shared links" (B1): the signed-in user's shares, newest first, searchable and paginated, each with open,
 * "Copy link", a QR code with "Download PNG" / "Download SVG" (B17), "Views" and "Last opened" (B14), a password
 * badge with "Set password" / "Remove password" (B13), "Versions" with "Roll back" (B16) and "Delete" (confirmed),
 * plus "Delete all" (confirmed). Each version says what it leaves out (B15: "System prompt, 2 messages left out",
 * "Everything shared"), and the roll-back confirmation names that version's choices, which come back with it.
 * Every decision is core's; the element shows its answers.
 *
 * @summary List, copy, protect, roll back and delete my shared links.
 *
 * @event chatshare-share-updated - A password was set or removed (B13) or a link rolled back (B16). `detail: { share, url }`.
 * @event chatshare-share-deleted - One link was deleted. `detail: { shareId }`.
 * @event chatshare-all-shares-deleted - "Delete all" finished. `detail: { count }`.
 * @event chatshare-link-copied - A link was copied. `detail: { url }`.
 * @event chatshare-error - A call failed. `detail: { action, code, message }`.
 *
 * @csspart heading - The "Shared links" heading.
 * @csspart search - The search field.
 * @csspart table - The table of links.
 * @csspart row - One link's row.
 * @csspart delete-all-button - "Delete all".
 * @csspart confirm - A confirmation box.
 * @csspart load-more-button - "Load more".
 * @csspart status - The status line.
 * @csspart link-field - The read-only "Link" field that holds a link the clipboard refused (R8).
 * @csspart qr - A link's QR code (B17).
 * @csspart qr-downloads - The "Download PNG" / "Download SVG" buttons under a QR code (B17).
 * @csspart password-badge - The "Password protected" badge of a protected link (B13).
 * @csspart password-form - The inline "New password" form (B13).
 * @csspart versions - A link's expanded version list (B16).
 * @csspart version - One version in that list (B16).
 * @csspart version-leave-out - A version's "… left out" / "Everything shared" line (B15, B16).
 *
 * @cssproperty --chatshare-color-text - Text colour.
 * @cssproperty --chatshare-color-background - Background.
 * @cssproperty --chatshare-color-border - Table lines.
 * @cssproperty --chatshare-color-accent - Links and focus rings.
 * @cssproperty --chatshare-color-danger - Delete buttons and confirmations.
 * @cssproperty --chatshare-radius - Corner radius.
 * @cssproperty --chatshare-font-family - Font.
 */
export class SharedLinksManager extends LitElement {
  static override styles = [themeStyles, managerStyles];

  static override properties = {
    api: { attribute: false },
    linkBase: { attribute: 'link-base' },
    shareUrl: { attribute: false },
    pageSize: { type: Number, attribute: 'page-size' },
    hideViews: { type: Boolean, attribute: 'hide-views' },
    lang: { reflect: true },
    _items: { state: true },
    _cursor: { state: true },
    _query: { state: true },
    _loaded: { state: true },
    _confirming: { state: true },
    _status: { state: true },
    _qrFor: { state: true },
    _uncopied: { state: true },
    _passwordFor: { state: true },
    _versionsFor: { state: true },
    _versions: { state: true },
  };

  /** The signed-in user's share service. */
  declare api: ShareApi | undefined;
  /** Prefix of share links; the link is `linkBase + id`. Default `<origin>/s/`. */
  declare linkBase: string | undefined;
  /** Builds the link from a share id; wins over `linkBase`. */
  declare shareUrl: ((id: string) => string) | undefined;
  /** Links per page (default 20). */
  declare pageSize: number;
  /**
   * Hides the "Views" and "Last opened" columns (B14), for hosts that turn view counting off
   * (`createShareService({ countViews: false })`), where every count reads 0.
   */
  declare hideViews: boolean;
  /** `en` or `es` (B10). */
  declare lang: Lang;

  declare private _items: readonly ShareSummary[];
  declare private _cursor: string | null;
  declare private _query: string;
  declare private _loaded: boolean;
  /**
   * What awaits confirmation: a share id (delete), `'*'` ("Delete all"), `pw:<id>` (remove password) or
   * `rb:<id>:<version>` (roll back); `null` for none.
   */
  declare private _confirming: string | null;
  declare private _status: string;
  /** The share whose QR code is shown (B17). */
  declare private _qrFor: string | null;
  /** A link the clipboard refused, shown selected in the "Link" field (R8). */
  declare private _uncopied: string | null;
  /** The share whose inline "New password" form is open (B13). */
  declare private _passwordFor: string | null;
  /** The share whose versions are expanded (B16), and its list once loaded. */
  declare private _versionsFor: string | null;
  declare private _versions: readonly ShareVersion[] | null;

  readonly #api = new ShareApiController(this, () => this.api);
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Newest first-page load (a search or a refresh); older ones are dropped when they answer. */
  #resetToken = 0;
  /** Bumped whenever the rows are replaced, so a page for an older list is never appended to a newer one. */
  #listGeneration = 0;
  /** The query that produced the rows and `_cursor`: "Load more" pages on with it, not with text still being typed. */
  #listedQuery = '';
  /** A "Save password" in flight (B13). */
  #savingPassword = false;

  constructor() {
    super();
    this.pageSize = 20;
    this.hideViews = false;
    this.lang = 'en';
    this._items = [];
    this._cursor = null;
    this._query = '';
    this._loaded = false;
    this._confirming = null;
    this._status = '';
    this._qrFor = null;
    this._uncopied = null;
    this._passwordFor = null;
    this._versionsFor = null;
    this._versions = null;
  }

  get #lang(): Lang {
    return normaliseLang(this.lang);
  }

  #t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.#lang, key, params);
  }

  /** The link of a share: `shareUrl(id)`, else `linkBase + id`. */
  linkFor(id: string): string {
    if (this.shareUrl) return this.shareUrl(id);
    return `${this.linkBase ?? `${globalThis.location?.origin ?? ''}/s/`}${encodeURIComponent(id)}`;
  }

  /** Reloads the first page (e.g. after the host created a link elsewhere). */
  refresh(): Promise<void> {
    return this.#loadPage(true);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('api') || changed.has('pageSize')) && this.api) void this.#loadPage(true);
  }

  async #loadPage(reset: boolean): Promise<void> {
    if (reset) return this.#loadFirstPage();
    // The next page of the list on screen: its own query with its own cursor, never a mix of two searches.
    const cursor = this._cursor;
    if (!cursor) return;
    const generation = this.#listGeneration;
    const query = this.#listedQuery;
    const input = { limit: this.pageSize, cursor, ...(query ? { query } : {}) };
    const result = await this.#api.run('listShares', (api) => api.listShares(input));
    if (generation !== this.#listGeneration || cursor !== this._cursor) return;
    if (!result.ok) {
      this._status = this.#t('errorPrefix', { message: result.error.message });
      return;
    }
    this._items = [...this._items, ...result.value.items];
    this._cursor = result.value.nextCursor;
  }

  /** A new search (or refresh) starts over: its first page replaces the rows and the cursor. */
  async #loadFirstPage(): Promise<void> {
    const token = ++this.#resetToken;
    const query = this._query.trim();
    const input = { limit: this.pageSize, ...(query ? { query } : {}) };
    const result = await this.#api.run('listShares', (api) => api.listShares(input));
    if (token !== this.#resetToken) return;
    this._loaded = true;
    if (!result.ok) {
      this._status = this.#t('errorPrefix', { message: result.error.message });
      return;
    }
    this.#listGeneration++;
    this.#listedQuery = query;
    this._items = result.value.items;
    this._cursor = result.value.nextCursor;
  }

  #onSearch(event: Event): void {
    this._query = (event.target as HTMLInputElement).value;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => void this.#loadPage(true), 250);
  }

  async #copy(share: ShareSummary): Promise<void> {
    const url = this.linkFor(share.id);
    try {
      await writeClipboard(url);
      this._uncopied = null;
      this._status = this.#t('linkCopied');
      emit(this, 'chatshare-link-copied', { url });
    } catch (error) {
      // R8: never "copied" unless it was; the link waits, selected, in a read-only "Link" field.
      this._uncopied = url;
      this._status = this.#t('copyFailed');
      this.#api.report({ ...errorDetail('copyLink', error), code: 'CLIPBOARD_FAILED' });
      await this.updateComplete;
      const field = this.renderRoot.querySelector<HTMLInputElement>('#link');
      field?.focus();
      field?.select();
    }
  }

  async #delete(share: ShareSummary): Promise<void> {
    const result = await this.#api.run('revokeShare', (api) => api.revokeShare(share.id));
    this._confirming = null;
    if (!result.ok) {
      this._status = this.#t('errorPrefix', { message: result.error.message });
      return;
    }
    this._items = this._items.filter((s) => s.id !== share.id);
    if (this._uncopied === this.linkFor(share.id)) this._uncopied = null;
    this._status = this.#t('linkDeleted');
    emit(this, 'chatshare-share-deleted', { shareId: share.id });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#search')?.focus();
  }

  async #deleteAll(): Promise<void> {
    const result = await this.#api.run('revokeAllShares', (api) => api.revokeAllShares());
    this._confirming = null;
    if (!result.ok) {
      this._status = this.#t('errorPrefix', { message: result.error.message });
      return;
    }
    this.#listGeneration++;
    this._items = [];
    this._cursor = null;
    this._uncopied = null;
    this._status = this.#t('deletedCount', { count: result.value });
    emit(this, 'chatshare-all-shares-deleted', { count: result.value });
    await this.#loadPage(true);
  }

  /** Puts the service's newer summary of a share in its row. */
  #replace(share: ShareSummary): void {
    this._items = this._items.map((s) => (s.id === share.id ? share : s));
    emit(this, 'chatshare-share-updated', { share, url: this.linkFor(share.id) });
  }

  async #focus(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** B17: the row's QR code as a file, named after the share. */
  async #downloadQr(share: ShareSummary, kind: 'png' | 'svg'): Promise<void> {
    const url = this.linkFor(share.id);
    const name = downloadName(share.title ? `${share.title} QR` : '', `${share.id} QR`, kind);
    try {
      const blob = kind === 'png' ? await qrCodePngBlob(url) : new Blob([qrCodeSvgFile(url)], { type: 'image/svg+xml' });
      triggerDownload(blob, name, this.renderRoot);
    } catch (error) {
      this._status = this.#t('errorPrefix', { message: errorDetail('downloadQr', error).message });
      this.#api.report(errorDetail('downloadQr', error));
    }
  }

  async #openPasswordForm(share: ShareSummary): Promise<void> {
    this._passwordFor = this._passwordFor === share.id ? null : share.id;
    this._confirming = null;
    if (this._passwordFor) await this.#focus('#new-password');
  }

  /** B13: the owner sets a new password without the old one; core hashes it, the element never keeps it. */
  async #savePassword(event: SubmitEvent, share: ShareSummary): Promise<void> {
    event.preventDefault();
    // A second submit (Enter again) while one is saving would send the password twice.
    if (this.#savingPassword) return;
    const field = this.renderRoot.querySelector<HTMLInputElement>('#new-password');
    const password = field?.value ?? '';
    if (password === '') {
      this._status = this.#t('passwordEmpty');
      field?.focus();
      return;
    }
    this.#savingPassword = true;
    const result = await this.#api
      .run('setPassword', (api) => api.setShareOptions(share.id, { password }))
      .finally(() => (this.#savingPassword = false));
    if (!result.ok) {
      this._status = this.#t('errorPrefix', { message: result.error.message });
      field?.focus();
      return;
    }
    this._passwordFor = null;
    this.#replace(result.value);
    this._status = this.#t('passwordSet', { title: result.value.title });
    await this.#focus(`[data-share="${share.id}"] .set-password`);
  }

  /**
   * Runs a confirmed action once: the confirmation closes as the call starts, so a second click on its button (before
   * the next render) finds nothing to confirm and sends nothing.
   */
  #takeConfirmation(key: string): boolean {
    if (this._confirming !== key) return false;
    this._confirming = null;
    return true;
  }

  async #removePassword(share: ShareSummary): Promise<void> {
    if (!this.#takeConfirmation(`pw:${share.id}`)) return;
    const result = await this.#api.run('removePassword', (api) => api.setShareOptions(share.id, { password: null }));
    if (!result.ok) {
      this._status = this.#t('errorPrefix', { message: result.error.message });
      return;
    }
    this.#replace(result.value);
    this._status = this.#t('passwordRemoved', { title: result.value.title });
    await this.#focus(`[data-share="${share.id}"] .set-password`);
  }

  /** B16: expands (loading) or collapses the row's versions. */
  async #toggleVersions(share: ShareSummary): Promise<void> {
    if (this._versionsFor === share.id) {
      this._versionsFor = null;
      this._versions = null;
      return;
    }
    this._versionsFor = share.id;
    this._versions = null;
    await this.#loadVersions(share.id);
  }

  async #loadVersions(shareId: string): Promise<void> {
    const result = await this.#api.run('listShareVersions', (api) => api.listShareVersions(shareId));
    if (this._versionsFor !== shareId) return;
    if (!result.ok) {
      this._versionsFor = null;
      this._status = this.#t('errorPrefix', { message: result.error.message });
      return;
    }
    this._versions = result.value;
  }

  async #rollback(share: ShareSummary, version: number): Promise<void> {
    if (!this.#takeConfirmation(`rb:${share.id}:${version}`)) return;
    const result = await this.#api.run('rollbackShare', (api) => api.rollbackShare(share.id, version));
    if (!result.ok) {
      this._status = this.#t('errorPrefix', { message: result.error.message });
      return;
    }
    this.#replace(result.value);
    this._status = this.#t('rolledBack', { n: version, current: result.value.snapshotVersion });
    await this.#loadVersions(share.id);
    await this.#focus(`[data-share="${share.id}"] .versions-toggle`);
  }

  async #confirm(id: string): Promise<void> {
    this._confirming = id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.confirm button')?.focus();
  }

  #renderConfirm(text: string, yes: string, onYes: () => void) {
    return html`<div class="confirm" part="confirm" role="group" aria-label=${text}>
      <span>${text}</span>
      <button class="danger" @click=${onYes}>${yes}</button>
      <button @click=${() => (this._confirming = null)}>${this.#t('cancel')}</button>
    </div>`;
  }

  get #columns(): number {
    return this.hideViews ? 6 : 8;
  }

  #renderPasswordForm(share: ShareSummary) {
    return html`<form class="inline-form" part="password-form" @submit=${(e: SubmitEvent) => this.#savePassword(e, share)}>
      <label for="new-password">${this.#t('newPassword')}</label>
      <input id="new-password" type="password" autocomplete="new-password" maxlength="200" />
      <button type="submit" ?disabled=${this.#api.loading}>${this.#t('savePassword')}</button>
      <button type="button" @click=${() => ((this._passwordFor = null), this.#focus(`[data-share="${share.id}"] .set-password`))}>${this.#t('cancel')}</button>
    </form>`;
  }

  /** B15: what a version's choices leave out, as short plain-text items ("system prompt", "2 messages"). */
  #leftOutItems(leaveOut: ShareLeaveOut): string[] {
    const items: string[] = [];
    if (leaveOut.systemPrompt) items.push(this.#t('leftOutSystemPrompt'));
    if (leaveOut.toolOutput) items.push(this.#t('leftOutToolOutput'));
    if (leaveOut.attachments) items.push(this.#t('leftOutAttachments'));
    items.push(...this.#messageItem(leaveOut.messageIds.length));
    return items;
  }

  #messageItem(count: number): string[] {
    if (count === 0) return [];
    return [count === 1 ? this.#t('leftOutOneMessage') : this.#t('leftOutMessages', { count })];
  }

  /** One line per version (B15/B16): "System prompt, 2 messages left out", "Everything shared", or unknown. */
  #leaveOutSummary(leaveOut: ShareLeaveOut | null): string {
    if (leaveOut === null) return this.#t('leftOutUnknown');
    const items = this.#leftOutItems(leaveOut);
    if (items.length === 0) return this.#t('leftOutNothing');
    const text = this.#t('leftOutSummary', { items: items.join(', ') });
    return text.charAt(0).toLocaleUpperCase(this.#lang) + text.slice(1);
  }

  /**
   * The roll-back question names the old version's choices, since they come back with its content; and when the
   * current version leaves out something the old one shared, it says so, so nothing is re-published unnoticed.
   */
  #rollbackQuestion(share: ShareSummary, target: ShareVersion, current: ShareVersion | undefined): string {
    const question = this.#t('confirmRollback', { title: share.title, n: target.snapshotVersion, choices: this.#leaveOutSummary(target.leaveOut) });
    const now = current?.leaveOut;
    const then = target.leaveOut;
    if (!now || !then) return question;
    const reshared: string[] = [];
    if (now.systemPrompt && !then.systemPrompt) reshared.push(this.#t('leftOutSystemPrompt'));
    if (now.toolOutput && !then.toolOutput) reshared.push(this.#t('leftOutToolOutput'));
    if (now.attachments && !then.attachments) reshared.push(this.#t('leftOutAttachments'));
    const kept = new Set(then.messageIds);
    reshared.push(...this.#messageItem(now.messageIds.filter((id) => !kept.has(id)).length));
    if (reshared.length === 0) return question;
    return `${question} ${this.#t('confirmRollbackReshares', { n: target.snapshotVersion, items: reshared.join(', ') })}`;
  }

  #renderVersions(share: ShareSummary) {
    const versions = this._versions;
    const lang = this.#lang;
    return html`<div class="versions" part="versions" role="group" aria-label=${this.#t('versionsOf', { title: share.title })}>
      ${versions === null
        ? html`<p class="muted">${this.#t('loading')}</p>`
        : html`<ul>
            ${versions.map(
              (v) => html`<li part="version" data-version=${v.snapshotVersion}>
                <span class="version-name">${this.#t('versionNumber', { n: v.snapshotVersion })}</span>
                <time datetime=${new Date(v.createdAt).toISOString()}>${formatDate(lang, v.createdAt)}</time>
                <span>${this.#t('versionMessages', { count: v.messageCount })}</span>
                <span class="version-leave-out" part="version-leave-out">${this.#leaveOutSummary(v.leaveOut)}</span>
                ${v.current
                  ? html`<strong class="badge">${this.#t('currentVersion')}</strong>`
                  : v.leaveOut === null
                    ? nothing
                    : html`<button
                      aria-label=${`${this.#t('rollBack')}: ${this.#t('versionNumber', { n: v.snapshotVersion })}`}
                      ?disabled=${this.#api.loading}
                      @click=${() => this.#confirm(`rb:${share.id}:${v.snapshotVersion}`)}
                    >
                      ${this.#t('rollBack')}
                    </button>`}
                ${this._confirming === `rb:${share.id}:${v.snapshotVersion}`
                  ? this.#renderConfirm(this.#rollbackQuestion(share, v, versions.find((c) => c.current)), this.#t('yesRollBack'), () =>
                      this.#rollback(share, v.snapshotVersion),
                    )
                  : nothing}
              </li>`,
            )}
          </ul>`}
    </div>`;
  }

  #renderRow(share: ShareSummary) {
    const url = this.linkFor(share.id);
    const href = safeUrl(url, globalThis.location?.href);
    const lang = this.#lang;
    const columns = this.#columns;
    return html`
      <tr part="row" data-share=${share.id}>
        <td>
          <a href=${href ?? '#'} target="_blank" rel="noopener noreferrer">${share.title || share.id}</a>
          ${share.hasPassword
            ? html`<span class="badge" part="password-badge"><span aria-hidden="true">🔒</span> ${this.#t('passwordProtected')}</span>`
            : nothing}
        </td>
        <td>${formatDate(lang, share.createdAt)}</td>
        <td>${formatDate(lang, share.updatedAt)}</td>
        <td>${this.#t(AUDIENCE_KEYS[share.audience.type])}</td>
        <td>${share.expiresAt === null ? this.#t('never') : formatDate(lang, share.expiresAt)}</td>
        ${this.hideViews
          ? nothing
          : html`<td class="views">${share.viewCount}</td>
              <td class="last-opened">${share.lastViewedAt === null ? this.#t('never') : formatDate(lang, share.lastViewedAt)}</td>`}
        <td class="actions">
          <button aria-label=${this.#t('copyLink')} @click=${() => this.#copy(share)}>${this.#t('copyLink')}</button>
          <button aria-expanded=${this._qrFor === share.id ? 'true' : 'false'} @click=${() => (this._qrFor = this._qrFor === share.id ? null : share.id)}>
            ${this.#t('showQr')}
          </button>
          <button class="versions-toggle" aria-expanded=${this._versionsFor === share.id ? 'true' : 'false'} @click=${() => this.#toggleVersions(share)}>
            ${this.#t('versions')}
          </button>
          <button class="set-password" aria-expanded=${this._passwordFor === share.id ? 'true' : 'false'} @click=${() => this.#openPasswordForm(share)}>
            ${this.#t('setPassword')}
          </button>
          ${share.hasPassword
            ? html`<button ?disabled=${this.#api.loading} @click=${() => ((this._passwordFor = null), this.#confirm(`pw:${share.id}`))}>${this.#t('removePassword')}</button>`
            : nothing}
          <button class="danger" ?disabled=${this.#api.loading} @click=${() => this.#confirm(share.id)}>${this.#t('delete')}</button>
        </td>
      </tr>
      ${this._qrFor === share.id
        ? html`<tr>
            <td colspan=${columns}>
              <div class="qr-box">
                ${qrCodeSvg(url, this.#t('qrCode'))}
                <div class="qr-downloads" part="qr-downloads">
                  <button @click=${() => this.#downloadQr(share, 'png')}>${this.#t('downloadPng')}</button>
                  <button @click=${() => this.#downloadQr(share, 'svg')}>${this.#t('downloadSvg')}</button>
                </div>
              </div>
            </td>
          </tr>`
        : nothing}
      ${this._passwordFor === share.id ? html`<tr><td colspan=${columns}>${this.#renderPasswordForm(share)}</td></tr>` : nothing}
      ${this._confirming === `pw:${share.id}`
        ? html`<tr>
            <td colspan=${columns}>
              ${this.#renderConfirm(this.#t('confirmRemovePassword', { title: share.title }), this.#t('yesRemovePassword'), () => this.#removePassword(share))}
            </td>
          </tr>`
        : nothing}
      ${this._versionsFor === share.id ? html`<tr><td colspan=${columns}>${this.#renderVersions(share)}</td></tr>` : nothing}
      ${this._confirming === share.id
        ? html`<tr>
            <td colspan=${columns}>${this.#renderConfirm(this.#t('confirmDelete', { title: share.title }), this.#t('yesDelete'), () => this.#delete(share))}</td>
          </tr>`
        : nothing}
    `;
  }

  protected override render() {
    const t = (key: MessageKey) => this.#t(key);
    return html`
      <section lang=${this.#lang} aria-labelledby="heading">
        <h2 id="heading" part="heading">${t('sharedLinks')}</h2>
        <div class="toolbar">
          <div class="search" role="search">
            <label for="search">${t('search')}</label>
            <input id="search" part="search" type="search" .value=${this._query} @input=${this.#onSearch} />
          </div>
          <button class="danger" part="delete-all-button" ?disabled=${this._items.length === 0 || this.#api.loading} @click=${() => this.#confirm('*')}>
            ${t('deleteAll')}
          </button>
        </div>
        ${this._confirming === '*' ? this.#renderConfirm(t('confirmDeleteAll'), t('yesDeleteAll'), () => this.#deleteAll()) : nothing}
        ${this._loaded && this._items.length === 0 && !this.#api.error
          ? html`<p class="muted">${t('noLinks')}</p>`
          : html`<div class="table-wrap">
              <table part="table">
                <caption class="visually-hidden">${t('sharedLinks')}</caption>
                <thead>
                  <tr>
                    <th scope="col">${t('title')}</th>
                    <th scope="col">${t('created')}</th>
                    <th scope="col">${t('updated')}</th>
                    <th scope="col">${t('audience')}</th>
                    <th scope="col">${t('expires')}</th>
                    ${this.hideViews
                      ? nothing
                      : html`<th scope="col">${t('views')}</th>
                          <th scope="col">${t('lastOpened')}</th>`}
                    <th scope="col">${t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this._items.map((share) => this.#renderRow(share))}
                </tbody>
              </table>
            </div>`}
        ${this._cursor ? html`<button class="more" part="load-more-button" ?disabled=${this.#api.loading} @click=${() => this.#loadPage(false)}>${t('loadMore')}</button>` : nothing}
        ${!this._loaded ? html`<p class="muted">${t('loading')}</p>` : nothing}
        ${this._uncopied !== null
          ? html`<div class="link-row">
              <label for="link">${t('link')}</label>
              <input id="link" part="link-field" readonly .value=${this._uncopied} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
            </div>`
          : nothing}
        <p class="status" part="status" role="status">${this._status}</p>
      </section>
    `;
  }
}
