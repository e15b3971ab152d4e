/**
 * Where the viewer keeps the unlock token of a password-protected link: per share, for this browser session, in
 * `sessionStorage` under `chatshare:unlock:<share id>`, so a link unlocks once per session. The password itself is
 * never kept. Session storage can be missing or refuse (privacy modes, sandboxed frames); tokens then live in memory
 * for as long as the page does.
 */
const storageKey = (shareId: string) => `chatshare:unlock:${shareId}`;

const memoryTokens = new Map<string, string>();

/** The kept token of a share, or `null`. */
export function readUnlockToken(shareId: string): string | null {
  try {
    return globalThis.sessionStorage?.getItem(storageKey(shareId)) ?? memoryTokens.get(shareId) ?? null;
  } catch {
    return memoryTokens.get(shareId) ?? null;
  }
}

/** Keeps a share's token after "Unlock". */
export function keepUnlockToken(shareId: string, token: string): void {
  memoryTokens.set(shareId, token);
  try {
    globalThis.sessionStorage?.setItem(storageKey(shareId), token);
  } catch {
    // Kept in memory only: the link unlocks again on the next page load.
  }
}

/** Drops a token that no longer works (it expired, or the owner changed the password). */
export function forgetUnlockToken(shareId: string): void {
  memoryTokens.delete(shareId);
  try {
    globalThis.sessionStorage?.removeItem(storageKey(shareId));
  } catch {
    // Nothing was kept there.
  }
}
