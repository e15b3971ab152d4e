import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  DEFAULT_LEAVE_OUT,
  createShareService,
  type ChatSource,
  type ShareApi,
  type ShareService,
  type ShareStore,
  type Viewer,
} from '@chatshare/core';
import { linearChat, readStoredRecord } from '@chatshare/core/testing';
import { createHttpShareClient, createShareHandler, UNLOCK_TOKEN_HEADER, type ShareHandlerOptions } from '@chatshare/adapters/http';
import { createSqlStore } from '@chatshare/adapters/sql';
import { serve, type Loopback } from '../loopback.js';
import { pgliteForSuite } from '../sql-helpers.js';

/**
 * Password-protected links, view counts, review before publishing and link history over HTTP, driven through the real
 * handler on a real socket with the real service, by the HTTP client and by plain `fetch` the way a script would.
 */

const CHAT = 'chat-alice-b13';
const PASSWORD = 'Correct-Horse-9f2c';
const SYSTEM_PROMPT = 'SYSTEM-PROMPT-never-published-7d1e';
const TOOL_RESULT = 'TOOL-RESULT-private-4b8a';
const LEFT_OUT_TEXT = 'LEFT-OUT-message-text-93c0';
const CLIENT_HEADER = 'x-test-client';

const USERS: Record<string, Viewer> = {
  alice: { id: 'alice', displayName: 'Alice' },
  bob: { id: 'bob' },
  carol: { id: 'carol' },
};

/** The host's `identify`: a `session=<user>` cookie. */
function identify(request: Request): Viewer {
  const match = /(?:^|;\s*)session=(\w+)/.exec(request.headers.get('cookie') ?? '');
  return (match && USERS[match[1] ?? '']) || null;
}

/** Alice's chat as Open WebUI keeps it: a system prompt, a tool call result in an answer, and a message to leave out. */
function aliceChat(messages: number) {
  const chat = linearChat(messages, { title: 'Trip planning' });
  const history = chat.history.messages as Record<string, { content: string }>;
  if (history['msg-1']) {
    history['msg-1'].content = `Checking. <details type="tool_calls" done="true" id="call_1" name="weather" arguments="{}" result="${TOOL_RESULT}">\n<summary>Tool Executed</summary>\n</details> Sunny.`;
  }
  if (history['msg-2']) history['msg-2'].content = LEFT_OUT_TEXT;
  return { ...chat, id: CHAT, params: { system: SYSTEM_PROMPT } };
}

/** The host's chats; `grow` adds messages, as alice's conversation goes on after sharing. */
function hostChats() {
  let count = 4;
  const source: ChatSource = { getChat: async (chatId) => (chatId === CHAT ? { ownerId: 'alice', chat: aliceChat(count) } : null) };
  return { source, grow: (n: number) => void (count = n) };
}

type Answer = { status: number; text: string; headers: Headers };

