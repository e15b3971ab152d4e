import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemo } from '../src/start.js';
import { chatIdsOf, freshDataDir, signInWithForm } from './harness.js';

/** Signs in through the form and returns the session cookie, checking the flags a browser relies on. */
async function signIn(url: string, user: string): Promise<string> {
  const { cookie, setCookie } = await signInWithForm(url, user);
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Lax/);
  return cookie;
}

describe('the demo keeps its data in the data folder (PGlite)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('chats, sessions and shares survive a restart; seeding happens once', async () => {
    const dataDir = await freshDataDir();
    dirs.push(dataDir);
    const first = await startDemo({ port: 0, hubPort: 0, dataDir });
    let cookie: string;
    let chats: string[];
    let shareId: string;
    try {
      cookie = await signIn(first.url, 'alice');
      chats = await chatIdsOf(first.url, cookie);
      expect(chats).toHaveLength(4);
      const created = await fetch(`${first.url}/api/chatshare/shares`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ chatId: chats[0] }),
      });
      expect(created.status).toBe(201);
      shareId = ((await created.json()) as { id: string }).id;
    } finally {
      await first.close();
    }

    const second = await startDemo({ port: 0, hubPort: 0, dataDir });
    try {
      expect(await chatIdsOf(second.url, cookie)).toEqual(chats);
      const read = await fetch(`${second.url}/api/chatshare/s/${shareId}`, { headers: { cookie } });
      expect(read.status).toBe(200);
      expect(((await read.json()) as { id: string }).id).toBe(shareId);
      // Share responses are not cached or indexed, for the viewers' privacy.
      expect(read.headers.get('cache-control')).toContain('no-store');
      expect(read.headers.get('x-robots-tag')).toContain('noindex');
    } finally {
      await second.close();
    }
  });

  it('B13, B14, B16: an unlock holds across a restart with the same CHATSHARE_UNLOCK_SECRET, not with another; views and versions are kept', async () => {
    const dataDir = await freshDataDir();
    dirs.push(dataDir);
    const secret = 'a-shared-secret-of-every-replica-0123456789';
    const api = (url: string, cookie: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}/api/chatshare${path}`, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    let alice = '';
    let bob = '';
    let shareId = '';
    let token = '';
    const first = await startDemo({ port: 0, hubPort: 0, dataDir, unlockSecret: secret });
    try {
      [alice, bob] = [await signIn(first.url, 'alice'), await signIn(first.url, 'bob')];
      const [chatId] = await chatIdsOf(first.url, alice);
      const created = await api(first.url, alice, 'POST', '/shares', { chatId, password: 'tram-28-lisbon' });
      expect(created.status).toBe(201);
      shareId = ((await created.json()) as { id: string }).id;
      expect((await api(first.url, alice, 'POST', `/shares/${shareId}/update`, {})).status).toBe(200);
      expect((await api(first.url, bob, 'GET', `/s/${shareId}`)).status).toBe(401);
      const unlocked = await api(first.url, bob, 'POST', `/shares/${shareId}/unlock`, { password: 'tram-28-lisbon' });
      expect(unlocked.status).toBe(200);
      token = ((await unlocked.json()) as { token: string }).token;
      expect((await api(first.url, bob, 'GET', `/s/${shareId}`, undefined, { 'x-chatshare-unlock': token })).status).toBe(200);
    } finally {
      await first.close();
    }

    // The same secret, as another replica would have it: the token still opens the link, and the view was kept.
    const second = await startDemo({ port: 0, hubPort: 0, dataDir, unlockSecret: secret });
    try {
      expect((await api(second.url, bob, 'GET', `/s/${shareId}`, undefined, { 'x-chatshare-unlock': token })).status).toBe(200);
      const list = (await (await api(second.url, alice, 'GET', '/shares')).json()) as { items: { id: string; viewCount: number; hasPassword: boolean }[] };
      expect(list.items.find((item) => item.id === shareId)).toMatchObject({ viewCount: 2, hasPassword: true });
      const { versions } = (await (await api(second.url, alice, 'GET', `/shares/${shareId}/versions`)).json()) as { versions: { snapshotVersion: number }[] };
      expect(versions.map((v) => v.snapshotVersion)).toEqual([2, 1]);
    } finally {
      await second.close();
    }

    // No secret given: a random one per start, so the same token asks for the password again.
    const third = await startDemo({ port: 0, hubPort: 0, dataDir });
    try {
      const refused = await api(third.url, bob, 'GET', `/s/${shareId}`, undefined, { 'x-chatshare-unlock': token });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { code: 'PASSWORD_REQUIRED' } });
    } finally {
      await third.close();
    }
  });

  it('the identity comes from the session only: a forged user header or unknown cookie is anonymous', async () => {
    const dataDir = await freshDataDir();
    dirs.push(dataDir);
    const demo = await startDemo({ port: 0, hubPort: 0, dataDir });
    try {
      const forged = await fetch(`${demo.url}/api/chatshare/shares`, {
        headers: { 'x-user': 'alice', cookie: 'chatshare_demo_session=' + 'A'.repeat(43) },
      });
      expect(forged.status).toBe(401);
      const crossSite = await fetch(`${demo.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        body: new URLSearchParams({ username: 'alice' }),
      });
      expect(crossSite.status).toBe(403);
    } finally {
      await demo.close();
    }
  });
});
