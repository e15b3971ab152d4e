import { readStoredRecord } from '@chatshare/core/testing';
import { createServer } from 'node:http';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { NetworkError } from '@chatshare/core';
import { createHttpShareClient } from '@chatshare/adapters/http';
import { listen, type Loopback } from '../loopback.js';
import { ALICE, expectShareHeaders, SECRET_CHAT, useShareServers } from './share-server.js';

/**
 * The HTTP client (`createHttpShareClient`) against the real handler and service on loopback: every `ShareApi`
 * method round-trips, errors come back as core's typed errors, and anything that is not a chatshare answer — a proxy's
 * page, a dropped or refused connection, silence — is a `NetworkError`.
 */

const { fresh } = useShareServers();

describe('HTTP handler and client: every ShareApi method over loopback', () => {
  it('S6, S9, S10, B1, B2: the owner creates, finds, lists, updates, changes and revokes through the client', async () => {
    const { as } = await fresh();
    const alice = as('alice');
    const share = await alice.createShare({ chatId: SECRET_CHAT });
    expect(share.id).toMatch(/^[A-Za-z0-9_-]{21,}$/);
    expect((await alice.findShareForChat(SECRET_CHAT))?.id).toBe(share.id);
    expect(await alice.findShareForChat('chat-none')).toBeNull();
    const listed = await alice.listShares({ query: 'photo', limit: 5 });
    expect(listed.items.map((s) => s.id)).toEqual([share.id]);
    expect(listed.nextCursor).toBeNull();
    const updated = await alice.updateShare(share.id);
    expect(updated.snapshotVersion).toBe(2);
    const changed = await alice.setShareOptions(share.id, { audience: { type: 'anyone' }, expiresIn: 3_600_000 });
    expect(changed.audience).toEqual({ type: 'anyone' });
    expect(changed.expiresAt).not.toBeNull();
    await alice.revokeShare(share.id);
    expect(await alice.findShareForChat(SECRET_CHAT)).toBeNull();
  });

  it('T10, R7: updateShare over HTTP takes audience, expiry, owner name and scope with the new snapshot in one versioned write', async () => {
    const { as, store } = await fresh();
    const alice = as('alice');
    const share = await alice.createShare({ chatId: SECRET_CHAT, audience: { type: 'anyone' } });
    expect([share.version, share.snapshotVersion]).toEqual([1, 1]);
    const writes = vi.spyOn(store, 'replaceShare');

    const updated = await alice.updateShare(share.id, { audience: { type: 'owner' } });
    expect(updated.audience).toEqual({ type: 'owner' });
    expect(updated.snapshotVersion).toBe(2);
    expect(updated.version).toBe(2); // one write: the record version moved once for both changes
    expect(writes).toHaveBeenCalledTimes(1);
    const stored = await readStoredRecord(store, share.id);
    expect(stored?.audience).toEqual({ type: 'owner' });
    expect(stored?.snapshot.version).toBe(2);
    // The new audience is in force at once: bob no longer sees it.
    await expect(as('bob').readShare(share.id)).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });

    // Widening to full history goes through updateShare (a new snapshot), never setShareOptions.
    await expect(alice.setShareOptions(share.id, { scope: 'full-history' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const widened = await alice.updateShare(share.id, { scope: 'full-history', expiresIn: 3_600_000, showOwnerName: true, audience: { type: 'instance' } });
    expect(widened).toMatchObject({ scope: 'full-history', showOwnerName: true, audience: { type: 'instance' }, snapshotVersion: 3, version: 3 });
    expect(widened.expiresAt).not.toBeNull();
    expect(writes).toHaveBeenCalledTimes(2);
    expect((await as('bob').readShare(share.id)).ownerName).toBe('Alice');
  });

  it('S8, B6: a signed-in viewer reads and clones; B9: admin settings, per-user permission, admin list and revoke-all', async () => {
    const { as } = await fresh();
    const alice = as('alice');
    const bob = as('bob');
    const admin = as('admin');
    const share = await alice.createShare({ chatId: SECRET_CHAT });
    const view = await bob.readShare(share.id);
    expect(view.title).toBe('Photosynthesis');
    expect(Object.keys(view.snapshot.messages)).toHaveLength(3);
    expect(view.isOwner).toBe(false);
    const clone = await bob.cloneShare(share.id);
    expect(clone.title).toBe('Photosynthesis');

    expect((await admin.getSettings()).communitySharing).toBe(false);
    await expect(alice.communityPayload({ chatId: SECRET_CHAT, level: 'public' })).rejects.toMatchObject({ code: 'COMMUNITY_DISABLED' });
    const settings = await admin.updateSettings({ communitySharing: true });
    expect(settings.communitySharing).toBe(true);
    const payload = await alice.communityPayload({ chatId: SECRET_CHAT, level: 'public' });
    expect(payload.level).toBe('public');

    const disabled = await admin.setSharingAllowed(ALICE, false);
    expect(disabled.sharingDisabledUserIds).toEqual([ALICE]);
    await expect(alice.createShare({ chatId: SECRET_CHAT })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await admin.setSharingAllowed(ALICE, true);

    await alice.createShare({ chatId: SECRET_CHAT });
    const all = await admin.listAllShares({ ownerId: ALICE });
    expect(all.items).toHaveLength(2);
    expect(all.items.every((s) => s.ownerId === ALICE)).toBe(true);
    expect(await alice.revokeSharesOfChat(SECRET_CHAT)).toBe(2);
    await alice.createShare({ chatId: SECRET_CHAT });
    expect(await admin.revokeAllShares({ ownerId: ALICE })).toBe(1);
    expect(await alice.revokeAllShares()).toBe(0);
  });

  it('typed errors come back as the same classes: 401, 403, 404, 409, 400', async () => {
    const { as, base } = await fresh({ generateId: () => 'AAAAAAAAAAAAAAAAAAAAAAAA' });
    await expect(as(null).createShare({ chatId: SECRET_CHAT })).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    await expect(as('bob').updateSettings({ communitySharing: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as('bob').createShare({ chatId: SECRET_CHAT })).rejects.toMatchObject({ code: 'CHAT_NOT_FOUND' });
    await as('alice').createShare({ chatId: SECRET_CHAT });
    // The id source always repeats: after its retries core reports the collision as CONFLICT → 409.
    await expect(as('alice').createShare({ chatId: SECRET_CHAT })).rejects.toMatchObject({ code: 'CONFLICT' });
    const statuses = await Promise.all([
      fetch(`${base}/shares`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"chatId":"x"}' }),
      fetch(`${base}/settings`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie: 'session=bob' }, body: '{}' }),
      fetch(`${base}/shares/Zz0123456789abcdefghij`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie: 'session=bob' }, body: '{}' }),
      fetch(`${base}/shares`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: 'session=alice' }, body: '{"chatId":"' + SECRET_CHAT + '"}' }),
      fetch(`${base}/shares?limit=abc`, { headers: { cookie: 'session=alice' } }),
    ]);
    expect(statuses.map((r) => r.status)).toEqual([401, 403, 404, 409, 400]);
    for (const response of statuses) {
      expectShareHeaders(response);
      const body = await response.json();
      expect(Object.keys(body)).toEqual(['error']);
      expect(Object.keys(body.error).sort()).toEqual(['code', 'issues', 'message']);
    }
  });
});

