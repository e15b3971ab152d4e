import { describe, expect, it } from 'vitest';
import { createShareService, MemoryShareStore } from '@chatshare/core';
import { createGuessLimiter } from '../src/share/password-attempts.js';
import { alice, bob, carol, code, failure, setup } from './issue8-setup.js';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

describe('B13: password storage', () => {
  it('B13: the stored record holds only the salt and the PBKDF2 hash, never the password', async () => {
    const { as, store } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'correct horse' });
    expect(share.hasPassword).toBe(true);
    const record = (await store.getShare(share.id))!;
    expect(Object.keys(record.password!).sort()).toEqual(['algorithm', 'hash', 'iterations', 'salt']);
    expect(record.password).toMatchObject({ algorithm: 'PBKDF2-SHA256', iterations: 10_000 });
    expect(record.password!.salt).toMatch(/^[A-Za-z0-9_-]{22}$/); // 16 random bytes
    expect(record.password!.hash).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(JSON.stringify(record)).not.toContain('correct horse');
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
    const [ra, rb] = [(await store.getShare(a.id))!, (await store.getShare(b.id))!];
    expect(ra.password!.salt).not.toBe(rb.password!.salt);
    expect(ra.password!.hash).not.toBe(rb.password!.hash);
  });

  it('B13: 600,000 iterations by default; fewer than 10,000 and short unlock secrets are refused at creation', async () => {
    const store = new MemoryShareStore();
    const chats = { getChat: async () => ({ ownerId: 'alice', chat: { title: 't', messages: [{ role: 'user', content: 'hi' }] } }) };
    const share = await createShareService({ store, chats }).forActor(alice).createShare({ chatId: 'c', password: 'slow but sure' });
    expect((await store.getShare(share.id))!.password!.iterations).toBe(600_000);
    expect(() => createShareService({ store, chats, passwordIterations: 9_999 })).toThrow(TypeError);
    expect(() => createShareService({ store, chats, passwordIterations: 10_000.5 })).toThrow(TypeError);
    expect(() => createShareService({ store, chats, unlockSecret: 'x'.repeat(31) })).toThrow(TypeError);
    expect(() => createShareService({ store, chats, unlockTtlMs: 0 })).toThrow(TypeError);
    expect(() => createShareService({ store, chats, unlockSecret: 'x'.repeat(32), passwordIterations: 10_000 })).not.toThrow();
  });

  it('B13: a password shorter than 4 characters is INVALID_INPUT and nothing is stored', async () => {
    const { as, store } = setup();
    expect(await code(as(alice).createShare({ chatId: 'c1', password: 'abc' }))).toBe('INVALID_INPUT');
    expect((await store.listShares({}, { limit: 5 })).items).toEqual([]);
  });
});

