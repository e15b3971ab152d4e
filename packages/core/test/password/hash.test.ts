import { describe, expect, it } from 'vitest';
import { alice, bob, code, setup, storedRecord } from '../service/setup-share-service.js';

describe('B13: password storage', () => {
  it('B13: the stored record holds only the salt and the PBKDF2 hash, never the password', async () => {
    const { as, store } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'correct horse' });
    expect(share.hasPassword).toBe(true);
    const record = (await storedRecord(store, share.id))!;
    expect(Object.keys(record.password!).sort()).toEqual(['algorithm', 'hash', 'iterations', 'salt']);
    expect(record.password).toMatchObject({ algorithm: 'PBKDF2-SHA256', iterations: 10_000 });
    expect(record.password!.salt).toMatch(/^[A-Za-z0-9_-]{22}$/); // 16 random bytes
    expect(record.password!.hash).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(JSON.stringify(record)).not.toContain('correct horse');
    expect(JSON.stringify(await store.getShare(share.id))).not.toContain('correct horse');
    // Viewers and summaries never carry the hash or the salt.
    const { token } = await as(bob).unlockShare(share.id, 'correct horse');
    const view = await as(bob).readShare(share.id, { unlockToken: token });
    for (const value of [share, view]) {
      expect(JSON.stringify(value)).not.toContain(record.password!.hash);
      expect(JSON.stringify(value)).not.toContain(record.password!.salt);
    }
  });

  it('B13: the same password gets a new salt each time it is set', async () => {
    const { as, store } = setup();
    const a = await as(alice).createShare({ chatId: 'c1', password: 'same one' });
    const b = await as(alice).createShare({ chatId: 'c1', password: 'same one' });
    const [ra, rb] = [(await storedRecord(store, a.id))!, (await storedRecord(store, b.id))!];
    expect(ra.password!.salt).not.toBe(rb.password!.salt);
    expect(ra.password!.hash).not.toBe(rb.password!.hash);
  });

  it('B13: a password shorter than 4 characters is INVALID_INPUT and nothing is stored', async () => {
    const { as, store } = setup();
    expect(await code(as(alice).createShare({ chatId: 'c1', password: 'abc' }))).toBe('INVALID_INPUT');
    expect((await store.listShares({}, { limit: 5 })).items).toEqual([]);
  });
});
