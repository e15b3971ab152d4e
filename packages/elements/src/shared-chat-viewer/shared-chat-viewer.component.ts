import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { snapshotToJson, snapshotToMarkdown, type ShareApi, type SharedChatView, type SnapshotMessage } from '@chatshare/core';
import { ShareApiController } from '../shared/api-controller.js';
import { downloadName, triggerDownload } from '../shared/download.js';
import { emit } from '../shared/events.js';
import { formatDate, normaliseLang, translate, type Lang, type MessageKey } from '../shared/i18n.js';
import { safeUrl } from '../shared/safe-url.js';
import { themeStyles } from '../shared/theme.styles.js';
import { visiblePath, type PathRow } from './branch-path.js';
import { ChatFlowLayout } from './chat-flow-layout.js';
import { renderMarkdown } from './markdown.js';
import { viewerStyles } from './shared-chat-viewer.styles.js';

// Given up front so the virtualiser does not load its default layout with a dynamic import; the flow layout with a
// per-message size estimate, so rows scrolling in do not move their neighbours once measured (B12).
const FLOW = { type: ChatFlowLayout };

/** How many messages past the rendered range (and before it) get their markdown rendered in idle time. */
const AHEAD = 3;
const BEHIND = 1;

type IdleHandle = { cancel(): void };

/** `requestIdleCallback` where there is one (Safari has none: a short timeout with a fixed budget instead). */
function whenIdle(work: (deadline: { timeRemaining(): number }) => void): IdleHandle {
  if (typeof globalThis.requestIdleCallback === 'function') {
    const id = globalThis.requestIdleCallback(work, { timeout: 1000 });
    return { cancel: () => globalThis.cancelIdleCallback(id) };
  }
  const start = performance.now();
  const id = setTimeout(() => work({ timeRemaining: () => Math.max(0, 8 - (performance.now() - start)) }), 16);
  return { cancel: () => clearTimeout(id) };
}

type Phase = 'idle' | 'loading' | 'ready' | 'not-found' | 'auth-required' | 'password' | 'error';

/** B13: where an unlock token is kept, per share, for this browser session (the password itself is never kept). */
const tokenKey = (shareId: string) => `chatshare:unlock:${shareId}`;

/** Session storage can be missing or refuse (privacy modes, sandboxed frames); the element then keeps tokens in memory. */
const memoryTokens = new Map<string, string>();

function readToken(shareId: string): string | null {
  try {
    return globalThis.sessionStorage?.getItem(tokenKey(shareId)) ?? memoryTokens.get(shareId) ?? null;
  } catch {
    return memoryTokens.get(shareId) ?? null;
  }
}

function writeToken(shareId: string, token: string | null): void {
  if (token === null) memoryTokens.delete(shareId);
  else memoryTokens.set(shareId, token);
  try {
    if (token === null) globalThis.sessionStorage?.removeItem(tokenKey(shareId));
    else globalThis.sessionStorage?.setItem(tokenKey(shareId), token);
  } catch {
    // Kept in memory only: the link unlocks again on the next page load.
  }
}

/**
 * The read-only view of a shared chat (S7, S8, B4, B6–B8, B12, R5): title, date, and the messages as sanitised
 * markdown in a virtualised list, and the chat's system prompt (when the owner shared it, B15) in a collapsed
 * "System prompt" section sanitised like the messages. Give it `api` + `share-id` to load a share (permissions are
 * core's), or set `view` directly. A password-protected link (B13) shows a "Password" form; "Unlock" exchanges the
 * password for a token kept in `sessionStorage` under `chatshare:unlock:<share id>`, so the link unlocks once per
 * browser session.
 *
 * @summary Read-only viewer for a shared chat snapshot.
 *
 * @event login-required - The viewer must sign in (S7). Cancelable; unless cancelled the element navigates to `login-url?redirect=…`. `detail: { returnUrl }`.
 * @event chatshare-clone - "Clone chat" produced a new chat for the host to save (B6). `detail: { chat }`.
 * @event chatshare-error - A call failed. `detail: { action, code, message }`.
 *
 * @csspart base - The whole view.
 * @csspart header - Title, date and toolbar.
 * @csspart title - The heading with the chat title.
 * @csspart date - The shared/updated date line.
 * @csspart toolbar - Download and clone buttons.
 * @csspart messages - The (virtualised) message list.
 * @csspart message - One message.
 * @csspart message-body - A message's rendered markdown.
 * @csspart versions - The "Previous version / 2 / 3 / Next version" control.
 * @csspart notice - The "no longer valid", sign-in, password and error notices.
 * @csspart password-form - The "Password" / "Unlock" form of a protected link (B13).
 * @csspart password-error - "That password is not right." and the too-many-tries message (B13).
 * @csspart system-prompt - The collapsed "System prompt" section (B15).
 * @csspart system-prompt-body - The system prompt's rendered markdown.
 *
 * @cssproperty --chatshare-color-text - Text colour.
 * @cssproperty --chatshare-color-background - Background.
 * @cssproperty --chatshare-color-surface - Buttons and code background.
 * @cssproperty --chatshare-color-muted - Secondary text.
 * @cssproperty --chatshare-color-border - Separators.
 * @cssproperty --chatshare-color-accent - Links and focus rings.
 * @cssproperty --chatshare-color-code-background - Code block background.
 * @cssproperty --chatshare-color-code-text - Code block text.
 * @cssproperty --chatshare-radius - Corner radius.
 * @cssproperty --chatshare-font-family - Font.
 * @cssproperty --chatshare-font-family-mono - Code font.
 */
