import { html, nothing, type PropertyValues } from 'lit';
import type { ListSharesInput, ShareSummary } from '@chatshare/core';
import { ApiCallController } from '../shared/api-call.js';
import { ChatshareElement } from '../shared/chatshare-element.js';
import { emit } from '../shared/events.js';
import { formatDate } from '../shared/i18n.js';
import { themeStyles } from '../shared/theme.styles.js';
import { CopyLinkController } from '../parts/copy-link.js';
import { AUDIENCE_LABELS } from '../parts/link-options.js';
import { renderQrCode } from '../parts/qr-downloads.js';
import { linkHref, renderLinkField, shareLink } from '../parts/share-link.js';
import { renderViewCells, renderViewHeaders } from '../parts/view-count.js';
import { ConfirmationController } from './confirmation.js';
import { LinkVersionsController } from './link-versions.js';
import { RowPasswordController } from './row-password.js';
import { managerStyles } from './shared-links-manager.styles.js';

/**
 * "Shared links": the signed-in user's shares, newest first, searchable and paginated, each with open,
 * "Copy link", a QR code with "Download PNG" / "Download SVG", "Views" and "Last opened", a password
 * badge with "Set password" / "Remove password", "Versions" with "Roll back" and "Delete" (confirmed),
 * plus "Delete all" (confirmed). Each version says what it leaves out ("System prompt, 2 messages left out",
 * "Everything shared"), and the roll-back confirmation names that version's choices, which come back with it.
 * Every decision is core's; the element shows its answers.
 *
 * @summary List, copy, protect, roll back and delete my shared links.
 *
 * @event chatshare-share-updated - A password was set or removed or a link rolled back. `detail: { share, url }`.
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
 * @csspart link-field - The read-only "Link" field that holds a link the clipboard refused.
 * @csspart qr - A link's QR code.
 * @csspart qr-downloads - The "Download PNG" / "Download SVG" buttons under a QR code.
 * @csspart download-png-button - "Download PNG" under a QR code.
 * @csspart download-svg-button - "Download SVG" under a QR code.
 * @csspart password-badge - The "Password protected" badge of a protected link.
 * @csspart password-form - The inline "New password" form.
 * @csspart versions - A link's expanded version list.
 * @csspart version - One version in that list.
 * @csspart version-leave-out - A version's "… left out" / "Everything shared" line.
 *
 * @cssproperty --chatshare-color-text - Text colour.
 * @cssproperty --chatshare-color-background - Background.
 * @cssproperty --chatshare-color-border - Table lines.
 * @cssproperty --chatshare-color-accent - Links and focus rings.
 * @cssproperty --chatshare-color-danger - Delete buttons and confirmations.
 * @cssproperty --chatshare-radius - Corner radius.
 * @cssproperty --chatshare-font-family - Font.
 */
export class SharedLinksManager extends ChatshareElement {
  static override styles = [themeStyles, managerStyles];

  static override properties = {
    linkBase: { attribute: 'link-base' },
    shareUrl: { attribute: false },
    pageSize: { type: Number, attribute: 'page-size' },
    hideViews: { type: Boolean, attribute: 'hide-views' },
    _items: { state: true },
    _cursor: { state: true },
    _query: { state: true },
    _loaded: { state: true },
    _qrFor: { state: true },
  };

  /** Prefix of share links; the link is `linkBase + id`. Default `<origin>/s/`. */
  declare linkBase: string | undefined;
  /** Builds the link from a share id; wins over `linkBase`. */
  declare shareUrl: ((id: string) => string) | undefined;
  /** Links per page (default 20). */
  declare pageSize: number;
  /**
   * Hides the "Views" and "Last opened" columns, for hosts that turn view counting off
   * (`createShareService({ countViews: false })`), where every count reads 0.
   */
  declare hideViews: boolean;

  declare private _items: readonly ShareSummary[];
  declare private _cursor: string | null;
  declare private _query: string;
  declare private _loaded: boolean;
  /** The share whose QR code is shown. */
  declare private _qrFor: string | null;

