import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createShareService, MemoryShareStore, RateLimitedError } from '@chatshare/core';
import { failingStore } from '@chatshare/core/testing';
import {
  clientKeyOfAddress,
  createHttpShareClient,
  createMemoryRateLimitCounter,
  createNodeListener,
  createShareHandler,
  type NodeIncomingMessageLike,
  type NodeServerResponseLike,
} from '@chatshare/adapters/http';
import { serve, type Loopback } from '../loopback.js';
import { ALICE, chats, expectShareHeaders, identify, SECRET_CHAT, USERS, useShareServers, type Setup } from './share-server.js';

/**
 * The share handler (`createShareHandler`) on a real socket, driven with plain `fetch` as a script would: routing,
 * response headers, identical answers for unknown and forbidden shares, the per-client rate limit, anonymous viewers,
 * malformed requests, server-side failures and what responses and logs never contain.
 */

const { opened, fresh } = useShareServers();

describe('HTTP handler: routes', () => {
  it('unknown routes get 404 and wrong methods 405 with Allow, both as JSON with the share headers', async () => {
    const { base } = await fresh();
    const unknown = await fetch(`${base}/nothing-here`);
    expect(unknown.status).toBe(404);
    expectShareHeaders(unknown);
    const wrong = await fetch(`${base}/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, PATCH');
  });
});

describe('B5, T7, T26: share response headers', () => {
  it("B5, T7, T26: the node listener's own fallback 500 sends no-store, noindex and no-referrer too", async () => {
    const server = await serve(() => Promise.reject(new Error('handler blew up: token=sk-live-123')));
    opened.push(server);
    const response = await fetch(`${server.origin}/api/chatshare/settings`);
    expect(response.status).toBe(500);
    expectShareHeaders(response);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe('STORAGE_ERROR');
    expect(text).not.toContain('sk-live-123');
  });

  it('every answer — JSON, 201, 204 and errors — sends no-store, noindex and no-referrer', async () => {
    const { base } = await fresh();
    const alice = { cookie: 'session=alice', 'content-type': 'application/json' };
    const created = await fetch(`${base}/shares`, { method: 'POST', headers: alice, body: JSON.stringify({ chatId: SECRET_CHAT }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const responses = [
      created,
      await fetch(`${base}/s/${id}`, { headers: { cookie: 'session=bob' } }),
      await fetch(`${base}/shares/${id}/view`, { headers: { cookie: 'session=bob' } }),
      await fetch(`${base}/shares`, { headers: alice }),
      await fetch(`${base}/settings`),
      await fetch(`${base}/shares/${id}`, { method: 'DELETE', headers: alice }),
      await fetch(`${base}/s/${id}`, { headers: { cookie: 'session=bob' } }),
    ];
    expect(responses.map((r) => r.status)).toEqual([201, 200, 200, 200, 200, 204, 404]);
    for (const response of responses) expectShareHeaders(response);
  });

  it('T7: revoke is immediate through the HTTP handler: the very next read is 404', async () => {
    const { as } = await fresh();
    const share = await as('alice').createShare({ chatId: SECRET_CHAT });
    expect((await as('bob').readShare(share.id)).id).toBe(share.id);
    await as('alice').revokeShare(share.id);
    await expect(as('bob').readShare(share.id)).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
  });
});

describe('T1: unknown, revoked and forbidden shares answer identically', () => {
  it('same 404 status and byte-identical body for all three', async () => {
    const { as, base } = await fresh();
    const alice = as('alice');
    const revoked = await alice.createShare({ chatId: SECRET_CHAT });
    await alice.revokeShare(revoked.id);
    const privateShare = await alice.createShare({ chatId: SECRET_CHAT, audience: { type: 'owner' } });
    const ids = ['Zz0123456789abcdefghij', revoked.id, privateShare.id];
    const answers = await Promise.all(
      ids.map(async (id) => {
        const r = await fetch(`${base}/s/${id}`, { headers: { cookie: 'session=bob' } });
        return { status: r.status, body: await r.text(), type: r.headers.get('content-type') };
      }),
    );
    expect(answers[0]?.status).toBe(404);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});

describe('T4: per-client read rate limit', () => {
  it('enumeration gets 429 with Retry-After once the window is spent; the client sees RATE_LIMITED', async () => {
    const { base, as } = await fresh({ rateLimit: { limit: 5, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await fetch(`${base}/s/guess${String(i).padStart(17, '0')}`, { headers: { cookie: 'session=bob' } });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expectShareHeaders(r);
      }
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
    const error = await as('bob').readShare('guess00000000000000000009').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('counts per client key, and a shared counter spans handler replicas', async () => {
    const counter = createMemoryRateLimitCounter();
    const clientKey = (r: Request) => r.headers.get('x-client') ?? 'none';
    const a = await fresh({ rateLimit: { limit: 2, windowMs: 60_000, counter, clientKey } });
    const b = await fresh({ rateLimit: { limit: 2, windowMs: 60_000, counter, clientKey } });
    const read = (s: Setup, client: string) => fetch(`${s.base}/s/x${'0'.repeat(20)}`, { headers: { 'x-client': client } }).then((r) => r.status);
    expect([await read(a, 'one'), await read(b, 'one'), await read(a, 'one')]).toEqual([401, 401, 429]);
    expect(await read(b, 'two')).toBe(401);
  });

  it('T4 probing through writes: PATCH, POST /update and DELETE on share ids count against the same per-client limit', async () => {
    const { base, as } = await fresh({ rateLimit: { limit: 3, windowMs: 60_000 } });
    const share = await as('alice').createShare({ chatId: SECRET_CHAT });
    const bob = { cookie: 'session=bob', 'content-type': 'application/json' };
    const patch = (id: string) => fetch(`${base}/shares/${id}`, { method: 'PATCH', headers: bob, body: '{"showOwnerName":true}' });
    const statuses: number[] = [];
    // 403 for a share that exists, 404 for a guess: the difference is what a prober looks for.
    for (const id of [share.id, 'guess00000000000000001', 'guess00000000000000002', 'guess00000000000000003', 'guess00000000000000004']) {
      const r = await patch(id);
      statuses.push(r.status);
      if (r.status === 429) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expectShareHeaders(r);
      }
    }
    expect(statuses).toEqual([403, 404, 404, 429, 429]);
    const others = await Promise.all([
      fetch(`${base}/shares/${share.id}/update`, { method: 'POST', headers: bob, body: '{}' }),
      fetch(`${base}/shares/${share.id}`, { method: 'DELETE', headers: bob }),
      fetch(`${base}/s/${share.id}`, { headers: bob }),
    ]);
    expect(others.map((r) => r.status)).toEqual([429, 429, 429]);
    const error = await as('bob').setShareOptions('guess00000000000000005', { showOwnerName: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    // Routes without a share id are not counted.
    expect((await fetch(`${base}/shares`, { headers: bob })).status).toBe(200);
  });

  it('T4 shared bucket: with no socket address and no clientKey, no request is limited into one shared bucket; the host is told once', async () => {
    const service = createShareService({ store: new MemoryShareStore(), chats });
    const reported: unknown[] = [];
    // Called directly, as in a worker or Hono: no createNodeListener, so no socket address.
    const handler = createShareHandler(service, { identify, rateLimit: { limit: 2, windowMs: 60_000 }, onError: (e) => reported.push(e) });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await handler(new Request(`http://host/api/chatshare/s/guess${String(i).padStart(17, '0')}`, { headers: { cookie: 'session=bob' } }));
      statuses.push(r.status);
    }
    expect(statuses).toEqual(Array(6).fill(404));
    expect(reported).toHaveLength(1);
    expect(String((reported[0] as Error).message)).toMatch(/rateLimit\.clientKey/);
    expect(String((reported[0] as Error).message)).toMatch(/trusted proxy/);

    // Without onError, the same warning goes to console.warn, once; a clientKey that finds no address behaves alike.
    const warnings: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
    const viaHeader = createShareHandler(service, {
      identify,
      rateLimit: { limit: 2, windowMs: 60_000, clientKey: (r) => r.headers.get('cf-connecting-ip') },
    });
    const read = (headers: Record<string, string>) =>
      viaHeader(new Request('http://host/api/chatshare/s/guess00000000000000000', { headers: { cookie: 'session=bob', ...headers } })).then((r) => r.status);
    expect([await read({}), await read({}), await read({}), await read({})]).toEqual([404, 404, 404, 404]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/rateLimit\.clientKey/);
    // With the trusted header, each client gets its own window.
    const ip = { 'cf-connecting-ip': '203.0.113.7' };
    expect([await read(ip), await read(ip), await read(ip)]).toEqual([404, 404, 429]);
    expect(await read({ 'cf-connecting-ip': '203.0.113.8' })).toBe(404);
  });

  it('T4: the default key groups IPv6 clients by /64, so one host cannot rotate addresses for fresh windows', async () => {
    expect(clientKeyOfAddress('2001:db8:1:2::aaaa')).toBe('2001:db8:1:2::/64');
    expect(clientKeyOfAddress('2001:0DB8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(clientKeyOfAddress('[2001:db8:1:2::1]')).toBe('2001:db8:1:2::/64');
    expect(clientKeyOfAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKeyOfAddress('::1')).toBe('0:0:0:0::/64');
    expect(clientKeyOfAddress('2001:db8:1:3::aaaa')).not.toBe(clientKeyOfAddress('2001:db8:1:2::aaaa'));
    expect(clientKeyOfAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientKeyOfAddress('192.0.2.1')).toBe('192.0.2.1');
    expect(clientKeyOfAddress('not an address')).toBe('not an address');

    // Through createNodeListener, with the socket address a dual-stack server would see.
    const service = createShareService({ store: new MemoryShareStore(), chats });
    const listener = createNodeListener(createShareHandler(service, { identify, rateLimit: { limit: 2, windowMs: 60_000 } }));
    const read = async (remoteAddress: string): Promise<number> => {
      let status = 0;
      const req: NodeIncomingMessageLike = {
        method: 'GET',
        url: '/api/chatshare/s/guess00000000000000000',
        headers: { host: 'localhost', cookie: 'session=bob' },
        readableEnded: true,
        socket: { remoteAddress, destroy: () => undefined },
        on: () => undefined,
        resume: () => undefined,
        async *[Symbol.asyncIterator]() {},
      };
      const res: NodeServerResponseLike = {
        headersSent: false,
        writeHead: (s: number) => void (status = s),
        write: () => undefined,
        end: () => undefined,
        destroy: () => undefined,
      };
      await listener(req, res);
      return status;
    };
    expect([await read('2001:db8:1:2::1'), await read('2001:db8:1:2::2'), await read('2001:db8:1:2:ffff::3')]).toEqual([404, 404, 429]);
    expect(await read('2001:db8:1:3::1')).toBe(404);
    expect([await read('::ffff:192.0.2.1'), await read('::ffff:192.0.2.1'), await read('::ffff:192.0.2.1')]).toEqual([404, 404, 429]);
  });

  it('the in-memory counter keeps at most maxKeys clients', () => {
    const counter = createMemoryRateLimitCounter({ maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) counter.hit(`client-${i}`, 60_000, 1_000);
    expect(counter.size).toBeLessThanOrEqual(100);
    expect(counter.hit('client-9999', 60_000, 1_000).count).toBe(2);
    expect(counter.hit('client-9999', 60_000, 61_000).count).toBe(1);
  });
});

describe('T5: anonymous viewers', () => {
  it('an anonymous request for an instance share gets 401 and no message content at all', async () => {
    const { as, base } = await fresh();
    const share = await as('alice').createShare({ chatId: SECRET_CHAT });
    const response = await fetch(`${base}/s/${share.id}`);
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe('AUTH_REQUIRED');
    for (const leaked of ['Question number', 'Answer number', 'Photosynthesis', 'snapshot', 'messages']) expect(text).not.toContain(leaked);
  });

  it('an anonymous request for an anyone share reads it, with canClone false', async () => {
    const { as } = await fresh();
    const share = await as('alice').createShare({ chatId: SECRET_CHAT, audience: { type: 'anyone' } });
    const view = await as(null).readShare(share.id);
    expect(view.canClone).toBe(false);
    await expect(as(null).cloneShare(share.id)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });
});

describe('T23: malformed requests get typed 400s and never crash the server', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await fresh({ maxBodyBytes: 64 * 1024 });
  });
  const post = (path: string, body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${s.base}${path}`, { method: 'POST', headers: { cookie: 'session=alice', ...headers }, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);

  it('a non-JSON body, a missing body, a JSON array and wrong types are 400 INVALID_INPUT naming the field', async () => {
    const cases = [
      await post('/shares', '{"chatId": '),
      await post('/shares', null),
      await post('/shares', '[1,2,3]'),
      await post('/shares', JSON.stringify({ chatId: { $ne: 1 } })),
      await post('/shares', JSON.stringify({ chatId: SECRET_CHAT, expiresAt: 1e308 })),
      await post('/shares', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
    ];
    const bodies = await Promise.all(cases.map((r) => r.json()));
    expect(cases.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(bodies.map((b) => b.error.code)).toEqual(Array(6).fill('INVALID_INPUT'));
    expect(bodies[3].error.issues[0].path).toBe('input.chatId');
    expect(bodies[4].error.issues[0].path).toBe('input.expiresAt');
    for (const body of bodies) expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('a body that is not application/json is refused (a cross-site form cannot post)', async () => {
    const r = await post('/shares', `chatId=${SECRET_CHAT}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
    expect((await r.json()).error.code).toBe('INVALID_INPUT');
    expect((await post('/shares/x/update', null, {})).status).toBe(415);
  });

  it('a huge body is refused with 413 by Content-Length, and by counting streamed bytes, before parsing', async () => {
    const big = JSON.stringify({ chatId: SECRET_CHAT, pad: 'x'.repeat(200 * 1024) });
    const declared = await post('/shares', big);
    expect(declared.status).toBe(413);
    expect((await declared.json()).error.code).toBe('CHAT_TOO_LARGE');
    // Chunked: no Content-Length, so only counting can stop it.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1024 * 1024) return controller.close();
        sent += 16 * 1024;
        controller.enqueue(new TextEncoder().encode(' '.repeat(16 * 1024)));
      },
    });
    const chunked = await post('/shares', stream).catch((e: unknown) => e);
    // Either the 413 arrives, or the server cut the upload short after answering; both refuse before parsing.
    if (chunked instanceof Response) expect(chunked.status).toBe(413);
    else expect(sent).toBeLessThan(1024 * 1024);
    // The server is alive and still serving.
    expect((await s.as('alice').listShares()).items).toEqual([]);
  });

  it('malformed percent-encoding in a path is a 400, not a crash', async () => {
    const r = await fetch(`${s.base}/s/%E0%A4%A`, { headers: { cookie: 'session=bob' } });
    expect(r.status).toBe(400);
  });
});

