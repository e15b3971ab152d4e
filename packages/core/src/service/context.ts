import type { ChatLimits } from '../chat/limits.js';
import { ChatshareError, StorageError } from '../errors.js';
import { createSharePasswords, type SharePasswords } from '../password/share-passwords.js';
import { createShareId } from '../share/ids.js';
import { shareIdSchema } from '../share/schema.js';
import { deepFreeze } from '../snapshot/freeze.js';
import { DEFAULT_SETTINGS, type InstanceSettings, type ShareRecord, type Viewer } from '../share/types.js';
import type { ShareStore } from '../store/contract.js';
import { decodeSettings, decodeShare, encodeSettings } from '../store/record-codec.js';
import type { ChatSource, ShareServiceOptions } from './api.js';
import { createViewCounter, type ViewCounter } from './view-counter.js';

/** What every operation of one service shares: the store and the host's chats, the clock, passwords and view counts. */
export interface ServiceContext {
  readonly store: ShareStore;
  readonly chats: ChatSource;
  readonly limits: Partial<ChatLimits> | undefined;
  readonly now: () => number;
  readonly generateId: () => string;
  readonly passwords: SharePasswords;
  readonly views: ViewCounter;
}

/** Who calls one `forActor` API: the viewer, and the key their wrong password guesses count under. */
export interface Caller {
  readonly viewer: Viewer;
  readonly guessKey: string | null;
}

/** One read of a share: the share (`null` for an unknown or malformed id) and the settings a decision needs. */
export interface LoadedShare {
  readonly share: ShareRecord | null;
  readonly settings: InstanceSettings;
}

/** Checks the options (a `TypeError` for a bad one) and builds the context. */
export function createServiceContext(options: ShareServiceOptions): ServiceContext {
  const passwords = createSharePasswords(options);
  const { store, chats } = options;
  return {
    store,
    chats,
    limits: options.limits,
    now: options.now ?? Date.now,
    generateId: options.generateId ?? createShareId,
    passwords,
    views: createViewCounter(store, { countViews: options.countViews ?? true, onViewCountError: options.onViewCountError }),
  };
}

/** The errors a store may report as they are; anything else it throws becomes a `StorageError`. */
const STORE_ERROR_CODES: ReadonlySet<string> = new Set(['CONFLICT', 'SHARE_NOT_FOUND', 'STORAGE_ERROR', 'NETWORK_ERROR', 'INVALID_INPUT']);

/**
 * Calls the store, turning anything it throws outside the contract into a `StorageError`, so a remote store's own
 * `AUTH_REQUIRED`, say, never reaches a viewer as "sign in", and a driver's message never reaches a caller.
 */
export async function storeCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ChatshareError && STORE_ERROR_CODES.has(error.code)) throw error;
    throw new StorageError(`The share store failed to ${what}.`, error);
  }
}

/** Reads a share and the settings in one store call, re-validating both; a malformed id reads as unknown. */
export async function loadShare(context: ServiceContext, shareId: unknown): Promise<LoadedShare> {
  if (!shareIdSchema.safeParse(shareId).success) return { share: null, settings: DEFAULT_SETTINGS };
  const id = shareId as string;
  const read = await storeCall('read a share', () => context.store.getShare(id));
  if (read === null) return { share: null, settings: DEFAULT_SETTINGS };
  return { share: decodeShare(read, id), settings: decodeSettings(read.settings, DEFAULT_SETTINGS) };
}

export async function loadSettings(context: ServiceContext): Promise<InstanceSettings> {
  return decodeSettings(await storeCall('read settings', () => context.store.getSettings()), DEFAULT_SETTINGS);
}

/** Saves `next` over `current` (compare-and-set on its version) and returns what was saved. */
export async function saveSettings(
  context: ServiceContext,
  current: InstanceSettings,
  next: Omit<InstanceSettings, 'version'>,
): Promise<InstanceSettings> {
  const saved = { ...next, version: current.version + 1 };
  await storeCall('save settings', () => context.store.saveSettings(encodeSettings(saved), current.version));
  return deepFreeze(saved);
}
