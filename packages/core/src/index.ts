export * from './errors.js';
export { DEFAULT_CHAT_LIMITS, type ChatLimits } from './chat/limits.js';
export { chatSchema, messageSchema, type OpenWebUIChat, type OpenWebUIMessage } from './chat/schema.js';
export { parseChat, type TreeMessage, type ValidatedChat } from './chat/tree.js';
export { snapshotChat, snapshotBranch, restrictToBranch, computeSnapshotHash, previewChat, type SnapshotOptions } from './snapshot/create.js';
export { stripToolOutput } from './snapshot/leave-out.js';
export { snapshotToChat, snapshotToMarkdown, snapshotToJson } from './snapshot/export.js';
export { snapshotSchema } from './snapshot/schema.js';
export { SNAPSHOT_FORMAT, type Snapshot, type SnapshotMessage, type SnapshotScope, type SnapshotFile } from './snapshot/types.js';
export { canonicalJson, sha256Hex } from './snapshot/hash.js';
export * from './share/types.js';
export { decideView, isExpired, type ViewDecision } from './policy/view.js';
export { canEditShare, canRevokeShare } from './policy/change.js';
export { canCreateShares } from './policy/sharing.js';
export { AUDIENCE_ORDER, DEFAULT_AUDIENCE, audienceChoices, audienceChange, sameAudience, type AudienceChoices, type AudienceLike } from './policy/audience-choices.js';
export {
  audienceSchema,
  shareRecordSchema,
  settingsSchema,
  shareIdSchema,
  createShareInputSchema,
  updateShareInputSchema,
  shareOptionsInputSchema,
  listSharesInputSchema,
  settingsPatchSchema,
  communityInputSchema,
  previewShareInputSchema,
  leaveOutInputSchema,
  passwordInputSchema,
  snapshotVersionSchema,
  actorSchema,
  storableString,
  type CreateShareInput,
  type UpdateShareInput,
  type ShareOptionsInput,
  type ListSharesInput,
  type SettingsPatch,
  type CommunityInput,
  type PreviewShareInput,
  type LeaveOutInput,
} from './share/schema.js';
export { parseInput } from './share/validate.js';
export { createShareId } from './share/ids.js';
export { parseCommunityUpload, type ReceivedCommunityUpload } from './share/community.js';
export { createShareService } from './service/create-share-service.js';
export { SNAPSHOT_HISTORY_LIMIT } from './service/history.js';
export type {
  ShareService,
  ShareServiceOptions,
  PasswordGuessLimit,
  ShareApi,
  ChatSource,
  AdminShareSummary,
  ReadShareOptions,
  RequestContext,
} from './service/api.js';
export type {
  ShareStore,
  StoredShare,
  ListedShare,
  ShareRead,
  StoredSettings,
  ArchivedSnapshot,
  ViewIncrement,
  ReplaceOptions,
  ShareFilter,
  PageRequest,
} from './store/contract.js';
export { MemoryShareStore, createMemoryStore } from './store/memory.js';
export { compareForListing, encodeCursor, decodeCursor, isAfterCursor, matchesFilter, type CursorPosition } from './store/listing.js';
