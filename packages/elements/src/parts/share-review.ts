import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { stripToolOutput, type LeaveOutInput, type PreviewMessage, type ShareLeaveOut, type SharePreview } from '@chatshare/core';
import type { ApiResult } from '../shared/api-call.js';
import type { MessageKey } from '../shared/i18n.js';

/** The three content switches of the review; each is `true` in `ShareLeaveOut` when that content is left out. */
export type LeaveOutSwitch = 'systemPrompt' | 'toolOutput' | 'attachments';

const SWITCHES: ReadonlyArray<readonly [LeaveOutSwitch, keyof SharePreview, MessageKey]> = [
  ['systemPrompt', 'hasSystemPrompt', 'systemPrompt'],
  ['toolOutput', 'hasToolOutput', 'modalToolOutput'],
  ['attachments', 'hasAttachments', 'modalAttachments'],
];

const ROLE_KEYS: Readonly<Record<string, MessageKey>> = { user: 'you', assistant: 'assistant', system: 'system' };

/** How long toggles settle before the preview is asked again: one call for a burst of clicks. */
const REFRESH_DELAY_MS = 250;
const EXCERPT_CHARS = 140;

/** Equal choices (message ids compared as sets), so "Update and copy link" resends them only when they changed (one write, only what changed). */
export function sameLeaveOut(a: ShareLeaveOut, b: ShareLeaveOut): boolean {
  if (a.systemPrompt !== b.systemPrompt || a.toolOutput !== b.toolOutput || a.attachments !== b.attachments) return false;
  const ids = new Set(a.messageIds);
  return ids.size === new Set(b.messageIds).size && b.messageIds.every((id) => ids.has(id));
}

/** The choices as core's input takes them (a plain copy: the input type wants a mutable id list). */
export function leaveOutInput(leaveOut: ShareLeaveOut): LeaveOutInput {
  return { ...leaveOut, messageIds: [...leaveOut.messageIds] };
}

