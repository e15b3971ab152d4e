import * as z from 'zod/mini';
import { snapshotSchema } from '../snapshot/schema.js';
import { unstorable } from '../chat/guard.js';

/**
 * A string every store can keep (R6, T23): PostgreSQL refuses NUL and lone surrogates that memory and IndexedDB keep,
 * so an id, query or name holding one is INVALID_INPUT naming the field here, not a STORAGE_ERROR (HTTP 500) from the
 * store. The length is checked first and aborts: an overlong string is refused without being scanned. A plain `z.check`
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

export const audienceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('owner') }),
  z.object({ type: z.literal('instance') }),
  z.object({ type: z.literal('anyone') }),
  z.object({ type: z.literal('people'), userIds: idList, groupIds: z._default(idList, []) }),
]);

export const scopeSchema = z.enum(['branch', 'full-history']);

// A time in ms since the epoch, within a sane range (no NaN, no 1e308).
const epochMs = z.number().check(z.int(), z.gte(0), z.lte(8.64e15));

/** The share id alphabet (nanoid's URL-safe 64 symbols). */
export const shareIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{21,64}$/, 'not a share id'));

/** B15: every field optional on input; the service fills the rest from `DEFAULT_LEAVE_OUT`. */
export const leaveOutInputSchema = z.object({
  messageIds: z.optional(z.array(storableString(1, 1_000)).check(z.maxLength(10_000))),
  systemPrompt: z.optional(z.boolean()),
  toolOutput: z.optional(z.boolean()),
  attachments: z.optional(z.boolean()),
});

const leaveOutSchema = z.object({
  messageIds: z.array(z.string()),
  systemPrompt: z.boolean(),
  toolOutput: z.boolean(),
  attachments: z.boolean(),
});

/** B13: a new password as the owner types it; `null` removes the password. */
export const passwordInputSchema = z.nullable(storableString(4, 200));

const base64url = z.string().check(z.regex(/^[A-Za-z0-9_-]{16,200}$/));

const storedPasswordSchema = z.object({
  algorithm: z.literal('PBKDF2-SHA256'),
  iterations: z.number().check(z.int(), z.gte(1), z.lte(100_000_000)),
  salt: base64url,
  hash: base64url,
});

const viewsSchema = z.object({
  count: z.number().check(z.int(), z.gte(0)),
  lastViewedAt: z.nullable(epochMs),
});

/** Re-validates records that come back from a store (T25: a corrupt record is rejected, not served). */
export const shareRecordSchema = z.object({
  id: shareIdSchema,
  ownerId: z.string().check(z.minLength(1)),
  ownerName: z.nullable(z.string()),
  chatId: z.string(),
  title: z.string(),
  audience: audienceSchema,
  expiresAt: z.nullable(epochMs),
  createdAt: epochMs,
  updatedAt: epochMs,
  version: z.number().check(z.int(), z.gte(1)),
  snapshot: snapshotSchema,
  // Records written before B13–B15 lack these fields: they read as "no password, never opened", and as the B15
  // default (system prompt private), so updating an old link never starts publishing a system prompt.
  password: z._default(z.nullable(storedPasswordSchema), null),
  leaveOut: z._default(leaveOutSchema, { messageIds: [], systemPrompt: true, toolOutput: false, attachments: false }),
  // B16: the choices each kept history snapshot was made with; older records knew none (rollback then refuses).
  leaveOutByVersion: z._default(z.record(z.string().check(z.regex(/^[1-9][0-9]{0,15}$/)), leaveOutSchema), {}),
  views: z._default(viewsSchema, { count: 0, lastViewedAt: null }),
});

export const settingsSchema = z.object({
  communitySharing: z.boolean(),
  allowPublicLinks: z.boolean(),
  textToSpeech: z.boolean(),
  sharingDisabledUserIds: idList,
  version: z.number().check(z.int(), z.gte(0)),
});

const chatIdSchema = storableString(1, 200);

/** `expiresAt` (ms) or `expiresIn` (ms from now, e.g. 1 hour … 30 days, B3); `null` clears it. */
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

/** B15: what `createShare` with the same fields would publish, computed without storing anything. */
export const previewShareInputSchema = z.object({
  chatId: chatIdSchema,
  scope: z.optional(scopeSchema),
  upToMessageId: z.optional(z.nullable(storableString())),
  leaveOut: z.optional(leaveOutInputSchema),
});

/** B16: the snapshot version to roll back to. */
export const snapshotVersionSchema = z.number().check(z.int(), z.gte(1));

/** "Update and copy link": a new snapshot plus any option changes, written as one compare-and-set (S9, R7). */
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
  /** B13: a new password, or `null` to remove it. The owner never needs the old one. */
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
  level: z.enum(['private', 'public', 'public-full-history']),
});

export const actorSchema = z.nullable(
  z.object({
    id: storableString(1, 200),
    isAdmin: z.optional(z.boolean()),
    groups: z.optional(z.array(storableString())),
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
