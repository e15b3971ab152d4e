import { parseChat } from '../chat/tree.js';
import type { ChatLimits } from '../chat/limits.js';
import type { OpenWebUIChat } from '../chat/schema.js';
import {
  AuthRequiredError,
  ChatNotFoundError,
  ChatshareError,
  CommunityDisabledError,
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  PasswordIncorrectError,
  PasswordRequiredError,
  RateLimitedError,
  ShareNotFoundError,
  StorageError,
} from '../errors.js';
import { previewChat, restrictToBranch, snapshotChat } from '../snapshot/create.js';
import { snapshotSchema } from '../snapshot/schema.js';
import { deepFreeze } from '../snapshot/freeze.js';
import { snapshotToChat } from '../snapshot/export.js';
import type { Snapshot, SnapshotScope } from '../snapshot/types.js';
import { SNAPSHOT_HISTORY_LIMIT, type ShareStore } from '../store/contract.js';
import { createShareId } from './ids.js';
import { createGuessLimiter } from './password-attempts.js';
import { createUnlockTokens, hashPassword, verifyPassword } from './password.js';
import { canCreateShares, canEditShare, canRevokeShare, decideView, isExpired } from './policy.js';
import {
  actorSchema,
  communityInputSchema,
  createShareInputSchema,
  idArgumentSchema,
  listSharesInputSchema,
  previewShareInputSchema,
  snapshotVersionSchema,
  storableString,
  settingsPatchSchema,
  settingsSchema,
  shareIdSchema,
  shareOptionsInputSchema,
  shareRecordSchema,
  updateShareInputSchema,
  type CommunityInput,
  type LeaveOutInput,
  type PreviewShareInput,
  type CreateShareInput,
  type ListSharesInput,
  type SettingsPatch,
  type ShareOptionsInput,
  type UpdateShareInput,
} from './schema.js';
import {
  DEFAULT_LEAVE_OUT,
  DEFAULT_SETTINGS,
  type Actor,
  type Audience,
  type CommunityPayload,
  type InstanceSettings,
  type Page,
  type SharedChatView,
  type ShareLeaveOut,
  type ShareRecord,
  type SharePreview,
  type ShareSummary,
  type ShareVersion,
  type UnlockResult,
  type Viewer,
} from './types.js';
import { parseInput } from './validate.js';

/** The host's chats: chatshare asks it for a chat and who owns it, and checks ownership itself (T3). */
export interface ChatSource {
  getChat(chatId: string): Promise<{ ownerId: string; chat: unknown } | null>;
}

/** A share as an admin sees it in the instance-wide list (B9): the summary plus who owns it. */
export interface AdminShareSummary extends ShareSummary {
  readonly ownerId: string;
}

/**
 * Everything one actor can do with shares. The local service (`service.forActor(actor)`) and the HTTP client both
 * implement it, so elements work the same against either.
 */
