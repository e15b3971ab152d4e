import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ShareApi } from '@chatshare/core';
import { errorDetail, type ChatshareErrorDetail } from './errors.js';

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ChatshareErrorDetail };

/** What an `ApiCallController` needs from its element: the service, and the one place failures are reported. */
export interface ApiCallHost extends ReactiveControllerHost {
  readonly shareApi: ShareApi | undefined;
  /** Dispatches the `chatshare-error` event. */
  reportError(detail: ChatshareErrorDetail): void;
  /** Says "Something went wrong: …" in the element's status line. */
  showError(detail: ChatshareErrorDetail): void;
}

export interface ApiCallOptions<A extends unknown[], T> {
  /** What the element is doing: the `action` of the `chatshare-error` event, e.g. `createShare`. */
  readonly action: string;
  readonly call: (api: ShareApi, ...args: A) => Promise<T>;
  /** Codes that are answers the element handles itself (e.g. a password being needed): no event, no status line. */
  readonly quiet?: readonly string[];
  /** Whether any other failure shows in the element's status line (default `true`). */
  readonly showError?: boolean;
  /** A call that runs beside the others without making the element busy (default `false`). */
  readonly background?: boolean;
}

/**
 * One kind of call to a `ShareApi` (local service or HTTP client alike) and its state: in flight, the last failure,
 * the last answer. Anything thrown becomes a typed `chatshare-error` event here, so a component never repeats the
 * error handling, and every call resolves, so a component can always leave its loading state (no endless spinner).
 * It never decides permissions itself: core's answer is what the UI shows.
 */
export class ApiCallController<A extends unknown[], T> implements ReactiveController {
  /** The last failure, cleared when the next call starts. */
  error: ChatshareErrorDetail | null = null;
  /** The last answer. */
  value: T | undefined = undefined;
  readonly background: boolean;

  readonly #host: ApiCallHost;
  readonly #options: ApiCallOptions<A, T>;
  #inFlight = 0;

  constructor(host: ApiCallHost, options: ApiCallOptions<A, T>) {
    this.#host = host;
    this.#options = options;
    this.background = options.background ?? false;
    host.addController(this);
  }

  /** Whether a call is in flight. */
  get pending(): boolean {
    return this.#inFlight > 0;
  }

  hostConnected(): void {}

  async run(...args: A): Promise<ApiResult<T>> {
    const api = this.#host.shareApi;
    this.error = null;
    this.#inFlight++;
    this.#host.requestUpdate();
    try {
      if (!api) throw Object.assign(new Error('No share API was given to the element (set its `api` property).'), { code: 'UNEXPECTED' });
      const value = await this.#options.call(api, ...args);
      this.value = value;
      return { ok: true, value };
    } catch (error) {
      const detail = errorDetail(this.#options.action, error);
      this.error = detail;
      if (!this.#options.quiet?.includes(detail.code)) {
        this.#host.reportError(detail);
        if (this.#options.showError ?? true) this.#host.showError(detail);
      }
      return { ok: false, error: detail };
    } finally {
      this.#inFlight--;
      this.#host.requestUpdate();
    }
  }
}