  readonly #listCall = new ApiCallController(this, { action: 'listShares', call: (api, input: ListSharesInput) => api.listShares(input) });
  readonly #revokeCall = new ApiCallController(this, { action: 'revokeShare', call: (api, id: string) => api.revokeShare(id) });
  readonly #revokeAllCall = new ApiCallController(this, { action: 'revokeAllShares', call: (api) => api.revokeAllShares() });
  readonly #copyLink = new CopyLinkController(this);
  readonly #confirmation = new ConfirmationController(this);
  readonly #password = new RowPasswordController(this, this.#confirmation, (share) => this.#replace(share));
  readonly #versions = new LinkVersionsController(this, this.#confirmation, (share) => this.#replace(share));
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Newest first-page load (a search or a refresh); older ones are dropped when they answer. */
  #resetToken = 0;
  /** Bumped whenever the rows are replaced, so a page for an older list is never appended to a newer one. */
  #listGeneration = 0;
  /** The query that produced the rows and `_cursor`: "Load more" pages on with it, not with text still being typed. */
  #listedQuery = '';

  constructor() {
    super();
    this.pageSize = 20;
    this.hideViews = false;
    this._items = [];
    this._cursor = null;
    this._query = '';
    this._loaded = false;
    this._qrFor = null;
  }

  /** The link of a share: `shareUrl(id)`, else `linkBase + id`. */
  linkFor(id: string): string {
    return shareLink(id, this);
  }

  /** Reloads the first page (e.g. after the host created a link elsewhere). */
  refresh(): Promise<void> {
    return this.#loadFirstPage();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if ((this.apiChanged || changed.has('pageSize')) && this.shareApi) void this.#loadFirstPage();
  }

  /** The next page of the list on screen: its own query with its own cursor, never a mix of two searches. */
  async #loadNextPage(): Promise<void> {
    const cursor = this._cursor;
    if (!cursor) return;
    const generation = this.#listGeneration;
    const query = this.#listedQuery;
    const result = await this.#listCall.run({ limit: this.pageSize, cursor, ...(query ? { query } : {}) });
    if (generation !== this.#listGeneration || cursor !== this._cursor || !result.ok) return;
    this._items = [...this._items, ...result.value.items];
    this._cursor = result.value.nextCursor;
  }

  /** A new search (or refresh) starts over: its first page replaces the rows and the cursor. */
  async #loadFirstPage(): Promise<void> {
    const token = ++this.#resetToken;
    const query = this._query.trim();
    const result = await this.#listCall.run({ limit: this.pageSize, ...(query ? { query } : {}) });
    if (token !== this.#resetToken) return;
    this._loaded = true;
    if (!result.ok) return;
    this.#listGeneration++;
    this.#listedQuery = query;
    this._items = result.value.items;
    this._cursor = result.value.nextCursor;
  }

