import { html, type ReactiveController } from 'lit';
import type { ShareApi } from '@chatshare/core';
import { ApiCallController } from '../shared/api-call.js';
import type { ChatshareElement } from '../shared/chatshare-element.js';
import { keepUnlockToken } from './unlock-tokens.js';

/**
 * The "Password" form of a protected link: "Unlock" trades the password for an unlock token (kept for this browser
 * session), then the viewer reads the share with it. Wrong guesses and the rate limit are answers shown under the
 * field, with focus back in it; Enter pressed again while a guess is out is ignored, since each guess is counted.
 */
export class UnlockFormController implements ReactiveController {
  /** Why the last "Unlock" failed, shown under the field. */
  error = '';

  readonly #host: ChatshareElement;
  readonly #shareId: () => string | undefined;
  readonly #unlocked: () => Promise<void>;
  readonly #notFound: () => void;
  readonly #call: ApiCallController<[string, string], Awaited<ReturnType<ShareApi['unlockShare']>>>;

  constructor(host: ChatshareElement, events: { shareId: () => string | undefined; unlocked: () => Promise<void>; notFound: () => void }) {
    this.#host = host;
    this.#shareId = events.shareId;
    this.#unlocked = events.unlocked;
    this.#notFound = events.notFound;
    host.addController(this);
    this.#call = new ApiCallController(host, {
      action: 'unlockShare',
      quiet: ['PASSWORD_INCORRECT', 'RATE_LIMITED'],
      showError: false,
      call: (api, id: string, password: string) => api.unlockShare(id, password),
    });
  }

  hostConnected(): void {}

  setError(text: string): void {
    this.error = text;
    this.#host.requestUpdate();
  }

  focusField(): Promise<void> {
    return this.#host.focusAfterUpdate('#password', true);
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const host = this.#host;
    const shareId = this.#shareId();
    const field = host.renderRoot.querySelector<HTMLInputElement>('#password');
    if (!shareId || !field || this.#call.pending) return;
    const password = field.value;
    if (password === '') {
      this.setError(host.t('passwordEmpty'));
      await this.focusField();
      return;
    }
    const result = await this.#call.run(shareId, password);
    if (shareId !== this.#shareId()) return;
    if (!result.ok) {
      const { code, message, retryAfterSeconds } = result.error;
      if (code === 'SHARE_NOT_FOUND') return this.#notFound();
      if (code === 'PASSWORD_INCORRECT') this.setError(host.t('passwordWrong'));
      else if (code === 'RATE_LIMITED') this.setError(host.t('tooManyTries', { seconds: Math.max(1, Math.ceil(retryAfterSeconds ?? 1)) }));
      else this.setError(host.t('errorPrefix', { message }));
      await this.focusField();
      return;
    }
    this.setError('');
    field.value = '';
    keepUnlockToken(shareId, result.value.token);
    await this.#unlocked();
  }

  /** The notice, the form (`password-form` part) and the error under it (`password-error` part). */
  render() {
    const host = this.#host;
    return html`<section class="unlock" lang=${host.language} aria-labelledby="unlock-notice">
      <p id="unlock-notice" class="notice" part="notice">${host.t('passwordNeeded')}</p>
      <form part="password-form" novalidate @submit=${(e: SubmitEvent) => this.#submit(e)}>
        <label for="password">${host.t('password')}</label>
        <input id="password" type="password" autocomplete="current-password" aria-invalid=${this.error ? 'true' : 'false'} aria-describedby="password-error" />
        <button type="submit" ?disabled=${host.busy}>${host.t('unlock')}</button>
      </form>
      <p id="password-error" class="error" part="password-error" role="alert">${this.error}</p>
    </section>`;
  }
}
