import { html, nothing, type PropertyValues } from 'lit';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { type ReadShareOptions, type SharedChatView, type SnapshotMessage } from '@chatshare/core';
import { ApiCallController } from '../shared/api-call.js';
import { ChatshareElement } from '../shared/chatshare-element.js';
import { emit } from '../shared/events.js';
import { themeStyles } from '../shared/theme.styles.js';
import { visiblePath, type PathRow } from './branch-path.js';
import { ChatFlowLayout } from './chat-flow-layout.js';
import { MessageBodies } from './message-bodies.js';
import { viewerStyles } from './shared-chat-viewer.styles.js';
import { UnlockFormController } from './unlock-form.js';
import { forgetUnlockToken, readUnlockToken } from './unlock-tokens.js';
import { downloadSnapshot, renderMessage, renderSharedDate, renderSystemPrompt, requireLogin } from './view-parts.js';

// Given up front so the virtualiser does not load its default layout with a dynamic import; the flow layout with a
// per-message size estimate, so rows scrolling in do not move their neighbours once measured.
const FLOW = { type: ChatFlowLayout };

type Phase = 'idle' | 'loading' | 'ready' | 'not-found' | 'auth-required' | 'password' | 'error';

/** A protected link reads (and clones) with the per-session token its "Unlock" got; without one core asks again. */
function withToken(unlockToken: string | null): ReadShareOptions | undefined {
  return unlockToken ? { unlockToken } : undefined;
}

