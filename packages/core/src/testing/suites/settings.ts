import { expect } from 'vitest';
import type { StoredSettings } from '../../store/contract.js';
import { makeStoredShare } from '../factories.js';
import { defineStoreSuite, expectCode, readExisting, type StoreCase } from './define.js';
import { EXACT_TEXTS } from './texts.js';

const settingsAt = (version: number, fields = '"communitySharing":false'): StoredSettings => ({ version, body: `{${fields},"v":${version}}` });

const cases: Record<string, StoreCase> = {
  'S1: settings are null until saved, then read back': async (store) => {
    expect(await store.getSettings()).toBeNull();
    const settings = { version: 1, body: '{"communitySharing":true,"allowPublicLinks":false,"textToSpeech":true,"sharingDisabledUserIds":["u1"]}' };
    await store.saveSettings(settings, 0);
    expect(await store.getSettings()).toEqual(settings);
  },

  'R7: a stale settings write fails with CONFLICT and changes nothing': async (store) => {
    await store.saveSettings(settingsAt(1), 0);
    const second = settingsAt(2, '"communitySharing":true');
    await store.saveSettings(second, 1);
    await expectCode(store.saveSettings(settingsAt(2), 1), 'CONFLICT');
    expect(await store.getSettings()).toEqual(second);
  },

  'R7: the first save must expect version 0, and expecting 0 over saved settings conflicts': async (store) => {
    await expectCode(store.saveSettings(settingsAt(2), 1), 'CONFLICT');
    expect(await store.getSettings()).toBeNull();
    await store.saveSettings(settingsAt(1), 0);
    await expectCode(store.saveSettings(settingsAt(1, '"second":true'), 0), 'CONFLICT');
    expect(await store.getSettings()).toEqual(settingsAt(1));
  },

  'the settings body comes back byte for byte': async (store) => {
    let version = 0;
    for (const { name, text } of EXACT_TEXTS) {
      await store.saveSettings({ version: version + 1, body: text }, version);
      version += 1;
      expect((await store.getSettings())?.body, name).toBe(text);
    }
  },

  'getShare carries the settings as they are at that read': async (store) => {
    const row = makeStoredShare();
    await store.insertShare(row);
    expect((await readExisting(store, row.id)).settings).toBeNull();
    await store.saveSettings(settingsAt(1), 0);
    expect((await readExisting(store, row.id)).settings).toEqual(settingsAt(1));
    await store.saveSettings(settingsAt(2, '"allowPublicLinks":false'), 1);
    expect((await readExisting(store, row.id)).settings).toEqual(settingsAt(2, '"allowPublicLinks":false'));
  },
};

/** The instance settings: `null` until saved, compare-and-set on their version, returned with every share read. */
export const describeSettings = defineStoreSuite('settings', 'instance settings', cases);
