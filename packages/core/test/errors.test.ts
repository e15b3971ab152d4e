import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorFromJSON, ShareNotFoundError, InvalidChatError, RateLimitedError, isChatshareError } from '@chatshare/core';

describe('typed errors', () => {
  it('every code survives a round trip through its wire form', () => {
    for (const code of ERROR_CODES) {
      const wire = JSON.parse(JSON.stringify({ code, message: `m-${code}`, issues: [{ path: 'a.b', message: 'bad' }] }));
      const error = errorFromJSON(wire);
      expect(isChatshareError(error)).toBe(true);
      expect(error.code).toBe(code);
    }
  });
  it('the wire form carries code, message and issues but never the stack or cause', () => {
    const error = new InvalidChatError([{ path: 'history.currentId', message: 'missing' }]);
    const wire = JSON.parse(JSON.stringify(error));
    expect(wire).toEqual({ code: 'INVALID_CHAT', message: 'Invalid chat at history.currentId: missing', issues: [{ path: 'history.currentId', message: 'missing' }] });
  });
  it('an unknown code from a confused server becomes NETWORK_ERROR', () => {
    expect(errorFromJSON({ code: 'TOTALLY_NEW' }).code).toBe('NETWORK_ERROR');
    expect(errorFromJSON('garbage').code).toBe('NETWORK_ERROR');
  });
  it('errors are instances of their classes with readable names', () => {
    const e = new ShareNotFoundError();
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ShareNotFoundError');
    expect(e.message).toBe('This link is no longer valid.');
    expect(new RateLimitedError(5).retryAfterSeconds).toBe(5);
  });
});
