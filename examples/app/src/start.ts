import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createShareService } from '@chatshare/core';
import { createSqlStore } from '@chatshare/adapters/sql';
import { buildAssets } from './server/assets.js';
import { createAppHandler } from './server/app.js';
import { ChatRepository } from './server/chats.js';
import { openDatabase, type Database } from './server/db.js';
import { closeServer, listen } from './server/node-bridge.js';
import { SessionStore } from './server/sessions.js';
import { createHubHandler } from './hub/hub.js';
import { UploadRepository } from './hub/uploads.js';

export interface StartDemoOptions {
  /** The app's port; 0 picks a free one. */
  port?: number;
  /** The community hub's port (a second origin); 0 picks a free one. */
  hubPort?: number;
  /** Where PGlite keeps its files: `<dataDir>/app` and `<dataDir>/hub`. */
  dataDir?: string;
  /** A `postgres://` URL: the app then uses a real PostgreSQL server (the hub stays on PGlite in `dataDir/hub`). */
  databaseUrl?: string;
  /** The clock chatshare uses (expiry); tests inject one to move time forward (B3). */
  now?: () => number;
  /** The example app's folder (fixtures and client sources); found from this file by default. */
  appRoot?: string;
}

export interface RunningDemo {
  readonly url: string;
  readonly hubUrl: string;
  close(): Promise<void>;
}

// Both this file (src/start.ts) and the demo's bundle (.cache/demo.mjs) sit one folder below the app's root.
const defaultRoot = () => fileURLToPath(new URL('..', import.meta.url));

/** Starts the example app and the community hub on 127.0.0.1. */
export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const appRoot = options.appRoot ?? defaultRoot();
  const dataDir = options.dataDir ?? join(appRoot, 'data');
  const now = options.now ?? Date.now;
  const opened: Database[] = [];
  const stores: { close?: () => unknown }[] = [];
  try {
    const [appDb, hubDb, assets] = await Promise.all([
      openDatabase({ dataDir: join(dataDir, 'app'), databaseUrl: options.databaseUrl }).then((db) => (opened.push(db), db)),
      openDatabase({ dataDir: join(dataDir, 'hub') }).then((db) => (opened.push(db), db)),
      buildAssets(appRoot),
    ]);

    const chats = new ChatRepository(appDb.client);
    const sessions = new SessionStore(appDb.client, 'demo_sessions', 'chatshare_demo_session');
    await chats.migrate();
    await sessions.migrate();
    await chats.seed(appRoot);
    const appStore = await createSqlStore({ client: appDb.client as never });
    stores.push(appStore as { close?: () => unknown });

    const uploads = new UploadRepository(hubDb.client);
    const hubSessions = new SessionStore(hubDb.client, 'hub_sessions', 'chatshare_hub_session');
    await uploads.migrate();
    await hubSessions.migrate();
    const hubStore = await createSqlStore({ client: hubDb.client as never });
    stores.push(hubStore as { close?: () => unknown });

    const origins = { app: '', hub: '' };
    const app = await listen(
      createAppHandler({ service: createShareService({ store: appStore, chats: chats.chatSource(), now }), chats, sessions, assets, origins }),
      options.port ?? 0,
    );
    origins.app = app.origin;
    const hub = await listen(
      createHubHandler({ service: createShareService({ store: hubStore, chats: uploads.chatSource(), now }), uploads, sessions: hubSessions, assets, origins }),
      options.hubPort ?? 0,
    ).catch(async (error: unknown) => {
      await closeServer(app.server);
      throw error;
    });
    origins.hub = hub.origin;

    let closed = false;
    return {
      url: app.origin,
      hubUrl: hub.origin,
      async close() {
        if (closed) return;
        closed = true;
        await Promise.all([closeServer(app.server), closeServer(hub.server)]);
        for (const store of stores) await store.close?.();
        for (const db of opened) await db.close();
      },
    };
  } catch (error) {
    for (const db of opened) await db.close().catch(() => {});
    throw error;
  }
}