export interface ShareApi {
  getSettings(): Promise<InstanceSettings>;
  /** S1, S8, B2: admins only. */
  updateSettings(patch: SettingsPatch): Promise<InstanceSettings>;
  /** B9: admins only. */
  setSharingAllowed(userId: string, allowed: boolean): Promise<InstanceSettings>;
  /** S6: snapshot the chat now and make it reachable by a new unguessable id. */
  createShare(input: CreateShareInput): Promise<ShareSummary>;
  /** S9: the newest live share of this chat made by the actor, or `null`. */
  findShareForChat(chatId: string): Promise<ShareSummary | null>;
  /** S9, T10: re-snapshot the source chat under the same id ("Update and copy link"). */
  updateShare(shareId: string, input?: UpdateShareInput): Promise<ShareSummary>;
  /** B2, B3, B4, B5: audience, expiry, scope, owner name. */
  setShareOptions(shareId: string, input: ShareOptionsInput): Promise<ShareSummary>;
  /** S10: the link stops working on the next read. Owner or admin. */
  revokeShare(shareId: string): Promise<void>;
  /** S11: the host calls this when it deletes a chat; returns how many links died. */
  revokeSharesOfChat(chatId: string): Promise<number>;
  /** B1 "Delete all"; an admin may name another owner (B9). */
  revokeAllShares(options?: { ownerId?: string }): Promise<number>;
  /** B1: the actor's own shares, newest first, searchable by title. */
  listShares(input?: ListSharesInput): Promise<Page<ShareSummary>>;
  /** B9: every share of the instance (or of one owner); admins only. */
  listAllShares(input?: ListSharesInput): Promise<Page<AdminShareSummary>>;
  /**
   * S7, R2: what the viewer may see, or `AUTH_REQUIRED` / `SHARE_NOT_FOUND`; for a password-protected link (B13) a
   * viewer other than the owner also needs a valid `unlockToken`, else `PASSWORD_REQUIRED`. Counts a view (B14).
   */
  readShare(shareId: string, options?: ReadShareOptions): Promise<SharedChatView>;
  /** B6: the snapshot as a new Open WebUI chat for the host to save; signed-in viewers only. */
  cloneShare(shareId: string, options?: ReadShareOptions): Promise<OpenWebUIChat>;
  /**
   * B13: checks a password for a link this viewer's audience admits and returns a short-lived signed token (the
   * password itself is never sent again). Wrong guesses are limited per share and per client (`RATE_LIMITED`).
   */
  unlockShare(shareId: string, password: string): Promise<UnlockResult>;
  /** B15: exactly what `createShare` with these fields would publish; stores nothing. Owner of the chat only. */
  previewShare(input: PreviewShareInput): Promise<SharePreview>;
  /** B16: the link's snapshots, the current one first, then the history the store kept. Owner only. */
  listShareVersions(shareId: string): Promise<readonly ShareVersion[]>;
  /** B16: makes an earlier snapshot current again (as a new version; the replaced one joins the history). Owner only. */
  rollbackShare(shareId: string, snapshotVersion: number): Promise<ShareSummary>;
  /** S3: the payload for a community hub; refused while S1 is off. */
  communityPayload(input: CommunityInput): Promise<CommunityPayload>;
}

/** B13: options of `readShare` and `cloneShare`. */
export interface ReadShareOptions {
  /** The token `unlockShare` returned for this link. */
  readonly unlockToken?: string | null;
}

/** Who is calling, as the transport knows it: the HTTP handler passes the client key its rate limit uses (B13). */
export interface RequestContext {
  /** Identifies the client (e.g. its address) for the per-client password-guess limit. */
  readonly clientKey?: string | null;
}

export interface ShareServiceOptions {
  store: ShareStore;
  chats: ChatSource;
  /** Clock in ms; inject one in tests (T11). */
  now?: () => number;
  limits?: Partial<ChatLimits>;
  /** Id source; the default is nanoid (R1). Tests inject one to force collisions (T25). */
  generateId?: () => string;
  /** B14: count views of shares. Default `true`; `false` stores no counts at all. */
  countViews?: boolean;
  /**
   * B13: the key that signs unlock tokens, at least 32 characters. Give every replica the same secret so a token from
   * one is accepted by the others. Default: random per service, so tokens end with the process.
   */
  unlockSecret?: string;
  /** B13: how long an unlock token is valid. Default 12 hours. */
  unlockTtlMs?: number;
  /** B13: PBKDF2-SHA-256 iterations for new passwords. Default 600,000 (OWASP 2023); at least 10,000. */
  passwordIterations?: number;
  /**
   * B13: wrong password guesses allowed per window (in memory, per service). `perClient` (default 10) is the strict
   * one: it stops one client guessing. `perShare` (default 100) caps all clients together on one link; it is high so
   * one client cannot lock a link for everyone, yet it still bounds guessing spread over many clients (addresses).
   * `windowMs` defaults to 15 minutes. Positive integers.
   */
  passwordGuessLimit?: PasswordGuessLimit;
  /**
   * B14: told when counting a view failed (the store threw). The read itself still succeeds: a view count is not worth
   * refusing a viewer. Default: ignored. Hosts typically log it.
   */
  onViewCountError?: (error: unknown) => void;
}

/** B13: see `ShareServiceOptions.passwordGuessLimit`. */
export interface PasswordGuessLimit {
  readonly perClient?: number | undefined;
  readonly perShare?: number | undefined;
  readonly windowMs?: number | undefined;
}

export interface ShareService {
  forActor(actor: Viewer, context?: RequestContext): ShareApi;
  readonly store: ShareStore;
}

const MAX_ID_ATTEMPTS = 3;
const DEFAULT_PAGE = 20;

