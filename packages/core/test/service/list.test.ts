import { describe, expect, it } from 'vitest';
import { alice, bob, code, setup } from './setup-share-service.js';

describe('B1 list', () => {
  it('B1: list my shares with search and cursor pagination, then delete all', async () => {
    const { as, clock } = setup();
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await as(alice).createShare({ chatId: i % 2 ? 'c1' : 'c2' });
    }
    await as(bob).createShare({ chatId: 'cb' });
    const first = await as(alice).listShares({ limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await as(alice).listShares({ limit: 3, cursor: first.nextCursor });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(first.items[0]!.createdAt).toBeGreaterThan(first.items[1]!.createdAt);
    expect((await as(alice).listShares({ query: 'alice' })).items).toHaveLength(2);
    expect(JSON.stringify(first)).not.toContain('"ownerId"');
    expect(await as(alice).revokeAllShares()).toBe(5);
    expect((await as(alice).listShares()).items).toHaveLength(0);
    expect((await as(bob).listShares()).items).toHaveLength(1);
  });
  it('R6: a forged cursor is an INVALID_INPUT, not a store failure', async () => {
    const { as } = setup();
    expect(await code(as(alice).listShares({ cursor: 'zzzzzzzzzzzzzzzz.abc' }))).toBe('INVALID_INPUT');
  });
});
