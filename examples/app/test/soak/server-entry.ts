/**
 * The soak's server process: the example app (`startDemo`) on 127.0.0.1 in the data folder it is given. It answers
 * `memory` over IPC with its memory after a full GC (it runs with --expose-gc) and `stop` by closing cleanly.
 * Bundled and forked by server-process.ts; a separate process so its memory is its own, not the load generator's.
 */
import { startDemo } from '../../src/start.js';

const appRoot = process.env.CHATSHARE_SOAK_APP_ROOT;
const dataDir = process.env.CHATSHARE_SOAK_DATA_DIR;
const send = process.send?.bind(process);
if (!appRoot || !dataDir || !send) {
  console.error('soak server: start me through server-process.ts (IPC, CHATSHARE_SOAK_APP_ROOT, CHATSHARE_SOAK_DATA_DIR)');
  process.exit(2);
}

const demo = await startDemo({ port: 0, hubPort: 0, dataDir, appRoot });
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await demo.close().catch((error: unknown) => console.error('soak server: close failed', error));
  process.exit(code);
};

process.on('message', (message: unknown) => {
  if (message === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
    send({ memory: { heapUsed, rss, external, arrayBuffers } });
  } else if (message === 'stop') {
    void stop(0);
  }
});
// The soak died without stopping us: do not linger as an orphan server.
process.on('disconnect', () => void stop(1));
send({ ready: { url: demo.url } });
