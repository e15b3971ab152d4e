import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createShareService, MemoryShareStore } from '@chatshare/core';
import { createHttpShareClient, UNLOCK_TOKEN_HEADER } from '@chatshare/adapters/http';
import { SHARE_ROUTES, takesShareId, type ArgumentPlace, type RouteEntry } from '../../src/http/routes.js';

/**
 * The route table (`src/http/routes.ts`) is the one list of HTTP operations: the service's operations, the client's
 * methods and the README's table all match it. `CHATSHARE_UPDATE_README=1` rewrites the README's table from it.
 */

const README = new URL('../../README.md', import.meta.url);
const START = '<!-- routes: generated from src/http/routes.ts by test/http/routes.test.ts -->';
const END = '<!-- /routes -->';

function describePlaces(route: RouteEntry): string {
  const fields = route.input.flatMap((p: ArgumentPlace) => (p.in === 'body' && 'field' in p ? [p.field] : []));
  const parts: string[] = [];
  for (const place of route.input) {
    if (place.in === 'query') parts.push(`query ${Object.keys(place.fields).map((name) => `\`${name}\``).join(', ')}`);
    else if (place.in === 'unlock-header') parts.push(`header \`${UNLOCK_TOKEN_HEADER}\` (optional)`);
    else if (place.in === 'body' && !('field' in place)) parts.push(route.optionalBody ? 'JSON body (optional)' : 'JSON body');
  }
  if (fields.length > 0) parts.push(`body \`{ ${fields.join(', ')} }\``);
  return parts.join('; ');
}

function describeAnswer(route: RouteEntry): string {
  if (route.output === null) return '204';
  if (route.output.field !== undefined) return `\`{ ${route.output.field} }\``;
  return String(route.output.status ?? 200);
}

/** The README's table, as the route table says. */
function routeTable(): string {
  const rows = SHARE_ROUTES.map((route) => {
    const paths = [route.path, ...(route.aliases ?? [])].map((path) => `\`${path}\``).join(', ');
    return `| ${route.method} | ${paths} | ${describePlaces(route)} | \`${route.operation}\` | ${describeAnswer(route)} | ${takesShareId(route) ? 'yes' : ''} |`;
  });
  return ['| method | path | arguments | `ShareApi` | answer | rate limited |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

describe('the HTTP route table', () => {
  it("has exactly one route per operation of the service's ShareApi, and no two routes share a method and path", () => {
    const service = createShareService({ store: new MemoryShareStore(), chats: { getChat: async () => null } });
    const operations = SHARE_ROUTES.map((route) => route.operation);
    expect([...operations].sort()).toEqual(Object.keys(service.forActor(null)).sort());
    const endpoints = SHARE_ROUTES.flatMap((route) => [route.path, ...(route.aliases ?? [])].map((path) => `${route.method} ${path}`));
    expect(new Set(endpoints).size).toBe(endpoints.length);
  });

  it('builds the HTTP client: one method per route, nothing else', () => {
    const client = createHttpShareClient({ baseUrl: 'http://chatshare.test/api/chatshare' });
    expect(Object.keys(client).sort()).toEqual(SHARE_ROUTES.map((route) => route.operation).sort());
    for (const method of Object.values(client)) expect(typeof method).toBe('function');
  });

  it('rate limits exactly the routes that take a share id', () => {
    const limited = SHARE_ROUTES.filter(takesShareId).map((route) => route.operation);
    expect(limited).toEqual(['updateShare', 'setShareOptions', 'revokeShare', 'readShare', 'cloneShare', 'unlockShare', 'listShareVersions', 'rollbackShare']);
  });

  it('is the table the adapters README lists', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, `the README needs the markers ${START} … ${END}`).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const listed = readme.slice(start + START.length, end).trim();
    if (process.env.CHATSHARE_UPDATE_README === '1' && listed !== routeTable()) {
      writeFileSync(README, `${readme.slice(0, start + START.length)}\n${routeTable()}\n${readme.slice(end)}`);
      return;
    }
    expect(listed, 'run with CHATSHARE_UPDATE_README=1 to regenerate the README table').toBe(routeTable());
  });
});
