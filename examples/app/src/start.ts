import { randomBytes } from 'node:crypto';
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
  /** Where PGlite keeps its files (default `examples/app/data`). */
  dataDir?: string;
  /** A `postgres://` URL: app and hub then use a real PostgreSQL server instead of PGlite. */
  databaseUrl?: string;
  /** The clock chatshare uses (expiry); tests inject one to move time forward past an expiry. */
  now?: () => number;
  /**
   * The key that signs link-password unlock tokens (≥ 32 characters). Give every replica the same one
   * (`CHATSHARE_UNLOCK_SECRET`), or a viewer who unlocked a link on one is asked again by the next. Default: random per
   * start, so unlocks end with the process.
   */
  unlockSecret?: string;
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
  let db: Database | null = null;
  const stores: { close(): Promise<void> }[] = [];
  try {
    const [opened, assets] = await Promise.all([openDatabase({ dataDir, databaseUrl: options.databaseUrl }), buildAssets(appRoot)]);
    db = opened;

    // One database, two sites: the app's tables and the hub's tables never meet (the hub's chatshare tables have
    // their own prefix, its uploads and sessions their own tables), as if the hub were a separate deployment.
    const chats = new ChatRepository(db.client);
    const sessions = new SessionStore(db.client, 'demo_sessions', 'chatshare_demo_session');
    await chats.migrate();
    await sessions.migrate();
    await chats.seed(appRoot);
    const appStore = await createSqlStore({ client: db.client as never });
    stores.push(appStore);

    const uploads = new UploadRepository(db.client);
    const hubSessions = new SessionStore(db.client, 'hub_sessions', 'chatshare_hub_session');
    await uploads.migrate();
    await hubSessions.migrate();
    const hubStore = await createSqlStore({ client: db.client as never, tablePrefix: 'hub_chatshare_' });
    stores.push(hubStore);

    const origins = { app: '', hub: '' };
    const service = createShareService({
      store: appStore,
      chats: chats.chatSource(),
      now,
      unlockSecret: options.unlockSecret ?? randomBytes(32).toString('base64url'),
      // A view that could not be counted never fails the read; the host only hears of it. Code only, no share id.
      onViewCountError: (error) => console.warn(`[demo] a view was not counted: ${(error as { code?: string }).code ?? String(error)}`),
    });
    const app = await listen(
      createAppHandler({ service, chats, sessions, assets, origins }),
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
        for (const store of stores) await store.close();
        await opened.close();
      },
    };
  } catch (error) {
    for (const store of stores) await store.close().catch(() => {});
    await db?.close().catch(() => {});
    throw error;
  }
}
