// `pnpm demo`: bundles the server (TypeScript, workspace packages from source via the `dev-source` condition) with
// esbuild into .cache/, then runs it. Database drivers and esbuild itself stay external.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}.cache/demo.mjs`;
await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['dev-source'],
  external: ['@electric-sql/pglite', 'pg', 'pg-native', 'esbuild'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);