describe('T25: failures reach the client as typed errors, loudly', () => {
  const raw: Loopback[] = [];
  afterAll(async () => {
    await Promise.all(raw.map((s) => s.close()));
  });

  it('a store fault is 500 STORAGE_ERROR with a generic message; onError gets the real error', async () => {
    const reported: unknown[] = [];
    const store = new MemoryShareStore();
    const { as } = await fresh({ store, onError: (e) => reported.push(e) });
    const share = await as('alice').createShare({ chatId: SECRET_CHAT });
    // A second handler over the same data whose store fails on its first call.
    const faulty = createShareService({ store: failingStore(store, { failOn: 1 }), chats });
    const server = await serve(createShareHandler(faulty, { identify, onError: (e) => reported.push(e) }));
    raw.push(server);
    const response = await fetch(`${server.origin}/api/chatshare/s/${share.id}`, { headers: { cookie: 'session=bob' } });
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error).toEqual({ code: 'STORAGE_ERROR', message: 'The server could not complete the request. Reload before trying again.', issues: [] });
    expect(reported).toHaveLength(1);
  });

  it('T25, R7: a store whose answer was lost after the write is 502 NETWORK_ERROR that says the change may have been applied', async () => {
    const store = new MemoryShareStore();
    const { as } = await fresh({ store });
    const share = await as('alice').createShare({ chatId: SECRET_CHAT });
    // getShare, then the revoke's deleteShare reaches the store and its answer is lost.
    const faulty = createShareService({ store: failingStore(store, { failOn: 2, when: 'after' }), chats });
    const server = await serve(createShareHandler(faulty, { identify, onError: () => undefined }));
    raw.push(server);
    const response = await fetch(`${server.origin}/api/chatshare/shares/${share.id}`, { method: 'DELETE', headers: { cookie: 'session=alice' } });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('NETWORK_ERROR');
    expect(body.error.message).toMatch(/may or may not have been applied/);
    // It was applied: the caller is right to re-read before retrying.
    expect(await store.getShare(share.id)).toBeNull();
  });

  it('an identify callback that throws is a 500 with the generic message, reported to onError', async () => {
    const reported: unknown[] = [];
    const service = createShareService({ store: new MemoryShareStore(), chats });
    const server = await serve(
      createShareHandler(service, {
        identify: () => {
          throw new Error('session store down: token=abc123');
        },
        onError: (e) => reported.push(e),
      }),
    );
    raw.push(server);
    const response = await fetch(`${server.origin}/api/chatshare/settings`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('abc123');
    expect(JSON.parse(text).error.code).toBe('STORAGE_ERROR');
    expect(reported).toHaveLength(1);
    expect(await createHttpShareClient({ baseUrl: `${server.origin}/api/chatshare` }).getSettings().catch((e: unknown) => e)).toMatchObject({ code: 'STORAGE_ERROR' });
  });
});