/** One line of a message for the review list: whitespace collapsed, cut at a code point. Rendered as text only. */
export function excerpt(content: string): string {
  const flat = content.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS - 1).join('')}…` : flat;
}

/**
 * The excerpt of a review row: tool-call markup (Open WebUI keeps results in `<details>` attributes) is never shown as
 * raw HTML: the switch and the meta line say whether tool output goes; the excerpt is the message's own words.
 */
function reviewExcerpt(m: PreviewMessage, t: (key: MessageKey) => string): string {
  const words = excerpt(m.hasToolOutput ? stripToolOutput(m.content) : m.content);
  return words === '' && m.hasToolOutput ? t('modalToolCallOnly') : words;
}

/**
 * "Review before publishing": the owner's leave-out choices and core's preview of what they publish. The preview
 * is fetched only while the section is open, refreshed after toggles settle, and an answer that arrives after a newer
 * request was made is dropped, so the list never shows choices the owner has since changed.
 */
export class ShareReviewController implements ReactiveController {
  /** The choices sent with `createShare` / `updateShare` (the stored ones for an existing link). */
  leaveOut: ShareLeaveOut;
  /** Core's answer for the current choices, or `null` before the first one. */
  preview: SharePreview | null = null;
  /** Why the last preview failed (already reported as `chatshare-error`), so the section never waits forever. */
  error: string | null = null;
  /** A refresh is scheduled or in flight: the preview may not match `leaveOut` yet. */
  stale = false;
  /** Whether the section is open (the preview is only asked for then). */
  active = false;

  readonly #host: ReactiveControllerHost;
  readonly #fetch: (leaveOut: ShareLeaveOut) => Promise<ApiResult<SharePreview>>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #token = 0;

  constructor(host: ReactiveControllerHost, initial: ShareLeaveOut, fetch: (leaveOut: ShareLeaveOut) => Promise<ApiResult<SharePreview>>) {
    this.#host = host;
    this.leaveOut = initial;
    this.#fetch = fetch;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#cancel();
  }

  /** New starting choices (a loaded, created or updated share); the preview follows if the section is open. */
  reset(leaveOut: ShareLeaveOut): void {
    this.leaveOut = { ...leaveOut, messageIds: [...leaveOut.messageIds] };
    this.refresh(true);
  }

  /** The section was opened or closed. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active) {
      this.refresh(true);
    } else {
      this.#cancel();
      this.#host.requestUpdate();
    }
  }

  /** Asks core again (after the toggles settle unless `now`); does nothing while the section is closed. */
  refresh(now = false): void {
    this.#cancel();
    if (!this.active) return;
    this.stale = true;
    this.#timer = setTimeout(() => void this.#run(), now ? 0 : REFRESH_DELAY_MS);
    this.#host.requestUpdate();
  }

  includeMessage(sourceId: string, included: boolean): void {
    const others = this.leaveOut.messageIds.filter((id) => id !== sourceId);
    this.leaveOut = { ...this.leaveOut, messageIds: included ? others : [...others, sourceId] };
    this.refresh();
  }

  shareContent(which: LeaveOutSwitch, shared: boolean): void {
    this.leaveOut = { ...this.leaveOut, [which]: !shared };
    this.refresh();
  }

  #cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#token++;
    this.stale = false;
  }

  async #run(): Promise<void> {
    const token = ++this.#token;
    const result = await this.#fetch(this.leaveOut);
    if (token !== this.#token) return;
    this.stale = false;
    // On failure the call controller already reported `chatshare-error`; the section shows the message, not a count.
    this.preview = result.ok ? result.value : null;
    this.error = result.ok ? null : result.error.message;
    this.#host.requestUpdate();
  }
}

/** The review section: a disclosure with the count, the content switches and one labelled checkbox per message. */
export function renderReview(review: ShareReviewController, t: (key: MessageKey, params?: Record<string, string | number>) => string) {
  const preview = review.preview;
  const leftOutIds = new Set(review.leaveOut.messageIds);
  const row = (m: PreviewMessage, i: number) => {
    const byId = leftOutIds.has(m.sourceId);
    // Left out by a switch (system prompt, tool output): the switch, not this box, brings it back.
    const bySwitch = m.leftOut && !byId;
    const role = ROLE_KEYS[m.role] ? t(ROLE_KEYS[m.role]!) : m.role;
    return html`<li>
      <input
        type="checkbox"
        id=${`review-${i}`}
        .checked=${!byId && !bySwitch}
        ?disabled=${bySwitch}
        @change=${(e: Event) => review.includeMessage(m.sourceId, (e.target as HTMLInputElement).checked)}
      />
      <label for=${`review-${i}`}>
        <span class="visually-hidden">${t('modalInclude')}:</span>
        <span class="review-meta"
          ><strong>${role}</strong>${m.model ? html` · ${m.model}` : nothing}${m.fileCount > 0
            ? html` · ${t(review.leaveOut.attachments ? 'modalFileCountLeftOut' : 'modalFileCount', { count: m.fileCount })}`
            : nothing}${m.hasToolOutput && !bySwitch ? html` · ${t(review.leaveOut.toolOutput ? 'modalToolOutputLeftOut' : 'modalToolOutputShared')}` : nothing}${bySwitch
            ? html` · ${t('modalLeftOutBySwitch')}`
            : nothing}</span
        >
        <span class="review-excerpt">${reviewExcerpt(m, t)}</span>
      </label>
    </li>`;
  };
  const switches = preview ? SWITCHES.filter(([, has]) => preview[has] === true) : [];
  return html`
    <details part="review" .open=${review.active} @toggle=${(e: Event) => review.setActive((e.target as HTMLDetailsElement).open)}>
      <summary>${t('modalReview')}</summary>
      ${review.active
        ? html`
            <p class="review-count" part="review-count" role="status" aria-live="polite" aria-busy=${review.stale ? 'true' : 'false'}>
              ${preview
                ? t('modalReviewCount', { count: Object.keys(preview.snapshot.messages).length, total: preview.messages.length })
                : review.error !== null && !review.stale
                  ? t('errorPrefix', { message: review.error })
                  : t('modalReviewLoading')}
            </p>
            ${switches.length > 0
              ? html`<fieldset part="review-switches">
                  <legend>${t('modalAlsoShare')}</legend>
                  ${switches.map(
                    ([which, , label]) => html`<label class="switch">
                      <input
                        type="checkbox"
                        role="switch"
                        .checked=${!review.leaveOut[which]}
                        @change=${(e: Event) => review.shareContent(which, (e.target as HTMLInputElement).checked)}
                      />
                      ${t(label)}
                    </label>`,
                  )}
                </fieldset>`
              : nothing}
            ${preview && preview.messages.length > 0
              ? html`<fieldset part="review-messages">
                  <legend>${t('modalMessages')}</legend>
                  <ul class="review-list">
                    ${preview.messages.map(row)}
                  </ul>
                </fieldset>`
              : nothing}
          `
        : nothing}
    </details>
  `;
}
