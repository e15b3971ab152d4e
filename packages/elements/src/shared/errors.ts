import type { ErrorCode } from '@chatshare/core';

/** Codes the elements report: core's codes, plus the browser-side failures core cannot know about. */
export type ElementErrorCode = ErrorCode | 'CLIPBOARD_FAILED' | 'COMMUNITY_TIMEOUT' | 'POPUP_BLOCKED' | 'UNEXPECTED';

/** The detail of every `chatshare-error` event. */
export interface ChatshareErrorDetail {
  /** What the element was doing, e.g. `createShare`, `copyLink`, `community`. */
  readonly action: string;
  readonly code: ElementErrorCode;
  readonly message: string;
  /** `RATE_LIMITED` only: how long to wait before trying again. */
  readonly retryAfterSeconds?: number;
}

/** A browser-side failure with a stable code, e.g. the community handshake timing out. */
export class ElementError extends Error {
  readonly code: ElementErrorCode;
  constructor(code: ElementErrorCode, message: string) {
    super(message);
    this.name = 'ElementError';
    this.code = code;
  }
}

/**
 * Reads the code of anything thrown. Duck-typed on purpose: errors rebuilt by the HTTP client, or coming from another
 * copy of core, are still `ChatshareError`s in spirit even when `instanceof` says no.
 */
export function errorDetail(action: string, error: unknown): ChatshareErrorDetail {
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    const { code, message, retryAfterSeconds } = error as { code: string; message?: unknown; retryAfterSeconds?: unknown };
    const detail = { action, code: code as ElementErrorCode, message: typeof message === 'string' ? message : code };
    return typeof retryAfterSeconds === 'number' && Number.isFinite(retryAfterSeconds) ? { ...detail, retryAfterSeconds } : detail;
  }
  return { action, code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}
