/**
 * Serves a browser bundle on 127.0.0.1 and opens it in Debian's Chromium through Playwright (never a downloaded
 * browser). Pages are bundled with esbuild from the workspace sources (`dev-source`), production Lit.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function benchDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'run.mjs'))) dir = dirname(dir);
  return dir;
}

export interface BrowserPage {
  page: Page;
  browser: Browser;
  close(): Promise<void>;
}

/** Bundles `bench/browser/<name>.ts`, serves it at `/`, and opens it; resolves when the page set its title to "ready". */
export async function openBenchPage(name: string): Promise<BrowserPage> {
  const result = await build({
    entryPoints: [join(benchDir(), 'browser', `${name}.ts`)],
    bundle: true,
    // Minified except for identifiers, so CPU profiles taken in the page name real functions.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['dev-source', 'module', 'browser', 'import', 'default'],
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'warning',
  });
  const script = result.outputFiles[0]!.contents;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>loading</title>
<style>body{margin:0;font:16px system-ui}</style></head><body><script type="module" src="/page.js"></script></body></html>`;
  const server: Server = createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => process.stderr.write(`  ! page error: ${error.message}\n`));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 60_000 });
  return {
    page,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
