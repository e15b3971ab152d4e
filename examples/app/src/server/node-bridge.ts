import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeListener } from '@chatshare/adapters/http';

export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Serves a fetch-style handler with node:http on loopback, through chatshare's own `createNodeListener` (so the
 * share handler's per-client rate limit sees the socket address).
 */
export async function listen(handler: FetchHandler, port: number, host = '127.0.0.1'): Promise<{ server: Server; origin: string }> {
  let listener: ReturnType<typeof createNodeListener> | null = null;
  const server = createServer((req, res) => {
    if (listener) void listener(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  const guarded: FetchHandler = async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      console.error('[chatshare demo]', error);
      return new Response('Internal error', { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
  };
  listener = createNodeListener(guarded, { origin });
  return { server, origin };
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
