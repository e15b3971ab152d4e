import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ShareApi } from '@chatshare/core';
import { emit } from './events.js';
import { errorDetail, type ChatshareErrorDetail } from './errors.js';

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ChatshareErrorDetail };

/**
 * The one place the elements talk to a `ShareApi` (local service or HTTP client alike). It tracks loading and the
 * last error for rendering, turns anything thrown into a typed `chatshare-error` event, and never decides
 * permissions itself: core's answer is what the UI shows (R2).
 */
export class ShareApiController implements ReactiveController {
  /** How many calls are in flight. */
  pending = 0;
  /** The last failure, cleared when the next call starts. */
  error: ChatshareErrorDetail | null = null;

  readonly #host: ReactiveControllerHost & EventTarget;
  readonly #getApi: () => ShareApi | undefined;

  constructor(host: ReactiveControllerHost & EventTarget, getApi: () => ShareApi | undefined) {
    this.#host = host;
    this.#getApi = getApi;
    host.addController(this);
  }

  get loading(): boolean {
    return this.pending > 0;
  }

  hostConnected(): void {}

  /**
   * Runs one call. Failures resolve to `{ ok: false }` (and a `chatshare-error` event unless `quiet` codes match),
   * so a component can always leave its loading state: no endless spinner (T21).
   */
  async run<T>(action: string, call: (api: ShareApi) => Promise<T>, options: { quiet?: readonly string[] } = {}): Promise<ApiResult<T>> {
    const api = this.#getApi();
    this.error = null;
    this.pending++;
    this.#host.requestUpdate();
    try {
      if (!api) throw Object.assign(new Error('No share API was given to the element (set its `api` property).'), { code: 'UNEXPECTED' });
      return { ok: true, value: await call(api) };
    } catch (error) {
      const detail = errorDetail(action, error);
      this.error = detail;
      if (!options.quiet?.includes(detail.code)) emit(this.#host, 'chatshare-error', detail);
      return { ok: false, error: detail };
    } finally {
      this.pending--;
      this.#host.requestUpdate();
    }
  }

  /** Reports a browser-side failure (clipboard, pop-up, timeout) the same way as an API failure. */
  report(detail: ChatshareErrorDetail): void {
    this.error = detail;
    emit(this.#host, 'chatshare-error', detail);
    this.#host.requestUpdate();
  }
}
