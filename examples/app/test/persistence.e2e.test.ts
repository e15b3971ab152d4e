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
      expect(chats).toHaveLength(3);
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
      // B5: share responses are not cached or indexed.
      expect(read.headers.get('cache-control')).toContain('no-store');
      expect(read.headers.get('x-robots-tag')).toContain('noindex');
    } finally {
      await second.close();
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
