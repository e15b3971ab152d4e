import { afterEach, describe, expect, it } from 'vitest';
import { createShareService, MemoryShareStore, type ChatSource, type ShareService, type ShareStore, type Viewer } from '@chatshare/core';
import { chatWithBranches, linearChat, readStoredRecord } from '@chatshare/core/testing';
import { createHttpStore, createShareHandler, createStoreHandler, type ShareHandlerOptions } from '@chatshare/adapters/http';
import { createSqlStore } from '@chatshare/adapters/sql';
import { serve, type Loopback } from '../loopback.js';
import { pgliteForSuite } from '../sql-helpers.js';

/**
 * THREATS.md at the layer an attacker reaches in a host built on chatshare: the share handler on a real socket, driven
 * with plain `fetch` as a script or curl would. Each test here covers a gap the mutation run of issue 7 found between
 * core's own tests and the HTTP surface (see the report of that run); the handler's other THREATS tests live in
 * handler.test.ts and client.test.ts, the fault scenarios in faults.test.ts and the races in races.test.ts.
 */

const HOUR = 3_600_000;
const ALICE_CHAT = 'chat-alice-42';
const BRANCHY_CHAT = 'chat-alice-branches';
const FILES_CHAT = 'chat-alice-files';
const BOB_CHAT = 'chat-bob-7';
const STORE_TOKEN = 'store-token-threats-0123456789abcdef0123';

const USERS: Record<string, Viewer> = {
  alice: { id: 'alice', displayName: 'Alice Liddell' },
  bob: { id: 'bob' },
  admin: { id: 'admin', isAdmin: true },
};

/** A real attachment record as Open WebUI keeps it: the id and URL reach the file itself. */
const ATTACHMENT = { type: 'image', id: 'file-5f2c9e', url: '/api/v1/files/file-5f2c9e/content', name: 'cat.png', size: 2048, collection_name: 'user-alice-files' };

/** The host's chats; `grow` adds messages to alice's chat, as her conversation goes on after sharing. */
function hostChats() {
  let aliceMessages = 3;
  const withFiles = linearChat(2, { title: 'Cat picture' });
  (withFiles.history.messages['msg-0'] as Record<string, unknown>).files = [ATTACHMENT];
  const source: ChatSource = {
    getChat: async (chatId) => {
      if (chatId === ALICE_CHAT) return { ownerId: 'alice', chat: linearChat(aliceMessages, { title: 'Photosynthesis' }) };
      if (chatId === BRANCHY_CHAT) return { ownerId: 'alice', chat: chatWithBranches({ depth: 3, width: 2, title: 'Branchy' }) };
      if (chatId === FILES_CHAT) return { ownerId: 'alice', chat: withFiles };
      if (chatId === BOB_CHAT) return { ownerId: 'bob', chat: linearChat(2, { title: 'Bob chat' }) };
      return null;
    },
  };
  return { source, grow: (count: number) => void (aliceMessages = count) };
}

/** The host's `identify`: a `session=<user>` cookie. */
function identify(request: Request): Viewer {
  const match = /(?:^|;\s*)session=(\w+)/.exec(request.headers.get('cookie') ?? '');
  return (match && USERS[match[1] ?? '']) || null;
}