  #onSearch(event: Event): void {
    this._query = (event.target as HTMLInputElement).value;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => void this.#loadFirstPage(), 250);
  }

  async #delete(share: ShareSummary): Promise<void> {
    const result = await this.#revokeCall.run(share.id);
    this.#confirmation.cancel();
    if (!result.ok) return;
    this._items = this._items.filter((s) => s.id !== share.id);
    this.#copyLink.forget(this.linkFor(share.id));
    this.status.show('info', this.t('linkDeleted'));
    emit(this, 'chatshare-share-deleted', { shareId: share.id });
    await this.focusAfterUpdate('#search');
  }

  async #deleteAll(): Promise<void> {
    const result = await this.#revokeAllCall.run();
    this.#confirmation.cancel();
    if (!result.ok) return;
    this.#listGeneration++;
    this._items = [];
    this._cursor = null;
    this.#copyLink.forget();
    this.status.show('info', this.t('deletedCount', { count: result.value }));
    emit(this, 'chatshare-all-shares-deleted', { count: result.value });
    await this.#loadFirstPage();
  }

  /** Puts the service's newer summary of a share in its row. */
  #replace(share: ShareSummary): void {
    this._items = this._items.map((s) => (s.id === share.id ? share : s));
    emit(this, 'chatshare-share-updated', { share, url: this.linkFor(share.id) });
  }

  #renderRow(share: ShareSummary) {
    const url = this.linkFor(share.id);
    const lang = this.language;
    const confirmation = this.#confirmation;
    const expanded = (open: boolean) => (open ? 'true' : 'false');
    const below = (content: unknown) => html`<tr><td colspan=${this.hideViews ? 6 : 8}>${content}</td></tr>`;
    return html`
      <tr part="row" data-share=${share.id}>
        <td>
          <a href=${linkHref(url)} target="_blank" rel="noopener noreferrer">${share.title || share.id}</a>
          ${share.hasPassword
            ? html`<span class="badge" part="password-badge"><span aria-hidden="true">🔒</span> ${this.t('passwordProtected')}</span>`
            : nothing}
        </td>
        <td>${formatDate(lang, share.createdAt)}</td>
        <td>${formatDate(lang, share.updatedAt)}</td>
        <td>${this.t(AUDIENCE_LABELS[share.audience.type])}</td>
        <td>${share.expiresAt === null ? this.t('never') : formatDate(lang, share.expiresAt)}</td>
        ${this.hideViews ? nothing : renderViewCells(this, share)}
        <td class="actions">
          <button aria-label=${this.t('copyLink')} @click=${() => this.#copyLink.copy(url)}>${this.t('copyLink')}</button>
          <button aria-expanded=${expanded(this._qrFor === share.id)} @click=${() => (this._qrFor = this._qrFor === share.id ? null : share.id)}>
            ${this.t('showQr')}
          </button>
          <button class="versions-toggle" aria-expanded=${expanded(this.#versions.shareId === share.id)} @click=${() => this.#versions.toggle(share)}>
            ${this.t('versions')}
          </button>
          <button class="set-password" aria-expanded=${expanded(this.#password.formFor === share.id)} @click=${() => this.#password.toggleForm(share)}>
            ${this.t('setPassword')}
          </button>
          ${share.hasPassword
            ? html`<button ?disabled=${this.busy} @click=${() => this.#password.askRemove(share)}>${this.t('removePassword')}</button>`
            : nothing}
          <button class="danger" ?disabled=${this.busy} @click=${() => confirmation.ask(share.id)}>${this.t('delete')}</button>
        </td>
      </tr>
      ${this._qrFor === share.id ? below(html`<div class="qr-box">${renderQrCode(this, share, url)}</div>`) : nothing}
      ${this.#password.formFor === share.id ? below(this.#password.renderForm(share)) : nothing}
      ${confirmation.pending === `pw:${share.id}`
        ? below(confirmation.render(this.t('confirmRemovePassword', { title: share.title }), this.t('yesRemovePassword'), () => this.#password.remove(share)))
        : nothing}
      ${this.#versions.shareId === share.id ? below(this.#versions.render(share)) : nothing}
      ${confirmation.pending === share.id
        ? below(confirmation.render(this.t('confirmDelete', { title: share.title }), this.t('yesDelete'), () => this.#delete(share)))
        : nothing}
    `;
  }

  protected override render() {
    const t = this.t.bind(this);
    const confirmation = this.#confirmation;
    const uncopied = this.#copyLink.uncopied;
    return html`
      <section lang=${this.language} aria-labelledby="heading">
        <h2 id="heading" part="heading">${t('sharedLinks')}</h2>
        <div class="toolbar">
          <div class="search" role="search">
            <label for="search">${t('search')}</label>
            <input id="search" part="search" type="search" .value=${this._query} @input=${this.#onSearch} />
          </div>
          <button class="danger" part="delete-all-button" ?disabled=${this._items.length === 0 || this.busy} @click=${() => confirmation.ask('*')}>
            ${t('deleteAll')}
          </button>
        </div>
        ${confirmation.pending === '*' ? confirmation.render(t('confirmDeleteAll'), t('yesDeleteAll'), () => this.#deleteAll()) : nothing}
        ${this._loaded && this._items.length === 0 && !this.#listCall.error
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
                    ${this.hideViews ? nothing : renderViewHeaders(this)}
                    <th scope="col">${t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this._items.map((share) => this.#renderRow(share))}
                </tbody>
              </table>
            </div>`}
        ${this._cursor ? html`<button class="more" part="load-more-button" ?disabled=${this.busy} @click=${() => this.#loadNextPage()}>${t('loadMore')}</button>` : nothing}
        ${!this._loaded ? html`<p class="muted">${t('loading')}</p>` : nothing}
        ${uncopied !== null ? renderLinkField(uncopied, t('link')) : nothing}
        <p class="status" part="status" role="status">${this.status.text}</p>
      </section>
    `;
  }
}