export class SharedChatViewer extends LitElement {
  static override styles = [themeStyles, viewerStyles];

  static override properties = {
    api: { attribute: false },
    shareId: { attribute: 'share-id' },
    view: { attribute: false },
    loginUrl: { attribute: 'login-url' },
    tts: { type: Boolean },
    lang: { reflect: true },
    navigate: { attribute: false },
    _phase: { state: true },
    _current: { state: true },
    _choices: { state: true },
    _settingsTts: { state: true },
    _notice: { state: true },
    _passwordError: { state: true },
  };

  /** The share service for the viewer (anonymous: `forActor(null)`), or the HTTP client. */
  declare api: ShareApi | undefined;
  /** The id of the share to load through `api`. */
  declare shareId: string | undefined;
  /** A view to show directly, without loading. */
  declare view: SharedChatView | undefined;
  /** The host's sign-in page; the element appends `?redirect=<this page>` (S7). */
  declare loginUrl: string | undefined;
  /** Offer "Read aloud" (S8); also on when the instance settings say so. */
  declare tts: boolean;
  /** `en` or `es` (B10). */
  declare lang: Lang;
  /** How to go to the sign-in page; default `location.assign`. A single-page host may pass its router. */
  declare navigate: (url: string) => void;

  declare private _phase: Phase;
  declare private _current: SharedChatView | null;
  declare private _choices: ReadonlyMap<string, string>;
  declare private _settingsTts: boolean;
  declare private _notice: string;
  /** Why the last "Unlock" failed (B13), shown under the field. */
  declare private _passwordError: string;

  readonly #api = new ShareApiController(this, () => this.api);
  #rows: PathRow[] = [];
  #bodies = new Map<string, HTMLElement>();
  #loadToken = 0;
  /** The virtualiser's rendered range, and the pending idle work that renders the markdown just outside it. */
  #range = { first: 0, last: -1 };
  #idle: IdleHandle | null = null;
  /** The system prompt's sanitised body, made once per view and language like a message's. */
  #systemBody: HTMLElement | null = null;
  /** An "Unlock" in flight (B13). */
  #unlocking = false;

  constructor() {
    super();
    this.tts = false;
    this.lang = 'en';
    this.navigate = (url) => globalThis.location.assign(url);
    this._phase = 'idle';
    this._current = null;
    this._choices = new Map();
    this._settingsTts = false;
    this._notice = '';
    this._passwordError = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#idle?.cancel();
    this.#idle = null;
  }

