import { afterEach, describe, expect, it } from 'vitest';
import { forgetUnlockToken, keepUnlockToken, readUnlockToken } from '../../src/shared-chat-viewer/unlock-tokens.js';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  sessionStorage.clear();
});

/** Makes session storage refuse every call (a privacy mode or a sandboxed frame), the platform boundary. */
function refuseSessionStorage() {
  const proto = Storage.prototype;
  const original = { getItem: proto.getItem, setItem: proto.setItem, removeItem: proto.removeItem };
  const refuse = () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  Object.assign(proto, { getItem: refuse, setItem: refuse, removeItem: refuse });
  restore = () => Object.assign(proto, original);
}

describe('B13 unlock tokens, once per browser session', () => {
  it('B13: a kept token is in sessionStorage under chatshare:unlock:<share id>, per share, until it is forgotten', () => {
    expect(readUnlockToken('s1')).toBeNull();
    keepUnlockToken('s1', 'token-1');
    keepUnlockToken('s2', 'token-2');
    expect(sessionStorage.getItem('chatshare:unlock:s1')).toBe('token-1');
    expect(readUnlockToken('s1')).toBe('token-1');
    expect(readUnlockToken('s2')).toBe('token-2');
    forgetUnlockToken('s1');
    expect(sessionStorage.getItem('chatshare:unlock:s1')).toBeNull();
    expect(readUnlockToken('s1')).toBeNull();
    expect(readUnlockToken('s2')).toBe('token-2');
    forgetUnlockToken('s2');
  });

  it('B13: when session storage refuses, the token is kept in memory for the page, and forgetting still works', () => {
    refuseSessionStorage();
    keepUnlockToken('s3', 'token-3');
    expect(readUnlockToken('s3')).toBe('token-3');
    forgetUnlockToken('s3');
    expect(readUnlockToken('s3')).toBeNull();
  });
});
