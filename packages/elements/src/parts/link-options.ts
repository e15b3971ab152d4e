import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import {
  audienceChange,
  audienceChoices,
  DEFAULT_AUDIENCE,
  type Audience,
  type AudienceType,
  type CreateShareInput,
  type InstanceSettings,
  type ShareSummary,
  type SnapshotScope,
  type UpdateShareInput,
} from '@chatshare/core';
import type { ChatshareElement } from '../shared/chatshare-element.js';
import { formatDate, type MessageKey } from '../shared/i18n.js';

const HOUR = 3_600_000;
const EXPIRY_CHOICES: ReadonlyArray<readonly [string, MessageKey]> = [
  ['', 'expiryNone'],
  [String(HOUR), 'expiryHour'],
  [String(24 * HOUR), 'expiryDay'],
  [String(7 * 24 * HOUR), 'expiryWeek'],
  [String(30 * 24 * HOUR), 'expiryMonth'],
];

/** The words for each audience, in the modal's choices and the manager's "Who can open it" column. */
export const AUDIENCE_LABELS: Readonly<Record<AudienceType, MessageKey>> = {
  owner: 'audienceOwner',
  people: 'audiencePeople',
  instance: 'audienceInstance',
  anyone: 'audienceAnyone',
};

type AudienceInput = NonNullable<CreateShareInput['audience']>;
type PublicLinksSetting = Pick<InstanceSettings, 'allowPublicLinks'>;

function idList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The link options the owner picks in the modal: who can open the link, what it contains, when it expires. Which
 * audiences are offered, and how a stored one is shown and kept, are core's rules (`audienceChoices`,
 * `audienceChange`); this holds the picks and turns them into core's input.
 */
export class LinkOptionsController implements ReactiveController {
  audience: AudienceType = DEFAULT_AUDIENCE;
  people = '';
  groups = '';
  scope: SnapshotScope = 'branch';
  /** `''` for never, `'keep'` for the share's current expiry, else milliseconds from now. */
  expiry = '';

  readonly #host: ChatshareElement;

  constructor(host: ChatshareElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Starts from the share's options (or a new link's defaults). */
  reset(share: ShareSummary | null, settings: PublicLinksSetting): void {
    const stored: Audience | null = share?.audience ?? null;
    this.audience = audienceChoices(stored, settings).selected;
    this.people = stored?.type === 'people' ? stored.userIds.join(', ') : '';
    this.groups = stored?.type === 'people' ? stored.groupIds.join(', ') : '';
    this.scope = share?.scope ?? 'branch';
    this.expiry = share?.expiresAt ? 'keep' : '';
    this.#host.requestUpdate();
  }

  set<K extends 'audience' | 'people' | 'groups' | 'scope' | 'expiry'>(key: K, value: this[K]): void {
    this[key] = value;
    this.#host.requestUpdate();
  }

  #audienceValue(): AudienceInput {
    if (this.audience === 'people') return { type: 'people', userIds: idList(this.people), groupIds: idList(this.groups) };
    return { type: this.audience } as { type: 'owner' | 'instance' | 'anyone' };
  }

  /** The expiry choice as input; for an existing share only when it changes something. */
  #expiryInput(share: ShareSummary | null): { expiresIn?: number; expiresAt?: null } {
    if (this.expiry === 'keep') return {};
    if (this.expiry === '') return share && share.expiresAt !== null ? { expiresAt: null } : {};
    return { expiresIn: Number(this.expiry) };
  }

  /** The options of a new link. */
  createInput(): Pick<CreateShareInput, 'audience' | 'scope' | 'expiresIn'> {
    return { audience: this.#audienceValue(), scope: this.scope, ...this.#expiryInput(null) };
  }

  /** Only the options that differ from the share's, so an update writes nothing it does not change. */
  updateInput(share: ShareSummary, settings: PublicLinksSetting): Pick<UpdateShareInput, 'audience' | 'scope' | 'expiresIn' | 'expiresAt'> {
    const audience = audienceChange(this.#audienceValue(), share.audience, settings);
    return {
      ...(this.scope !== share.scope ? { scope: this.scope } : {}),
      ...(audience ? { audience } : {}),
      ...this.#expiryInput(share),
    };
  }
}

/** The `options` fieldset: audience (with user and group ids for "people"), scope, expiry, then `extra` (the password). */
export function renderLinkOptions(
  host: ChatshareElement,
  options: LinkOptionsController,
  context: { share: ShareSummary | null; settings: PublicLinksSetting; onScopeChange: () => void; extra: TemplateResult },
) {
  const { offered, publicHeldBack } = audienceChoices(context.share?.audience ?? null, context.settings);
  const expiresAt = context.share?.expiresAt ?? null;
  const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  // A held-back "anyone" link: the signed-in choice stands for it, and says that public links are off.
  const label = (type: AudienceType) => host.t(publicHeldBack && type === 'instance' ? 'audienceAnyoneOff' : AUDIENCE_LABELS[type]);
  return html`
    <fieldset part="options">
      <legend>${host.t('options')}</legend>
      <div class="field">
        <label for="audience">${host.t('audience')}</label>
        <select id="audience" .value=${options.audience} @change=${(e: Event) => options.set('audience', value(e) as AudienceType)}>
          ${offered.map((type) => html`<option value=${type} ?selected=${type === options.audience}>${label(type)}</option>`)}
        </select>
      </div>
      ${options.audience === 'people'
        ? html`<div class="field">
              <label for="people">${host.t('peopleIds')}</label>
              <input id="people" .value=${options.people} @input=${(e: Event) => options.set('people', value(e))} />
            </div>
            <div class="field">
              <label for="groups">${host.t('groupIds')}</label>
              <input id="groups" .value=${options.groups} @input=${(e: Event) => options.set('groups', value(e))} />
            </div>`
        : nothing}
      <div class="field">
        <label for="scope">${host.t('scope')}</label>
        <select id="scope" .value=${options.scope} @change=${(e: Event) => (options.set('scope', value(e) as SnapshotScope), context.onScopeChange())}>
          <option value="branch" ?selected=${options.scope === 'branch'}>${host.t('scopeBranch')}</option>
          <option value="full-history" ?selected=${options.scope === 'full-history'}>${host.t('scopeFull')}</option>
        </select>
      </div>
      <div class="field">
        <label for="expiry">${host.t('expiry')}</label>
        <select id="expiry" .value=${options.expiry} @change=${(e: Event) => options.set('expiry', value(e))}>
          ${expiresAt !== null
            ? html`<option value="keep" ?selected=${options.expiry === 'keep'}>${host.t('expiryKeep', { date: formatDate(host.language, expiresAt) })}</option>`
            : nothing}
          ${EXPIRY_CHOICES.map(([choice, key]) => html`<option value=${choice} ?selected=${choice === options.expiry}>${host.t(key)}</option>`)}
        </select>
      </div>
      ${context.extra}
    </fieldset>
  `;
}
