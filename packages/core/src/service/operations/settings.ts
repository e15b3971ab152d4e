import { InvalidInputError } from '../../errors.js';
import { requireAdmin, requireSignedIn } from '../../policy/actor.js';
import { settingsVisibleTo } from '../../policy/settings.js';
import { idArgumentSchema, settingsPatchSchema } from '../../share/schema.js';
import { parseInput } from '../../share/validate.js';
import type { ShareApi } from '../api.js';
import { loadSettings, saveSettings, type Caller, type ServiceContext } from '../context.js';

/** The instance settings: everyone reads what concerns them, admins change them. */
export function settingsOperations(context: ServiceContext, { viewer }: Caller): Pick<ShareApi, 'getSettings' | 'updateSettings' | 'setSharingAllowed'> {
  return {
    async getSettings() {
      return settingsVisibleTo(viewer, await loadSettings(context));
    },

    async updateSettings(patch) {
      const actor = requireSignedIn(viewer);
      requireAdmin(actor, 'change instance settings');
      const changes = parseInput(settingsPatchSchema, patch, 'settings');
      const current = await loadSettings(context);
      const next = { ...current };
      for (const [key, value] of Object.entries(changes)) if (value !== undefined) Object.assign(next, { [key]: value });
      return saveSettings(context, current, next);
    },

    async setSharingAllowed(userId, allowed) {
      const actor = requireSignedIn(viewer);
      requireAdmin(actor, 'change who may share');
      parseInput(idArgumentSchema, userId, 'userId');
      if (typeof allowed !== 'boolean') throw new InvalidInputError([{ path: 'allowed', message: 'expected a boolean' }]);
      const current = await loadSettings(context);
      const others = current.sharingDisabledUserIds.filter((id) => id !== userId);
      return saveSettings(context, current, { ...current, sharingDisabledUserIds: allowed ? others : [...others, userId] });
    },
  };
}
