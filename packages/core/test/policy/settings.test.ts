import { describe, expect, it } from 'vitest';
import { admin, bob, carol, setup } from '../service/setup-share-service.js';

describe('T26 settings privacy', () => {
  it('only admins see who may not share; a user learns only about themselves', async () => {
    const { as } = setup();
    await as(admin).setSharingAllowed('carol', false);
    expect((await as(admin).getSettings()).sharingDisabledUserIds).toEqual(['carol']);
    expect((await as(null).getSettings()).sharingDisabledUserIds).toEqual([]);
    expect((await as(bob).getSettings()).sharingDisabledUserIds).toEqual([]);
    expect((await as(carol).getSettings()).sharingDisabledUserIds).toEqual(['carol']);
  });
});
