import { deepFreeze } from '../snapshot/freeze.js';
import type { SharedChatView, ShareRecord, ShareSummary, Viewer } from '../share/types.js';
import type { ListedShareRecord } from '../store/record-codec.js';
import { canClone, isOwner } from '../policy/view.js';

/** What the owner sees of a share: never its owner id or source chat id. */
export function toSummary(record: ListedShareRecord): ShareSummary {
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
    messageCount: record.snapshot.messageCount,
    showOwnerName: record.ownerName !== null,
    hasPassword: record.password !== null,
    leaveOut: record.leaveOut,
    viewCount: record.views.count,
    lastViewedAt: record.views.lastViewedAt,
  };
}

/** What a viewer receives: the snapshot and nothing that identifies the owner or the source chat. */
export function toView(record: ShareRecord, viewer: Viewer): SharedChatView {
  return deepFreeze({
    id: record.id,
    title: record.title,
    audience: record.audience.type,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
    ownerName: record.ownerName,
    canClone: canClone(viewer),
    isOwner: isOwner(record, viewer),
    snapshot: record.snapshot,
  });
}