const DEFAULT_PASSWORD_ITERATIONS = 600_000;
const MIN_PASSWORD_ITERATIONS = 10_000;
const DEFAULT_UNLOCK_TTL_MS = 12 * 60 * 60 * 1000;
const MIN_UNLOCK_SECRET_CHARS = 32;
/** B13: wrong guesses allowed per window: per client strict, per share high (one client must not lock a link). */
const DEFAULT_GUESS_LIMIT = { perClient: 10, perShare: 100, windowMs: 15 * 60 * 1000 } as const;
/** A guess longer than any password the owner could set is wrong without being hashed (`passwordInputSchema`). */
const MAX_PASSWORD_CHARS = 200;

const clientKeySchema = storableString(1, 500);

/**
 * B15: the owner's choices over `base` (the defaults on create, the share's stored choices on update, so changing one
 * switch keeps the others); duplicates dropped.
 */
function resolveLeaveOut(input: LeaveOutInput, base: ShareLeaveOut = DEFAULT_LEAVE_OUT): ShareLeaveOut {
  return {
    messageIds: [...new Set(input.messageIds ?? base.messageIds)],
    systemPrompt: input.systemPrompt ?? base.systemPrompt,
    toolOutput: input.toolOutput ?? base.toolOutput,
    attachments: input.attachments ?? base.attachments,
  };
}

/**
 * B16: the leave-out choices of every snapshot the history keeps once `previous` is replaced by a snapshot numbered
 * `nextVersion`: the replaced one joins with the choices it was made with, versions the store drops are pruned.
 */
function archiveLeaveOut(previous: ShareRecord, nextVersion: number): Record<number, ShareLeaveOut> {
  const kept: Record<number, ShareLeaveOut> = {};
  const all = { ...previous.leaveOutByVersion, [previous.snapshot.version]: previous.leaveOut };
  for (const [key, choices] of Object.entries(all)) {
    const version = Number(key);
    if (version < nextVersion && version >= nextVersion - SNAPSHOT_HISTORY_LIMIT) kept[version] = choices;
  }
  return kept;
}

function checkOptions(options: ShareServiceOptions): void {
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

function toSummary(record: ShareRecord): ShareSummary {
  return {
    id: record.id,
    title: record.title,
    audience: record.audience,
    scope: record.snapshot.scope,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
    version: record.version,
    snapshotVersion: record.snapshot.version,
    snapshotHash: record.snapshot.hash,
    messageCount: Object.keys(record.snapshot.messages).length,
    showOwnerName: record.ownerName !== null,
    hasPassword: record.password !== null,
    leaveOut: record.leaveOut,
    viewCount: record.views.count,
    lastViewedAt: record.views.lastViewedAt,
  };
}

function toView(record: ShareRecord, viewer: Viewer): SharedChatView {
  return deepFreeze({
    id: record.id,
    title: record.title,
    audience: record.audience.type,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
    ownerName: record.ownerName,
    canClone: viewer !== null,
    isOwner: viewer !== null && viewer.id === record.ownerId,
    snapshot: record.snapshot,
  });
}

/** The errors a store may report as they are; anything else it throws becomes a `StorageError`. */
const STORE_ERROR_CODES: ReadonlySet<string> = new Set(['CONFLICT', 'SHARE_NOT_FOUND', 'STORAGE_ERROR', 'NETWORK_ERROR', 'INVALID_INPUT']);

/**
 * Calls the store, turning anything it throws outside the contract into a `StorageError` (R7, T9, T25) — so a remote
 * store's own `AUTH_REQUIRED`, say, never reaches a viewer as "sign in".
 */
async function storeCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ChatshareError && STORE_ERROR_CODES.has(error.code)) throw error;
    throw new StorageError(`The share store failed to ${what}.`, error);
  }
}

/**
 * Creates the share service: the one object that the elements (locally) and the HTTP handler (remotely) use. Every
 * permission decision happens here (R2); the store only keeps records.
 */
