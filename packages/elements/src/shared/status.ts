import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type StatusKind = 'info' | 'success' | 'error';

/**
 * The one status line of an element ("Link copied", "The link was deleted.", errors): what it says and whether it is
 * an error. Each element renders it in its own `status` part; the parts and calls only set it.
 */
export class StatusLine implements ReactiveController {
  text = '';
  kind: StatusKind = 'info';

  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  show(kind: StatusKind, text: string): void {
    this.kind = kind;
    this.text = text;
    this.#host.requestUpdate();
  }

  clear(): void {
    this.show('info', '');
  }
}