const opened: Loopback[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

type Setup = {
  base: string;
  service: ShareService;
  store: ShareStore;
  grow(n: number): void;
  /** A client for `user` (null: signed out) that the handler keys as `clientKey` (omitted: no key header). */
  as(user: string | null, clientKey?: string): ShareApi;
  /** A raw request, the way curl would send it. */
  call(user: string | null, method: string, path: string, options?: { body?: unknown; headers?: Record<string, string>; clientKey?: string }): Promise<Answer>;
  /** Every answer the server gave so far, for the "never in any response" checks. */
  readonly answers: Answer[];
  /** Every request sent so far: URL and headers. */
  readonly requests: { url: string; headers: Headers }[];
};

/**
 * The handler over the real service on loopback. The rate limit keys clients by the `x-test-client` header (a stand-in
 * for the address a trusted proxy reports) with a window wide enough that only core's password limit answers 429.
 */
async function setup(options: { store?: ShareStore; handler?: Partial<ShareHandlerOptions> } = {}): Promise<Setup> {
  const store = options.store ?? createMemoryStore();
  const chats = hostChats();
  let clock = Date.UTC(2026, 10, 25, 12);
  const service = createShareService({ store, chats: chats.source, now: () => (clock += 1), passwordIterations: 10_000 });
  const handler = createShareHandler(service, {
    identify,
    onError: () => undefined,
    rateLimit: { limit: 10_000, windowMs: 60_000, clientKey: (request) => request.headers.get(CLIENT_HEADER) },
    ...options.handler,
  });
  const server = await serve(handler);
  opened.push(server);
  const base = `${server.origin}/api/chatshare`;
  const answers: Answer[] = [];
  const requests: { url: string; headers: Headers }[] = [];

  /** `fetch` that keeps a copy of every request's headers and every answer. */
  const recording: typeof fetch = async (input, init) => {
    requests.push({ url: String(input), headers: new Headers(init?.headers) });
    const response = await fetch(input, init);
    answers.push({ status: response.status, text: await response.clone().text(), headers: response.headers });
    return response;
  };

  return {
    base,
    service,
    store,
    grow: chats.grow,
    answers,
    requests,
    as: (user, clientKey) =>
      createHttpShareClient({
        baseUrl: base,
        fetch: recording,
        headers: { ...(user ? { cookie: `session=${user}` } : {}), ...(clientKey ? { [CLIENT_HEADER]: clientKey } : {}) },
      }),
    call: async (user, method, path, callOptions = {}) => {
      const headers: Record<string, string> = { ...(user ? { cookie: `session=${user}` } : {}), ...callOptions.headers };
      if (callOptions.clientKey) headers[CLIENT_HEADER] = callOptions.clientKey;
      if (callOptions.body !== undefined) headers['content-type'] = 'application/json';
      const response = await recording(`${base}${path}`, {
        method,
        headers,
        body: callOptions.body === undefined ? null : JSON.stringify(callOptions.body),
      });
      return { status: response.status, text: await response.text(), headers: response.headers };
    },
  };
}

function errorCode(answer: Answer): string | undefined {
  return (JSON.parse(answer.text) as { error?: { code?: string } }).error?.code;
}

/** Wrong guesses by one client on one share until core says 429; returns how many were answered 403 first. */
async function guessUntilLimited(s: Setup, shareId: string, clientKeyFor: (attempt: number) => string): Promise<{ refused: number; limited: Answer }> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const answer = await s.call('bob', 'POST', `/shares/${shareId}/unlock`, { body: { password: `wrong-${attempt}` }, clientKey: clientKeyFor(attempt) });
    if (answer.status === 429) return { refused: attempt, limited: answer };
    expect(answer.status, answer.text).toBe(403);
    expect(errorCode(answer)).toBe('PASSWORD_INCORRECT');
  }
  throw new Error('no 429 after 200 wrong guesses');
}

function expectRetryAfter(answer: Answer): void {
  expect(errorCode(answer)).toBe('RATE_LIMITED');
  const retryAfter = answer.headers.get('retry-after');
  expect(retryAfter).toMatch(/^[1-9]\d*$/);
  expect((JSON.parse(answer.text) as { error: { retryAfterSeconds: number } }).error.retryAfterSeconds).toBe(Number(retryAfter));
}

