import { ConflictError, InvalidInputError } from '../errors.js';
import { requireAudienceAllowed } from '../policy/sharing.js';
import type { LeaveOutInput } from '../share/schema.js';
import { DEFAULT_LEAVE_OUT, type Actor, type Audience, type InstanceSettings, type ShareLeaveOut, type ShareRecord, type ShareSummary } from '../share/types.js';
import { encodeShare, listedRecordOf } from '../store/record-codec.js';
import { storeCall, type ServiceContext } from './context.js';
import { historyChange } from './history.js';
import { toSummary } from './summary.js';

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

/** How often a new share draws another id after a collision before it gives up. */
const MAX_ID_ATTEMPTS = 3;

/**
 * The owner's leave-out choices over `base` (the defaults on create, the share's stored choices on update, so changing
 * one switch keeps the others); duplicates dropped.
 */
export function resolveLeaveOut(input: LeaveOutInput, base: ShareLeaveOut = DEFAULT_LEAVE_OUT): ShareLeaveOut {
  return {
    messageIds: [...new Set(input.messageIds ?? base.messageIds)],
    systemPrompt: input.systemPrompt ?? base.systemPrompt,
    toolOutput: input.toolOutput ?? base.toolOutput,
    attachments: input.attachments ?? base.attachments,
  };
}

/** `expiresIn` counts from `at`; an `expiresAt` must be in the future; `undefined` keeps the stored expiry. */
export function resolveExpiry(input: { expiresAt?: number | null | undefined; expiresIn?: number | undefined }, at: number): number | null | undefined {
  if (input.expiresIn !== undefined) return at + input.expiresIn;
  if (input.expiresAt === undefined) return undefined;
  if (input.expiresAt !== null && input.expiresAt <= at) {
    throw new InvalidInputError([{ path: 'expiresAt', message: 'the expiry must be in the future' }]);
  }
  return input.expiresAt;
}

export interface OptionInput {
  readonly audience?: Audience | undefined;
  readonly expiresAt?: number | null | undefined;
  readonly expiresIn?: number | undefined;
  readonly showOwnerName?: boolean | undefined;
}

/** Audience, expiry and owner-name changes, shared by "update" and "options". */
export function optionChanges(context: ServiceContext, input: OptionInput, actor: Actor, settings: InstanceSettings): Partial<ShareRecord> {
  requireAudienceAllowed(input.audience, settings);
  const changes: Mutable<ShareRecord> = {};
  if (input.audience) changes.audience = input.audience;
  const expiresAt = resolveExpiry(input, context.now());
  if (expiresAt !== undefined) changes.expiresAt = expiresAt;
  if (input.showOwnerName !== undefined) changes.ownerName = input.showOwnerName ? (actor.displayName ?? null) : null;
  return changes;
}

/** Stores a new share under a fresh id; an id collision draws a new one rather than hand out someone else's link. */
export async function insertNewShare(context: ServiceContext, draft: Omit<ShareRecord, 'id'>): Promise<ShareSummary> {
  for (let attempt = 1; ; attempt++) {
    const record: ShareRecord = { id: context.generateId(), ...draft };
    try {
      await storeCall('create a share', () => context.store.insertShare(encodeShare(record)));
      return toSummary(listedRecordOf(record));
    } catch (error) {
      if (error instanceof ConflictError && attempt < MAX_ID_ATTEMPTS) continue;
      throw error;
    }
  }
}

/**
 * Writes `changes` over `previous` as one compare-and-set on its version, archiving the replaced snapshot in the same
 * write when the snapshot version changes. A share revoked meanwhile is not brought back (`SHARE_NOT_FOUND`).
 */
export async function writeUpdate(context: ServiceContext, previous: ShareRecord, changes: Partial<ShareRecord>): Promise<ShareSummary> {
  const next: ShareRecord = { ...previous, ...changes, version: previous.version + 1, updatedAt: context.now() };
  await storeCall('update a share', () => context.store.replaceShare(encodeShare(next), previous.version, historyChange(previous, next)));
  return toSummary(listedRecordOf(next));
}
