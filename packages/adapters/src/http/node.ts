import { SHARE_RESPONSE_HEADERS } from './headers.js';

/**
 * The parts of `node:http`'s `IncomingMessage` the listener uses, stated structurally so that this entry's types do
 * not need `@types/node` (the client in the same entry ships to browsers).
 */
export interface NodeIncomingMessageLike extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** Express keeps the full path here when the listener is mounted under a path (`app.use('/api', …)`). */
  readonly originalUrl?: string | undefined;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly readableEnded: boolean;
  readonly socket: { readonly remoteAddress?: string | undefined; destroy(): void };
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  resume(): unknown;
}

/** The parts of `node:http`'s `ServerResponse` the listener uses. */
export interface NodeServerResponseLike {
  readonly headersSent: boolean;
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  write(chunk: Uint8Array): unknown;
  end(chunk?: string): unknown;
  destroy(): unknown;
}

type IncomingMessage = NodeIncomingMessageLike;
type ServerResponse = NodeServerResponseLike;

/** The peer address `createNodeListener` saw for each request; the handler's default rate-limit key. */
const remoteAddresses = new WeakMap<Request, string>();

/** The socket address of a request that came through `createNodeListener`, or `null` for other runtimes. */
export function remoteAddressOf(request: Request): string | null {
  return remoteAddresses.get(request) ?? null;
}

/** How much of an abandoned upload is read and thrown away before the connection is cut. */
const MAX_DISCARD_BYTES = 16 * 1024 * 1024;

/**
 * Called when the handler answered without reading the whole body (a body over the limit, a 401 before reading).
 * The rest is read and thrown away so the client gets to read the answer, but only up to a cap: an upload that
 * never ends loses its connection instead. The connection is closed after the answer either way.
 */
function discardRest(req: IncomingMessage): void {
  let discarded = 0;
  req.on('data', (chunk) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARD_BYTES) req.socket.destroy();
  });
  req.resume();
}

function toWebBody(req: IncomingMessage, onAbandon: () => void): ReadableStream<Uint8Array> {
  const iterator = req[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      onAbandon();
    },
  });
}

/** Options of `createNodeListener`. */
export interface NodeListenerOptions {
  /** Origin used to build absolute request URLs; default `http://<Host header or localhost>`. */
  origin?: string;
}

/**
 * Adapts a WHATWG `(Request) => Promise<Response>` handler to `node:http` (and Express, which passes the same
 * objects): `http.createServer(createNodeListener(handler))` or `app.use(createNodeListener(handler))`.
 * No dependency beyond Node's globals; request bodies stream through, so size limits apply before buffering.
 */
export function createNodeListener(
  handler: (request: Request) => Promise<Response>,
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const host = typeof req.headers.host === 'string' && /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host) ? req.headers.host : 'localhost';
      const url = new URL(req.originalUrl ?? req.url ?? '/', options.origin ?? `http://${host}`);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const v of value) headers.append(name, v);
        else headers.set(name, value);
      }
      const method = (req.method ?? 'GET').toUpperCase();
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const init: RequestInit & { duplex?: 'half' } = { method, headers };
      let abandoned = false;
      if (hasBody) {
        init.body = toWebBody(req, () => {
          abandoned = true;
        });
        init.duplex = 'half';
      }
      const request = new Request(url, init);
      if (req.socket.remoteAddress) remoteAddresses.set(request, req.socket.remoteAddress);
      const response = await handler(request);
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        out[name] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) out['set-cookie'] = cookies;
      if (hasBody && (abandoned || !req.readableEnded)) {
        out.connection = 'close';
        discardRest(req);
      }
      res.writeHead(response.status, out);
      if (response.body && method !== 'HEAD') {
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          res.write(value);
        }
      }
      res.end();
    } catch {
      // The handler itself never throws; this covers a client that went away mid-response (or a request Node parsed
      // but `Request` refuses). Nothing to report. The fallback carries the same headers as every answer (never cached, never indexed).
      if (!res.headersSent) {
        res.writeHead(500, { ...SHARE_RESPONSE_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { code: 'STORAGE_ERROR', message: 'Internal error', issues: [] } }));
      } else {
        res.destroy();
      }
    }
  };
}