describe('B13–B16 over HTTP: client ↔ handler round trips with the real service', () => {
  it('B13: the owner sets a password; a viewer is asked for it, unlocks, and reads and clones with the token in a header', async () => {
    const s = await setup();
    const alice = s.as('alice');
    const bob = s.as('bob');
    const share = await alice.createShare({ chatId: CHAT, password: PASSWORD });
    expect(share.hasPassword).toBe(true);

    await expect(bob.readShare(share.id)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' });
    await expect(bob.cloneShare(share.id)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' });
    await expect(bob.unlockShare(share.id, 'not-the-password')).rejects.toMatchObject({ code: 'PASSWORD_INCORRECT' });
    const unlocked = await bob.unlockShare(share.id, PASSWORD);
    expect(unlocked.token.length).toBeGreaterThan(0);
    expect(unlocked.expiresAt).toBeGreaterThan(Date.UTC(2026, 10, 25, 12));

    const view = await bob.readShare(share.id, { unlockToken: unlocked.token });
    expect(view.title).toBe('Trip planning');
    expect(view.isOwner).toBe(false);
    const clone = await bob.cloneShare(share.id, { unlockToken: unlocked.token });
    expect(clone.title).toBe('Trip planning');
    // The owner never needs the password.
    expect((await alice.readShare(share.id)).isOwner).toBe(true);
    // The client sent the header exactly on the reads and clones given a token, and the token never in a URL.
    const reads = s.requests.filter((r) => /\/(view|clone)$/.test(new URL(r.url).pathname));
    expect(reads.map((r) => r.headers.get(UNLOCK_TOKEN_HEADER))).toEqual([null, null, unlocked.token, unlocked.token, null]);
    for (const r of s.requests) expect(r.url).not.toContain(unlocked.token);

    // Removing the password opens the link without a token; setting it again locks it.
    expect((await alice.setShareOptions(share.id, { password: null })).hasPassword).toBe(false);
    expect((await bob.readShare(share.id)).id).toBe(share.id);
    expect((await alice.setShareOptions(share.id, { password: 'another-secret' })).hasPassword).toBe(true);
    await expect(bob.readShare(share.id)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' });
  });

  it('B13, T7: the token is taken from the X-Chatshare-Unlock header only, never from the query string; answers are no-store', async () => {
    const s = await setup();
    const share = await s.as('alice').createShare({ chatId: CHAT, password: PASSWORD, audience: { type: 'anyone' } });
    const unlock = await s.call(null, 'POST', `/shares/${share.id}/unlock`, { body: { password: PASSWORD } });
    expect(unlock.status).toBe(200);
    expect(unlock.headers.get('cache-control')).toBe('no-store');
    const { token } = JSON.parse(unlock.text) as { token: string };
    const t = encodeURIComponent(token);

    for (const path of [`/s/${share.id}`, `/shares/${share.id}/view`]) {
      for (const query of [`?unlockToken=${t}`, `?token=${t}`, `?unlock=${t}`, `?${UNLOCK_TOKEN_HEADER}=${t}`]) {
        const answer = await s.call(null, 'GET', `${path}${query}`);
        expect(answer.status, `${path}${query}`).toBe(401);
        expect(errorCode(answer)).toBe('PASSWORD_REQUIRED');
      }
      const read = await s.call(null, 'GET', path, { headers: { [UNLOCK_TOKEN_HEADER]: token } });
      expect(read.status).toBe(200);
      expect(read.headers.get('cache-control')).toBe('no-store');
      expect(read.headers.get('referrer-policy')).toBe('no-referrer');
      expect(JSON.parse(read.text)).toMatchObject({ id: share.id, title: 'Trip planning' });
    }
    // A token for another link, or a tampered one, unlocks nothing.
    const other = await s.as('alice').createShare({ chatId: CHAT, password: PASSWORD, audience: { type: 'anyone' } });
    expect((await s.call(null, 'GET', `/s/${other.id}`, { headers: { [UNLOCK_TOKEN_HEADER]: token } })).status).toBe(401);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await s.call(null, 'GET', `/s/${share.id}`, { headers: { [UNLOCK_TOKEN_HEADER]: tampered } })).status).toBe(401);
  });

  it('B13, T4: wrong passwords get 403 PASSWORD_INCORRECT, then 429 with Retry-After once the per-share limit is reached', async () => {
    const s = await setup();
    const share = await s.as('alice').createShare({ chatId: CHAT, password: PASSWORD });
    // A fresh client key for every guess: only the per-share limit can stop them.
    const { refused, limited } = await guessUntilLimited(s, share.id, (attempt) => `10.0.0.${attempt}`);
    expect(refused).toBeGreaterThan(0);
    expectRetryAfter(limited);
    // The share stays locked for the window, even for yet another client.
    const next = await s.call('bob', 'POST', `/shares/${share.id}/unlock`, { body: { password: 'wrong-again' }, clientKey: '10.9.9.9' });
    expect(next.status).toBe(429);
    expectRetryAfter(next);
    // Another share is not affected.
    const fresh = await s.as('alice').createShare({ chatId: CHAT, password: PASSWORD });
    expect((await s.call('bob', 'POST', `/shares/${fresh.id}/unlock`, { body: { password: PASSWORD }, clientKey: '10.9.9.9' })).status).toBe(200);
  });

  it('B13, T4: the per-client limit is keyed by the handler client key: one client is stopped, another is not; no key, no per-client bucket', async () => {
    const s = await setup();
    const alice = s.as('alice');
    // One wrong guess per fresh share: the per-share limit never fills, only the per-client one can.
    let limited: Answer | undefined;
    let guesses = 0;
    for (; guesses < 200 && !limited; guesses++) {
      const share = await alice.createShare({ chatId: CHAT, password: PASSWORD });
      const answer = await s.call('bob', 'POST', `/shares/${share.id}/unlock`, { body: { password: 'wrong' }, clientKey: 'client-a' });
      if (answer.status === 429) limited = answer;
      else expect(errorCode(answer)).toBe('PASSWORD_INCORRECT');
    }
    expect(limited, 'client-a was never limited').toBeDefined();
    expectRetryAfter(limited as Answer);
    const wrongBeforeLimit = guesses - 1;
    expect(wrongBeforeLimit).toBeGreaterThan(0);

    const fresh = await alice.createShare({ chatId: CHAT, password: PASSWORD });
    const a = await s.call('bob', 'POST', `/shares/${fresh.id}/unlock`, { body: { password: 'wrong' }, clientKey: 'client-a' });
    expect(a.status).toBe(429);
    expectRetryAfter(a);
    const b = await s.call('bob', 'POST', `/shares/${fresh.id}/unlock`, { body: { password: 'wrong' }, clientKey: 'client-b' });
    expect(b.status).toBe(403);
    expect(errorCode(b)).toBe('PASSWORD_INCORRECT');
    // The client key is the handler's, not the viewer's identity: carol on client-a is stopped too.
    const carol = await s.call('carol', 'POST', `/shares/${fresh.id}/unlock`, { body: { password: 'wrong' }, clientKey: 'client-a' });
    expect(carol.status).toBe(429);

    // Without a key the handler passes none: signed-out guessers (whom core cannot key by user either) are never lumped
    // into one per-client bucket that a single client could fill for everyone.
    const noKey = await setup({ handler: { rateLimit: false } });
    const owner = noKey.as('alice');
    for (let i = 0; i < wrongBeforeLimit + 3; i++) {
      const share = await owner.createShare({ chatId: CHAT, password: PASSWORD, audience: { type: 'anyone' } });
      const answer = await noKey.call(null, 'POST', `/shares/${share.id}/unlock`, { body: { password: 'wrong' } });
      expect(answer.status, `guess ${i + 1}`).toBe(403);
    }
  });

  it('B13, B16, T4: unlock, versions and rollback count against the handler’s per-client limit; preview (no share id) does not', async () => {
    const s = await setup({ handler: { rateLimit: { limit: 4, windowMs: 60_000, clientKey: (request) => request.headers.get(CLIENT_HEADER) } } });
    const id = 'Zz0123456789abcdefghij';
    const statuses = [
      (await s.call('bob', 'POST', `/shares/${id}/unlock`, { body: { password: PASSWORD }, clientKey: 'probe' })).status,
      (await s.call('bob', 'GET', `/shares/${id}/versions`, { clientKey: 'probe' })).status,
      (await s.call('bob', 'POST', `/shares/${id}/rollback`, { body: { snapshotVersion: 1 }, clientKey: 'probe' })).status,
      (await s.call('bob', 'GET', `/s/${id}`, { clientKey: 'probe' })).status,
    ];
    expect(statuses).toEqual([404, 404, 404, 404]);
    for (const path of [`/shares/${id}/unlock`, `/shares/${id}/versions`, `/shares/${id}/rollback`]) {
      const method = path.endsWith('versions') ? 'GET' : 'POST';
      const answer = await s.call('bob', method, path, { clientKey: 'probe', ...(method === 'POST' ? { body: {} } : {}) });
      expect(answer.status, path).toBe(429);
      expectRetryAfter(answer);
    }
    for (let i = 0; i < 6; i++) {
      const preview = await s.call('alice', 'POST', '/shares/preview', { body: { chatId: CHAT }, clientKey: 'probe' });
      expect(preview.status).toBe(200);
    }
    // Another client is unaffected.
    expect((await s.call('bob', 'GET', `/shares/${id}/versions`, { clientKey: 'other' })).status).toBe(404);
  });

  it('B13, R2: a viewer the audience refuses gets the same 401/404 bytes for a protected link as for an unprotected one', async () => {
    const s = await setup();
    const alice = s.as('alice');
    const plainInstance = await alice.createShare({ chatId: CHAT, audience: { type: 'instance' } });
    const lockedInstance = await alice.createShare({ chatId: CHAT, audience: { type: 'instance' }, password: PASSWORD });
    const plainPeople = await alice.createShare({ chatId: CHAT, audience: { type: 'people', userIds: ['carol'], groupIds: [] } });
    const lockedPeople = await alice.createShare({ chatId: CHAT, audience: { type: 'people', userIds: ['carol'], groupIds: [] }, password: PASSWORD });
    const unknown = 'A'.repeat(21);

    const same = (x: Answer, y: Answer) => {
      expect(y.status).toBe(x.status);
      expect(y.text).toBe(x.text);
      for (const name of ['content-type', 'cache-control', 'www-authenticate', 'retry-after']) expect(y.headers.get(name)).toBe(x.headers.get(name));
    };
    for (const route of [(id: string) => `/s/${id}`, (id: string) => `/shares/${id}/view`]) {
      // Signed out, instance audience: sign in first (401 AUTH_REQUIRED), never PASSWORD_REQUIRED.
      const plain401 = await s.call(null, 'GET', route(plainInstance.id));
      expect(plain401.status).toBe(401);
      expect(errorCode(plain401)).toBe('AUTH_REQUIRED');
      same(plain401, await s.call(null, 'GET', route(lockedInstance.id)));
      // Bob is not in the audience: the same 404 as an unknown link.
      const plain404 = await s.call('bob', 'GET', route(plainPeople.id));
      expect(plain404.status).toBe(404);
      same(plain404, await s.call('bob', 'GET', route(lockedPeople.id)));
      same(plain404, await s.call('bob', 'GET', route(unknown)));
    }
    // Clone and unlock too: a refused viewer cannot even learn that a password exists, or try one.
    same(await s.call('bob', 'POST', `/shares/${plainPeople.id}/clone`), await s.call('bob', 'POST', `/shares/${lockedPeople.id}/clone`));
    const unlockUnknown = await s.call('bob', 'POST', `/shares/${unknown}/unlock`, { body: { password: PASSWORD } });
    expect(unlockUnknown.status).toBe(404);
    same(unlockUnknown, await s.call('bob', 'POST', `/shares/${lockedPeople.id}/unlock`, { body: { password: PASSWORD } }));
    // Carol, in the audience, is asked for the password.
    expect(errorCode(await s.call('carol', 'GET', `/s/${lockedPeople.id}`))).toBe('PASSWORD_REQUIRED');
  });

  it('B13, T26: the password never appears in any response body or header', async () => {
    const s = await setup();
    const alice = s.as('alice');
    const bob = s.as('bob', 'client-bob');
    const share = await alice.createShare({ chatId: CHAT, password: PASSWORD });
    await alice.setShareOptions(share.id, { password: PASSWORD });
    await alice.updateShare(share.id, { password: PASSWORD });
    await alice.listShares();
    await alice.findShareForChat(CHAT);
    await alice.listShareVersions(share.id);
    await alice.readShare(share.id);
    await expect(bob.readShare(share.id)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' });
    await expect(bob.unlockShare(share.id, `${PASSWORD}x`)).rejects.toMatchObject({ code: 'PASSWORD_INCORRECT' });
    const { token } = await bob.unlockShare(share.id, PASSWORD);
    await bob.readShare(share.id, { unlockToken: token });
    await bob.cloneShare(share.id, { unlockToken: token });
    // A malformed password (too short for the schema) is refused without quoting it.
    await s.call('alice', 'PATCH', `/shares/${share.id}`, { body: { password: 'ab' } });
    await s.call('bob', 'POST', `/shares/${share.id}/unlock`, { body: { password: 12345 } });
    const { refused } = await guessUntilLimited(s, share.id, () => 'client-guesser');
    expect(refused).toBeGreaterThan(0);

    expect(s.answers.length).toBeGreaterThan(15);
    for (const answer of s.answers) {
      expect(answer.text).not.toContain(PASSWORD);
      expect(answer.text).not.toContain('"salt"');
      expect(answer.text).not.toContain('PBKDF2');
      answer.headers.forEach((value) => expect(value).not.toContain(PASSWORD));
    }
  });

  it('B14: reads through the handler increase the owner’s viewCount; the owner’s own reads do not', async () => {
    const s = await setup();
    const alice = s.as('alice');
    const share = await alice.createShare({ chatId: CHAT, audience: { type: 'anyone' } });
    expect(share).toMatchObject({ viewCount: 0, lastViewedAt: null });
    await s.as('bob').readShare(share.id);
    expect((await s.call(null, 'GET', `/s/${share.id}`)).status).toBe(200);
    await alice.readShare(share.id);
    const [listed] = (await alice.listShares()).items;
    expect(listed?.viewCount).toBe(2);
    expect(listed?.lastViewedAt).toEqual(expect.any(Number));
    // A password-protected link counts only reads that got through.
    const locked = await alice.createShare({ chatId: CHAT, audience: { type: 'anyone' }, password: PASSWORD });
    expect((await s.call(null, 'GET', `/s/${locked.id}`)).status).toBe(401);
    const { token } = await s.as(null).unlockShare(locked.id, PASSWORD);
    await s.as(null).readShare(locked.id, { unlockToken: token });
    expect((await alice.findShareForChat(CHAT))?.id).toBe(locked.id);
    expect((await alice.findShareForChat(CHAT))?.viewCount).toBe(1);
  });

  it('B15: previewShare over HTTP is exactly what createShare then stores, and left-out content reaches no viewer byte', async () => {
    const s = await setup();
    const alice = s.as('alice');
    const leaveOut = { messageIds: ['msg-2'], systemPrompt: true, toolOutput: true, attachments: false };
    const preview = await alice.previewShare({ chatId: CHAT, leaveOut });
    // The same answer the service gives locally (what the modal shows with a local service).
    const local = await s.service.forActor(USERS.alice ?? null).previewShare({ chatId: CHAT, leaveOut });
    expect(preview.messages).toEqual(local.messages);
    expect(preview.leaveOut).toEqual(leaveOut);
    expect(preview.hasSystemPrompt).toBe(true);
    expect(preview.hasToolOutput).toBe(true);
    expect(preview.messages.find((m) => m.sourceId === 'msg-2')?.leftOut).toBe(true);
    expect(preview.messages.filter((m) => !m.leftOut).map((m) => m.sourceId)).toEqual(['msg-0', 'msg-1', 'msg-3']);
    expect(JSON.stringify(preview.snapshot)).not.toContain(LEFT_OUT_TEXT);

    const share = await alice.createShare({ chatId: CHAT, leaveOut, audience: { type: 'anyone' } });
    expect(share.leaveOut).toEqual(leaveOut);
    const stored = await readStoredRecord(s.store, share.id);
    const { createdAt: _p, hash: _ph, ...previewed } = preview.snapshot;
    const { createdAt: _s, hash: _sh, ...published } = stored?.snapshot ?? ({} as never);
    expect(published).toEqual(previewed);
    expect(Object.keys(stored?.snapshot.messages ?? {})).toHaveLength(3);

    const read = await s.call(null, 'GET', `/s/${share.id}`);
    expect(read.status).toBe(200);
    for (const secret of [SYSTEM_PROMPT, TOOL_RESULT, LEFT_OUT_TEXT]) expect(read.text).not.toContain(secret);
    const clone = await s.call('bob', 'POST', `/shares/${share.id}/clone`);
    for (const secret of [SYSTEM_PROMPT, TOOL_RESULT, LEFT_OUT_TEXT]) expect(clone.text).not.toContain(secret);

    // Previewing is the chat owner's: nobody else learns the chat exists.
    await expect(s.as('bob').previewShare({ chatId: CHAT })).rejects.toMatchObject({ code: 'CHAT_NOT_FOUND' });
    await expect(s.as(null).previewShare({ chatId: CHAT })).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect((await s.call('alice', 'POST', '/shares/preview', { body: { chatId: CHAT, leaveOut: { toolOutput: 'yes' } } })).status).toBe(400);
  });

  it('B16: versions list the current snapshot first; rollback makes an old one current for viewers; after a revoke, 404', async () => {
    const s = await setup();
    const alice = s.as('alice');
    const share = await alice.createShare({ chatId: CHAT, audience: { type: 'anyone' } });
    s.grow(6);
    await alice.updateShare(share.id);
    s.grow(8);
    await alice.updateShare(share.id, { leaveOut: { attachments: true } });

    const versions = await alice.listShareVersions(share.id);
    expect(versions.map((v) => [v.snapshotVersion, v.current, v.messageCount])).toEqual([
      [3, true, 8],
      [2, false, 6],
      [1, false, 4],
    ]);
    // Each version says what it left out, over the wire too.
    expect(versions.map((v) => v.leaveOut)).toEqual([{ ...DEFAULT_LEAVE_OUT, attachments: true }, DEFAULT_LEAVE_OUT, DEFAULT_LEAVE_OUT]);
    const viewBefore = await s.as(null).readShare(share.id);
    expect(Object.keys(viewBefore.snapshot.messages)).toHaveLength(8);

    const rolled = await alice.rollbackShare(share.id, 1);
    expect(rolled).toMatchObject({ id: share.id, snapshotVersion: 4, messageCount: 4, leaveOut: DEFAULT_LEAVE_OUT });
    const view = await s.as(null).readShare(share.id);
    expect(view.snapshot.version).toBe(4);
    expect(Object.keys(view.snapshot.messages)).toHaveLength(4);
    expect((await alice.listShareVersions(share.id)).map((v) => [v.snapshotVersion, v.current])).toEqual([
      [4, true],
      [3, false],
      [2, false],
      [1, false],
    ]);

    // Only the owner sees or changes the history.
    await expect(s.as('bob').listShareVersions(share.id)).rejects.toMatchObject({ code: expect.stringMatching(/^(FORBIDDEN|SHARE_NOT_FOUND)$/) });
    await expect(s.as('bob').rollbackShare(share.id, 2)).rejects.toMatchObject({ code: expect.stringMatching(/^(FORBIDDEN|SHARE_NOT_FOUND)$/) });
    expect((await s.call('alice', 'POST', `/shares/${share.id}/rollback`, { body: { snapshotVersion: 'one' } })).status).toBe(400);

    await alice.revokeShare(share.id);
    const gone = await s.call('alice', 'GET', `/shares/${share.id}/versions`);
    expect(gone.status).toBe(404);
    expect(errorCode(gone)).toBe('SHARE_NOT_FOUND');
    await expect(alice.rollbackShare(share.id, 1)).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
  });

  it('B13, B16, T25: malformed answers to the new methods become NETWORK_ERROR in the client', async () => {
    const bodies: Record<string, unknown> = {
      '/unlock': { token: 42, expiresAt: 'soon' },
      '/versions': { versions: [{ snapshotVersion: 0 }] },
      '/rollback': { id: 'x' },
      '/shares/preview': { snapshot: null },
    };
    const client = createHttpShareClient({
      baseUrl: 'http://chatshare.test/api/chatshare',
      fetch: async (input) => {
        const url = String(input);
        const key = Object.keys(bodies).find((k) => url.endsWith(k)) ?? '';
        return new Response(JSON.stringify(bodies[key] ?? {}), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const id = 'A'.repeat(21);
    await expect(client.unlockShare(id, PASSWORD)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    await expect(client.listShareVersions(id)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    await expect(client.rollbackShare(id, 1)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    await expect(client.previewShare({ chatId: CHAT })).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});

describe('B13, B14, B16 over HTTP on PGlite (SQL store)', () => {
  const db = pgliteForSuite();
  let n = 0;

  it('B13, B14, B16: unlock, counted reads, versions and rollback through the handler on a SQL store', async () => {
    const store = await createSqlStore({ client: db(), tablePrefix: `b13_${Date.now().toString(36)}_${n++}_` });
    const s = await setup({ store });
    const alice = s.as('alice');
    const bob = s.as('bob');
    const share = await alice.createShare({ chatId: CHAT, password: PASSWORD });
    await expect(bob.readShare(share.id)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' });
    await expect(bob.unlockShare(share.id, 'wrong-one')).rejects.toMatchObject({ code: 'PASSWORD_INCORRECT' });
    const { token } = await bob.unlockShare(share.id, PASSWORD);
    expect((await bob.readShare(share.id, { unlockToken: token })).title).toBe('Trip planning');
    await bob.readShare(share.id, { unlockToken: token });
    expect((await alice.findShareForChat(CHAT))).toMatchObject({ id: share.id, hasPassword: true, viewCount: 2 });

    s.grow(6);
    await alice.updateShare(share.id);
    expect((await alice.listShareVersions(share.id)).map((v) => [v.snapshotVersion, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(await alice.rollbackShare(share.id, 1)).toMatchObject({ snapshotVersion: 3, messageCount: 4, hasPassword: true });
    expect(Object.keys((await bob.readShare(share.id, { unlockToken: token })).snapshot.messages)).toHaveLength(4);
    await alice.revokeShare(share.id);
    await expect(alice.listShareVersions(share.id)).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
  });
});
