/**
 * `@chatshare/adapters/http`: the server handler (`Request → Response`), a `node:http` adapter, the browser/server
 * client with the `ShareApi` interface, and a server-to-server store over HTTP.
 */
export { createShareHandler, type ShareHandler, type ShareHandlerOptions, type ReadRateLimitOptions } from './handler.js';
export { createNodeListener, remoteAddressOf, type NodeListenerOptions, type NodeIncomingMessageLike, type NodeServerResponseLike } from './node.js';
export { createHttpShareClient, type HttpShareClientOptions } from './client.js';
export { createStoreHandler, type StoreHandlerOptions } from './store-handler.js';
export { createHttpStore, type HttpStoreOptions } from './store-client.js';
export {
  clientKeyOfAddress,
  createMemoryRateLimitCounter,
  type RateLimitCounter,
  type RateLimitHit,
  type MemoryRateLimitCounterOptions,
  type MemoryRateLimitCounter,
} from './rate-limit.js';
export { SHARE_RESPONSE_HEADERS, UNLOCK_TOKEN_HEADER } from './headers.js';
export { STATUS_BY_CODE, GENERIC_FAILURE_MESSAGE, UNCERTAIN_FAILURE_MESSAGE, answerError } from './errors.js';
export { DEFAULT_MAX_BODY_BYTES, readJsonBody } from './body.js';
