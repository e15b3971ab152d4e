import { html, nothing } from 'lit';
import { snapshotToJson, snapshotToMarkdown, type SharedChatView } from '@chatshare/core';
import type { ChatshareElement } from '../shared/chatshare-element.js';
import { downloadName, triggerDownload } from '../shared/download.js';
import { emit } from '../shared/events.js';
import { formatDate } from '../shared/i18n.js';
import { safeUrl } from '../shared/safe-url.js';
import type { PathRow } from './branch-path.js';

/** "User", "Assistant", "System"; any other role as it is (rendered as text). */
function roleLabel(host: ChatshareElement, role: string): string {
  if (role === 'user') return host.t('you');
  if (role === 'assistant') return host.t('assistant');
  if (role === 'system') return host.t('system');
  return role;
}

/**
 * One message of the list: role, model, the "Previous version / n / total / Next version" control where the chat
 * branched, the sanitised body, and "Read aloud" when offered (`readAloud` is `null` otherwise).
 */
export function renderMessage(
  host: ChatshareElement,
  row: PathRow,
  parts: { body: HTMLElement; readAloud: (() => void) | null; choose: (delta: number) => void },
) {
  const m = row.message;
  const total = row.siblings.length;
  return html`
    <div class="message" part="message" role="listitem" data-role=${m.role}>
      <div class="meta">
        <span class="role">${roleLabel(host, m.role)}</span>
        ${m.role === 'assistant' && m.modelName ? html`<span part="model">${m.modelName}</span>` : nothing}
        ${total > 1
          ? html`<span class="versions" part="versions">
              <button aria-label=${host.t('previousVersion')} ?disabled=${row.index === 0} @click=${() => parts.choose(-1)}>‹</button>
              <span>${host.t('versionPosition', { n: row.index + 1, total })}</span>
              <button aria-label=${host.t('nextVersion')} ?disabled=${row.index === total - 1} @click=${() => parts.choose(1)}>›</button>
            </span>`
          : nothing}
      </div>
      <div class="body" part="message-body">${parts.body}</div>
      ${parts.readAloud ? html`<div class="message-actions"><button @click=${parts.readAloud}>${host.t('readAloud')}</button></div>` : nothing}
    </div>
  `;
}

/** "Shared <date>", and "· updated <date>" once the link was re-snapshotted. */
export function renderSharedDate(host: ChatshareElement, view: SharedChatView) {
  const lang = host.language;
  const snapshot = view.snapshot;
  const shared = html`<time datetime=${new Date(view.createdAt).toISOString()}>${formatDate(lang, view.createdAt)}</time>`;
  return html`<p class="date" part="date">
    ${host.t('sharedOn', { date: '' }).trim()} ${shared}${snapshot.version > 1
      ? html` · ${host.t('updatedOn', { date: '' }).trim()}
          <time datetime=${new Date(snapshot.createdAt).toISOString()}>${formatDate(lang, snapshot.createdAt)}</time>`
      : nothing}
  </p>`;
}

/** The system prompt (when the owner shared it), collapsed, its body sanitised like every message's. */
export function renderSystemPrompt(host: ChatshareElement, body: HTMLElement | null) {
  if (body === null) return nothing;
  return html`<details class="system-prompt" part="system-prompt">
    <summary>${host.t('systemPrompt')}</summary>
    <div class="body" part="system-prompt-body">${body}</div>
  </details>`;
}

/** "Download Markdown" / "Download JSON": the snapshot as a file named after the chat. */
export function downloadSnapshot(host: ChatshareElement, view: SharedChatView, kind: 'md' | 'json'): void {
  const text = kind === 'md' ? snapshotToMarkdown(view.snapshot) : snapshotToJson(view.snapshot);
  const blob = new Blob([text], { type: kind === 'md' ? 'text/markdown;charset=utf-8' : 'application/json' });
  triggerDownload(blob, downloadName(view.title, 'chat', kind), host.renderRoot);
}

/** Sign-in needed: a cancellable `login-required` event first; then the host's sign-in page with a way back here. */
export function requireLogin(host: ChatshareElement, loginUrl: string | undefined, navigate: (url: string) => void): void {
  const returnUrl = globalThis.location?.href ?? '';
  const proceed = emit(host, 'login-required', { returnUrl }, { cancelable: true });
  if (!proceed || !loginUrl) return;
  const login = safeUrl(loginUrl, globalThis.location?.href);
  if (login === null) return;
  navigate(`${login}${login.includes('?') ? '&' : '?'}redirect=${encodeURIComponent(returnUrl)}`);
}
