import { html, type ReactiveController } from 'lit';
import type { CommunityLevel, CommunityPayload, InstanceSettings } from '@chatshare/core';
import { sendToCommunityHub } from '../community/sender.js';
import { ApiCallController } from '../shared/api-call.js';
import type { ChatshareElement } from '../shared/chatshare-element.js';
import { errorDetail } from '../shared/errors.js';
import { emit } from '../shared/events.js';
import type { MessageKey } from '../shared/i18n.js';

const LEVELS: ReadonlyArray<readonly [CommunityLevel, MessageKey]> = [
  ['private', 'levelPrivate'],
  ['public', 'levelPublic'],
  ['public-full-history', 'levelPublicFull'],
];

/** "Share to community": the chosen access level, and the hand-off of core's payload to the hub's page. */
export class CommunityHandoffController implements ReactiveController {
  level: CommunityLevel = 'private';

  readonly #host: ChatshareElement;
  // The hand-off below says what went wrong in its own words, so the call does not use the status line.
  readonly #payload: ApiCallController<[string, CommunityLevel], CommunityPayload>;

  constructor(host: ChatshareElement) {
    this.#host = host;
    host.addController(this);
    this.#payload = new ApiCallController(host, {
      action: 'communityPayload',
      showError: false,
      call: (api, chatId: string, level: CommunityLevel) => api.communityPayload({ chatId, level }),
    });
  }

  hostConnected(): void {}

  /** Offered only when the instance allows community sharing and the host named a hub. */
  available(settings: InstanceSettings | null, hubUrl: string | undefined): boolean {
    return Boolean(settings?.communitySharing && hubUrl);
  }

  choose(level: CommunityLevel): void {
    this.level = level;
    this.#host.requestUpdate();
  }

  /** Runs synchronously inside the click so the hub's tab may open; the payload is fetched meanwhile. */
  send(chatId: string | undefined, hubUrl: string | undefined, timeoutMs: number): void {
    if (!chatId || !hubUrl) return;
    const host = this.#host;
    const level = this.level;
    const payload = this.#payload.run(chatId, level).then((r): CommunityPayload => {
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, reported: true });
      return r.value;
    });
    host.status.show('info', host.t('communityOpening'));
    sendToCommunityHub({ hubUrl, payload, timeoutMs }).then(
      ({ hubOrigin }) => {
        host.status.show('success', host.t('communityShared'));
        emit(host, 'chatshare-community-shared', { level, hubOrigin });
      },
      (error: unknown) => {
        const detail = errorDetail('community', error);
        const key: MessageKey | null =
          detail.code === 'COMMUNITY_TIMEOUT' ? 'communityTimeout' : detail.code === 'POPUP_BLOCKED' ? 'communityBlocked' : null;
        if (key) host.status.show('error', host.t(key));
        else host.showError(detail);
        if (!(error as { reported?: boolean }).reported) host.reportError(detail);
      },
    );
  }
}

/** The "Community access" choice. */
export function renderCommunityLevel(host: ChatshareElement, community: CommunityHandoffController) {
  return html`
    <div class="field">
      <label for="level">${host.t('communityLevel')}</label>
      <select id="level" .value=${community.level} @change=${(e: Event) => community.choose((e.target as HTMLSelectElement).value as CommunityLevel)}>
        ${LEVELS.map(([value, key]) => html`<option value=${value} ?selected=${value === community.level}>${host.t(key)}</option>`)}
      </select>
    </div>
  `;
}
