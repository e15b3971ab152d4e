import { describe, expect, it } from 'vitest';
import { AuthRequiredError, MemoryShareStore, parseChat } from '@chatshare/core';
import { alice, bob, code, failure, rewriteRow, setup } from './setup-share-service.js';

describe('B6 clone', () => {
  it('a signed-in viewer gets a new chat with fresh ids; anonymous viewers must sign in', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', audience: { type: 'anyone' } });
    const chat = await as(bob).cloneShare(share.id);
    const parsed = parseChat(chat);
    expect(parsed.messages.size).toBe(2);
    expect(parsed.title).toBe('Alice chat');
    expect(await code(as(null).cloneShare(share.id))).toBe('AUTH_REQUIRED');
  });
});

describe('B5, T26 privacy of what viewers receive', () => {
  it('a view carries no owner id or source chat id; a display name only when chosen', async () => {
    const { as } = setup();
    const hidden = await as(alice).createShare({ chatId: 'c1' });
    const text = JSON.stringify(await as(bob).readShare(hidden.id));
    expect(text).not.toContain('alice');
    expect(text).not.toContain('"c1"');
    expect(text).not.toContain('ownerId');
    expect(text).not.toContain('chatId');
    const shown = await as(alice).createShare({ chatId: 'c1', showOwnerName: true });
    expect((await as(bob).readShare(shown.id)).ownerName).toBe('Alice');
  });
});

describe('T25 what the store hands back is checked', () => {
  it('T25: a corrupt stored record is rejected, not served', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const share = await as(alice).createShare({ chatId: 'c1' });
    await rewriteRow(store, share.id, (row) => ({ ...row, body: JSON.stringify({ ...JSON.parse(row.body), messages: 'garbage' }) }));
    expect(await code(as(bob).readShare(share.id))).toBe('STORAGE_ERROR');
  });
  it('T25: a store error outside the contract (a remote store saying AUTH_REQUIRED) reaches callers as STORAGE_ERROR', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const share = await as(alice).createShare({ chatId: 'c1' });
    store.getShare = async () => {
      throw new AuthRequiredError('store token rejected');
    };
    expect(await code(as(bob).readShare(share.id))).toBe('STORAGE_ERROR');
  });
  it('T25: meta that is not JSON, a body that is not a snapshot, or a summary that disagrees with the body is refused for every caller', async () => {
    const edits: Record<string, (row: { meta: string; body: string }) => Partial<{ meta: string; body: string }>> = {
      'meta not JSON': () => ({ meta: '{"ownerName": null' }),
      'meta an array': () => ({ meta: '[]' }),
      'body not JSON': () => ({ body: 'not json' }),
      'body null': () => ({ body: 'null' }),
      'summary of another snapshot': (row) => ({ meta: JSON.stringify({ ...JSON.parse(row.meta), snapshot: { ...JSON.parse(row.meta).snapshot, hash: 'f'.repeat(64) } }) }),
      'bad audience': (row) => ({ meta: JSON.stringify({ ...JSON.parse(row.meta), audience: { type: 'world' } }) }),
    };
    for (const [what, edit] of Object.entries(edits)) {
      const store = new MemoryShareStore();
      const { as } = setup({ store });
      const share = await as(alice).createShare({ chatId: 'c1', audience: { type: 'anyone' } });
      await rewriteRow(store, share.id, (row) => ({ ...row, ...edit(row) }));
      for (const viewer of [null, bob, alice]) {
        const error = await failure(as(viewer).readShare(share.id));
        expect([what, error.code]).toEqual([what, 'STORAGE_ERROR']);
        expect(error.message).toBe(`The stored share ${share.id} is corrupt and was not served.`);
      }
      expect(await code(as(alice).updateShare(share.id)), what).toBe('STORAGE_ERROR');
    }
  });
  it('T25, B13: a row whose meta lost its password hash is refused, never served as an open link', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    await rewriteRow(store, share.id, (row) => {
      const { password: _dropped, ...meta } = JSON.parse(row.meta) as Record<string, unknown>;
      return { ...row, meta: JSON.stringify(meta) };
    });
    expect(await code(as(bob).readShare(share.id))).toBe('STORAGE_ERROR');
    expect(await code(as(bob).unlockShare(share.id, 'anything'))).toBe('STORAGE_ERROR');
  });
  it('T25: a row the store hands back for another id is not served', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const mine = await as(alice).createShare({ chatId: 'c1', audience: { type: 'anyone' } });
    const other = await as(alice).createShare({ chatId: 'c2', audience: { type: 'anyone' } });
    const lookup = store.getShare.bind(store);
    store.getShare = async (id) => lookup(id === mine.id ? other.id : id);
    expect(await failure(as(null).readShare(mine.id))).toMatchObject({
      code: 'STORAGE_ERROR',
      message: `The stored share ${mine.id} is corrupt and was not served.`,
    });
    expect((await as(null).readShare(other.id)).id).toBe(other.id);
  });
  it('T25: corrupt stored settings are refused on the read that carries them', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store });
    const share = await as(alice).createShare({ chatId: 'c1' });
    await store.saveSettings({ version: 1, body: JSON.stringify({ communitySharing: 'yes' }) }, 0);
    expect(await failure(as(bob).readShare(share.id))).toMatchObject({ code: 'STORAGE_ERROR', message: 'The stored instance settings are corrupt.' });
    expect(await code(as(bob).getSettings())).toBe('STORAGE_ERROR');
  });
  it('one read of a link is one store call: the share, its views and the settings come together', async () => {
    const store = new MemoryShareStore();
    const { as } = setup({ store, countViews: false });
    const share = await as(alice).createShare({ chatId: 'c1' });
    const calls: string[] = [];
    for (const name of ['getShare', 'getSettings', 'listShares', 'getHistory'] as const) {
      const original = (store[name] as (...args: unknown[]) => Promise<unknown>).bind(store);
      Object.assign(store, { [name]: (...args: unknown[]) => (calls.push(name), original(...args)) });
    }
    await as(bob).readShare(share.id);
    expect(calls).toEqual(['getShare']);
  });
});
