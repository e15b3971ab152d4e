import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect as pwExpect, type Browser, type BrowserContext, type Page } from 'playwright/test';
import { startDemo, type RunningDemo } from '../src/start.js';

/** Playwright's retrying assertions, with room for a busy CI machine. */
export const expectUi = pwExpect.configure({ timeout: 15_000 });

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SCREENSHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const APP_PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };

/**
 * A new, empty data folder for one demo. Creating a PGlite database (initdb) costs 5–20 s on this machine; opening a
 * copy of an empty one costs about 2 s, so the first call makes a template (per PGlite version) and later calls copy it.
 */
export async function freshDataDir(): Promise<string> {
  const template = join(tmpdir(), `chatshare-e2e-pglite-${APP_PACKAGE.dependencies['@electric-sql/pglite']}`);
  if (!existsSync(join(template, 'PG_VERSION'))) {
    const { PGlite } = await import('@electric-sql/pglite');
    const building = `${template}.${process.pid}.tmp`;
    const db = await PGlite.create(building);
    await db.close();
    // Another run may have won the race; either template is as good.
    await rename(building, template).catch(() => rm(building, { recursive: true, force: true }));
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'chatshare-e2e-'));
  await cp(template, dataDir, { recursive: true });
  return dataDir;
}

/** A demo server in its own temporary data folder, a movable clock (for expiry) and one browser for the file. */
export interface Harness {
  demo: RunningDemo;
  browser: Browser;
  /** Moves chatshare's clock forward (expiry tests). */
  advanceClock(ms: number): void;
  /** A fresh browser context: one per user, like separate people on separate machines. */
  newContext(): Promise<BrowserContext>;
  /** A signed-in page for `user` in a new context. */
  signedIn(user: 'alice' | 'bob' | 'admin'): Promise<Page>;
  /** CSP or Trusted Types violations and page errors seen on every page so far (the strict CSP must hold). */
  problems: string[];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dataDir = await freshDataDir();
  let offset = 0;
  const [demo, browser] = await Promise.all([
    startDemo({ port: 0, hubPort: 0, dataDir, now: () => Date.now() + offset }),
    chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS }),
  ]);
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];

  const watch = (page: Page) => {
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy|Trusted Type|TrustedHTML|TrustedScript/i.test(text)) problems.push(`${page.url()}: ${text}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  };

  const harness: Harness = {
    demo,
    browser,
    problems,
    advanceClock(ms) {
      offset += ms;
    },
    async newContext() {
      const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, permissions: ['clipboard-read', 'clipboard-write'] });
      context.on('page', watch);
      contexts.push(context);
      return context;
    },
    async signedIn(user) {
      const context = await harness.newContext();
      const page = await context.newPage();
      await signIn(page, demo.url, user);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await demo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, origin: string, user: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByRole('textbox', { name: 'Username' }).fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/`);
}

/** Opens a chat's ⋯ menu on the chat list and picks "Share"; returns the dialog. */
export async function openShareModal(page: Page, origin: string, chatTitle: string) {
  await page.goto(`${origin}/`);
  await page.getByRole('button', { name: `Chat options: ${chatTitle}` }).click();
  await page.getByRole('menuitem', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share chat' });
  await pwExpect(dialog).toBeVisible();
  return dialog;
}

export async function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Saves a screenshot for the README tour (docs/screenshots), so the pictures stay current. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** The viewer's message list is virtualised for long chats: scroll to its end so the last messages are rendered. */
export async function scrollToEnd(page: Page): Promise<void> {
  let last = -1;
  for (let i = 0; i < 30; i++) {
    const height = await page.evaluate(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);
      return document.documentElement.scrollHeight;
    });
    if (height === last) break;
    last = height;
    await page.waitForTimeout(150);
  }
}

/** Signs in through the form without a browser; returns the whole `Set-Cookie` line and the `name=value` to send back. */
export async function signInWithForm(origin: string, user: string): Promise<{ cookie: string; setCookie: string }> {
  const response = await fetch(`${origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ username: user, redirect: '/' }),
  });
  const setCookie = response.headers.getSetCookie()[0] ?? '';
  if (response.status !== 303 || !setCookie) throw new Error(`signing in ${user} answered ${response.status}`);
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

/** The ids of the chats on the signed-in user's chat list, in the list's order. */
export async function chatIdsOf(origin: string, cookie: string): Promise<string[]> {
  const html = await (await fetch(`${origin}/`, { headers: { cookie } })).text();
  return [...new Set([...html.matchAll(/href="\/c\/([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
}
