import { describe, expect, it } from 'vitest';
import { alice, bob, carol, code, failure, setup } from '../service/setup-share-service.js';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

describe('B13, T4: wrong guesses are limited', () => {
  it('B13: 10 wrong guesses per client in 15 minutes, across shares; then even the right one waits, checked before the hash', async () => {
    const { as, clock } = setup();
    const shares = [];
    for (let i = 0; i < 5; i++) shares.push(await as(alice).createShare({ chatId: 'c1', password: `pass-${i}` }));
    for (let i = 0; i < 10; i++) expect(await code(as(carol, '203.0.113.9').unlockShare(shares[i % 4]!.id, 'wrong'))).toBe('PASSWORD_INCORRECT');
    const limited = await failure(as(carol, '203.0.113.9').unlockShare(shares[4]!.id, 'pass-4'));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 900 });
    // The client key is what counts, whoever is signed in; another client is unaffected.
    expect(await code(as(bob, '203.0.113.9').unlockShare(shares[4]!.id, 'pass-4'))).toBe('RATE_LIMITED');
    expect(await code(as(carol, '203.0.113.10').unlockShare(shares[4]!.id, 'pass-4'))).toBe('ok');
    clock.advance(FIFTEEN_MINUTES - 60_000);
    expect(await failure(as(carol, '203.0.113.9').unlockShare(shares[0]!.id, 'pass-0'))).toMatchObject({ retryAfterSeconds: 60 });
    clock.advance(60_000);
    expect(await code(as(carol, '203.0.113.9').unlockShare(shares[0]!.id, 'pass-0'))).toBe('ok');
  });

  it('B13, T4: one client guessing cannot lock a link for everyone else', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame', audience: { type: 'anyone' } });
    for (let i = 0; i < 10; i++) expect(await code(as(null, 'attacker').unlockShare(share.id, `guess ${i}`))).toBe('PASSWORD_INCORRECT');
    expect(await code(as(null, 'attacker').unlockShare(share.id, 'guess 11'))).toBe('RATE_LIMITED');
    expect(await code(as(bob, 'friend').unlockShare(share.id, 'open sesame'))).toBe('ok');
  });

  it('B13: 100 wrong guesses per share in 15 minutes, whoever makes them; then even the right one waits', async () => {
    const { as, clock } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame', audience: { type: 'anyone' } });
    for (let i = 0; i < 100; i++) expect(await code(as(bob, `client-${i}`).unlockShare(share.id, `guess ${i}`))).toBe('PASSWORD_INCORRECT');
    const limited = await failure(as(carol, 'fresh-client').unlockShare(share.id, 'open sesame'));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 900 });
    // Anonymous callers without a client key are limited per share too.
    expect(await code(as(null).unlockShare(share.id, 'open sesame'))).toBe('RATE_LIMITED');
    // Another share is not affected.
    const other = await as(alice).createShare({ chatId: 'c2', password: 'open sesame' });
    expect(await code(as(carol, 'fresh-client').unlockShare(other.id, 'open sesame'))).toBe('ok');
    clock.advance(FIFTEEN_MINUTES);
    expect(await code(as(carol, 'fresh-client').unlockShare(share.id, 'open sesame'))).toBe('ok');
  });

  it('B13: without a client key the signed-in user is the client', async () => {
    const { as } = setup();
    const shares = [];
    for (let i = 0; i < 4; i++) shares.push(await as(alice).createShare({ chatId: 'c1', password: 'open sesame' }));
    for (let i = 0; i < 10; i++) await as(bob).unlockShare(shares[i % 4]!.id, 'wrong').catch(() => undefined);
    const fresh = await as(alice).createShare({ chatId: 'c2', password: 'open sesame' });
    expect(await code(as(bob).unlockShare(fresh.id, 'open sesame'))).toBe('RATE_LIMITED');
    expect(await code(as(carol).unlockShare(fresh.id, 'open sesame'))).toBe('ok');
  });

  it('B13: parallel guesses cannot overtake the limit; right answers are not counted against it', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    for (let i = 0; i < 12; i++) expect(await code(as(bob, 'c').unlockShare(share.id, 'open sesame'))).toBe('ok');
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => code(as(bob, 'c').unlockShare(share.id, `wrong ${i}`))));
    expect(results.filter((r) => r === 'PASSWORD_INCORRECT')).toHaveLength(10);
    expect(results.filter((r) => r === 'RATE_LIMITED')).toHaveLength(15);
  });

  it('B13: passwordGuessLimit sets the per-client and per-share limits and the window', async () => {
    const { as, clock } = setup({ passwordGuessLimit: { perClient: 2, perShare: 3, windowMs: 60_000 } });
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame', audience: { type: 'anyone' } });
    expect(await code(as(null, 'a').unlockShare(share.id, 'x'))).toBe('PASSWORD_INCORRECT');
    expect(await code(as(null, 'a').unlockShare(share.id, 'x'))).toBe('PASSWORD_INCORRECT');
    expect(await failure(as(null, 'a').unlockShare(share.id, 'open sesame'))).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 60 });
    expect(await code(as(null, 'b').unlockShare(share.id, 'x'))).toBe('PASSWORD_INCORRECT');
    expect(await code(as(null, 'c').unlockShare(share.id, 'open sesame'))).toBe('RATE_LIMITED');
    clock.advance(60_000);
    expect(await code(as(null, 'a').unlockShare(share.id, 'open sesame'))).toBe('ok');
    // A field left out (or undefined) keeps its default: 10 per client.
    const { as: as2 } = setup({ passwordGuessLimit: { perShare: undefined } });
    const other = await as2(alice).createShare({ chatId: 'c1', password: 'open sesame', audience: { type: 'anyone' } });
    for (let i = 0; i < 10; i++) expect(await code(as2(null, 'a').unlockShare(other.id, 'x'))).toBe('PASSWORD_INCORRECT');
    expect(await code(as2(null, 'a').unlockShare(other.id, 'x'))).toBe('RATE_LIMITED');
  });
});
