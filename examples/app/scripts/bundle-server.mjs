// Bundles a server entry of the example app (TypeScript, workspace packages from source via the `dev-source`
// condition) with esbuild into one Node module. Database drivers and esbuild itself stay external, so `outfile` must
// sit inside the app's folder (its .cache/) where they resolve. Used by `pnpm demo` and by the soak (test/soak/).
import { build } from 'esbuild';

/** @param {{ appRoot: string; entry: string; outfile: string }} options */
export async function bundleServer({ appRoot, entry, outfile }) {
  await build({
    absWorkingDir: appRoot,
    entryPoints: [entry],
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
}
