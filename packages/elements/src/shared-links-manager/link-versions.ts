import { html, nothing, type ReactiveController } from 'lit';
import type { ShareSummary, ShareVersion } from '@chatshare/core';
import { leaveOutSummary, resharedItems } from '../parts/leave-out-summary.js';
import { ApiCallController } from '../shared/api-call.js';
import type { ChatshareElement } from '../shared/chatshare-element.js';
import { formatDate } from '../shared/i18n.js';
import type { ConfirmationController } from './confirmation.js';

/**
 * A link's history in the manager: "Versions" expands the list of its snapshots (current first), each saying what it
 * leaves out; "Roll back" (confirmed) makes an old one current again as a new version, with that version's choices.
 */
export class LinkVersionsController implements ReactiveController {
  /** The share whose versions are expanded, and its list once loaded. */
  shareId: string | null = null;
  versions: readonly ShareVersion[] | null = null;

  readonly #host: ChatshareElement;
  readonly #confirmation: ConfirmationController;
  readonly #rolledBack: (share: ShareSummary) => void;
  readonly #list: ApiCallController<[string], readonly ShareVersion[]>;
  readonly #rollback: ApiCallController<[string, number], ShareSummary>;

  constructor(host: ChatshareElement, confirmation: ConfirmationController, rolledBack: (share: ShareSummary) => void) {
    this.#host = host;
    this.#confirmation = confirmation;
    this.#rolledBack = rolledBack;
    host.addController(this);
    this.#list = new ApiCallController(host, { action: 'listShareVersions', call: (api, id: string) => api.listShareVersions(id) });
    this.#rollback = new ApiCallController(host, { action: 'rollbackShare', call: (api, id: string, version: number) => api.rollbackShare(id, version) });
  }

  hostConnected(): void {}

  /** Expands (loading) or collapses the row's versions. */
  async toggle(share: ShareSummary): Promise<void> {
    const open = this.shareId !== share.id;
    this.shareId = open ? share.id : null;
    this.versions = null;
    this.#host.requestUpdate();
    if (open) await this.#load(share.id);
  }

  async #load(shareId: string): Promise<void> {
    const result = await this.#list.run(shareId);
    if (this.shareId !== shareId) return;
    if (!result.ok) this.shareId = null;
    else this.versions = result.value;
    this.#host.requestUpdate();
  }

  async #rollBack(share: ShareSummary, version: number): Promise<void> {
    if (!this.#confirmation.take(`rb:${share.id}:${version}`)) return;
    const result = await this.#rollback.run(share.id, version);
    if (!result.ok) return;
    this.#rolledBack(result.value);
    this.#host.status.show('success', this.#host.t('rolledBack', { n: version, current: result.value.snapshotVersion }));
    await this.#load(share.id);
    await this.#host.focusAfterUpdate(`[data-share="${share.id}"] .versions-toggle`);
  }

  /** The roll-back question names the old version's choices, and what it would publish again that is left out now. */
  #question(share: ShareSummary, target: ShareVersion, current: ShareVersion | undefined): string {
    const t = this.#host.t.bind(this.#host);
    const question = t('confirmRollback', { title: share.title, n: target.snapshotVersion, choices: leaveOutSummary(this.#host, target.leaveOut) });
    const reshared = resharedItems(this.#host, target, current);
    if (reshared.length === 0) return question;
    return `${question} ${t('confirmRollbackReshares', { n: target.snapshotVersion, items: reshared.join(', ') })}`;
  }

  /** The expanded list (`versions` part), one `version` part per snapshot. */
  render(share: ShareSummary) {
    const host = this.#host;
    const versions = this.versions;
    const item = (v: ShareVersion, all: readonly ShareVersion[]) => {
      const key = `rb:${share.id}:${v.snapshotVersion}`;
      const name = host.t('versionNumber', { n: v.snapshotVersion });
      return html`<li part="version" data-version=${v.snapshotVersion}>
        <span class="version-name">${name}</span>
        <time datetime=${new Date(v.createdAt).toISOString()}>${formatDate(host.language, v.createdAt)}</time>
        <span>${host.t('versionMessages', { count: v.messageCount })}</span>
        <span class="version-leave-out" part="version-leave-out">${leaveOutSummary(host, v.leaveOut)}</span>
        ${v.current
          ? html`<strong class="badge">${host.t('currentVersion')}</strong>`
          : html`<button aria-label=${`${host.t('rollBack')}: ${name}`} ?disabled=${host.busy} @click=${() => this.#confirmation.ask(key)}>
              ${host.t('rollBack')}
            </button>`}
        ${this.#confirmation.pending === key
          ? this.#confirmation.render(this.#question(share, v, all.find((c) => c.current)), host.t('yesRollBack'), () => this.#rollBack(share, v.snapshotVersion))
          : nothing}
      </li>`;
    };
    return html`<div class="versions" part="versions" role="group" aria-label=${host.t('versionsOf', { title: share.title })}>
      ${versions === null ? html`<p class="muted">${host.t('loading')}</p>` : html`<ul>${versions.map((v) => item(v, versions))}</ul>`}
    </div>`;
  }
}
