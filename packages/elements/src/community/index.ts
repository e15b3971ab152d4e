/**
 * Both sides of the community hub handshake: `sendToCommunityHub` (what `<share-chat-modal>` uses) and
 * `receiveCommunityUpload` for a hub built on chatshare.
 */
export { sendToCommunityHub, type SendToCommunityHubOptions, type CommunitySendResult, type HubWindow, type MessageSource } from './sender.js';
export { receiveCommunityUpload, type ReceiveCommunityUploadOptions, type ReceivedUpload } from './receiver.js';
export { ElementError, type ElementErrorCode } from '../shared/errors.js';
