import type { SnapshotMessage } from '@chatshare/core';
import { renderMarkdown } from './markdown.js';

type IdleHandle = { cancel(): void };
type Deadline = { timeRemaining(): number };

/** How many messages past the rendered range (and before it) get their markdown rendered in idle time. */
const AHEAD = 3;
const BEHIND = 1;

/** `requestIdleCallback` where there is one (Safari has none: a short timeout with a fixed budget instead). */
function whenIdle(work: (deadline: Deadline) => void): IdleHandle {
  if (typeof globalThis.requestIdleCallback === 'function') {
    const id = globalThis.requestIdleCallback(work, { timeout: 1000 });
    return { cancel: () => globalThis.cancelIdleCallback(id) };
  }
  const start = performance.now();
  const id = setTimeout(() => work({ timeRemaining: () => Math.max(0, 8 - (performance.now() - start)) }), 16);
  return { cancel: () => clearTimeout(id) };
}

/** The words inside rendered markdown (the code-copy button, the click-to-load image), in the viewer's language. */
export interface MarkdownLabels {
  readonly copyCode: string;
  readonly codeCopied: string;
  readonly loadImage: string;
}

/**
 * The sanitised bodies of a long chat's messages, made lazily (only for messages the virtualiser shows) and cached,
 * so a 10,000-message chat stays smooth. After each range change the next few messages are rendered in idle time, a
 * message at a time while the frame has time left, so a row that scrolls in finds its body ready instead of parsing
 * and sanitising it in the scroll's frame. The nodes are the same either way; only the moment changes.
 */
export class MessageBodies {
  readonly #labels: () => MarkdownLabels;
  readonly #messages: () => ReadonlyArray<{ message: SnapshotMessage }>;
  #bodies = new Map<string, HTMLElement>();
  #range = { first: 0, last: -1 };
  #idle: IdleHandle | null = null;

  constructor(labels: () => MarkdownLabels, messages: () => ReadonlyArray<{ message: SnapshotMessage }>) {
    this.#labels = labels;
    this.#messages = messages;
  }

  /** A message's body, made once (until `clear`, e.g. when the view or the language changes). */
  body(message: SnapshotMessage): HTMLElement {
    let body = this.#bodies.get(message.id);
    if (!body) {
      body = renderMarkdown(message.content, this.#labels());
      this.#bodies.set(message.id, body);
    }
    return body;
  }

  /** Any markdown (the system prompt) through the same sanitising path as a message, without caching. */
  render(markdown: string): HTMLElement {
    return renderMarkdown(markdown, this.#labels());
  }

  clear(): void {
    this.#bodies.clear();
  }

  /** The virtualiser rendered another range: prepare the bodies just outside it when the browser is idle. */
  rangeChanged(first: number, last: number): void {
    this.#range = { first, last };
    this.#idle ??= whenIdle(this.#renderAhead);
  }

  stop(): void {
    this.#idle?.cancel();
    this.#idle = null;
  }

  #renderAhead = (deadline: Deadline): void => {
    this.#idle = null;
    const rows = this.#messages();
    const { first, last } = this.#range;
    for (let i = 1; i <= AHEAD + BEHIND; i++) {
      const row = rows[i <= AHEAD ? last + i : first - (i - AHEAD)];
      if (!row || this.#bodies.has(row.message.id)) continue;
      // One message takes about a millisecond; stop while there is clearly time left and continue next idle period.
      if (deadline.timeRemaining() < 4) {
        this.#idle = whenIdle(this.#renderAhead);
        return;
      }
      this.body(row.message);
    }
  };
}
