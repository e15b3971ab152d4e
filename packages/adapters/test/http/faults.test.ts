import { createShareService, MemoryShareStore, type Viewer } from '@chatshare/core';
import { describeFaultScenarios, type FaultConnection, type FaultMode, type FaultRun } from '@chatshare/core/testing';
import { createHttpShareClient, createHttpStore, createShareHandler, createStoreHandler, GENERIC_FAILURE_MESSAGE } from '@chatshare/adapters/http';
import { serve } from '../loopback.js';

/**
 * Transport faults on top of the store faults of the conformance suite (a fault loses nothing and fails loudly): the
 * Nth HTTP request fails before it is sent, or after the server handled it (the response is dropped, or a 500 arrives
 * in its place). The servers are the real handlers on loopback; only `fetch` is wrapped.
 */
type TransportFault = FaultMode & { readonly kind: 'refused' | 'dropped' | 'http-500' };

const TRANSPORT_FAULTS: readonly TransportFault[] = [
  { name: 'a network error before the request is sent', kind: 'refused', code: 'NETWORK_ERROR', applied: false },
  { name: 'the response dropped after the server handled the request', kind: 'dropped', code: 'NETWORK_ERROR', applied: true },
  { name: 'an HTTP 500 in place of the answer after the server handled the request', kind: 'http-500', code: 'STORAGE_ERROR', applied: true },
];

const STORE_TOKEN = 'fault-store-token-0123456789abcdef0123';

/** `fetch` whose `failOn`-th request fails as `mode.kind` says; `calls` counts requests. */
function faultyFetch(fault: FaultRun<TransportFault>['fault']) {
  let calls = 0;
  const fetchWithFault: typeof fetch = async (input, init) => {
    calls += 1;
    if (!fault || calls !== fault.failOn) return fetch(input, init);
    // What undici throws when a connection fails or drops.
    if (fault.mode.kind === 'refused') throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED (injected)') });
    const response = await fetch(input, init);
    await response.arrayBuffer(); // the whole answer arrived: the server finished the request
    if (fault.mode.kind === 'dropped') throw new TypeError('fetch failed', { cause: new Error('socket hang up (injected)') });
    // What a replica answers when something fails after its write, e.g. while serialising the result.
    return new Response(JSON.stringify({ error: { code: 'STORAGE_ERROR', message: GENERIC_FAILURE_MESSAGE, issues: [] } }), {
      status: 500,
      headers: { 'content-type': 'application/json' },
    });
  };
  return {
    fetch: fetchWithFault,
    get calls() {
      return calls;
    },
  };
}

/** The browser's path: `createHttpShareClient` → node:http → `createShareHandler` → service → the scenario's store. */
async function clientOverHandler(run: FaultRun<TransportFault>): Promise<FaultConnection> {
  const service = createShareService({ ...run.service, store: run.store });
  // Test host: the viewer travels in a header (a real host reads its session cookie).
  const handler = createShareHandler(service, {
    identify: (request) => JSON.parse(request.headers.get('x-test-viewer') ?? 'null') as Viewer,
    rateLimit: false,
    onError: () => undefined,
  });
  const server = await serve(handler);
  const faulty = faultyFetch(run.fault);
  return {
    forActor: (viewer) =>
      createHttpShareClient({ baseUrl: `${server.origin}/api/chatshare`, fetch: faulty.fetch, headers: { 'x-test-viewer': JSON.stringify(viewer) } }),
    get calls() {
      return faulty.calls;
    },
    close: () => server.close(),
  };
}

/** The server-to-server path: service → `createHttpStore` → node:http → `createStoreHandler` → the scenario's store. */
async function serviceOverHttpStore(run: FaultRun<TransportFault>): Promise<FaultConnection> {
  const server = await serve(createStoreHandler(run.store, { token: STORE_TOKEN, onError: () => undefined }));
  const faulty = faultyFetch(run.fault);
  const store = createHttpStore({ baseUrl: `${server.origin}/api/chatshare-store`, token: STORE_TOKEN, fetch: faulty.fetch });
  const service = createShareService({ ...run.service, store });
  return {
    forActor: (viewer) => service.forActor(viewer),
    get calls() {
      return faulty.calls;
    },
    close: () => server.close(),
  };
}

describeFaultScenarios({
  name: 'HTTP share client → node:http → share handler (faults on the client’s requests)',
  createStore: () => new MemoryShareStore(),
  modes: TRANSPORT_FAULTS,
  connect: clientOverHandler,
});

describeFaultScenarios({
  name: 'service → HTTP store → node:http → store handler (faults on the store’s requests)',
  createStore: () => new MemoryShareStore(),
  modes: TRANSPORT_FAULTS,
  connect: serviceOverHttpStore,
});
