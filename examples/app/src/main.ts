import { startDemo } from './start.js';

/** `pnpm demo`: the app on PORT (default 5173), the community hub on HUB_PORT (default PORT + 1). */
const port = Number(process.env.PORT ?? 5173);
const hubPort = Number(process.env.HUB_PORT ?? port + 1);
const databaseUrl = process.env.DATABASE_URL;
// Set the same secret on every replica so a link-password unlock made on one is valid on all; unset, it is random.
const unlockSecret = process.env.CHATSHARE_UNLOCK_SECRET;

const demo = await startDemo({
  port,
  hubPort,
  ...(process.env.DATA_DIR ? { dataDir: process.env.DATA_DIR } : {}),
  ...(databaseUrl ? { databaseUrl } : {}),
  ...(unlockSecret ? { unlockSecret } : {}),
});
console.log(`chatshare demo:  ${demo.url}   (sign in as alice, bob or admin)`);
console.log(`community hub:   ${demo.hubUrl}`);
const where = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${process.env.DATA_DIR ?? 'examples/app/data/'}`;
console.log(`storage:         ${where} — Ctrl+C to stop`);

const stop = () => {
  demo.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
