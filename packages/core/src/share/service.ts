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
  ShareNotFoundError,
  StorageError,
} from '../errors.js';
import { restrictToBranch, snapshotChat } from '../snapshot/create.js';
import { deepFreeze } from '../snapshot/freeze.js';
import { snapshotToChat } from '../snapshot/export.js';
import type { Snapshot, SnapshotScope } from '../snapshot/types.js';
import type { ShareStore } from '../store/contract.js';
import { createShareId } from './ids.js';
import { canCreateShares, canEditShare, canRevokeShare, decideView, isExpired } from './policy.js';
import {
  actorSchema,
  communityInputSchema,
  createShareInputSchema,
  idArgumentSchema,
  listSharesInputSchema,
  settingsPatchSchema,
  settingsSchema,
  shareIdSchema,
  shareOptionsInputSchema,
  shareRecordSchema,
  updateShareInputSchema,
  type CommunityInput,
  type PreviewShareInput,
  type CreateShareInput,
  type ListSharesInput,
  type SettingsPatch,
  type ShareOptionsInput,
  type UpdateShareInput,
} from './schema.js';
import {
  DEFAULT_SETTINGS,
  type Actor,
  type Audience,
  type CommunityPayload,
  type InstanceSettings,
  type Page,
  type SharedChatView,
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
}

export interface ShareService {
  forActor(actor: Viewer, context?: RequestContext): ShareApi;
  readonly store: ShareStore;
}

const MAX_ID_ATTEMPTS = 3;
const DEFAULT_PAGE = 20;

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
  const { store, chats } = options;
  const now = options.now ?? Date.now;
  const generateId = options.generateId ?? createShareId;

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

  async function snapshotOf(chatId: string, actor: Actor, scope: SnapshotScope, upTo: string | null | undefined, version: number): Promise<Snapshot> {
    const chat = await loadOwnedChat(chatId, actor);
    return snapshotChat(chat, { scope, upToMessageId: upTo ?? null, version, now: now() });
  }

  function requireSignedIn(viewer: Viewer): Actor {
    if (viewer === null) throw new AuthRequiredError('Sign in to manage shared chats.');
    return viewer;
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
    const next: ShareRecord = { ...previous, ...changes, version: previous.version + 1, updatedAt: now() };
    await storeCall('update a share', () => store.updateShare(next, previous.version));
    return toSummary(next);
  }

  function forActor(rawViewer: Viewer): ShareApi {
    const viewer = parseInput(actorSchema, rawViewer, 'actor') as Viewer;

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
        const settings = await loadSettings();
        if (!canCreateShares(actor, settings)) throw new ForbiddenError('You are not allowed to share chats on this instance.');
        checkAudienceAllowed(input.audience, settings);
        const at = now();
        const expiresAt = resolveExpiry(input, at) ?? null;
        const snapshot = await snapshotOf(input.chatId, actor, input.scope ?? 'branch', input.upToMessageId, 1);
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
        const settings = await loadSettings();
        if (!canCreateShares(actor, settings)) throw new ForbiddenError('You are not allowed to share chats on this instance.');
        const changes = optionChanges(input, actor, settings);
        const scope = input.scope ?? share.snapshot.scope;
        const snapshot = await snapshotOf(share.chatId, actor, scope, input.upToMessageId, share.snapshot.version + 1);
        return writeUpdate(share, { ...changes, snapshot, title: snapshot.title });
      },

      async setShareOptions(shareId, rawInput) {
        const actor = requireSignedIn(viewer);
        const input = parseInput(shareOptionsInputSchema, rawInput, 'input');
        const share = await shareForChange(shareId, actor, canEditShare);
        const settings = await loadSettings();
        if (!canCreateShares(actor, settings)) throw new ForbiddenError('You are not allowed to share chats on this instance.');
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
        return writeUpdate(share, changes);
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

      async readShare(shareId) {
        const share = await loadShare(shareId);
        const decision = decideView(share, viewer, await loadSettings(), now());
        if (decision === 'auth-required') throw new AuthRequiredError();
        if (decision === 'not-found' || share === null) throw new ShareNotFoundError();
        return toView(share, viewer);
      },

      async cloneShare(shareId) {
        requireSignedIn(viewer);
        const view = await this.readShare(shareId);
        return snapshotToChat(view.snapshot);
      },

      async communityPayload(rawInput) {
        const actor = requireSignedIn(viewer);
        const input = parseInput(communityInputSchema, rawInput, 'input');
        const settings = await loadSettings();
        if (!settings.communitySharing) throw new CommunityDisabledError();
        if (!canCreateShares(actor, settings)) throw new ForbiddenError('You are not allowed to share chats on this instance.');
        // `public` publishes only the visible branch; the other levels carry every regeneration (S3).
        const scope: SnapshotScope = input.level === 'public' ? 'branch' : 'full-history';
        const snapshot = await snapshotOf(input.chatId, actor, scope, null, 1);
        return { chat: snapshotToChat(snapshot) as Record<string, unknown>, models: [...snapshot.models], level: input.level };
      },
    };
  }

  return { forActor, store };
}