export function createShareService(options: ShareServiceOptions): ShareService {
  checkOptions(options);
  const { store, chats } = options;
  const now = options.now ?? Date.now;
  const generateId = options.generateId ?? createShareId;
  const passwordIterations = options.passwordIterations ?? DEFAULT_PASSWORD_ITERATIONS;
  const unlockTtlMs = options.unlockTtlMs ?? DEFAULT_UNLOCK_TTL_MS;
  const countViews = options.countViews ?? true;
  const tokens = createUnlockTokens(options.unlockSecret);
  const guessLimit = options.passwordGuessLimit ?? {};
  const guessWindowMs = guessLimit.windowMs ?? DEFAULT_GUESS_LIMIT.windowMs;
  const shareGuesses = createGuessLimiter(guessLimit.perShare ?? DEFAULT_GUESS_LIMIT.perShare, guessWindowMs);
  const clientGuesses = createGuessLimiter(guessLimit.perClient ?? DEFAULT_GUESS_LIMIT.perClient, guessWindowMs);

  async function loadSettings(): Promise<InstanceSettings> {
    const stored = await storeCall('read settings', () => store.getSettings());
    if (stored === null) return DEFAULT_SETTINGS;
    const parsed = settingsSchema.safeParse(stored);
    if (!parsed.success) throw new StorageError('The stored instance settings are corrupt.');
    return deepFreeze(parsed.data);
  }

  async function saveSettings(current: InstanceSettings, next: Omit<InstanceSettings, 'version'>): Promise<InstanceSettings> {
    const saved = { ...next, version: current.version + 1 };
    await storeCall('save settings', () => store.saveSettings(saved, current.version));
    return deepFreeze(saved);
  }

  /** Reads a record and re-validates it (T25); a malformed id reads as unknown. */
  async function loadShare(shareId: unknown): Promise<ShareRecord | null> {
    if (!shareIdSchema.safeParse(shareId).success) return null;
    const stored = await storeCall('read a share', () => store.getShare(shareId as string));
    if (stored === null) return null;
    const parsed = shareRecordSchema.safeParse(stored);
    if (!parsed.success || parsed.data.id !== shareId) {
      throw new StorageError(`The stored share ${String(shareId)} is corrupt and was not served.`);
    }
    return deepFreeze(parsed.data as ShareRecord);
  }

  async function loadOwnedChat(chatId: string, actor: Actor) {
    const found = await chats.getChat(chatId);
    if (!found || found.ownerId !== actor.id) throw new ChatNotFoundError();
    return parseChat(found.chat, options.limits);
  }

  /**
   * Snapshots the owner's chat with these leave-out choices (B15). `stored` choices are re-applied on update: messages
   * deleted from the chat since are dropped from them rather than refusing the update; new choices must all exist.
   */
  async function snapshotOf(
    chatId: string,
    actor: Actor,
    scope: SnapshotScope,
    upTo: string | null | undefined,
    version: number,
    leaveOut: ShareLeaveOut,
    stored = false,
  ): Promise<{ snapshot: Snapshot; leaveOut: ShareLeaveOut }> {
    const chat = await loadOwnedChat(chatId, actor);
    const applied = stored ? { ...leaveOut, messageIds: leaveOut.messageIds.filter((id) => chat.messages.has(id)) } : leaveOut;
    const snapshot = await snapshotChat(chat, { scope, upToMessageId: upTo ?? null, version, now: now(), leaveOut: applied });
    return { snapshot, leaveOut: applied };
  }

  /** B13: `undefined` keeps the stored password, `null` removes it, a string replaces it (new salt: old tokens die). */
  async function passwordChange(password: string | null | undefined): Promise<Partial<ShareRecord>> {
    if (password === undefined) return {};
    return { password: password === null ? null : await hashPassword(password, passwordIterations) };
  }

  function isOwner(share: ShareRecord, viewer: Viewer): boolean {
    return viewer !== null && viewer.id === share.ownerId;
  }

  /** S7, R2 then B13: the audience decides first, so a refused viewer never learns that a password exists. */
  async function shareForViewer(shareId: string, viewer: Viewer): Promise<ShareRecord> {
    const share = await loadShare(shareId);
    const decision = decideView(share, viewer, await loadSettings(), now());
    if (decision === 'auth-required') throw new AuthRequiredError();
    if (decision === 'not-found' || share === null) throw new ShareNotFoundError();
    return share;
  }

  async function readUnlocked(shareId: string, viewer: Viewer, readOptions: ReadShareOptions | undefined, count: boolean): Promise<ShareRecord> {
    const share = await shareForViewer(shareId, viewer);
    const owner = isOwner(share, viewer);
    if (share.password !== null && !owner) {
      const token = readOptions?.unlockToken;
      if (!(await tokens.check(token, share.id, share.password.salt, now()))) throw new PasswordRequiredError();
    }
    if (count && countViews && !owner) {
      // B14: a failed count never fails the read; the host hears about it.
      try {
        await store.recordView(share.id, now());
      } catch (error) {
        options.onViewCountError?.(error);
      }
    }
    return share;
  }

  /** B16: a stored history snapshot, re-validated like a record (T25). */
  function checkedHistory(share: ShareRecord, history: readonly Snapshot[]): Snapshot[] {
    return history.map((snapshot) => {
      const parsed = snapshotSchema.safeParse(snapshot);
      if (!parsed.success) throw new StorageError(`The stored history of share ${share.id} is corrupt and was not served.`);
      return parsed.data as Snapshot;
    });
  }

  function requireSignedIn(viewer: Viewer): Actor {
    if (viewer === null) throw new AuthRequiredError('Sign in to manage shared chats.');
    return viewer;
  }

  /** B9: every write that publishes (create, update, options, preview, rollback, community) needs the admins' leave. */
  function requireMayShare(actor: Actor, settings: InstanceSettings): void {
    if (!canCreateShares(actor, settings)) throw new ForbiddenError('You are not allowed to share chats on this instance.');
  }

  async function settingsForSharing(actor: Actor): Promise<InstanceSettings> {
    const settings = await loadSettings();
    requireMayShare(actor, settings);
    return settings;
  }

  function requireAdmin(actor: Actor, what: string): void {
    if (actor.isAdmin !== true) throw new ForbiddenError(`Only admins can ${what}.`);
  }

  function checkAudienceAllowed(audience: Audience | undefined, settings: InstanceSettings): void {
    if (audience?.type === 'anyone' && !settings.allowPublicLinks) {
      throw new ForbiddenError('Public links are turned off for this instance.');
    }
  }

  function resolveExpiry(input: { expiresAt?: number | null | undefined; expiresIn?: number | undefined }, at: number): number | null | undefined {
    if (input.expiresIn !== undefined) return at + input.expiresIn;
    if (input.expiresAt === undefined) return undefined;
    if (input.expiresAt !== null && input.expiresAt <= at) {
      throw new InvalidInputError([{ path: 'expiresAt', message: 'the expiry must be in the future' }]);
    }
    return input.expiresAt;
  }

  /** The share an actor wants to change; people who cannot even see it learn nothing (T1, T2). */
  async function shareForChange(shareId: string, actor: Actor, allowed: (share: ShareRecord, actor: Actor) => boolean): Promise<ShareRecord> {
    const share = await loadShare(shareId);
    if (share === null) throw new ShareNotFoundError();
    if (allowed(share, actor)) return share;
    const settings = await loadSettings();
    if (decideView(share, actor, settings, now()) === 'allow') {
      throw new ForbiddenError('Only the owner of this link can change it.');
    }
    throw new ShareNotFoundError();
  }

  /** Audience, expiry and owner-name changes, shared by "update" and "options" (B2, B3, B5). */
  function optionChanges(
    input: { audience?: Audience | undefined; expiresAt?: number | null | undefined; expiresIn?: number | undefined; showOwnerName?: boolean | undefined },
    actor: Actor,
    settings: InstanceSettings,
  ): Partial<ShareRecord> {
    checkAudienceAllowed(input.audience, settings);
    const changes: { -readonly [K in keyof ShareRecord]?: ShareRecord[K] } = {};
    if (input.audience) changes.audience = input.audience;
    const expiresAt = resolveExpiry(input, now());
    if (expiresAt !== undefined) changes.expiresAt = expiresAt;
    if (input.showOwnerName !== undefined) changes.ownerName = input.showOwnerName ? (actor.displayName ?? null) : null;
    return changes;
  }

  async function writeUpdate(previous: ShareRecord, changes: Partial<ShareRecord>): Promise<ShareSummary> {
    // B16: a new snapshot version makes the store archive the current one; its choices are kept in the same write.
    const archived =
      changes.snapshot !== undefined && changes.snapshot.version !== previous.snapshot.version
        ? { leaveOutByVersion: archiveLeaveOut(previous, changes.snapshot.version) }
        : {};
    const next: ShareRecord = { ...previous, ...changes, ...archived, version: previous.version + 1, updatedAt: now() };
    await storeCall('update a share', () => store.updateShare(next, previous.version));
    return toSummary(next);
  }

  function forActor(rawViewer: Viewer, context: RequestContext = {}): ShareApi {
    const viewer = parseInput(actorSchema, rawViewer, 'actor') as Viewer;
    const clientKey = context.clientKey == null ? null : parseInput(clientKeySchema, context.clientKey, 'context.clientKey');
    // B13: the per-client guess limit keys on the transport's client, else the signed-in user; prefixed so a client
    // key can never collide with a user id. Anonymous callers without a client key are limited per share only.
    const guessKey = clientKey !== null ? `client:${clientKey}` : viewer !== null ? `user:${viewer.id}` : null;

    return {
      async getSettings() {
        // Who may not share is the admins' business; everyone else learns only about themselves (T26).
        const settings = await loadSettings();
        if (viewer?.isAdmin === true) return settings;
        const self = viewer !== null && settings.sharingDisabledUserIds.includes(viewer.id) ? [viewer.id] : [];
        return deepFreeze({ ...settings, sharingDisabledUserIds: self });
      },

      async updateSettings(patch) {
        const actor = requireSignedIn(viewer);
        requireAdmin(actor, 'change instance settings');
        const changes = parseInput(settingsPatchSchema, patch, 'settings');
        const current = await loadSettings();
        const next = { ...current };
        for (const [key, value] of Object.entries(changes)) if (value !== undefined) Object.assign(next, { [key]: value });
        return saveSettings(current, next);
      },

      async setSharingAllowed(userId, allowed) {
        const actor = requireSignedIn(viewer);
        requireAdmin(actor, 'change who may share');
        parseInput(idArgumentSchema, userId, 'userId');
        if (typeof allowed !== 'boolean') throw new InvalidInputError([{ path: 'allowed', message: 'expected a boolean' }]);
        const current = await loadSettings();
        const others = current.sharingDisabledUserIds.filter((id) => id !== userId);
        return saveSettings(current, { ...current, sharingDisabledUserIds: allowed ? others : [...others, userId] });
      },

      async createShare(rawInput) {
        const actor = requireSignedIn(viewer);
        const input = parseInput(createShareInputSchema, rawInput, 'input');
        const settings = await settingsForSharing(actor);
        checkAudienceAllowed(input.audience, settings);
        const at = now();
        const expiresAt = resolveExpiry(input, at) ?? null;
        const { snapshot, leaveOut } = await snapshotOf(input.chatId, actor, input.scope ?? 'branch', input.upToMessageId, 1, resolveLeaveOut(input.leaveOut ?? {}));
        const password = input.password == null ? null : await hashPassword(input.password, passwordIterations);
        for (let attempt = 1; ; attempt++) {
          const record: ShareRecord = {
            id: generateId(),
            ownerId: actor.id,
            ownerName: input.showOwnerName ? (actor.displayName ?? null) : null,
            chatId: input.chatId,
            title: snapshot.title,
            audience: input.audience ?? { type: 'instance' },
            expiresAt,
            createdAt: at,
            updatedAt: at,
            version: 1,
            snapshot,
            password,
            leaveOut,
            views: { count: 0, lastViewedAt: null },
          };
          try {
            await storeCall('create a share', () => store.createShare(record));
            return toSummary(record);
          } catch (error) {
            // An id collision: draw a new id rather than hand out a link that resolves to someone else's (T25).
            if (error instanceof ConflictError && attempt < MAX_ID_ATTEMPTS) continue;
            throw error;
          }
        }
      },

      async findShareForChat(chatId) {
        const actor = requireSignedIn(viewer);
        parseInput(idArgumentSchema, chatId, 'chatId');
        const at = now();
        let cursor: string | null = null;
        do {
          const page: Page<ShareRecord> = await storeCall('list shares', () => store.listShares({ ownerId: actor.id, chatId }, { limit: 20, cursor }));
          const live = page.items.find((r) => !isExpired(r, at));
          if (live) return toSummary(live);
          cursor = page.nextCursor;
        } while (cursor !== null);
        return null;
      },

      async updateShare(shareId, rawInput = {}) {
        const actor = requireSignedIn(viewer);
        const input = parseInput(updateShareInputSchema, rawInput, 'input');
        const share = await shareForChange(shareId, actor, canEditShare);
        const settings = await settingsForSharing(actor);
        const changes = optionChanges(input, actor, settings);
        const scope = input.scope ?? share.snapshot.scope;
        // New choices merge over the stored ones (B15). Newly named messages must exist; stored ones deleted from the
        // chat since are dropped.
        const { snapshot, leaveOut } = await snapshotOf(
          share.chatId,
          actor,
          scope,
          input.upToMessageId,
          share.snapshot.version + 1,
          resolveLeaveOut(input.leaveOut ?? {}, share.leaveOut),
          input.leaveOut?.messageIds === undefined,
        );
        return writeUpdate(share, { ...changes, ...(await passwordChange(input.password)), snapshot, title: snapshot.title, leaveOut });
      },

      async setShareOptions(shareId, rawInput) {
        const actor = requireSignedIn(viewer);
        const input = parseInput(shareOptionsInputSchema, rawInput, 'input');
        const share = await shareForChange(shareId, actor, canEditShare);
        const settings = await settingsForSharing(actor);
        const changes = optionChanges(input, actor, settings);
        if (input.scope && input.scope !== share.snapshot.scope) {
          // Narrowing takes effect at once (T12). Widening would publish the live chat, messages sent since included,
          // without the owner pressing "Update": that is what updateShare({ scope }) is for (S6, T10).
          if (input.scope === 'full-history') {
            throw new InvalidInputError([{ path: 'input.scope', message: 'widening to full history takes a new snapshot: use updateShare({ scope })' }]);
          }
          const snapshot = await restrictToBranch(share.snapshot);
          Object.assign(changes, { snapshot, title: snapshot.title });
        }
        return writeUpdate(share, { ...changes, ...(await passwordChange(input.password)) });
      },

      async revokeShare(shareId) {
        const actor = requireSignedIn(viewer);
        const share = await shareForChange(shareId, actor, canRevokeShare);
        const deleted = await storeCall('revoke a share', () => store.deleteShare(share.id));
        if (!deleted) throw new ShareNotFoundError();
      },

      async revokeSharesOfChat(chatId) {
        const actor = requireSignedIn(viewer);
        parseInput(idArgumentSchema, chatId, 'chatId');
        // Chat ids are the host's, unique per instance: an admin deleting a user's chat takes that user's links too (S11).
        const filter = actor.isAdmin === true ? { chatId } : { ownerId: actor.id, chatId };
        return storeCall('revoke the shares of a chat', () => store.deleteShares(filter));
      },

      async revokeAllShares(opts = {}) {
        const actor = requireSignedIn(viewer);
        const ownerId = opts.ownerId ?? actor.id;
        parseInput(idArgumentSchema, ownerId, 'ownerId');
        if (ownerId !== actor.id) requireAdmin(actor, "revoke another user's shares");
        return storeCall('revoke shares', () => store.deleteShares({ ownerId }));
      },

      async listShares(rawInput = {}) {
        const actor = requireSignedIn(viewer);
        const input = parseInput(listSharesInputSchema, rawInput, 'input');
        const page = await storeCall('list shares', () =>
          store.listShares(
            { ownerId: actor.id, ...(input.query ? { query: input.query } : {}) },
            { limit: input.limit ?? DEFAULT_PAGE, cursor: input.cursor ?? null },
          ),
        );
        return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
      },

      async listAllShares(rawInput = {}) {
        const actor = requireSignedIn(viewer);
        requireAdmin(actor, 'list every share');
        const input = parseInput(listSharesInputSchema, rawInput, 'input');
        const page = await storeCall('list shares', () =>
          store.listShares(
            { ...(input.ownerId ? { ownerId: input.ownerId } : {}), ...(input.query ? { query: input.query } : {}) },
            { limit: input.limit ?? DEFAULT_PAGE, cursor: input.cursor ?? null },
          ),
        );
        return { items: page.items.map((r) => ({ ...toSummary(r), ownerId: r.ownerId })), nextCursor: page.nextCursor };
      },

      async readShare(shareId, readOptions) {
        return toView(await readUnlocked(shareId, viewer, readOptions, true), viewer);
      },

      async cloneShare(shareId, readOptions) {
        requireSignedIn(viewer);
        // Not a view of its own: the viewer already opened the link to get here.
        const share = await readUnlocked(shareId, viewer, readOptions, false);
        return snapshotToChat(share.snapshot);
      },

      async unlockShare(shareId, password) {
        const share = await shareForViewer(shareId, viewer);
        if (typeof password !== 'string') throw new InvalidInputError([{ path: 'password', message: 'expected a string' }]);
        const at = now();
        const expiresAt = at + unlockTtlMs;
        // The owner may have just removed the password: the viewer who typed one can read, so say yes.
        if (share.password === null) return { token: await tokens.issue(share.id, '', expiresAt), expiresAt };
        // Limits before the slow hash: a limited client costs no CPU (B13).
        const shareKey = share.id;
        const wait = Math.max(shareGuesses.retryAfter(shareKey, at), guessKey === null ? 0 : clientGuesses.retryAfter(guessKey, at));
        if (wait > 0) throw new RateLimitedError(wait);
        shareGuesses.take(shareKey, at);
        if (guessKey !== null) clientGuesses.take(guessKey, at);
        if (password.length <= MAX_PASSWORD_CHARS && (await verifyPassword(password, share.password))) {
          shareGuesses.refund(shareKey);
          if (guessKey !== null) clientGuesses.refund(guessKey);
          return { token: await tokens.issue(share.id, share.password.salt, expiresAt), expiresAt };
        }
        throw new PasswordIncorrectError();
      },

      async previewShare(rawInput) {
        const actor = requireSignedIn(viewer);
        const input = parseInput(previewShareInputSchema, rawInput, 'input');
        await settingsForSharing(actor);
        const chat = await loadOwnedChat(input.chatId, actor);
        return previewChat(chat, {
          scope: input.scope ?? 'branch',
          upToMessageId: input.upToMessageId ?? null,
          now: now(),
          leaveOut: resolveLeaveOut(input.leaveOut ?? {}),
        });
      },

      async listShareVersions(shareId) {
        const actor = requireSignedIn(viewer);
        const share = await shareForChange(shareId, actor, canEditShare);
        const history = checkedHistory(share, await storeCall('read the history of a share', () => store.getSnapshotHistory(share.id)));
        const version = (snapshot: Snapshot, current: boolean): ShareVersion => ({
          leaveOut: current ? share.leaveOut : (share.leaveOutByVersion?.[snapshot.version] ?? null),
          snapshotVersion: snapshot.version,
          createdAt: snapshot.createdAt,
          title: snapshot.title,
          scope: snapshot.scope,
          messageCount: Object.keys(snapshot.messages).length,
          hash: snapshot.hash,
          current,
        });
        return deepFreeze([version(share.snapshot, true), ...history.map((s) => version(s, false))]);
      },

      async rollbackShare(shareId, snapshotVersion) {
        const actor = requireSignedIn(viewer);
        const target = parseInput(snapshotVersionSchema, snapshotVersion, 'snapshotVersion');
        const share = await shareForChange(shareId, actor, canEditShare);
        await settingsForSharing(actor);
        if (target === share.snapshot.version) {
          throw new InvalidInputError([{ path: 'snapshotVersion', message: `version ${target} is already the current one` }]);
        }
        const history = checkedHistory(share, await storeCall('read the history of a share', () => store.getSnapshotHistory(share.id)));
        const old = history.find((s) => s.version === target);
        if (old === undefined) {
          throw new InvalidInputError([{ path: 'snapshotVersion', message: `this link has no version ${target} to go back to` }]);
        }
        // The choices the old snapshot was made with come back with it, so what the owner is shown left out is what is
        // left out. Without them (a snapshot archived before they were kept) core cannot tell the owner what the old
        // content shares, so it refuses rather than republish it under the current choices' name.
        const leaveOut = share.leaveOutByVersion?.[target];
        if (leaveOut === undefined) {
          throw new InvalidInputError([
            { path: 'snapshotVersion', message: `what version ${target} left out is not known; update the link to publish the chat again instead` },
          ]);
        }
        // Same content and hash, a new version number: viewers see a new revision, and the one replaced is kept (B16).
        const snapshot = deepFreeze({ ...old, version: share.snapshot.version + 1, createdAt: now() });
        return writeUpdate(share, { snapshot, title: snapshot.title, leaveOut });
      },

      async communityPayload(rawInput) {
        const actor = requireSignedIn(viewer);
        const input = parseInput(communityInputSchema, rawInput, 'input');
        const settings = await loadSettings();
        if (!settings.communitySharing) throw new CommunityDisabledError();
        requireMayShare(actor, settings);
        // `public` publishes only the visible branch; the other levels carry every regeneration (S3).
        const scope: SnapshotScope = input.level === 'public' ? 'branch' : 'full-history';
        // The defaults of B15 apply here too: a community post never carries the system prompt.
        const { snapshot } = await snapshotOf(input.chatId, actor, scope, null, 1, DEFAULT_LEAVE_OUT);
        return { chat: snapshotToChat(snapshot) as Record<string, unknown>, models: [...snapshot.models], level: input.level };
      },
    };
  }

  return { forActor, store };
}