const opened: Loopback[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function listenOn(handler: (request: Request) => Promise<Response>): Promise<string> {
  const server = await serve(handler);
  opened.push(server);
  return server.origin;
}

/** One share handler on loopback over `service`; the rate limit is off unless a test asks for it. */
async function handlerFor(service: ShareService, options: Partial<ShareHandlerOptions> = {}): Promise<string> {
  const origin = await listenOn(createShareHandler(service, { identify, rateLimit: false, onError: () => undefined, ...options }));
  return `${origin}/api/chatshare`;
}

type Answer = { status: number; text: string; headers: Headers };

/** A request as `who` (null: signed out), the way devtools or curl would send it. */
async function call(base: string, who: string | null, method: string, path: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = who ? { cookie: `session=${who}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function created(answer: Answer): Promise<{ id: string }> {
  expect(answer.status, answer.text).toBe(201);
  return JSON.parse(answer.text) as { id: string };
}

/** A fresh service with an injectable clock over a memory store (or `store`). */
function serviceWith(options: { store?: ShareStore; now?: () => number } = {}) {
  const chats = hostChats();
  const store = options.store ?? new MemoryShareStore();
  const service = createShareService({ store, chats: chats.source, ...(options.now ? { now: options.now } : {}) });
  return { store, chats, service };
}

describe('T2, T3: writes by someone who is not the owner, through the handler', () => {
  it('T2: bob cannot re-audience, extend, re-snapshot, show the owner’s name on, revoke or cascade-delete alice’s share, nor revoke all of her shares; her shares stay byte for byte', async () => {
    const { store, service } = serviceWith();
    const base = await handlerFor(service);
    const target = await created(await call(base, 'alice', 'POST', '/shares', { chatId: ALICE_CHAT, expiresIn: HOUR }));
    const other = await created(await call(base, 'alice', 'POST', '/shares', { chatId: BRANCHY_CHAT, audience: { type: 'owner' } }));
    const snapshot = async () => JSON.stringify([await store.getShare(target.id), await store.getShare(other.id)]);
    const before = await snapshot();

    const attacks = await Promise.all([
      call(base, 'bob', 'PATCH', `/shares/${target.id}`, { audience: { type: 'anyone' } }),
      call(base, 'bob', 'PATCH', `/shares/${target.id}`, { expiresAt: null }),
      call(base, 'bob', 'PATCH', `/shares/${target.id}`, { showOwnerName: true }),
      call(base, 'bob', 'POST', `/shares/${target.id}/update`, { scope: 'full-history' }),
      call(base, 'bob', 'DELETE', `/shares/${target.id}`),
      call(base, 'bob', 'DELETE', `/shares/${other.id}`),
      call(base, 'bob', 'DELETE', `/shares?ownerId=alice`),
    ]);
    // A share bob can see answers 403; one he cannot see answers like an unknown id.
    expect(attacks.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 404, 403]);
    for (const attack of attacks) expect(JSON.parse(attack.text).error.code).toMatch(/^(FORBIDDEN|SHARE_NOT_FOUND)$/);
    // The cascade route covers the caller's own shares only: for alice's chat id it removes nothing of hers.
    expect(JSON.parse((await call(base, 'bob', 'DELETE', `/chats/${ALICE_CHAT}/shares`)).text)).toEqual({ count: 0 });
    expect(await snapshot()).toBe(before);
    expect((await call(base, 'bob', 'GET', `/s/${target.id}`)).status).toBe(200);
    expect((await call(base, null, 'GET', `/s/${target.id}`)).status).toBe(401);
  });

  it('T3: bob cannot share, or send to a community hub, a chat that is alice’s by naming its id; nothing is stored and nothing of it is answered', async () => {
    const { store, service } = serviceWith();
    const base = await handlerFor(service);
    expect((await call(base, 'admin', 'PATCH', '/settings', { communitySharing: true })).status).toBe(200);
    const attempts = await Promise.all([
      call(base, 'bob', 'POST', '/shares', { chatId: ALICE_CHAT, audience: { type: 'anyone' } }),
      call(base, 'bob', 'POST', '/community', { chatId: ALICE_CHAT, level: 'private' }),
      call(base, 'bob', 'POST', '/shares', { chatId: 'chat-that-does-not-exist' }),
    ]);
    expect(attempts.map((a) => a.status)).toEqual([404, 404, 404]);
    // An existing chat of someone else's answers exactly like a chat that does not exist.
    expect(attempts[0]!.text).toBe(attempts[2]!.text);
    for (const attempt of attempts) expect(attempt.text).not.toMatch(/Photosynthesis|Question number/);
    expect((await store.listShares({}, { limit: 10 })).items).toEqual([]);
    // Bob's own chat works, so the refusal is about ownership, not a broken route.
    expect((await call(base, 'bob', 'POST', '/shares', { chatId: BOB_CHAT })).status).toBe(201);
  });
});

describe('T4: enumeration against a handler with the default options', () => {
  it('T4: with no rateLimit option, a client guessing ids on /s/:id gets 429 after 120 requests in a minute, even for a real id', async () => {
    const { service } = serviceWith();
    // The options a host copies from the README: only `identify`.
    const origin = await listenOn(createShareHandler(service, { identify, onError: () => undefined }));
    const base = `${origin}/api/chatshare`;
    const real = await created(await call(base, 'alice', 'POST', '/shares', { chatId: ALICE_CHAT, audience: { type: 'anyone' } }));
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++) statuses.push((await call(base, null, 'GET', `/s/${i.toString(36).padStart(21, 'g')}`)).status);
    expect(statuses.slice(0, 120)).toEqual(Array(120).fill(401));
    expect(statuses.slice(120)).toEqual(Array(5).fill(429));
    const limited = await call(base, null, 'GET', `/s/${real.id}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.text).not.toContain('Photosynthesis');
  });
});

