/** The password options of the service, their defaults and their checks (made when the service is created). */

/** Wrong password guesses allowed per window; see `ShareServiceOptions.passwordGuessLimit`. */
export interface PasswordGuessLimit {
  readonly perClient?: number | undefined;
  readonly perShare?: number | undefined;
  readonly windowMs?: number | undefined;
}

export interface PasswordOptions {
  unlockSecret?: string;
  unlockTtlMs?: number;
  passwordIterations?: number;
  passwordGuessLimit?: PasswordGuessLimit;
}

/** OWASP's 2023 advice for PBKDF2-SHA-256; the floor keeps a misconfiguration from making hashes cheap. */
export const DEFAULT_PASSWORD_ITERATIONS = 600_000;
const MIN_PASSWORD_ITERATIONS = 10_000;
export const DEFAULT_UNLOCK_TTL_MS = 12 * 60 * 60 * 1000;
const MIN_UNLOCK_SECRET_CHARS = 32;
/** Per client strict; per share high, so that one client cannot lock a link for everyone. */
export const DEFAULT_GUESS_LIMIT = { perClient: 10, perShare: 100, windowMs: 15 * 60 * 1000 } as const;

/** Throws a `TypeError` naming the first password option that is out of range: a host's mistake, found at start-up. */
export function checkPasswordOptions(options: PasswordOptions): void {
  const iterations = options.passwordIterations;
  if (iterations !== undefined && !(Number.isSafeInteger(iterations) && iterations >= MIN_PASSWORD_ITERATIONS)) {
    throw new TypeError(`passwordIterations must be an integer of at least ${MIN_PASSWORD_ITERATIONS}.`);
  }
  if (options.unlockSecret !== undefined && !(typeof options.unlockSecret === 'string' && options.unlockSecret.length >= MIN_UNLOCK_SECRET_CHARS)) {
    throw new TypeError(`unlockSecret must be a string of at least ${MIN_UNLOCK_SECRET_CHARS} characters.`);
  }
  const ttl = options.unlockTtlMs;
  if (ttl !== undefined && !(Number.isSafeInteger(ttl) && ttl > 0)) throw new TypeError('unlockTtlMs must be a positive integer.');
  const guesses: unknown = options.passwordGuessLimit;
  if (guesses === undefined) return;
  if (typeof guesses !== 'object' || guesses === null) throw new TypeError('passwordGuessLimit must be an object.');
  for (const [name, value] of Object.entries(guesses)) {
    if (!(name in DEFAULT_GUESS_LIMIT)) throw new TypeError(`passwordGuessLimit has no option ${name}.`);
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) > 0)) {
      throw new TypeError(`passwordGuessLimit.${name} must be a positive integer.`);
    }
  }
}
