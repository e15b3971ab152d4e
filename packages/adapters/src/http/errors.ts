import { ChatshareError, RateLimitedError, type ErrorCode } from '@chatshare/core';
import { jsonResponse } from './headers.js';

/** HTTP status for each stable error code. Unknown, revoked and forbidden shares all map to 404, so a guess cannot tell them apart. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = Object.freeze({
  INVALID_CHAT: 400,
  INVALID_INPUT: 400,
  CHAT_TOO_LARGE: 413,
  CHAT_NOT_FOUND: 404,
  SHARE_NOT_FOUND: 404,
  AUTH_REQUIRED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  COMMUNITY_DISABLED: 403,
  RATE_LIMITED: 429,
  // A password-protected link: the viewer may open it but must unlock it first; a wrong password is a refusal, not "sign in".
  PASSWORD_REQUIRED: 401,
  PASSWORD_INCORRECT: 403,
  STORAGE_ERROR: 500,
  NETWORK_ERROR: 502,
});

/**
 * The message sent for every server-side failure: the cause stays in `onError`, never on the wire (it may quote ids or tokens). It promises
 * nothing about the state: a store's failure normally leaves it as it was, but a connection lost after a commit looks
 * the same from here.
 */
export const GENERIC_FAILURE_MESSAGE = 'The server could not complete the request. Reload before trying again.';

/**
 * The message for `NETWORK_ERROR` (502): the server lost the answer of a store behind it (say, the HTTP store), so a
 * write may have been applied or not: say so, so nobody retries blindly.
 */
export const UNCERTAIN_FAILURE_MESSAGE = 'The server lost the answer of its storage; the change may or may not have been applied. Reload before trying again.';

/** An error with a wire code that is not one of core's (unknown route, wrong method, unsupported media type). */
export class HttpProtocolError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpProtocolError';
  }
}

/** The body `{ error: { code, message, issues } }` and status for any thrown value; never a stack or a cause. */
export function errorResponse(error: unknown): Response {
  if (error instanceof HttpProtocolError) {
    return jsonResponse(error.status, { error: { code: error.code, message: error.message, issues: [] } }, error.headers);
  }
  if (error instanceof ChatshareError) {
    const status = STATUS_BY_CODE[error.code];
    if (status >= 500) {
      const message = error.code === 'NETWORK_ERROR' ? UNCERTAIN_FAILURE_MESSAGE : GENERIC_FAILURE_MESSAGE;
      return jsonResponse(status, { error: { code: error.code, message, issues: [] } });
    }
    if (error instanceof RateLimitedError) {
      // Whole seconds, at least 1: `Retry-After` takes an integer, and core's password-guess limit computes its
      // wait from a clock, not from this handler's window.
      const seconds = Number.isFinite(error.retryAfterSeconds) ? Math.max(1, Math.ceil(error.retryAfterSeconds)) : 1;
      return jsonResponse(status, { error: { ...error.toJSON(), retryAfterSeconds: seconds } }, { 'Retry-After': String(seconds) });
    }
    return jsonResponse(status, { error: error.toJSON() });
  }
  return jsonResponse(500, { error: { code: 'STORAGE_ERROR', message: GENERIC_FAILURE_MESSAGE, issues: [] } });
}

/** Whether an error is the server's fault (and worth reporting to `onError`) rather than the caller's. */
export function isServerFault(error: unknown): boolean {
  if (error instanceof HttpProtocolError) return false;
  if (error instanceof ChatshareError) return STATUS_BY_CODE[error.code] >= 500;
  return true;
}

/**
 * Turns any error into the handler's JSON answer — typed errors keep their status and message, anything else is a
 * 500 with a generic message — and reports server faults to `onError` (default: one line with the code only).
 * A failing reporter is ignored.
 */
export function answerError(error: unknown, onError: (error: unknown) => void = defaultOnError): Response {
  if (isServerFault(error)) {
    try {
      onError(error);
    } catch {
      // A failing reporter must not turn a 500 into a crash.
    }
  }
  return errorResponse(error);
}

/**
 * The default error reporter: one line with the code and the error's class name only. Messages and stacks of driver
 * errors can quote share ids or SQL parameters, which are capability tokens, so they are left out.
 */
export function defaultOnError(error: unknown): void {
  const code = error instanceof ChatshareError ? error.code : 'INTERNAL';
  const cause = error instanceof Error && error.cause instanceof Error ? ` (cause: ${error.cause.name})` : '';
  const name = error instanceof Error ? error.name : typeof error;
  console.error(`[chatshare] request failed: ${code} ${name}${cause}`);
}
