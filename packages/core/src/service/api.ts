import type { ChatLimits } from '../chat/limits.js';
import type { OpenWebUIChat } from '../chat/schema.js';
import type { PasswordGuessLimit } from '../password/options.js';
import type {
  CommunityInput,
  CreateShareInput,
  ListSharesInput,
  PreviewShareInput,
  SettingsPatch,
  ShareOptionsInput,
  UpdateShareInput,
} from '../share/schema.js';
import type {
  CommunityPayload,
  InstanceSettings,
  Page,
  SharedChatView,
  SharePreview,
  ShareSummary,
  ShareVersion,
  UnlockResult,
  Viewer,
} from '../share/types.js';
import type { ShareStore } from '../store/contract.js';

export type { PasswordGuessLimit };

/** The host's chats: chatshare asks it for a chat and who owns it, and checks ownership itself. */
export interface ChatSource {
  getChat(chatId: string): Promise<{ ownerId: string; chat: unknown } | null>;
}

/** A share as an admin sees it in the instance-wide list: the summary plus who owns it. */
export interface AdminShareSummary extends ShareSummary {
  readonly ownerId: string;
}

/**
 * Everything one actor can do with shares. The local service (`service.forActor(actor)`) and the HTTP client both
 * implement it, so elements work the same against either.
 */
export interface ShareApi {
  getSettings(): Promise<InstanceSettings>;
  /** Community sharing, public links, text-to-speech: admins only. */
  updateSettings(patch: SettingsPatch): Promise<InstanceSettings>;
  /** Whether a user may share at all: admins only. */
  setSharingAllowed(userId: string, allowed: boolean): Promise<InstanceSettings>;
  /** Snapshots the chat now and makes it reachable by a new unguessable id ("Copy link"). */
  createShare(input: CreateShareInput): Promise<ShareSummary>;
  /** The newest live share of this chat made by the actor, or `null`. */
  findShareForChat(chatId: string): Promise<ShareSummary | null>;
  /** Re-snapshots the source chat under the same id ("Update and copy link"). */
  updateShare(shareId: string, input?: UpdateShareInput): Promise<ShareSummary>;
  /** Audience, expiry, scope, owner name, password. */
  setShareOptions(shareId: string, input: ShareOptionsInput): Promise<ShareSummary>;
  /** The link stops working on the next read. Owner or admin. */
  revokeShare(shareId: string): Promise<void>;
  /** The host calls this when it deletes a chat; returns how many links died. */
  revokeSharesOfChat(chatId: string): Promise<number>;
  /** "Delete all" of the actor's links; an admin may name another owner. */
  revokeAllShares(options?: { ownerId?: string }): Promise<number>;
  /** The actor's own shares, newest first, searchable by title. */
  listShares(input?: ListSharesInput): Promise<Page<ShareSummary>>;
  /** Every share of the instance (or of one owner); admins only. */
  listAllShares(input?: ListSharesInput): Promise<Page<AdminShareSummary>>;
  /**
   * What the viewer may see, or `AUTH_REQUIRED` / `SHARE_NOT_FOUND`; for a password-protected link a viewer other
   * than the owner also needs a valid `unlockToken`, else `PASSWORD_REQUIRED`. Counts a view.
   */
  readShare(shareId: string, options?: ReadShareOptions): Promise<SharedChatView>;
  /** The snapshot as a new Open WebUI chat for the host to save; signed-in viewers only. */
  cloneShare(shareId: string, options?: ReadShareOptions): Promise<OpenWebUIChat>;
  /**
   * Checks a password for a link this viewer's audience admits and returns a short-lived signed token (the password
   * itself is never sent again). Wrong guesses are limited per share and per client (`RATE_LIMITED`).
   */
  unlockShare(shareId: string, password: string): Promise<UnlockResult>;
  /** Exactly what `createShare` with these fields would publish; stores nothing. Owner of the chat only. */
  previewShare(input: PreviewShareInput): Promise<SharePreview>;
  /** The link's snapshots, the current one first, then the history kept. Owner only. */
  listShareVersions(shareId: string): Promise<readonly ShareVersion[]>;
  /** Makes an earlier snapshot current again (as a new version; the replaced one joins the history). Owner only. */
  rollbackShare(shareId: string, snapshotVersion: number): Promise<ShareSummary>;
  /** The payload for a community hub; refused while community sharing is off. */
  communityPayload(input: CommunityInput): Promise<CommunityPayload>;
}

/** Options of `readShare` and `cloneShare`. */
export interface ReadShareOptions {
  /** The token `unlockShare` returned for this link. */
  readonly unlockToken?: string | null;
}

/** Who is calling, as the transport knows it: the HTTP handler passes the client key its rate limit uses. */
export interface RequestContext {
  /** Identifies the client (e.g. its address) for the per-client password-guess limit. */
  readonly clientKey?: string | null;
}

export interface ShareServiceOptions {
  store: ShareStore;
  chats: ChatSource;
  /** Clock in ms; inject one in tests. */
  now?: () => number;
  limits?: Partial<ChatLimits>;
  /** Id source; the default is nanoid. Tests inject one to force collisions. */
  generateId?: () => string;
  /** Count views of shares. Default `true`; `false` stores no counts at all. */
  countViews?: boolean;
  /**
   * The key that signs unlock tokens, at least 32 characters. Give every replica the same secret so a token from one
   * is accepted by the others. Default: random per service, so tokens end with the process.
   */
  unlockSecret?: string;
  /** How long an unlock token is valid. Default 12 hours. */
  unlockTtlMs?: number;
  /** PBKDF2-SHA-256 iterations for new passwords. Default 600,000 (OWASP 2023); at least 10,000. */
  passwordIterations?: number;
  /**
   * Wrong password guesses allowed per window (in memory, per service). `perClient` (default 10) is the strict one: it
   * stops one client guessing. `perShare` (default 100) caps all clients together on one link; it is high so one
   * client cannot lock a link for everyone, yet it still bounds guessing spread over many clients (addresses).
   * `windowMs` defaults to 15 minutes. Positive integers.
   */
  passwordGuessLimit?: PasswordGuessLimit;
  /**
   * Told when counting a view failed (the store threw). The read itself still succeeds: a view count is not worth
   * refusing a viewer. Default: ignored. Hosts typically log it.
   */
  onViewCountError?: (error: unknown) => void;
}

export interface ShareService {
  forActor(actor: Viewer, context?: RequestContext): ShareApi;
  readonly store: ShareStore;
}
