import { describe, expect, it } from 'vitest';
import { admin, bob, code, setup } from './setup-share-service.js';

describe('S1 settings', () => {
  it('community sharing is off by default and only admins change it', async () => {
    const { as } = setup();
    expect((await as(bob).getSettings()).communitySharing).toBe(false);
    expect(await code(as(bob).updateSettings({ communitySharing: true }))).toBe('FORBIDDEN');
    expect(await code(as(null).updateSettings({ communitySharing: true }))).toBe('AUTH_REQUIRED');
    const settings = await as(admin).updateSettings({ communitySharing: true });
    expect(settings.communitySharing).toBe(true);
    expect((await as(bob).getSettings()).communitySharing).toBe(true);
  });
});
