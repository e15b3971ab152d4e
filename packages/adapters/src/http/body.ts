import { ChatTooLargeError, InvalidInputError } from '@chatshare/core';
import { HttpProtocolError } from './errors.js';

/** Default request body limit: a 10,000-message chat fits well within it; anything larger is refused unread. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

function tooLarge(limit: number): ChatTooLargeError {
  return new ChatTooLargeError('body', `the request body is larger than ${limit} bytes`);
}

/**
 * Reads a JSON request body, refusing it before parsing when it is too large (by `Content-Length`, then by counting
 * the bytes as they stream in), not JSON, or not UTF-8. `required: false` turns an empty body into `{}`.
 */
export async function readJsonBody(request: Request, options: { maxBytes: number; required: boolean }): Promise<unknown> {
  // Requiring JSON, even for an empty body, forces a CORS preflight on cross-site callers: a plain HTML form cannot
  // post here with the viewer's cookies (CSRF).
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpProtocolError(415, 'INVALID_INPUT', 'Send the body as application/json.');
  }
  const length = request.headers.get('content-length');
  if (length !== null && /^\d+$/.test(length) && Number(length) > options.maxBytes) throw tooLarge(options.maxBytes);

  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > options.maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge(options.maxBytes);
        }
        chunks.push(value);
      }
    } finally {
      reader.releaseLock();
    }
  }
  if (total === 0) {
    if (options.required) throw new InvalidInputError([{ path: 'body', message: 'a JSON body is required' }]);
    return {};
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidInputError([{ path: 'body', message: 'the body is not valid UTF-8' }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidInputError([{ path: 'body', message: 'the body is not valid JSON' }]);
  }
}
