import { Agent, request, type IncomingHttpHeaders } from 'node:http';

/** One answered request: status, headers, the whole body as text and how long it took. */
export interface CrowdResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly ms: number;
}

export interface CrowdRequest {
  readonly cookie?: string | undefined;
  /** Sent as `application/json`. */
  readonly json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`, like the demo's HTML forms. */
  readonly form?: Record<string, string>;
}

/** A request that never got an answer (refused, reset, timed out): what the soak counts as a network error. */
export class CrowdNetworkError extends Error {
  readonly code = 'NETWORK_ERROR';
}

const TIMEOUT_MS = 30_000;

/**
 * Many HTTP clients on loopback: each request leaves from the next of `sourceAddresses` (Linux routes all of
 * 127.0.0.0/8 to `lo`), over keep-alive connections, the way a crowd of viewers reaches a server. The demo's share
 * routes are rate limited per client address (600 a minute): one address would measure the limiter, not the server.
 */
export class LoopbackCrowd {
  private next = 0;
  // With a `timeout`, Node's agent closes an idle connection a second before the server's announced `Keep-Alive:
  // timeout` (without one it ignores the hint), so a request never races the server closing its connection.
  private readonly agent = new Agent({ keepAlive: true, timeout: TIMEOUT_MS });

  constructor(
    private readonly origin: URL,
    private readonly sourceAddresses: readonly string[],
  ) {
    if (sourceAddresses.length === 0) throw new RangeError('LoopbackCrowd needs at least one source address');
  }

  /** `127.0.1.1` … `127.0.1.<count>`: loopback addresses that are not the server's own. */
  static addresses(count: number): string[] {
    if (!Number.isInteger(count) || count < 1 || count > 254) throw new RangeError('between 1 and 254 source addresses');
    return Array.from({ length: count }, (_, i) => `127.0.1.${i + 1}`);
  }

  send(method: string, path: string, options: CrowdRequest = {}): Promise<CrowdResponse> {
    const localAddress = this.sourceAddresses[this.next++ % this.sourceAddresses.length]!;
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    if (options.cookie) headers.cookie = options.cookie;
    if (options.json !== undefined) {
      payload = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.form) {
      payload = new URLSearchParams(options.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    // A browser sends Origin on every POST; the demo refuses cross-origin form posts.
    if (method !== 'GET') headers.origin = this.origin.origin;
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.origin.hostname, port: this.origin.port, path, method, headers, localAddress, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
          );
          res.on('error', (error) => reject(new CrowdNetworkError(`${method} ${path}: ${error.message}`)));
        },
      );
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
      req.on('error', (error) => reject(new CrowdNetworkError(`${method} ${path} from ${localAddress}: ${error.message}`)));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