describe('T26: privacy of responses and logs', () => {
  it('viewer, owner and clone responses carry no owner id, email or source chat id', async () => {
    const { as, base } = await fresh();
    const share = await as('alice').createShare({ chatId: SECRET_CHAT, audience: { type: 'anyone' } });
    const texts = await Promise.all([
      fetch(`${base}/s/${share.id}`).then((r) => r.text()),
      fetch(`${base}/s/${share.id}`, { headers: { cookie: 'session=bob' } }).then((r) => r.text()),
      fetch(`${base}/shares`, { headers: { cookie: 'session=alice' } }).then((r) => r.text()),
      fetch(`${base}/chats/${SECRET_CHAT}/share`, { headers: { cookie: 'session=alice' } }).then((r) => r.text()),
      fetch(`${base}/shares/${share.id}/clone`, { method: 'POST', headers: { cookie: 'session=bob', 'content-type': 'application/json' }, body: '{}' }).then((r) => r.text()),
    ]);
    for (const text of texts) {
      expect(text).not.toContain(ALICE);
      expect(text).not.toContain(SECRET_CHAT);
      expect(text).not.toContain('ownerId');
    }
  });

  it('the default error log names the code only: no share id, token, cookie or stack', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    const store = new MemoryShareStore();
    const seeded = createShareService({ store, chats });
    const share = await seeded.forActor(USERS.alice!).createShare({ chatId: SECRET_CHAT });
    const broken = createShareService({
      store: { ...failingStore(store, { failOn: 1 }), getShare: async (id: string) => Promise.reject(new Error(`connection to db failed while reading ${id} token=sk-live-123`)) } as never,
      chats,
    });
    const server = await serve(createShareHandler(broken, { identify, rateLimit: false }));
    opened.push(server);
    const response = await fetch(`${server.origin}/api/chatshare/s/${share.id}`, { headers: { cookie: 'session=bob', authorization: 'Bearer sk-live-123' } });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(lines).toHaveLength(1);
    for (const output of [text, ...lines]) {
      expect(output).not.toContain(share.id);
      expect(output).not.toContain('sk-live-123');
      expect(output).not.toContain('session=bob');
      expect(output).not.toMatch(/\.ts:\d+|\.js:\d+/);
    }
    expect(lines[0]).toMatch(/STORAGE_ERROR/);
  });
});
