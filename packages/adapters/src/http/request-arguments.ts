import { InvalidInputError } from '@chatshare/core';
import { UNLOCK_TOKEN_HEADER } from './headers.js';
import type { RouteEntry } from './routes.js';

/** The server side of the route table's `input`: reads an operation's arguments from where its route says they travel. */

/** What a matched request offers the reader. */
export interface RouteRequest {
  readonly request: Request;
  readonly url: URL;
  /** The decoded `:name` segments of the path. */
  readonly params: Readonly<Record<string, string>>;
  /** Reads the JSON body (size-checked); `required: false` turns an empty body into `{}`. */
  readBody(required: boolean): Promise<unknown>;
}

/** Longest unlock token the handler passes on; anything longer is no token of ours and reads as none. */
const MAX_UNLOCK_TOKEN_CHARS = 1_000;

function unlockTokenOf(request: Request): string | null {
  const token = request.headers.get(UNLOCK_TOKEN_HEADER)?.trim() ?? '';
  return token === '' || token.length > MAX_UNLOCK_TOKEN_CHARS ? null : token;
}

function objectBody(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError([{ path: 'body', message: 'expected a JSON object' }]);
  }
  return value as Record<string, unknown>;
}

/** An options object from query parameters: numbers are converted only when they look like one, so core names the rest. */
function queryInput(url: URL, fields: Readonly<Record<string, 'string' | 'number'>>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(fields)) {
    const value = url.searchParams.get(name);
    if (value === null || (type === 'string' && value === '')) continue;
    input[name] = type === 'number' && /^\d{1,4}$/.test(value) ? Number(value) : value;
  }
  return input;
}

/**
 * The operation's arguments, in order. The body is read once, and only by routes that take one: core validates every
 * argument itself, so nothing is checked here beyond what keeps a wrong type away from core (`type: 'string'`).
 */
export async function readArguments(route: RouteEntry, from: RouteRequest): Promise<unknown[]> {
  let body: Record<string, unknown> | undefined;
  const readBody = async () => (body ??= objectBody(await from.readBody(route.optionalBody !== true)));
  const args: unknown[] = [];
  for (const place of route.input) {
    if (place.in === 'path') args.push(from.params[place.name] ?? '');
    else if (place.in === 'query') args.push(queryInput(from.url, place.fields));
    else if (place.in === 'unlock-header') {
      // From the header only: a token in the query string is ignored, so it never lands in access logs or `Referer`.
      const unlockToken = unlockTokenOf(from.request);
      args.push(unlockToken === null ? {} : { unlockToken });
    } else if (!('field' in place)) args.push(await readBody());
    else {
      const value = (await readBody())[place.field];
      // The issue names the field, never the value.
      if (place.type === 'string' && typeof value !== 'string') throw new InvalidInputError([{ path: place.field, message: 'expected a string' }]);
      args.push(value);
    }
  }
  return args;
}
