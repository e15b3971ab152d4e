import { join } from 'node:path';
import { securityHeaders } from './html.js';

export interface Assets {
  serve(path: string): Response;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * Bundles the browser modules with esbuild once, in memory, at server start. `dev-source` resolves the workspace
 * packages to their TypeScript sources, so the demo runs on a fresh clone without building them first.
 */
export async function buildAssets(appRoot: string): Promise<Assets> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: appRoot,
    entryPoints: {
      app: join(appRoot, 'src/client/app.ts'),
      hub: join(appRoot, 'src/client/hub.ts'),
      style: join(appRoot, 'src/client/style.css'),
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['dev-source'],
    outdir: '/assets',
    write: false,
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const files = new Map<string, Uint8Array>();
  for (const file of result.outputFiles) files.set(file.path, file.contents);
  return {
    serve(path) {
      const body = files.get(path);
      const type = TYPES[path.slice(path.lastIndexOf('.'))];
      if (!body || !type) return new Response('Not found', { status: 404, headers: securityHeaders() });
      return new Response(Buffer.from(body), { headers: securityHeaders({ 'Content-Type': type, 'Cache-Control': 'no-cache' }) });
    },
  };
}
