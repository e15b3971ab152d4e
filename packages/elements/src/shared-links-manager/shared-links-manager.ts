import { SharedLinksManager } from './shared-links-manager.component.js';

export { SharedLinksManager };
export * from '../shared/public-types.js';

if (!customElements.get('shared-links-manager')) customElements.define('shared-links-manager', SharedLinksManager);

declare global {
  interface HTMLElementTagNameMap {
    'shared-links-manager': SharedLinksManager;
  }
}
