import { html } from 'lit';
import { safeUrl } from '../shared/safe-url.js';

/** How a host turns a share id into its link: `shareUrl(id)` wins, else `linkBase + id`, else `<origin>/s/<id>`. */
export interface LinkSettings {
  readonly shareUrl?: ((id: string) => string) | undefined;
  readonly linkBase?: string | undefined;
}

/** The link of a share, by the host's settings. */
export function shareLink(id: string, settings: LinkSettings): string {
  if (settings.shareUrl) return settings.shareUrl(id);
  const base = settings.linkBase ?? `${globalThis.location?.origin ?? ''}/s/`;
  return `${base}${encodeURIComponent(id)}`;
}

/** The `href` for a link shown on the page: only a safe URL, resolved against the page; `#` otherwise. */
export function linkHref(url: string): string {
  return safeUrl(url, globalThis.location?.href) ?? '#';
}

/** The read-only "Link" field (`#link`), selected on focus so the link can be copied by hand. */
export function renderLinkField(url: string, label: string) {
  return html`<div class="link-row">
    <label for="link">${label}</label>
    <input id="link" part="link-field" readonly .value=${url} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
  </div>`;
}