describe('T25: failures reach the client as typed errors, loudly', () => {
  const raw: Loopback[] = [];
  afterAll(async () => {
    await Promise.all(raw.map((s) => s.close()));
  });

  it('an HTML 500 from a proxy, a garbage 200 and a wrong shape are NETWORK_ERROR', async () => {
    const answers = ['<html>502 Bad Gateway</html>', 'not json at all', '{"id": 3}'];
    let n = 0;
    const server = await listen((_req, res) => {
      const i = n++ % answers.length;
      res.writeHead(i === 0 ? 500 : 200, { 'content-type': i === 0 ? 'text/html' : 'application/json' });
      res.end(answers[i]);
    });
    raw.push(server);
    const client = createHttpShareClient({ baseUrl: `${server.origin}/api/chatshare` });
    for (let i = 0; i < answers.length; i++) {
      const error = await client.readShare('a'.repeat(21)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
    }
  });

  it('a dropped connection is NETWORK_ERROR', async () => {
    const server = await listen((req) => req.socket.destroy());
    raw.push(server);
    const client = createHttpShareClient({ baseUrl: `${server.origin}/api/chatshare` });
    await expect(client.readShare('a'.repeat(21))).rejects.toBeInstanceOf(NetworkError);
  });

  it('a server that never answers times out as NETWORK_ERROR', async () => {
    const server = await listen(() => undefined);
    raw.push(server);
    const client = createHttpShareClient({ baseUrl: `${server.origin}/api/chatshare`, timeoutMs: 200 });
    const started = Date.now();
    const error = await client.listShares().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/200 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a refused connection is NETWORK_ERROR', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const client = createHttpShareClient({ baseUrl: `http://127.0.0.1:${port}/api/chatshare` });
    await expect(client.getSettings()).rejects.toBeInstanceOf(NetworkError);
  });
});
