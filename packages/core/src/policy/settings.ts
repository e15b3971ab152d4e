import { deepFreeze } from '../snapshot/freeze.js';
import type { InstanceSettings, Viewer } from '../share/types.js';
import { isAdmin } from './actor.js';

/**
 * The settings as `viewer` may see them. Who may not share is the admins' business: everyone else learns only whether
 * they themselves may.
 */
export function settingsVisibleTo(viewer: Viewer, settings: InstanceSettings): InstanceSettings {
  if (isAdmin(viewer)) return settings;
  const self = viewer !== null && settings.sharingDisabledUserIds.includes(viewer.id) ? [viewer.id] : [];
  return deepFreeze({ ...settings, sharingDisabledUserIds: self });
}