/**
 * The read-only view of a shared chat: title, date, and the messages as sanitised
 * markdown in a virtualised list, and the chat's system prompt (when the owner shared it) in a collapsed
 * "System prompt" section sanitised like the messages. Give it `api` + `share-id` to load a share (permissions are
 * core's), or set `view` directly. A password-protected link shows a "Password" form; "Unlock" exchanges the
 * password for a token kept in `sessionStorage` under `chatshare:unlock:<share id>`, so the link unlocks once per
 * browser session.
 *
 * @summary Read-only viewer for a shared chat snapshot.
 *
 * @event login-required - The viewer must sign in. Cancelable; unless cancelled the element navigates to `login-url?redirect=…`. `detail: { returnUrl }`.
 * @event chatshare-clone - "Clone chat" produced a new chat for the host to save. `detail: { chat }`.
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
 * @csspart password-form - The "Password" / "Unlock" form of a protected link.
 * @csspart password-error - "That password is not right." and the too-many-tries message.
 * @csspart system-prompt - The collapsed "System prompt" section.
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
export class SharedChatViewer extends ChatshareElement {
  static override styles = [themeStyles, viewerStyles];

  static override properties = {
    shareId: { attribute: 'share-id' },
    view: { attribute: false },
    loginUrl: { attribute: 'login-url' },
    tts: { type: Boolean },
    navigate: { attribute: false },
    _phase: { state: true },
    _current: { state: true },
    _choices: { state: true },
  };

  /** The id of the share to load through `api`. */
  declare shareId: string | undefined;
  /** A view to show directly, without loading. */
  declare view: SharedChatView | undefined;
  /** The host's sign-in page; the element appends `?redirect=<this page>`. */
  declare loginUrl: string | undefined;
  /** Offer "Read aloud"; also on when the instance settings say so. */
  declare tts: boolean;
  /** How to go to the sign-in page; default `location.assign`. A single-page host may pass its router. */
  declare navigate: (url: string) => void;

  declare private _phase: Phase;
  declare private _current: SharedChatView | null;
  declare private _choices: ReadonlyMap<string, string>;

  readonly #readCall = new ApiCallController(this, {
    action: 'readShare',
    quiet: ['SHARE_NOT_FOUND', 'AUTH_REQUIRED', 'PASSWORD_REQUIRED'],
    showError: false,
    call: (api, id: string, options: ReadShareOptions | undefined) => (options ? api.readShare(id, options) : api.readShare(id)),
  });
  readonly #settingsCall = new ApiCallController(this, {
    action: 'getSettings',
    quiet: ['AUTH_REQUIRED', 'FORBIDDEN', 'NETWORK_ERROR'],
    showError: false,
    call: (api) => api.getSettings(),
  });
  readonly #cloneCall = new ApiCallController(this, {
    action: 'cloneShare',
    quiet: ['PASSWORD_REQUIRED'],
    call: (api, id: string, options: ReadShareOptions | undefined) => (options ? api.cloneShare(id, options) : api.cloneShare(id)),
  });
  readonly #unlockForm = new UnlockFormController(this, {
    shareId: () => this.shareId,
    unlocked: () => this.#load(true),
    notFound: () => (this._phase = 'not-found'),
  });
  #rows: PathRow[] = [];
  readonly #bodies = new MessageBodies(
    () => ({ copyCode: this.t('copyCode'), codeCopied: this.t('codeCopied'), loadImage: this.t('loadImage') }),
    () => (this._phase === 'ready' ? this.#rows : []),
  );
  /** The system prompt's sanitised body, made once per view and language like a message's. */
  #systemBody: HTMLElement | null = null;
  #loadToken = 0;

  constructor() {
    super();
    this.tts = false;
    this.navigate = (url) => globalThis.location.assign(url);
    this._phase = 'idle';
    this._current = null;
    this._choices = new Map();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#bodies.stop();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('view') && this.view) {
      // The host's view wins: a readShare still in flight must not replace it when it answers.
      this.#loadToken++;
      this.#show(this.view);
    } else if ((this.apiChanged || changed.has('shareId')) && this.shareApi && this.shareId && !this.view) void this.#load();
    if (this.apiChanged && this.shareApi) void this.#settingsCall.run();
    if (changed.has('lang')) this.#clearBodies();
    if (this._current && (changed.has('_current') || changed.has('_choices'))) {
      try {
        this.#rows = visiblePath(this._current.snapshot, this._choices);
      } catch {
        this.#rows = [];
        this._phase = 'error';
      }
    }
  }

  #clearBodies(): void {
    this.#bodies.clear();
    this.#systemBody = null;
  }

  #show(view: SharedChatView): void {
    this.#clearBodies();
    this._choices = new Map();
    this._current = view;
    this._phase = 'ready';
  }

  /** Reads the share; right after "Unlock" the form stays up (its button disabled) until the answer. */
  async #load(afterUnlock = false): Promise<void> {
    const token = ++this.#loadToken;
    const shareId = this.shareId!;
    const unlockToken = readUnlockToken(shareId);
    if (!afterUnlock) this._phase = 'loading';
    const result = await this.#readCall.run(shareId, withToken(unlockToken));
    if (token !== this.#loadToken) return;
    if (result.ok) {
      this.#unlockForm.setError('');
      this.#show(result.value);
      return;
    }
    this._current = null;
    const code = result.error.code;
    if (code === 'PASSWORD_REQUIRED') {
      // A token that no longer works (expired, or the password changed) is dropped; the form asks again.
      if (unlockToken !== null) forgetUnlockToken(shareId);
      this._phase = 'password';
      if (unlockToken !== null || afterUnlock) await this.#unlockForm.focusField();
    } else if (code === 'SHARE_NOT_FOUND') this._phase = 'not-found';
    else if (code === 'AUTH_REQUIRED') {
      this._phase = 'auth-required';
      requireLogin(this, this.loginUrl, this.navigate);
    } else this._phase = 'error';
  }

  get #ttsAvailable(): boolean {
    const wanted = this.tts || this.#settingsCall.value?.textToSpeech === true;
    return wanted && typeof globalThis.speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined';
  }

  #choose(row: PathRow, delta: number): void {
    const next = row.siblings[row.index + delta];
    if (next === undefined) return;
    const choices = new Map(this._choices);
    choices.set(row.message.parentId ?? '', next);
    this._choices = choices;
  }

  #readAloud(message: SnapshotMessage): void {
    const text = (this.#bodies.body(message).textContent ?? message.content).trim();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = this.language;
    speechSynthesis.cancel();
    speechSynthesis.speak(utterance);
  }

  async #clone(): Promise<void> {
    const view = this._current;
    if (!view) return;
    const unlockToken = readUnlockToken(view.id);
    const result = await this.#cloneCall.run(view.id, withToken(unlockToken));
    if (result.ok) {
      this.status.show('success', this.t('cloned'));
      emit(this, 'chatshare-clone', { chat: result.value });
    } else if (result.error.code === 'PASSWORD_REQUIRED') {
      // The token expired or the owner changed the password since the read: drop it and ask again, as a read would.
      if (unlockToken !== null) forgetUnlockToken(view.id);
      // Only while this view is still the one shown (the host may have set another meanwhile).
      if (view !== this._current) return;
      if (this.shareId === view.id) {
        this.#loadToken++;
        this._current = null;
        this.status.clear();
        this._phase = 'password';
        await this.#unlockForm.focusField();
      } else {
        // A view the host set directly has no share id to unlock and reload with; say what is needed instead.
        this.status.show('info', this.t('passwordNeeded'));
      }
    }
  }

  #renderRow = (row: PathRow) =>
    renderMessage(this, row, {
      body: this.#bodies.body(row.message),
      readAloud: this.#ttsAvailable ? () => this.#readAloud(row.message) : null,
      choose: (delta) => this.#choose(row, delta),
    });

  #renderNotice(key: 'notValid' | 'signInNeeded') {
    return html`<p class="notice" part="notice" role="alert" lang=${this.language}>${this.t(key)}</p>`;
  }

  protected override render() {
    const lang = this.language;
    switch (this._phase) {
      case 'idle':
        return nothing;
      case 'loading':
        return html`<p class="muted" role="status" lang=${lang}>${this.t('loading')}</p>`;
      case 'not-found':
        return this.#renderNotice('notValid');
      case 'auth-required':
        return this.#renderNotice('signInNeeded');
      case 'password':
        return this.#unlockForm.render();
      case 'error':
        return html`<p class="notice error" part="notice" role="alert" lang=${lang}>
          ${this.t('errorPrefix', { message: this.#readCall.error?.message ?? this.t('notValid') })}
        </p>`;
      case 'ready':
        break;
    }
    const view = this._current!;
    const prompt = view.snapshot.systemPrompt;
    if (typeof prompt === 'string' && prompt.trim() !== '') this.#systemBody ??= this.#bodies.render(prompt);
    return html`
      <article part="base" lang=${lang} aria-labelledby="title">
        <header part="header">
          <h1 id="title" part="title">${view.title}</h1>
          ${renderSharedDate(this, view)}
          <div class="toolbar" part="toolbar">
            <button @click=${() => downloadSnapshot(this, view, 'md')}>${this.t('downloadMarkdown')}</button>
            <button @click=${() => downloadSnapshot(this, view, 'json')}>${this.t('downloadJson')}</button>
            ${view.canClone && this.shareApi ? html`<button ?disabled=${this.busy} @click=${this.#clone}>${this.t('cloneChat')}</button>` : nothing}
          </div>
          <p role="status" class="muted">${this.status.text}</p>
          ${renderSystemPrompt(this, this.#systemBody)}
        </header>
        <div class="messages" part="messages" role="list" aria-label=${this.t('messages')} @rangeChanged=${this.#onRangeChanged}>
          ${virtualize({ layout: FLOW, items: this.#rows, renderItem: this.#renderRow, keyFunction: (row: PathRow) => row.message.id })}
        </div>
      </article>
    `;
  }

  #onRangeChanged = (event: Event): void => {
    const { first, last } = event as Event & { first: number; last: number };
    this.#bodies.rangeChanged(first, last);
  };
}
