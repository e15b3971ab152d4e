import { InvalidInputError, PasswordIncorrectError, RateLimitedError } from '../errors.js';
import type { ShareRecord, StoredPassword, UnlockResult, Viewer } from '../share/types.js';
import { createGuessLimiter } from './guess-limiter.js';
import { hashPassword, verifyPassword } from './hash.js';
import {
  checkPasswordOptions,
  DEFAULT_GUESS_LIMIT,
  DEFAULT_PASSWORD_ITERATIONS,
  DEFAULT_UNLOCK_TTL_MS,
  type PasswordOptions,
} from './options.js';
import { createUnlockTokens } from './unlock-tokens.js';

/** A guess longer than any password the owner could set is wrong without being hashed (see `passwordInputSchema`). */
const MAX_PASSWORD_CHARS = 200;

type Protected = Pick<ShareRecord, 'id' | 'password'>;

/** Everything the service does with share passwords: hashing them, unlocking links, limiting wrong guesses. */
export interface SharePasswords {
  /** The stored form of a new password; `null` for none. */
  hash(password: string | null | undefined): Promise<StoredPassword | null>;
  /** The change to a share: `undefined` keeps its password, `null` removes it, a string replaces it (new salt: old tokens die). */
  change(password: string | null | undefined): Promise<{ password?: StoredPassword | null }>;
  /** Whether `token` unlocks `share` now. */
  isUnlocked(share: Protected, token: unknown, now: number): Promise<boolean>;
  /**
   * Checks `password` for `share` (whose audience admits the caller) and returns a short-lived token. `guessKey` is the
   * caller's client for the per-client guess limit, or `null` to limit per share only.
   */
  unlock(share: Protected, password: unknown, guessKey: string | null, now: number): Promise<UnlockResult>;
}

/**
 * Whose wrong guesses count together: the transport's client (its address, say), else the signed-in user. Prefixed so
 * a client key can never collide with a user id. Anonymous callers without a client key are limited per share only.
 */
export function guessKeyFor(viewer: Viewer, clientKey: string | null): string | null {
  return clientKey !== null ? `client:${clientKey}` : viewer !== null ? `user:${viewer.id}` : null;
}

/** Checks the options (throwing a `TypeError`) and sets up hashing, tokens and the guess limits they describe. */
export function createSharePasswords(options: PasswordOptions): SharePasswords {
  checkPasswordOptions(options);
  const iterations = options.passwordIterations ?? DEFAULT_PASSWORD_ITERATIONS;
  const ttlMs = options.unlockTtlMs ?? DEFAULT_UNLOCK_TTL_MS;
  const tokens = createUnlockTokens(options.unlockSecret);
  const limit = options.passwordGuessLimit ?? {};
  const windowMs = limit.windowMs ?? DEFAULT_GUESS_LIMIT.windowMs;
  const shareGuesses = createGuessLimiter(limit.perShare ?? DEFAULT_GUESS_LIMIT.perShare, windowMs);
  const clientGuesses = createGuessLimiter(limit.perClient ?? DEFAULT_GUESS_LIMIT.perClient, windowMs);

  const hash = async (password: string | null | undefined) => (password == null ? null : hashPassword(password, iterations));

  return {
    hash,
    async change(password) {
      return password === undefined ? {} : { password: await hash(password) };
    },
    async isUnlocked(share, token, now) {
      return share.password === null || tokens.check(token, share.id, share.password.salt, now);
    },
    async unlock(share, password, guessKey, now) {
      if (typeof password !== 'string') throw new InvalidInputError([{ path: 'password', message: 'expected a string' }]);
      const expiresAt = now + ttlMs;
      // The owner may have just removed the password: the viewer who typed one can read, so say yes.
      if (share.password === null) return { token: await tokens.issue(share.id, '', expiresAt), expiresAt };
      // Limits before the slow hash, so a limited client costs no CPU; each guess is counted before it is checked, so
      // parallel guesses cannot overtake the limit.
      const wait = Math.max(shareGuesses.retryAfter(share.id, now), guessKey === null ? 0 : clientGuesses.retryAfter(guessKey, now));
      if (wait > 0) throw new RateLimitedError(wait);
      shareGuesses.take(share.id, now);
      if (guessKey !== null) clientGuesses.take(guessKey, now);
      if (password.length <= MAX_PASSWORD_CHARS && (await verifyPassword(password, share.password))) {
        shareGuesses.refund(share.id);
        if (guessKey !== null) clientGuesses.refund(guessKey);
        return { token: await tokens.issue(share.id, share.password.salt, expiresAt), expiresAt };
      }
      throw new PasswordIncorrectError();
    },
  };
}
