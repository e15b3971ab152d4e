/**
 * Bundle size as an embedder gets it: esbuild bundles one entry for the browser with everything included (Lit,
 * markdown, sanitiser, zod, …), minifies it, and gzips it at level 9. Workspace packages resolve to their sources
 * through the `dev-source` condition, so the figure needs no build and matches what `tsup` ships (same modules);
 * `process.env.NODE_ENV` is "production" and Lit resolves to its production build, as in a user's bundler.
 */
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

/** The workspace root (this file runs from bench/lib in tests and bundled from bench/.out in `pnpm bench`). */
function workspaceRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bundle-size: pnpm-workspace.yaml not found above this file');
    dir = up;
  }
  return dir;
}

const root = workspaceRoot();

/** What an embedder imports, per entry. */
export const BUNDLE_ENTRIES = {
  'share-chat-modal': { code: "import '@chatshare/elements/share-chat-modal.js';", budgetKB: 25 },
  'shared-chat-viewer': { code: "import '@chatshare/elements/shared-chat-viewer.js';", budgetKB: 60 },
  'shared-links-manager': { code: "import '@chatshare/elements/shared-links-manager.js';", budgetKB: null },
  core: { code: "export * from '@chatshare/core';", budgetKB: 12 },
} as const satisfies Record<string, { code: string; budgetKB: number | null }>;

export type BundleEntry = keyof typeof BUNDLE_ENTRIES;

/** Lit itself (what "without Lit" leaves out); the virtualizer and everything else stay in. */
const LIT_PACKAGES = ['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/reactive-element', '@lit/reactive-element/*'];

/** 1 KB = 1,000 bytes throughout. */
export const KB = 1000;

export interface BundleSize {
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  /** Minified bytes each package contributes (from the esbuild metafile), largest first. */
  readonly contributors: readonly { package: string; minifiedBytes: number }[];
}

function packageOf(input: string): string {
  const nm = input.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = input.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const ws = /packages\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(input);
  if (ws) return `@chatshare/${ws[1]} (${ws[2] ?? 'index'})`;
  return input;
}

function contributors(metafile: Metafile) {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([pkg, bytes]) => ({ package: pkg, minifiedBytes: bytes })).sort((a, b) => b.minifiedBytes - a.minifiedBytes);
}

export async function measureBundle(entry: BundleEntry, options: { withoutLit?: boolean } = {}): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: BUNDLE_ENTRIES[entry].code, resolveDir: root, sourcefile: `${entry}.entry.js`, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['dev-source', 'module', 'browser', 'import', 'default'],
    define: { 'process.env.NODE_ENV': '"production"' },
    external: options.withoutLit ? LIT_PACKAGES : [],
    metafile: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const code = result.outputFiles[0]!.contents;
  return { minifiedBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength, contributors: contributors(result.metafile) };
}
