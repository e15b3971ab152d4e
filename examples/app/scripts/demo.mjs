// `pnpm demo`: bundles the server into .cache/ (see bundle-server.mjs), then runs it.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleServer } from './bundle-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}.cache/demo.mjs`;
await bundleServer({ appRoot: root, entry: 'src/main.ts', outfile });
await import(pathToFileURL(outfile).href);
