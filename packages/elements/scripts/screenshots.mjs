// Takes the README screenshots (docs/*.png) from the static Storybook build with Playwright + Debian's Chromium.
// Usage: pnpm build-storybook && node scripts/screenshots.mjs
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';

const root = fileURLToPath(new URL('../storybook-static/', import.meta.url));
const docs = fileURLToPath(new URL('../docs/', import.meta.url));
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  try {
    const body = await readFile(join(root, path.endsWith('/') ? `${path}index.html` : path));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${server.address().port}`;

const shots = [
  ['share-chat-modal--first-state-community-disabled', 'modal-first-state', 'share-chat-modal'],
  ['share-chat-modal--first-state-with-community', 'modal-first-state-community', 'share-chat-modal'],
  ['share-chat-modal--already-shared', 'modal-already-shared', 'share-chat-modal'],
  ['share-chat-modal--link-copied', 'modal-link-copied', 'share-chat-modal'],
  ['share-chat-modal--copy-failed', 'modal-copy-failed', 'share-chat-modal'],
  ['share-chat-modal--dark', 'modal-dark', 'share-chat-modal'],
  ['shared-chat-viewer--open-web-ui-export', 'viewer-open-webui-export', 'shared-chat-viewer'],
  ['shared-chat-viewer--with-branches', 'viewer-with-branches', 'shared-chat-viewer'],
  ['shared-chat-viewer--long-chat', 'viewer-long-chat', 'shared-chat-viewer'],
  ['shared-chat-viewer--read-aloud', 'viewer-read-aloud', 'shared-chat-viewer'],
  ['shared-chat-viewer--login-required', 'viewer-login-required', 'shared-chat-viewer'],
  ['shared-chat-viewer--revoked', 'viewer-revoked', 'shared-chat-viewer'],
  ['shared-chat-viewer--xss-payloads-inert', 'viewer-xss-inert', 'shared-chat-viewer'],
  ['shared-chat-viewer--spanish', 'viewer-spanish', 'shared-chat-viewer'],
  ['shared-chat-viewer--dark', 'viewer-dark', 'shared-chat-viewer'],
  ['shared-links-manager--default', 'manager', 'shared-links-manager'],
  ['shared-links-manager--confirm-delete-all', 'manager-confirm-delete-all', 'shared-links-manager'],
  ['shared-links-manager--dark', 'manager-dark', 'shared-links-manager'],
];

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
try {
  for (const [id, file, tag] of shots) {
    await page.setViewportSize({ width: 900, height: tag === 'share-chat-modal' ? 1100 : 700 });
    await page.goto(`${base}/iframe.html?id=elements-${id}&viewMode=story`);
    await page.waitForFunction((t) => {
      const el = document.querySelector(t);
      const text = el?.shadowRoot?.textContent ?? '';
      return el && text.trim() !== '' && !text.includes('Loading');
    }, tag);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(docs, `${file}.png`) });
    console.log(`docs/${file}.png`);
  }
} finally {
  await browser.close();
  server.close();
}
