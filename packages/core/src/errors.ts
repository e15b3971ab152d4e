/**
 * Typed errors with stable `code`s. Every failure chatshare reports is one of these, so hosts, the HTTP layer and the
 * elements can branch on `code` without parsing messages.
 */
export const ERROR_CODES = [
  'INVALID_CHAT',
  'INVALID_INPUT',
  'CHAT_TOO_LARGE',
  'CHAT_NOT_FOUND',
  'SHARE_NOT_FOUND',
  'AUTH_REQUIRED',
  'FORBIDDEN',
  'CONFLICT',
  'COMMUNITY_DISABLED',
  'RATE_LIMITED',
  'PASSWORD_REQUIRED',
  'PASSWORD_INCORRECT',
  'STORAGE_ERROR',
  'NETWORK_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem found in an input, with the path (`history.messages.abc.parentId`) that names where it is. */
export interface Issue {
  path: string;
  message: string;
}

export class ChatshareError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly Issue[];

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; issues?: readonly Issue[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.issues = options.issues ?? [];
  }

  /** The shape sent over the wire: code, message and issues, never the stack or the cause. */
  toJSON(): { code: ErrorCode; message: string; issues: readonly Issue[] } {
    return { code: this.code, message: this.message, issues: this.issues };
  }
}

function describeIssues(prefix: string, issues: readonly Issue[]): string {
  const first = issues[0];
  if (!first) return prefix;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${prefix} at ${first.path || '(root)'}: ${first.message}${more}`;
}

/** The chat does not have the shape chatshare accepts; `issues` name each offending path. */
export class InvalidChatError extends ChatshareError {
  constructor(issues: readonly Issue[]) {
    super('INVALID_CHAT', describeIssues('Invalid chat', issues), { issues });
  }
}

/** An argument other than the chat is malformed (unknown audience, bad expiry, …). */
export class InvalidInputError extends ChatshareError {
  constructor(issues: readonly Issue[]) {
    super('INVALID_INPUT', describeIssues('Invalid input', issues), { issues });
  }
}

/** The chat exceeds a configured limit; checked before any expensive work. */
export class ChatTooLargeError extends ChatshareError {
  constructor(path: string, message: string) {
    super('CHAT_TOO_LARGE', `Chat too large at ${path || '(root)'}: ${message}`, { issues: [{ path, message }] });
  }
}

/** The host's chat source has no such chat for this actor: missing and not-owned read alike. */
export class ChatNotFoundError extends ChatshareError {
  constructor() {
    super('CHAT_NOT_FOUND', 'Chat not found, or it is not yours to share.');
  }
}

/**
 * Unknown, revoked, expired and not-allowed shares all read as this one error, so a refused viewer cannot tell a
 * share they may not see from one that never existed.
 */
export class ShareNotFoundError extends ChatshareError {
  constructor() {
    super('SHARE_NOT_FOUND', 'This link is no longer valid.');
  }
}

/** The viewer must sign in before chatshare can decide. Carries no share content, so nothing leaks before sign-in. */
export class AuthRequiredError extends ChatshareError {
  constructor(message = 'Sign in to view this shared chat.') {
    super('AUTH_REQUIRED', message);
  }
}

export class ForbiddenError extends ChatshareError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

/** A compare-and-set write lost a race (so a late write never undoes a revoke), or an id already exists. */
export class ConflictError extends ChatshareError {
  constructor(message = 'The share was changed by someone else; reload and try again.') {
    super('CONFLICT', message);
  }
}

/** Community sharing is switched off for the instance (the admin's setting; off by default). */
export class CommunityDisabledError extends ChatshareError {
  constructor() {
    super('COMMUNITY_DISABLED', 'Community sharing is turned off for this instance.');
  }
}

export class RateLimitedError extends ChatshareError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds = 1) {
    super('RATE_LIMITED', 'Too many requests; slow down and try again shortly.');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The share is protected by a password and this viewer has not unlocked it (no unlock token, or one that expired or
 * belongs to a password since changed). Only raised for viewers the audience already admits, so nobody the audience
 * refuses learns that a password exists.
 */
export class PasswordRequiredError extends ChatshareError {
  constructor(message = 'This link is protected by a password.') {
    super('PASSWORD_REQUIRED', message);
  }
}

/** A wrong link password was given to `unlockShare`. Counted toward the per-share and per-client guess limits. */
export class PasswordIncorrectError extends ChatshareError {
  constructor(message = 'That password is not right.') {
    super('PASSWORD_INCORRECT', message);
  }
}

/** The store failed (quota, connection, corrupt record). The previous state is intact. */
export class StorageError extends ChatshareError {
  constructor(message: string, cause?: unknown) {
    super('STORAGE_ERROR', message, { cause });
  }
}

/** A remote service could not be reached or answered garbage. A write may have happened: re-read before retrying. */
export class NetworkError extends ChatshareError {
  constructor(message: string, cause?: unknown) {
    super('NETWORK_ERROR', message, { cause });
  }
}

export function isChatshareError(value: unknown): value is ChatshareError {
  return value instanceof ChatshareError;
}

/**
 * Rebuilds a typed error from its wire form (`toJSON()`), e.g. in an HTTP client. Unknown codes become
 * `NETWORK_ERROR` so that a confused server never smuggles in an unexpected code.
 */
export function errorFromJSON(value: unknown): ChatshareError {
  const body = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const code = typeof body.code === 'string' ? body.code : '';
  const message = typeof body.message === 'string' ? body.message.slice(0, 1000) : 'Unexpected error';
  const issues = Array.isArray(body.issues)
    ? body.issues
        .filter((i): i is Issue => typeof i?.path === 'string' && typeof i?.message === 'string')
        .map((i) => ({ path: i.path, message: i.message }))
    : [];
  switch (code) {
    case 'INVALID_CHAT':
      return new InvalidChatError(issues.length ? issues : [{ path: '', message }]);
    case 'INVALID_INPUT':
      return new InvalidInputError(issues.length ? issues : [{ path: '', message }]);
    case 'CHAT_TOO_LARGE':
      return new ChatTooLargeError(issues[0]?.path ?? '', issues[0]?.message ?? message);
    case 'CHAT_NOT_FOUND':
      return new ChatNotFoundError();
    case 'SHARE_NOT_FOUND':
      return new ShareNotFoundError();
    case 'AUTH_REQUIRED':
      return new AuthRequiredError(message);
    case 'FORBIDDEN':
      return new ForbiddenError(message);
    case 'CONFLICT':
      return new ConflictError(message);
    case 'COMMUNITY_DISABLED':
      return new CommunityDisabledError();
    case 'RATE_LIMITED':
      return new RateLimitedError(typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : 1);
    case 'PASSWORD_REQUIRED':
      return new PasswordRequiredError(message);
    case 'PASSWORD_INCORRECT':
      return new PasswordIncorrectError(message);
    case 'STORAGE_ERROR':
      return new StorageError(message);
    default:
      return new NetworkError(message);
  }
}