  get #lang(): Lang {
    return normaliseLang(this.lang);
  }

  #t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.#lang, key, params);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('view') && this.view) {
      // The host's view wins: a readShare still in flight must not replace it when it answers.
      this.#loadToken++;
      this.#show(this.view);
    }
    else if ((changed.has('api') || changed.has('shareId')) && this.api && this.shareId && !this.view) void this.#load();
    if (changed.has('api') && this.api) void this.#loadSettings();
    if (changed.has('lang')) {
      this.#bodies.clear();
      this.#systemBody = null;
    }
    if (this._current && (changed.has('_current') || changed.has('_choices'))) {
      try {
        this.#rows = visiblePath(this._current.snapshot, this._choices);
      } catch {
        this.#rows = [];
        this._phase = 'error';
      }
    }
  }

  #show(view: SharedChatView): void {
    this.#bodies.clear();
    this.#systemBody = null;
    this._choices = new Map();
    this._current = view;
    this._phase = 'ready';
  }

  async #loadSettings(): Promise<void> {
    const result = await this.#api.run('getSettings', (api) => api.getSettings(), { quiet: ['AUTH_REQUIRED', 'FORBIDDEN', 'NETWORK_ERROR'] });
    if (result.ok) this._settingsTts = result.value.textToSpeech;
  }

  /** Reads the share; right after "Unlock" the form stays up (its button disabled) until the answer. */
  async #load(afterUnlock = false): Promise<void> {
    const token = ++this.#loadToken;
    const shareId = this.shareId!;
    const unlockToken = readToken(shareId);
    if (!afterUnlock) this._phase = 'loading';
    const result = await this.#api.run('readShare', (api) => (unlockToken ? api.readShare(shareId, { unlockToken }) : api.readShare(shareId)), {
      quiet: ['SHARE_NOT_FOUND', 'AUTH_REQUIRED', 'PASSWORD_REQUIRED'],
    });
    if (token !== this.#loadToken) return;
    if (result.ok) {
      this._passwordError = '';
      this.#show(result.value);
      return;
    }
    this._current = null;
    if (result.error.code === 'PASSWORD_REQUIRED') {
      // B13: a token that no longer works (expired, or the password changed) is dropped; the form asks again.
      if (unlockToken !== null) writeToken(shareId, null);
      this._phase = 'password';
      if (unlockToken !== null || afterUnlock) await this.#focusPassword();
    } else if (result.error.code === 'SHARE_NOT_FOUND') this._phase = 'not-found';
    else if (result.error.code === 'AUTH_REQUIRED') {
      this._phase = 'auth-required';
      this.#requireLogin();
    } else this._phase = 'error';
  }

  async #focusPassword(): Promise<void> {
    await this.updateComplete;
    const field = this.renderRoot.querySelector<HTMLInputElement>('#password');
    field?.focus();
    field?.select();
  }

  /** B13: trades the password for an unlock token, keeps the token for this session, and reads the share with it. */
  async #unlock(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const shareId = this.shareId;
    const field = this.renderRoot.querySelector<HTMLInputElement>('#password');
    // Enter pressed again while a guess is out would spend another of the link's limited guesses.
    if (!shareId || !field || this.#unlocking) return;
    const password = field.value;
    if (password === '') {
      this._passwordError = this.#t('passwordEmpty');
      await this.#focusPassword();
      return;
    }
    this.#unlocking = true;
    const result = await this.#api
      .run('unlockShare', (api) => api.unlockShare(shareId, password), { quiet: ['PASSWORD_INCORRECT', 'RATE_LIMITED'] })
      .finally(() => (this.#unlocking = false));
    if (shareId !== this.shareId) return;
    if (!result.ok) {
      const { code, message, retryAfterSeconds } = result.error;
      if (code === 'PASSWORD_INCORRECT') this._passwordError = this.#t('passwordWrong');
      else if (code === 'RATE_LIMITED') this._passwordError = this.#t('tooManyTries', { seconds: Math.max(1, Math.ceil(retryAfterSeconds ?? 1)) });
      else if (code === 'SHARE_NOT_FOUND') {
        this._phase = 'not-found';
        return;
      } else this._passwordError = this.#t('errorPrefix', { message });
      await this.#focusPassword();
      return;
    }
    this._passwordError = '';
    field.value = '';
    writeToken(shareId, result.value.token);
    await this.#load(true);
  }

  /** S7: a cancellable event first; then the host's sign-in page with a way back here. */
  #requireLogin(): void {
    const returnUrl = globalThis.location?.href ?? '';
    const proceed = emit(this, 'login-required', { returnUrl }, { cancelable: true });
    if (!proceed || !this.loginUrl) return;
    const login = safeUrl(this.loginUrl, globalThis.location?.href);
    if (login === null) return;
    this.navigate(`${login}${login.includes('?') ? '&' : '?'}redirect=${encodeURIComponent(returnUrl)}`);
  }

  get #ttsAvailable(): boolean {
    return (this.tts || this._settingsTts) && typeof globalThis.speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined';
  }

  #body(message: SnapshotMessage): HTMLElement {
    let body = this.#bodies.get(message.id);
    if (!body) {
      // Rendered lazily, only for messages the virtualiser shows, then cached (B12).
      body = renderMarkdown(message.content, { copyCode: this.#t('copyCode'), codeCopied: this.#t('codeCopied'), loadImage: this.#t('loadImage') });
      this.#bodies.set(message.id, body);
    }
    return body;
  }

  /**
   * After each range change, the markdown of the next few messages (in idle time, a message at a time, while the
   * frame has time left) so a row that scrolls in finds its body cached instead of parsing and sanitising it in the
   * scroll's frame (B12). The nodes are the same sanitised ones `#body` would make; only the moment changes.
   */
  #onRangeChanged = (event: Event): void => {
    const { first, last } = event as Event & { first: number; last: number };
    this.#range = { first, last };
    this.#idle ??= whenIdle(this.#renderAhead);
  };

  #renderAhead = (deadline: { timeRemaining(): number }): void => {
    this.#idle = null;
    if (this._phase !== 'ready') return;
    const { first, last } = this.#range;
    for (let i = 1; i <= AHEAD + BEHIND; i++) {
      const row = this.#rows[i <= AHEAD ? last + i : first - (i - AHEAD)];
      if (!row || this.#bodies.has(row.message.id)) continue;
      // One message takes about a millisecond; stop while there is clearly time left and continue next idle period.
      if (deadline.timeRemaining() < 4) {
        this.#idle = whenIdle(this.#renderAhead);
        return;
      }
      this.#body(row.message);
    }
  };

  #choose(row: PathRow, delta: number): void {
    const next = row.siblings[row.index + delta];
    if (next === undefined) return;
    const choices = new Map(this._choices);
    choices.set(row.message.parentId ?? '', next);
    this._choices = choices;
  }

  #readAloud(message: SnapshotMessage): void {
    const text = (this.#body(message).textContent ?? message.content).trim();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = this.#lang;
    speechSynthesis.cancel();
    speechSynthesis.speak(utterance);
  }

  async #clone(): Promise<void> {
    const view = this._current;
    if (!view) return;
    // B13: a protected link clones with the same per-session token its read used; without it core asks again.
    const unlockToken = readToken(view.id);
    const result = await this.#api.run('cloneShare', (api) => (unlockToken ? api.cloneShare(view.id, { unlockToken }) : api.cloneShare(view.id)), {
      quiet: ['PASSWORD_REQUIRED'],
    });
    if (result.ok) {
      this._notice = this.#t('cloned');
      emit(this, 'chatshare-clone', { chat: result.value });
    } else if (result.error.code === 'PASSWORD_REQUIRED') {
      // The token expired or the owner changed the password since the read: drop it and ask again, as a read would.
      if (unlockToken !== null) writeToken(view.id, null);
      // Only while this view is still the one shown (the host may have set another meanwhile).
      if (view !== this._current) return;
      if (this.shareId === view.id) {
        this.#loadToken++;
        this._current = null;
        this._notice = '';
        this._phase = 'password';
        await this.#focusPassword();
      } else {
        // A view the host set directly has no share id to unlock and reload with; say what is needed instead.
        this._notice = this.#t('passwordNeeded');
      }
    } else {
      this._notice = this.#t('errorPrefix', { message: result.error.message });
    }
  }

  #download(kind: 'md' | 'json'): void {
    const view = this._current;
    if (!view) return;
    const text = kind === 'md' ? snapshotToMarkdown(view.snapshot) : snapshotToJson(view.snapshot);
    const blob = new Blob([text], { type: kind === 'md' ? 'text/markdown;charset=utf-8' : 'application/json' });
    triggerDownload(blob, downloadName(view.title, 'chat', kind), this.renderRoot);
  }

  #roleLabel(role: string): string {
    if (role === 'user') return this.#t('you');
    if (role === 'assistant') return this.#t('assistant');
    if (role === 'system') return this.#t('system');
    return role;
  }

  #renderRow = (row: PathRow) => {
    const m = row.message;
    const total = row.siblings.length;
    return html`
      <div class="message" part="message" role="listitem" data-role=${m.role}>
        <div class="meta">
          <span class="role">${this.#roleLabel(m.role)}</span>
          ${m.role === 'assistant' && m.modelName ? html`<span part="model">${m.modelName}</span>` : nothing}
          ${total > 1
            ? html`<span class="versions" part="versions">
                <button aria-label=${this.#t('previousVersion')} ?disabled=${row.index === 0} @click=${() => this.#choose(row, -1)}>‹</button>
                <span>${this.#t('versionPosition', { n: row.index + 1, total })}</span>
                <button aria-label=${this.#t('nextVersion')} ?disabled=${row.index === total - 1} @click=${() => this.#choose(row, 1)}>›</button>
              </span>`
            : nothing}
        </div>
        <div class="body" part="message-body">${this.#body(m)}</div>
        ${this.#ttsAvailable
          ? html`<div class="message-actions"><button @click=${() => this.#readAloud(m)}>${this.#t('readAloud')}</button></div>`
          : nothing}
      </div>
    `;
  };

  /** B15: the system prompt, sanitised by the same markdown path as every message (R5). */
  #renderSystemPrompt(view: SharedChatView) {
    const prompt = view.snapshot.systemPrompt;
    if (typeof prompt !== 'string' || prompt.trim() === '') return nothing;
    this.#systemBody ??= renderMarkdown(prompt, { copyCode: this.#t('copyCode'), codeCopied: this.#t('codeCopied'), loadImage: this.#t('loadImage') });
    return html`<details class="system-prompt" part="system-prompt">
      <summary>${this.#t('systemPrompt')}</summary>
      <div class="body" part="system-prompt-body">${this.#systemBody}</div>
    </details>`;
  }

  #renderPasswordForm(lang: Lang) {
    const error = this._passwordError;
    return html`<section class="unlock" lang=${lang} aria-labelledby="unlock-notice">
      <p id="unlock-notice" class="notice" part="notice">${this.#t('passwordNeeded')}</p>
      <form part="password-form" novalidate @submit=${this.#unlock}>
        <label for="password">${this.#t('password')}</label>
        <input
          id="password"
          type="password"
          autocomplete="current-password"
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby="password-error"
        />
        <button type="submit" ?disabled=${this.#api.loading}>${this.#t('unlock')}</button>
      </form>
      <p id="password-error" class="error" part="password-error" role="alert">${error}</p>
    </section>`;
  }

  #renderDate(view: SharedChatView) {
    const shared = html`<time datetime=${new Date(view.createdAt).toISOString()}>${formatDate(this.#lang, view.createdAt)}</time>`;
    const snapshot = view.snapshot;
    return html`<p class="date" part="date">
      ${this.#t('sharedOn', { date: '' }).trim()} ${shared}${snapshot.version > 1
        ? html` · ${this.#t('updatedOn', { date: '' }).trim()}
            <time datetime=${new Date(snapshot.createdAt).toISOString()}>${formatDate(this.#lang, snapshot.createdAt)}</time>`
        : nothing}
    </p>`;
  }

  protected override render() {
    const lang = this.#lang;
    switch (this._phase) {
      case 'idle':
        return nothing;
      case 'loading':
        return html`<p class="muted" role="status" lang=${lang}>${this.#t('loading')}</p>`;
      case 'not-found':
        return html`<p class="notice" part="notice" role="alert" lang=${lang}>${this.#t('notValid')}</p>`;
      case 'auth-required':
        return html`<p class="notice" part="notice" role="alert" lang=${lang}>${this.#t('signInNeeded')}</p>`;
      case 'password':
        return this.#renderPasswordForm(lang);
      case 'error':
        return html`<p class="notice error" part="notice" role="alert" lang=${lang}>
          ${this.#t('errorPrefix', { message: this.#api.error?.message ?? this.#t('notValid') })}
        </p>`;
      case 'ready':
        break;
    }
    const view = this._current!;
    return html`
      <article part="base" lang=${lang} aria-labelledby="title">
        <header part="header">
          <h1 id="title" part="title">${view.title}</h1>
          ${this.#renderDate(view)}
          <div class="toolbar" part="toolbar">
            <button @click=${() => this.#download('md')}>${this.#t('downloadMarkdown')}</button>
            <button @click=${() => this.#download('json')}>${this.#t('downloadJson')}</button>
            ${view.canClone && this.api ? html`<button ?disabled=${this.#api.loading} @click=${this.#clone}>${this.#t('cloneChat')}</button>` : nothing}
          </div>
          <p role="status" class="muted">${this._notice}</p>
          ${this.#renderSystemPrompt(view)}
        </header>
        <div class="messages" part="messages" role="list" aria-label=${this.#t('messages')} @rangeChanged=${this.#onRangeChanged}>
          ${virtualize({ layout: FLOW, items: this.#rows, renderItem: this.#renderRow, keyFunction: (row: PathRow) => row.message.id })}
        </div>
      </article>
    `;
  }
}
