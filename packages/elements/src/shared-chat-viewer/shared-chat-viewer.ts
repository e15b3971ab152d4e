import { SharedChatViewer } from './shared-chat-viewer.component.js';

export { SharedChatViewer };
export * from '../shared/public-types.js';

if (!customElements.get('shared-chat-viewer')) customElements.define('shared-chat-viewer', SharedChatViewer);

declare global {
  interface HTMLElementTagNameMap {
    'shared-chat-viewer': SharedChatViewer;
  }
}
