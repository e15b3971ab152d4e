import * as z from 'zod/mini';
import { snapshotSchema, snapshotScopeSchema } from '../snapshot/schema.js';
import { unstorable } from '../chat/guard.js';
import { DEFAULT_LEAVE_OUT } from './types.js';

/*
 * The one definition of every shape core checks: what callers send (the `…InputSchema`s) and what a store keeps. The
 * shapes core answers with are in `answers.ts`; the types in `types.ts` are inferred from both. Field docs here reach
 * editors in this repository; the published `.d.ts` keeps the docs of the types (see `snapshot/schema.ts` for why).
 */

/**
 * A string every store can keep: PostgreSQL refuses NUL and lone surrogates that memory and IndexedDB keep, so an id,
 * query or name holding one is INVALID_INPUT naming the field here, not a STORAGE_ERROR (HTTP 500) from the store.
 * The length is checked first and aborts: an overlong string is refused without being scanned. A plain `z.check`
 * rather than `z.refine`: refine pulls ~150 more bytes of zod into the core bundle (test/bundle-size.test.ts).
 */
export function storableString(minLength = 0, maxLength?: number) {
  return z.string().check(
    z.minLength(minLength),
    z.maxLength(maxLength ?? Infinity, { abort: true }),
    z.check<string>((payload) => {
      const message = unstorable(payload.value);
      if (message !== null) payload.issues.push({ code: 'custom', input: payload.value, message });
    }),
  );
}

/** A bare id argument (`chatId`, `userId`, `ownerId`) of the methods that take one outside an input object. */
export const idArgumentSchema = storableString(1);

const idList = z.array(storableString(1, 200)).check(z.maxLength(1_000));

/** Who may open a link, by name: the variants of `audienceSchema`. */
export const AUDIENCE_TYPES = ['owner', 'instance', 'anyone', 'people'] as const;

/** Who may open a link; the default is `instance` (signed-in users of this instance). */
export const audienceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('owner') }),
  z.object({ type: z.literal('instance') }),
  z.object({ type: z.literal('anyone') }),
  z.object({ type: z.literal('people'), userIds: idList, groupIds: z._default(idList, []) }),
]);

/** The community hub's access levels, as Open WebUI names them. */
export const COMMUNITY_LEVELS = ['private', 'public', 'public-full-history'] as const;

export const communityLevelSchema = z.enum(COMMUNITY_LEVELS);

export const scopeSchema = snapshotScopeSchema;

/** A time in ms since the epoch, within a sane range (no NaN, no 1e308). */
export const epochMs = z.number().check(z.int(), z.gte(0), z.lte(8.64e15));

export const count = z.number().check(z.int(), z.gte(0));

/** The share id alphabet (nanoid's URL-safe 64 symbols). */
export const shareIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{21,64}$/, 'not a share id'));

/** What the owner leaves out of a snapshot; every field optional on input, the rest filled from `DEFAULT_LEAVE_OUT`. */
export const leaveOutInputSchema = z.object({
  messageIds: z.optional(z.array(storableString(1, 1_000)).check(z.maxLength(10_000))),
  systemPrompt: z.optional(z.boolean()),
  toolOutput: z.optional(z.boolean()),
  attachments: z.optional(z.boolean()),
});

/**
 * What the owner leaves out of a snapshot. A left-out message is removed and its replies move up to its parent.
 * Stored on the share, so "Update and copy link" applies the same choices to the new snapshot.
 */
export const leaveOutSchema = z.object({
  /** The source chat's message ids (the owner's own; they never reach a viewer). */
  messageIds: z.array(z.string()),
  /** Leaves out the chat's system prompt and every `system` message. */
  systemPrompt: z.boolean(),
  /** Removes tool-call and code-interpreter results and `tool` messages. */
  toolOutput: z.boolean(),
  /** Removes the attachment list of every message. */
  attachments: z.boolean(),
});

/** A new password as the owner types it; `null` removes the password. */
export const passwordInputSchema = z.nullable(storableString(4, 200));

const base64url = z.string().check(z.regex(/^[A-Za-z0-9_-]{16,200}$/));

/**
 * A share password, stored only as a salted slow hash (PBKDF2-HMAC-SHA-256 through Web Crypto); `salt` and `hash` are
 * base64url.
 */
export const storedPasswordSchema = z.object({
  algorithm: z.literal('PBKDF2-SHA256'),
  iterations: z.number().check(z.int(), z.gte(1), z.lte(100_000_000)),
  salt: base64url,
  hash: base64url,
});

const viewsSchema = z.object({ count, lastViewedAt: z.nullable(epochMs) });

