import { LitElement, type PropertyDeclarations, type PropertyValues, type ReactiveController } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { ShareApi } from '@chatshare/core';
import { ApiCallController, type ApiCallHost } from './api-call.js';
import { shareApiContext } from './api-context.js';
import { emit } from './events.js';
import type { ChatshareErrorDetail } from './errors.js';
import { normaliseLang, translate, type Lang, type MessageKey } from './i18n.js';
import { StatusLine } from './status.js';

/**
 * What the three chatshare elements share: the language and its messages, the share service (their own `api`
 * property, else one provided by an ancestor through `shareApiContext`), the status line, and the one place a
 * failure becomes a `chatshare-error` event. The parts (link options, password field, copy link, QR downloads…) take
 * the element as their host.
 */
export class ChatshareElement extends LitElement implements ApiCallHost {
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    lang: { reflect: true },
  };

  /**
   * The share service for the user at the keyboard: `createShareService(...).forActor(user)` (`forActor(null)` for an
   * anonymous viewer) or the HTTP client. When unset, the one an ancestor provides through `shareApiContext` is used.
   */
  declare api: ShareApi | undefined;
  /** `en` or `es`. */
  declare lang: Lang;

  // First: the controllers below register through `addController`, which records the calls here.
  readonly #calls: ApiCallController<never, unknown>[] = [];

  /**
   * The status line ("Link copied", errors).
   * @internal
   */
  readonly status = new StatusLine(this);

  readonly #provided = new ContextConsumer(this, { context: shareApiContext, subscribe: true });
  #lastApi: ShareApi | undefined = undefined;
  #apiChanged = false;

  constructor() {
    super();
    this.lang = 'en';
  }

  /**
   * The service in use: the `api` property, else the provided one.
   * @internal
   */
  get shareApi(): ShareApi | undefined {
    return this.api ?? this.#provided.value;
  }

  /**
   * The language the element speaks, from `lang`.
   * @internal
   */
  get language(): Lang {
    return normaliseLang(this.lang);
  }

  /**
   * A message in the element's language, with `{name}` placeholders filled.
   * @internal
   */
  t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.language, key, params);
  }

  /**
   * Whether a call (other than a background one) is in flight: buttons that start another wait for it.
   * @internal
   */
  get busy(): boolean {
    return this.#calls.some((call) => call.pending && !call.background);
  }

  /** @internal */
  override addController(controller: ReactiveController): void {
    super.addController(controller);
    if (controller instanceof ApiCallController) this.#calls.push(controller as ApiCallController<never, unknown>);
  }

  /**
   * Dispatches `chatshare-error`: for failed calls and for browser-side failures (clipboard, pop-up, timeout) alike.
   * @internal
   */
  reportError(detail: ChatshareErrorDetail): void {
    emit(this, 'chatshare-error', detail);
  }

  /**
   * Says "Something went wrong: …" in the status line.
   * @internal
   */
  showError(detail: ChatshareErrorDetail): void {
    this.status.show('error', this.t('errorPrefix', { message: detail.message }));
  }

  /** Whether the service in use changed in this update (set, replaced, or provided). */
  protected get apiChanged(): boolean {
    return this.#apiChanged;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const api = this.shareApi;
    this.#apiChanged = api !== this.#lastApi;
    this.#lastApi = api;
  }

  /**
   * Focuses (and selects, for a text field) what `selector` finds once the current render is done.
   * @internal
   */
  async focusAfterUpdate(selector: string, select = false): Promise<void> {
    await this.updateComplete;
    const target = this.renderRoot.querySelector<HTMLElement>(selector);
    target?.focus();
    if (select && target instanceof HTMLInputElement) target.select();
  }
}
