/**
 * The element classes, without registering any tag. Import `@chatshare/elements/share-chat-modal.js` (etc.) to
 * register the tags, or call `customElements.define` yourself with these classes.
 */
export { ShareChatModal } from './share-chat-modal/share-chat-modal.component.js';
export { SharedChatViewer } from './shared-chat-viewer/shared-chat-viewer.component.js';
export { SharedLinksManager } from './shared-links-manager/shared-links-manager.component.js';
export { ApiCallController, type ApiCallOptions, type ApiResult } from './shared/api-call.js';
export { ChatshareElement } from './shared/chatshare-element.js';
export { shareApiContext, provideShareApi } from './shared/api-context.js';
export { catalogues, translate, type Lang, type MessageKey } from './shared/i18n.js';
export { ElementError, type ChatshareErrorDetail, type ElementErrorCode } from './shared/errors.js';
export { safeUrl } from './shared/safe-url.js';
export type * from './shared/events.js';