describe('T6: attachments through the handler', () => {
  it('T6: a viewer, a clone and the owner’s listing get an attachment’s name, type and size only — never its file id, URL or collection', async () => {
    const { service } = serviceWith();
    const base = await handlerFor(service);
    const share = await created(await call(base, 'alice', 'POST', '/shares', { chatId: FILES_CHAT, audience: { type: 'anyone' } }));
    const view = await call(base, null, 'GET', `/s/${share.id}`);
    expect(view.status).toBe(200);
    const files = Object.values((JSON.parse(view.text) as { snapshot: { messages: Record<string, { files: unknown[] }> } }).snapshot.messages).flatMap((m) => m.files);
    expect(files).toEqual([{ name: 'cat.png', type: 'image', size: 2048 }]);
    const answers = [
      view,
      await call(base, 'bob', 'GET', `/shares/${share.id}/view`),
      await call(base, 'bob', 'POST', `/shares/${share.id}/clone`, {}),
      await call(base, 'alice', 'GET', '/shares'),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      for (const secret of [ATTACHMENT.id, '/api/v1/files', ATTACHMENT.collection_name]) expect(answer.text).not.toContain(secret);
    }
  });
});

describe('T7: revoke and update across handler replicas', () => {
  it('T7, T10: with two replicas over one store service, a revoke or an update through one is what the other serves on the very next read', async () => {
    const storeOrigin = await listenOn(createStoreHandler(new MemoryShareStore(), { token: STORE_TOKEN, onError: () => undefined }));
    const chats = hostChats();
    // Each replica is its own process in production: its own service and its own store client.
    const replica = () =>
      handlerFor(createShareService({ store: createHttpStore({ baseUrl: `${storeOrigin}/api/chatshare-store`, token: STORE_TOKEN }), chats: chats.source }));
    const [a, b] = await Promise.all([replica(), replica()]);
    const share = await created(await call(a, 'alice', 'POST', '/shares', { chatId: ALICE_CHAT }));
    const messages = (answer: Answer) => Object.keys((JSON.parse(answer.text) as { snapshot: { messages: object } }).snapshot.messages).length;

    // Both replicas have read (and could have kept) the share before it changes.
    for (const base of [a, b]) expect(messages(await call(base, 'bob', 'GET', `/s/${share.id}`))).toBe(3);
    // Alice's chat goes on; until she updates, neither replica serves what she wrote since.
    chats.grow(5);
    for (const base of [b, a]) expect(messages(await call(base, 'bob', 'GET', `/s/${share.id}`))).toBe(3);
    expect((await call(a, 'alice', 'POST', `/shares/${share.id}/update`, {})).status).toBe(200);
    for (const base of [b, a]) {
      const after = await call(base, 'bob', 'GET', `/s/${share.id}`);
      expect(messages(after)).toBe(5);
      expect(after.headers.get('cache-control')).toBe('no-store');
    }

    expect((await call(a, 'alice', 'DELETE', `/shares/${share.id}`)).status).toBe(204);
    const unknown = await call(b, 'bob', 'GET', `/s/${'Q'.repeat(21)}`);
    for (const base of [b, a]) {
      const gone = await call(base, 'bob', 'GET', `/s/${share.id}`);
      expect(gone.status).toBe(404);
      expect(gone.text).toBe(unknown.text);
      expect(gone.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('T11, T12: expiry and narrowing through the handler', () => {
  it('T11: bob cannot extend alice’s share before it runs out; once expired it reads like an unknown id for bob and for a visitor, and only alice can extend it', async () => {
    let now = 1_760_000_000_000;
    const { store, service } = serviceWith({ now: () => now });
    const base = await handlerFor(service);
    const share = await created(await call(base, 'alice', 'POST', '/shares', { chatId: ALICE_CHAT, audience: { type: 'anyone' }, expiresIn: HOUR }));
    const expiresAt = (await readStoredRecord(store, share.id))!.expiresAt;
    const extend = await Promise.all([
      call(base, 'bob', 'PATCH', `/shares/${share.id}`, { expiresIn: 30 * 24 * HOUR }),
      call(base, 'bob', 'PATCH', `/shares/${share.id}`, { expiresAt: null }),
      call(base, 'bob', 'POST', `/shares/${share.id}/update`, { expiresAt: null }),
    ]);
    expect(extend.map((a) => a.status)).toEqual([403, 403, 403]);
    expect((await readStoredRecord(store, share.id))!.expiresAt).toBe(expiresAt);

    now += HOUR;
    for (const who of ['bob', null]) {
      const [expired, unknown] = await Promise.all([call(base, who, 'GET', `/s/${share.id}`), call(base, who, 'GET', `/s/${'E'.repeat(21)}`)]);
      expect(expired.status).toBe(who ? 404 : 401);
      expect(expired.text).toBe(unknown.text);
    }
    // Once expired bob cannot even tell the share exists.
    expect((await call(base, 'bob', 'PATCH', `/shares/${share.id}`, { expiresIn: HOUR })).status).toBe(404);
    expect((await call(base, 'alice', 'PATCH', `/shares/${share.id}`, { expiresIn: HOUR })).status).toBe(200);
    expect((await call(base, null, 'GET', `/s/${share.id}`)).status).toBe(200);
  });

  it('T12: narrowing a full-history share to its branch stops serving the other branches on the next read; widening needs a new snapshot', async () => {
    const { service } = serviceWith();
    const base = await handlerFor(service);
    const share = await created(await call(base, 'alice', 'POST', '/shares', { chatId: BRANCHY_CHAT, scope: 'full-history' }));
    const read = async () => (await call(base, 'bob', 'GET', `/s/${share.id}`)).text;
    const full = await read();
    // chatWithBranches: the visible branch takes the last variant at each level; the others are the ones to hide.
    for (const hidden of ['Level 1, variant 1 of 2', 'Level 3, variant 1 of 2']) expect(full).toContain(hidden);
    expect((await call(base, 'alice', 'PATCH', `/shares/${share.id}`, { scope: 'branch' })).status).toBe(200);
    const narrowed = await read();
    for (const hidden of ['Level 1, variant 1 of 2', 'Level 2, variant 1 of 2', 'Level 3, variant 1 of 2']) expect(narrowed).not.toContain(hidden);
    expect(narrowed).toContain('Level 3, variant 2 of 2');
    expect(Object.keys((JSON.parse(narrowed) as { snapshot: { messages: object } }).snapshot.messages)).toHaveLength(4);
    expect((await call(base, 'alice', 'PATCH', `/shares/${share.id}`, { scope: 'full-history' })).status).toBe(400);
    expect(await read()).toBe(narrowed);
  });
});

describe('T22: the handler refuses an oversized body before reading it', () => {
  it('T22: with default options, a body whose Content-Length is over 5 MiB gets 413 without one byte of it being read', async () => {
    const { store, service } = serviceWith();
    const handler = createShareHandler(service, { identify, onError: () => undefined });
    let pulled = 0;
    // highWaterMark 0: the stream hands out a chunk only when the handler reads, so `pulled` counts real reads.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled += 1;
          if (pulled > 400) return controller.close();
          controller.enqueue(new TextEncoder().encode(' '.repeat(16 * 1024)));
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request('http://host.test/api/chatshare/shares', {
      method: 'POST',
      headers: { cookie: 'session=alice', 'content-type': 'application/json', 'content-length': String(6 * 1024 * 1024) },
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await handler(request);
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('CHAT_TOO_LARGE');
    expect(pulled).toBe(0);
    expect((await store.listShares({}, { limit: 1 })).items).toEqual([]);
  });
});

describe('T18: what a community upload carries', () => {
  it('T18: POST /community at the "private" level answers the chat only: no owner id, email, source chat or message ids', async () => {
    const { service } = serviceWith();
    const base = await handlerFor(service);
    expect((await call(base, 'admin', 'PATCH', '/settings', { communitySharing: true })).status).toBe(200);
    const upload = await call(base, 'alice', 'POST', '/community', { chatId: FILES_CHAT, level: 'private' });
    expect(upload.status).toBe(200);
    const payload = JSON.parse(upload.text) as { chat: { title: string }; level: string };
    expect([payload.chat.title, payload.level]).toEqual(['Cat picture', 'private']);
    // linearChat's own ids (`chat-1`, `msg-0`…) and the attachment's file id stand in for the host's internal ids.
    for (const secret of ['"alice"', 'Alice Liddell', 'chat-1', FILES_CHAT, 'msg-0', 'msg-1', ATTACHMENT.id, ATTACHMENT.url]) expect(upload.text).not.toContain(secret);
  });
});

describe('T26: the owner’s name only when the owner chose to show it', () => {
  it('T26: a share made without "show my name" carries no display name or user id to viewers, clones or listings; choosing it shows the name only', async () => {
    const { service } = serviceWith();
    const base = await handlerFor(service);
    const hidden = await created(await call(base, 'alice', 'POST', '/shares', { chatId: ALICE_CHAT, audience: { type: 'anyone' } }));
    const answers = [
      await call(base, null, 'GET', `/s/${hidden.id}`),
      await call(base, 'bob', 'GET', `/shares/${hidden.id}/view`),
      await call(base, 'bob', 'POST', `/shares/${hidden.id}/clone`, {}),
      await call(base, 'alice', 'GET', '/shares'),
      await call(base, 'alice', 'GET', `/chats/${ALICE_CHAT}/share`),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain('Alice Liddell');
      expect(answer.text).not.toMatch(/"(ownerId|userId|chatId)"|"alice"/);
    }
    expect(JSON.parse(answers[0]!.text).ownerName).toBeNull();
    const shown = await created(await call(base, 'alice', 'POST', '/shares', { chatId: ALICE_CHAT, audience: { type: 'anyone' }, showOwnerName: true }));
    const view = await call(base, null, 'GET', `/s/${shown.id}`);
    expect(JSON.parse(view.text).ownerName).toBe('Alice Liddell');
    expect(view.text).not.toMatch(/"(ownerId|userId|chatId)"|"alice"/);
  });

  it('T26: GET /settings tells a user who may not share only about themselves; the admin sees the list', async () => {
    const { service } = serviceWith();
    const base = await handlerFor(service);
    for (const user of ['alice', 'carol-secret-id']) expect((await call(base, 'admin', 'PUT', `/settings/sharing/${user}`, { allowed: false })).status).toBe(200);
    const disabled = async (who: string | null) => (JSON.parse((await call(base, who, 'GET', '/settings')).text) as { sharingDisabledUserIds: string[] }).sharingDisabledUserIds;
    expect(await disabled('admin')).toEqual(['alice', 'carol-secret-id']);
    expect(await disabled('alice')).toEqual(['alice']);
    expect(await disabled('bob')).toEqual([]);
    expect(await disabled(null)).toEqual([]);
  });
});

describe('T23, R6: strings PostgreSQL cannot store, through the handler on a PGlite store', () => {
  const db = pgliteForSuite();
  let tables = 0;

  it('T23, R6: a NUL or lone surrogate in an audience id, chat id, message id, list query, cursor, owner id, user id or the actor gets 400 INVALID_INPUT naming the field, never a 500; nothing is stored', async () => {
    const store = await createSqlStore({ client: db(), tablePrefix: `unstorable${++tables}_` });
    const { service } = serviceWith({ store });
    const base = await handlerFor(service);
    const share = await created(await call(base, 'alice', 'POST', '/shares', { chatId: ALICE_CHAT }));
    const people = (userIds: string[], groupIds: string[] = []) => ({ type: 'people', userIds, groupIds });
    const refused = async (answer: Promise<Answer>, path: string) => {
      const { status, text } = await answer;
      expect(status, `${path}: ${text}`).toBe(400);
      const { error } = JSON.parse(text) as { error: { code: string; issues: { path: string; message: string }[] } };
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.issues).toContainEqual({ path, message: expect.stringMatching(/NUL characters|lone surrogates/) });
    };
    // In JSON bodies: a NUL and both lone surrogate halves (JSON.stringify escapes them as \u0000, \ud800, \udc00).
    for (const bad of ['a\u0000', 'a\ud800', '\udc00b']) {
      await refused(call(base, 'alice', 'POST', '/shares', { chatId: ALICE_CHAT, audience: people([bad]) }), 'input.audience.userIds.0');
      await refused(call(base, 'alice', 'POST', '/shares', { chatId: ALICE_CHAT, audience: people(['bob'], [bad]) }), 'input.audience.groupIds.0');
      await refused(call(base, 'alice', 'POST', '/shares', { chatId: bad }), 'input.chatId');
      await refused(call(base, 'alice', 'POST', '/shares', { chatId: ALICE_CHAT, upToMessageId: bad }), 'input.upToMessageId');
      await refused(call(base, 'alice', 'POST', `/shares/${share.id}/update`, { upToMessageId: bad }), 'input.upToMessageId');
      await refused(call(base, 'alice', 'PATCH', `/shares/${share.id}`, { audience: people([bad]) }), 'input.audience.userIds.0');
    }
    // In paths and query strings a NUL arrives percent-encoded (a lone surrogate cannot: it is not valid UTF-8).
    await refused(call(base, 'alice', 'GET', '/shares?query=a%00'), 'input.query');
    await refused(call(base, 'alice', 'GET', '/shares?cursor=%00'), 'input.cursor');
    await refused(call(base, 'admin', 'GET', '/admin/shares?ownerId=alice%00'), 'input.ownerId');
    await refused(call(base, 'admin', 'DELETE', '/shares?ownerId=alice%00'), 'ownerId');
    await refused(call(base, 'admin', 'PUT', '/settings/sharing/bob%00', { allowed: false }), 'userId');
    await refused(call(base, 'alice', 'GET', `/chats/${ALICE_CHAT}%00/share`), 'chatId');
    await refused(call(base, 'alice', 'DELETE', `/chats/${ALICE_CHAT}%00/shares`), 'chatId');
    // The actor the host's `identify` returns is checked too: a display name with a lone surrogate from a profile.
    const odd = await handlerFor(service, { identify: () => ({ id: 'mallory', displayName: 'M\ud800' }) });
    await refused(call(odd, null, 'GET', '/shares'), 'actor.displayName');

    // Nothing was written, and the database still answers: the one share is as made and nobody was disabled.
    const listed = JSON.parse((await call(base, 'alice', 'GET', '/shares')).text) as { items: { id: string; version: number }[] };
    expect(listed.items.map((s) => [s.id, s.version])).toEqual([[share.id, 1]]);
    expect(JSON.parse((await call(base, 'admin', 'GET', '/settings')).text)).toMatchObject({ sharingDisabledUserIds: [] });
  }, 60_000);
});
