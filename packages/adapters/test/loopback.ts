import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeListener } from '@chatshare/adapters/http';

export interface Loopback {
  readonly origin: string;
  close(): Promise<void>;
}

/** Starts a real `node:http` server on 127.0.0.1 with an ephemeral port. */
export async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<Loopback> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves a WHATWG handler through `createNodeListener` on loopback. */
export function serve(handler: (request: Request) => Promise<Response>): Promise<Loopback> {
  return listen(createNodeListener(handler));
}