describe('B13: unlocking', () => {
  it('B13: a viewer needs the password; a wrong one is PASSWORD_INCORRECT; the token then opens read and clone', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    expect(await code(as(bob).readShare(share.id))).toBe('PASSWORD_REQUIRED');
    expect(await code(as(bob).cloneShare(share.id))).toBe('PASSWORD_REQUIRED');
    expect(await code(as(bob).unlockShare(share.id, 'open sesam'))).toBe('PASSWORD_INCORRECT');
    const unlocked = await as(bob).unlockShare(share.id, 'open sesame');
    expect(unlocked.expiresAt).toBe(1_700_000_000_000 + 12 * 60 * 60 * 1000);
    expect(unlocked.token).not.toContain('open sesame');
    expect((await as(bob).readShare(share.id, { unlockToken: unlocked.token })).title).toBe('Alice chat');
    expect((await as(bob).cloneShare(share.id, { unlockToken: unlocked.token })).title).toBe('Alice chat');
  });

  it('B13: the owner reads and clones without the password', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    expect((await as(alice).readShare(share.id)).isOwner).toBe(true);
    expect((await as(alice).cloneShare(share.id)).title).toBe('Alice chat');
  });

  it('B13: a token for share A does not open share B with the same password', async () => {
    const { as } = setup();
    const a = await as(alice).createShare({ chatId: 'c1', password: 'shared pass' });
    const b = await as(alice).createShare({ chatId: 'c2', password: 'shared pass' });
    const { token } = await as(bob).unlockShare(a.id, 'shared pass');
    expect(await code(as(bob).readShare(b.id, { unlockToken: token }))).toBe('PASSWORD_REQUIRED');
  });

  it('B13: changing or removing the password voids earlier tokens; setting the same password again does too', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'first pass' });
    const first = (await as(bob).unlockShare(share.id, 'first pass')).token;
    await as(alice).setShareOptions(share.id, { password: 'second pass' });
    expect(await code(as(bob).readShare(share.id, { unlockToken: first }))).toBe('PASSWORD_REQUIRED');
    expect(await code(as(bob).unlockShare(share.id, 'first pass'))).toBe('PASSWORD_INCORRECT');
    const second = (await as(bob).unlockShare(share.id, 'second pass')).token;
    await as(alice).updateShare(share.id, { password: 'second pass' });
    expect(await code(as(bob).readShare(share.id, { unlockToken: second }))).toBe('PASSWORD_REQUIRED');
    // Removing it opens the link to the audience again, token or not.
    const removed = await as(alice).setShareOptions(share.id, { password: null });
    expect(removed.hasPassword).toBe(false);
    expect(await code(as(bob).readShare(share.id))).toBe('ok');
    // A later password does not bring a token of the old one back.
    await as(alice).setShareOptions(share.id, { password: 'first pass' });
    expect(await code(as(bob).readShare(share.id, { unlockToken: first }))).toBe('PASSWORD_REQUIRED');
  });

  it('B13: options without `password` keep it; updateShare and createShare set it', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    expect(share.hasPassword).toBe(false);
    expect((await as(alice).updateShare(share.id, { password: 'via update' })).hasPassword).toBe(true);
    const { token } = await as(bob).unlockShare(share.id, 'via update');
    expect((await as(alice).setShareOptions(share.id, { showOwnerName: true })).hasPassword).toBe(true);
    expect((await as(alice).updateShare(share.id)).hasPassword).toBe(true);
    expect(await code(as(bob).readShare(share.id, { unlockToken: token }))).toBe('ok');
  });

  it('B13: an expired, tampered or malformed token is PASSWORD_REQUIRED', async () => {
    const { as, clock } = setup({ unlockTtlMs: 60_000 });
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    const { token, expiresAt } = await as(bob).unlockShare(share.id, 'open sesame');
    expect(expiresAt).toBe(clock.now() + 60_000);
    const [stamp, mac] = token.split('.') as [string, string];
    const later = `${(expiresAt + 3_600_000).toString(36)}.${mac}`;
    const flipped = `${stamp}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    for (const bad of [later, flipped, 'garbage', '', `${stamp}.${mac}x`]) {
      expect(await code(as(bob).readShare(share.id, { unlockToken: bad })), bad).toBe('PASSWORD_REQUIRED');
    }
    clock.advance(59_999);
    expect(await code(as(bob).readShare(share.id, { unlockToken: token }))).toBe('ok');
    clock.advance(1);
    expect(await code(as(bob).readShare(share.id, { unlockToken: token }))).toBe('PASSWORD_REQUIRED');
  });

  it('B13: replicas with the same unlockSecret accept each other’s tokens; default secrets are per service', async () => {
    const secret = 'a-shared-secret-of-at-least-32-chars!';
    const one = setup({ unlockSecret: secret });
    const share = await one.as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    const { token } = await one.as(bob).unlockShare(share.id, 'open sesame');
    const replica = createShareService({ ...one.settings, unlockSecret: secret });
    expect(await code(replica.forActor(bob).readShare(share.id, { unlockToken: token }))).toBe('ok');
    const { unlockSecret: _shared, ...ownSecret } = one.settings;
    const stranger = createShareService(ownSecret);
    expect(await code(stranger.forActor(bob).readShare(share.id, { unlockToken: token }))).toBe('PASSWORD_REQUIRED');
  });

  it('B13: unlocking a link whose password was just removed succeeds, so the viewer can go on reading', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1' });
    const { token } = await as(bob).unlockShare(share.id, 'anything');
    expect(await code(as(bob).readShare(share.id, { unlockToken: token }))).toBe('ok');
  });

  it('B13: a password that is not a string is INVALID_INPUT', async () => {
    const { as } = setup();
    const share = await as(alice).createShare({ chatId: 'c1', password: 'open sesame' });
    expect(await code(as(bob).unlockShare(share.id, 42 as unknown as string))).toBe('INVALID_INPUT');
  });
});

describe('B13, R2: the audience decides first', () => {
  it('R2, T1: a viewer the audience refuses gets exactly the answers of an unprotected link, never PASSWORD_REQUIRED', async () => {
    const { as } = setup();
    const answers = async (password?: string) => {
      const instance = await as(alice).createShare({ chatId: 'c1', ...(password ? { password } : {}) });
      const owner = await as(alice).createShare({ chatId: 'c1', audience: { type: 'owner' }, ...(password ? { password } : {}) });
      const errors = [
        await failure(as(null).readShare(instance.id)),
        await failure(as(bob).readShare(owner.id)),
        await failure(as(null).unlockShare(instance.id, 'open sesame')),
        await failure(as(bob).unlockShare(owner.id, 'open sesame')),
        await failure(as(bob).cloneShare(owner.id)),
      ];
      return errors.map((e) => [e.code, e.message]);
    };
    const protectedAnswers = await answers('open sesame');
    expect(protectedAnswers).toEqual(await answers());
    expect(protectedAnswers.map(([c]) => c)).toEqual(['AUTH_REQUIRED', 'SHARE_NOT_FOUND', 'AUTH_REQUIRED', 'SHARE_NOT_FOUND', 'SHARE_NOT_FOUND']);
    // And as for an id that never existed.
    const unknown = await failure(as(bob).unlockShare('A'.repeat(21), 'open sesame'));
    expect([unknown.code, unknown.message]).toEqual(protectedAnswers[1]);
  });

  it('R2: an anonymous viewer of a public protected link is asked for the password', async () => {
    const { as } = setup();
    await as({ id: 'root', isAdmin: true }).updateSettings({ allowPublicLinks: true });
    const share = await as(alice).createShare({ chatId: 'c1', audience: { type: 'anyone' }, password: 'open sesame' });
    expect(await code(as(null).readShare(share.id))).toBe('PASSWORD_REQUIRED');
    const { token } = await as(null, '198.51.100.7').unlockShare(share.id, 'open sesame');
    expect(await code(as(null).readShare(share.id, { unlockToken: token }))).toBe('ok');
  });
});

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

  it('B13: passwordGuessLimit is checked when the service is created', () => {
    const store = new MemoryShareStore();
    const chats = { getChat: async () => null };
    for (const bad of [{ perClient: 0 }, { perShare: 1.5 }, { windowMs: -1 }, { perClient: '10' }, { perHour: 3 }, null, 5]) {
      expect(() => createShareService({ store, chats, passwordGuessLimit: bad as never })).toThrow(TypeError);
    }
    expect(() => createShareService({ store, chats, passwordGuessLimit: { perClient: 5, perShare: 50, windowMs: 1_000 } })).not.toThrow();
  });

  it('B13: at maxKeys, expired windows go first, then the oldest below the limit; a limited key keeps its window', () => {
    const limiter = createGuessLimiter(2, 1000, 3);
    limiter.take('old', 0); // expires at 1000
    limiter.take('target', 500);
    limiter.take('target', 500); // at the limit until 1500
    limiter.take('x', 600);
    limiter.take('y', 1000); // over the cap: the expired 'old' goes, nothing else
    expect(limiter.retryAfter('target', 1000)).toBe(1);
    expect(limiter.retryAfter('x', 1000)).toBe(0);
    // Flooding with new keys drops the oldest window below the limit, never the limited 'target'.
    for (let i = 0; i < 50; i++) limiter.take(`flood-${i}`, 1000);
    expect(limiter.retryAfter('target', 1000)).toBe(1);
    limiter.take('flood-49', 1000); // at its limit now, with 'target'
    limiter.take('last', 1000);
    expect(limiter.retryAfter('target', 1000)).toBe(1);
    expect(limiter.retryAfter('flood-49', 1000)).toBe(1);
    // An expired window goes before an older live one below the limit.
    const expiring = createGuessLimiter(3, 1000, 3);
    expiring.take('e', 0); // expires at 1000
    expiring.take('live', 500);
    expiring.take('live', 500);
    expiring.take('e', 900); // touched after 'live', still expiring at 1000
    expiring.take('w', 950);
    expiring.take('z', 1000); // over the cap: 'e' has expired and goes; 'live' keeps its two guesses
    expiring.take('live', 1000);
    expect(expiring.retryAfter('live', 1000)).toBe(1);
  });

  it('B13: when every window is at its limit the memory bound wins: the one touched longest ago is forgotten', () => {
    const limiter = createGuessLimiter(1, 1000, 3);
    for (const key of ['a', 'b', 'c']) limiter.take(key, 0);
    expect(['a', 'b', 'c'].map((k) => limiter.retryAfter(k, 0))).toEqual([1, 1, 1]);
    limiter.take('a', 0); // touched again: now the newest
    limiter.take('d', 0); // over the cap, all at the limit: 'b' goes
    expect(['a', 'b', 'c', 'd'].map((k) => limiter.retryAfter(k, 0))).toEqual([1, 0, 1, 1]);
    expect(limiter.retryAfter('a', 1000)).toBe(0);
  });
});