/** Re-validates records that come back from a store: a corrupt record is rejected, not served. */
export const shareRecordSchema = z.object({
  /** nanoid, at least 21 characters from a secure random source. */
  id: shareIdSchema,
  ownerId: z.string().check(z.minLength(1)),
  /** The owner's display name, kept only when the owner chose to show it. */
  ownerName: z.nullable(z.string()),
  chatId: z.string(),
  /** Denormalised from the snapshot for listing and search. */
  title: z.string(),
  audience: audienceSchema,
  expiresAt: z.nullable(epochMs),
  createdAt: epochMs,
  updatedAt: epochMs,
  /** Incremented on every write; the compare-and-set token, so a late write cannot undo a revoke or another edit. */
  version: z.number().check(z.int(), z.gte(1)),
  snapshot: snapshotSchema,
  /** `null` when the link has no password. */
  password: z.nullable(storedPasswordSchema),
  /** What the owner left out, re-applied on every update. */
  leaveOut: leaveOutSchema,
  /** Counted by the store, never by rewriting the record. */
  views: viewsSchema,
});

/** Instance-wide settings. Only admins change them. */
export const settingsSchema = z.object({
  /** "Enable community sharing"; off by default in chatshare. */
  communitySharing: z.boolean(),
  /** Admins may forbid `anyone` links; while forbidden, existing `anyone` links act as `instance`. */
  allowPublicLinks: z.boolean(),
  /** The host's text-to-speech switch, carried here so every viewer agrees. */
  textToSpeech: z.boolean(),
  /** Users who may not create or update shares. */
  sharingDisabledUserIds: idList,
  version: z.number().check(z.int(), z.gte(0)),
});

const chatIdSchema = storableString(1, 200);

/** `expiresAt` (ms) or `expiresIn` (ms from now, e.g. 1 hour … 30 days); `null` clears it. */
const expirySchema = {
  expiresAt: z.optional(z.nullable(epochMs)),
  expiresIn: z.optional(z.number().check(z.int(), z.gte(1_000), z.lte(10 * 365 * 24 * 3600 * 1000))),
};

export const createShareInputSchema = z.object({
  chatId: chatIdSchema,
  audience: z.optional(audienceSchema),
  scope: z.optional(scopeSchema),
  upToMessageId: z.optional(z.nullable(storableString())),
  showOwnerName: z.optional(z.boolean()),
  password: z.optional(passwordInputSchema),
  leaveOut: z.optional(leaveOutInputSchema),
  ...expirySchema,
});

/** What `createShare` with the same fields would publish, computed without storing anything. */
export const previewShareInputSchema = z.object({
  chatId: chatIdSchema,
  scope: z.optional(scopeSchema),
  upToMessageId: z.optional(z.nullable(storableString())),
  leaveOut: z.optional(leaveOutInputSchema),
});

/** The snapshot version to roll back to. */
export const snapshotVersionSchema = z.number().check(z.int(), z.gte(1));

/** "Update and copy link": a new snapshot plus any option changes, written as one compare-and-set. */
export const updateShareInputSchema = z.object({
  scope: z.optional(scopeSchema),
  upToMessageId: z.optional(z.nullable(storableString())),
  audience: z.optional(audienceSchema),
  showOwnerName: z.optional(z.boolean()),
  password: z.optional(passwordInputSchema),
  leaveOut: z.optional(leaveOutInputSchema),
  ...expirySchema,
});

export const shareOptionsInputSchema = z.object({
  audience: z.optional(audienceSchema),
  scope: z.optional(scopeSchema),
  showOwnerName: z.optional(z.boolean()),
  /** A new password, or `null` to remove it. The owner never needs the old one. */
  password: z.optional(passwordInputSchema),
  ...expirySchema,
});

export const listSharesInputSchema = z.object({
  limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
  cursor: z.optional(z.nullable(storableString(0, 200))),
  query: z.optional(storableString(0, 200)),
  ownerId: z.optional(storableString()),
});

export const settingsPatchSchema = z.object({
  communitySharing: z.optional(z.boolean()),
  allowPublicLinks: z.optional(z.boolean()),
  textToSpeech: z.optional(z.boolean()),
});

export const communityInputSchema = z.object({
  chatId: chatIdSchema,
  level: communityLevelSchema,
});

/** Who is asking, as the host app says (chatshare never stores passwords or sessions). `null` is an anonymous viewer. */
export const actorSchema = z.nullable(
  z.object({
    id: storableString(1, 200),
    isAdmin: z.optional(z.boolean()),
    /** Group ids the user belongs to, matched against `people` audiences. */
    groups: z.optional(z.array(storableString())),
    /** Shown on a share only when the owner opts in with `showOwnerName`. */
    displayName: z.optional(storableString(0, 200)),
  }),
);

export type CreateShareInput = z.input<typeof createShareInputSchema>;
export type UpdateShareInput = z.input<typeof updateShareInputSchema>;
export type ShareOptionsInput = z.input<typeof shareOptionsInputSchema>;
export type ListSharesInput = z.input<typeof listSharesInputSchema>;
export type SettingsPatch = z.input<typeof settingsPatchSchema>;
export type CommunityInput = z.input<typeof communityInputSchema>;
export type PreviewShareInput = z.input<typeof previewShareInputSchema>;
export type LeaveOutInput = z.input<typeof leaveOutInputSchema>;
