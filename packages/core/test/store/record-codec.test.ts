import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, DEFAULT_LEAVE_OUT } from '@chatshare/core';
import { makeShareRecord } from '@chatshare/core/testing';
import {
  decodeArchived,
  decodeListedShare,
  decodeSettings,
  decodeShare,
  encodeArchived,
  encodeSettings,
  encodeShare,
  listedRecordOf,
} from '../../src/store/record-codec.js';

const views = { count: 3, lastViewedAt: 1_760_000_500_000 };

describe("core's rows: the record codec", () => {
  it('a share becomes columns, meta without the messages and the snapshot as body, and comes back as it was', async () => {
    const record = { ...(await makeShareRecord({ messages: 4 })), views };
    const row = encodeShare(record);
    expect(Object.keys(row).sort()).toEqual(['body', 'chatId', 'createdAt', 'id', 'meta', 'ownerId', 'title', 'version']);
    const meta = JSON.parse(row.meta);
    expect(Object.keys(meta).sort()).toEqual(['audience', 'expiresAt', 'leaveOut', 'ownerName', 'password', 'snapshot', 'updatedAt']);
    expect(meta.snapshot).toEqual({
      version: 1,
      hash: record.snapshot.hash,
      scope: 'branch',
      createdAt: record.snapshot.createdAt,
      title: record.title,
      messageCount: 4,
    });
    expect(row.meta).not.toContain('Question number');
    expect(JSON.parse(row.body)).toEqual(record.snapshot);
    const back = decodeShare({ share: row, views }, record.id);
    expect(back).toMatchObject(record);
    const parsedRow = (r: typeof row) => ({ ...r, meta: JSON.parse(r.meta), body: JSON.parse(r.body) });
    expect(parsedRow(encodeShare(back))).toEqual(parsedRow(row));
    expect(Object.isFrozen(back.snapshot.messages)).toBe(true);
  });

  it('a listed row decodes to the summary a listing needs, without a body', async () => {
    const record = { ...(await makeShareRecord({ messages: 3, expiresAt: 1_900_000_000_000 })), views };
    const { body: _body, ...listed } = encodeShare(record);
    expect(decodeListedShare({ share: listed, views })).toMatchObject(listedRecordOf(record));
  });

  it('a listed row with corrupt meta is refused like a corrupt read', async () => {
    const record = await makeShareRecord();
    const { body: _body, ...listed } = encodeShare(record);
    for (const meta of ['', 'null', '{}', JSON.stringify({ ...JSON.parse(listed.meta), expiresAt: 'soon' })]) {
      expect(() => decodeListedShare({ share: { ...listed, meta }, views })).toThrow(
        expect.objectContaining({ code: 'STORAGE_ERROR', message: `The stored share ${record.id} is corrupt and was not served.` }),
      );
    }
  });

  it('a history entry keeps the snapshot with the choices it was made with', async () => {
    const record = { ...(await makeShareRecord()), leaveOut: { ...DEFAULT_LEAVE_OUT, toolOutput: true } };
    const entry = encodeArchived(record);
    expect(entry.version).toBe(record.snapshot.version);
    expect(decodeArchived(entry, record.id)).toEqual({ snapshot: record.snapshot, leaveOut: record.leaveOut });
    expect(() => decodeArchived({ ...entry, version: 2 }, record.id)).toThrow(expect.objectContaining({ code: 'STORAGE_ERROR' }));
  });

  it('settings are stored without their version, which the store keeps as the compare-and-set column', () => {
    const settings = { ...DEFAULT_SETTINGS, communitySharing: true, sharingDisabledUserIds: ['carol'], version: 4 };
    const stored = encodeSettings(settings);
    expect(stored.version).toBe(4);
    expect(JSON.parse(stored.body)).toEqual({ communitySharing: true, allowPublicLinks: true, textToSpeech: false, sharingDisabledUserIds: ['carol'] });
    expect(decodeSettings(stored, DEFAULT_SETTINGS)).toEqual(settings);
    expect(decodeSettings(null, DEFAULT_SETTINGS)).toBe(DEFAULT_SETTINGS);
    for (const body of ['[]', 'nope', '{"communitySharing":true}']) {
      expect(() => decodeSettings({ version: 1, body }, DEFAULT_SETTINGS)).toThrow(expect.objectContaining({ code: 'STORAGE_ERROR' }));
    }
  });
});
