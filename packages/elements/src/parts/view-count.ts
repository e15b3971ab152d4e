import { html } from 'lit';
import type { ShareSummary } from '@chatshare/core';
import type { ChatshareElement } from '../shared/chatshare-element.js';
import { formatDate } from '../shared/i18n.js';

// Counts only, never who: core keeps how many times a link was opened and when last, nothing about the viewers.

type Views = Pick<ShareSummary, 'viewCount' | 'lastViewedAt'>;

/** The modal's line: "Opened N times · last <date>", "Opened once · …" or "Not opened yet" (`views` part). */
export function renderViewCount(host: ChatshareElement, share: Views) {
  const date = share.lastViewedAt === null ? '—' : formatDate(host.language, share.lastViewedAt);
  const text =
    share.viewCount === 0
      ? host.t('modalNotOpened')
      : host.t(share.viewCount === 1 ? 'modalViewsOne' : 'modalViews', { count: share.viewCount, date });
  return html`<p class="muted views" part="views">${text}</p>`;
}

/** The manager's "Views" and "Last opened" cells ("Never" until someone other than the owner opens it). */
export function renderViewCells(host: ChatshareElement, share: Views) {
  return html`<td class="views">${share.viewCount}</td>
    <td class="last-opened">${share.lastViewedAt === null ? host.t('never') : formatDate(host.language, share.lastViewedAt)}</td>`;
}

/** The matching column headers. */
export function renderViewHeaders(host: ChatshareElement) {
  return html`<th scope="col">${host.t('views')}</th>
    <th scope="col">${host.t('lastOpened')}</th>`;
}
