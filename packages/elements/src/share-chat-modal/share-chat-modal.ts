import { ShareChatModal } from './share-chat-modal.component.js';

export { ShareChatModal };
export * from '../shared/public-types.js';

if (!customElements.get('share-chat-modal')) customElements.define('share-chat-modal', ShareChatModal);

declare global {
  interface HTMLElementTagNameMap {
    'share-chat-modal': ShareChatModal;
  }
}
