import { errorFromJSON, NetworkError, RateLimitedError, type ChatshareError } from '@chatshare/core';
import type * as z from 'zod/mini';

/** Shared by the HTTP clients: one JSON request with a timeout, mapped to typed errors, so a failure is never silent. */
export interface TransportOptions {
  readonly baseUrl: string;
  readonly fetch: typeof globalThis.fetch;
  readonly timeoutMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly credentials?: RequestCredentials;
}

export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | null | undefined>>;
  readonly body?: unknown;
  /** Headers for this request only (the unlock token of a password-protected link), on top of the transport's own. */
  readonly headers?: Readonly<Record<string, string>>;
}

const MAX_ERROR_BODY_CHARS = 64 * 1024;

function urlFor(baseUrl: string, request: JsonRequest): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${baseUrl.replace(/\/+$/, '')}${request.path}${search ? `?${search}` : ''}`;
}

function wireError(status: number, text: string, retryAfter: string | null): ChatshareError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(0, MAX_ERROR_BODY_CHARS));
  } catch {
    return new NetworkError(`The server answered ${status} without a chatshare error body.`);
  }
  const error = (parsed as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null || typeof (error as { code?: unknown }).code !== 'string') {
    return new NetworkError(`The server answered ${status} without a chatshare error body.`);
  }
  const typed = errorFromJSON(error);
  if (typed instanceof RateLimitedError && retryAfter !== null && /^\d+$/.test(retryAfter)) {
    return new RateLimitedError(Number(retryAfter));
  }
  return typed;
}

/**
 * Sends one request and returns the parsed, schema-checked body (`undefined` for 204). Timeouts, dropped connections,
 * non-JSON answers and bodies that do not match `schema` throw `NetworkError`; error bodies become core's typed errors.
 */
export async function requestJson<T extends z.ZodMiniType | undefined>(
  transport: TransportOptions,
  request: JsonRequest,
  schema: T,
): Promise<T extends z.ZodMiniType ? z.output<T> : undefined> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), transport.timeoutMs);
  const headers: Record<string, string> = { Accept: 'application/json', ...transport.headers, ...request.headers };
  const init: RequestInit = { method: request.method, headers, signal: controller.signal };
  if (transport.credentials) init.credentials = transport.credentials;
  if (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH') {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(request.body ?? {});
  }
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const response = await transport.fetch(urlFor(transport.baseUrl, request), init);
    status = response.status;
    retryAfter = response.headers.get('retry-after');
    text = await response.text();
  } catch (error) {
    throw controller.signal.aborted
      ? new NetworkError(`The chatshare server did not answer within ${transport.timeoutMs} ms.`, error)
      : new NetworkError('Could not reach the chatshare server (the connection failed or was dropped).', error);
  } finally {
    clearTimeout(timer);
  }
  if (status < 200 || status >= 300) throw wireError(status, text, retryAfter);
  if (schema === undefined) {
    if (status !== 204 && text.trim() !== '') throw new NetworkError(`Expected an empty answer, got ${status} with a body.`);
    return undefined as never;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new NetworkError(`The chatshare server answered ${status} with a body that is not JSON.`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new NetworkError(`The chatshare server answered with an unexpected body shape.`);
  return result.data as never;
}
