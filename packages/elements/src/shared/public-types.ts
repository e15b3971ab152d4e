export type * from './events.js';
export type { ChatshareErrorDetail, ElementErrorCode } from './errors.js';
export type { Lang } from './i18n.js';
