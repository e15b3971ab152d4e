import { readFile } from 'node:fs/promises';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download, Locator, Page, Response } from 'playwright';
import { TRAVEL_SECRETS } from '../src/server/chat-tree.js';
import { expectUi, openShareModal, readClipboard, screenshot, scrollToEnd, startHarness, type Harness } from './harness.js';

// One server, one browser for the file; alice shares, bob (signed in) and visitors (signed out) open her link.
const TRAVEL = 'Lisbon trip with tools';
const CAT = 'Naming the cat';
const KEPT_QUESTION = 'What should I pack for the day?';
const KEPT_ANSWER = 'Sunglasses, sunscreen and a light jacket for the evening.';
const KEPT_AROUND_TOOL = 'sunny and warm';
const PASSWORD = 'grey-cat-42';
const LATER = 'Do trams run at night in Lisbon?';
/** Every string the owner keeps out on review: none may reach a viewer's browser, on screen or on the wire. */
const SECRETS = Object.values(TRAVEL_SECRETS);

/** Every response body a page receives, to prove that left-out content never crossed the wire. */
function recordResponses(page: Page): { bodies(): Promise<{ url: string; text: string }[]>; clear(): void } {
  let pending: Promise<{ url: string; text: string } | null>[] = [];
  page.on('response', (response: Response) => {
    // Redirects have no body; everything else is read in full.
    pending.push(response.text().then((text) => ({ url: response.url(), text }), () => null));
  });
  return {
    async bodies() {
      return (await Promise.all(pending)).filter((b): b is { url: string; text: string } => b !== null);
    },
    clear() {
      pending = [];
    },
  };
}

/** All text and attribute values in the page, through open shadow roots (the elements render there). */
async function everythingShown(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const walk = (root: Document | ShadowRoot | Element) => {
      for (const el of root.querySelectorAll('*')) {
        for (const attr of el.attributes) parts.push(attr.value);
        if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) parts.push(el.value);
        if (el.shadowRoot) {
          parts.push(el.shadowRoot.textContent ?? '');
          walk(el.shadowRoot);
        }
      }
    };
    parts.push(document.documentElement.textContent ?? '');
    walk(document);
    return parts.join('\n');
  });
}

/** Decodes a QR image (PNG or SVG bytes) the way a phone would: draw it, read the pixels, find the code. */
async function decodeQr(page: Page, bytes: Buffer, type: string): Promise<string | null> {
  const image = await page.evaluate(
    async ({ base64, type }) => {
      const blob = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type });
      const url = URL.createObjectURL(blob);
      const img = new Image();
      img.src = url;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let binary = '';
      for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
      return { width: canvas.width, height: canvas.height, rgba: btoa(binary) };
    },
    { base64: bytes.toString('base64'), type },
  );
  const rgba = new Uint8ClampedArray(Buffer.from(image.rgba, 'base64'));
  return jsQR(rgba, image.width, image.height)?.data ?? null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('beyond peers: review, password, views, link history and QR downloads (B13–B17)', () => {
  let h: Harness;
  let alice: Page;
  let bob: Page;
  let bobWire: ReturnType<typeof recordResponses>;
  let link = '';
  let shareId = '';

  beforeAll(async () => {
    h = await startHarness();
    [alice, bob] = await Promise.all([h.signedIn('alice'), h.signedIn('bob')]);
    bobWire = recordResponses(bob);
  });
  afterAll(async () => {
    await h?.close();
  });

  const row = (page: Page, title: string): Locator => page.getByRole('row').filter({ hasText: title });

  /** Opens a link in a fresh context (a new browser: no session storage, no unlock token). */
  async function freshVisitor(user?: 'bob'): Promise<Page> {
    if (user) return h.signedIn(user);
    return (await h.newContext()).newPage();
  }

  async function expectChatShown(page: Page): Promise<void> {
    await expectUi(page.getByRole('heading', { name: TRAVEL })).toBeVisible();
    await scrollToEnd(page);
    await expectUi(page.getByText(KEPT_ANSWER)).toBeVisible();
  }

  async function expectPasswordForm(page: Page): Promise<void> {
    await expectUi(page.getByText('This shared chat is protected by a password.')).toBeVisible();
    await expectUi(page.getByLabel('Password', { exact: true })).toBeVisible();
    expect(await everythingShown(page)).not.toContain(KEPT_ANSWER);
  }

  async function unlock(page: Page, password: string): Promise<void> {
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Unlock' }).click();
  }

  it('B15: alice reviews before publishing, leaves out a message, tool output and attachments; bob receives none of it', async () => {
    const dialog = await openShareModal(alice, h.demo.url, TRAVEL);
    await dialog.getByText('Review before publishing').click();
    // The review lists every message the link would carry; the system prompt is left out by default.
    await expectUi(dialog.getByText('6 of 6 messages will be shared.')).toBeVisible();
    await expectUi(dialog.getByRole('switch', { name: 'System prompt' })).not.toBeChecked();
    const aside = dialog.getByRole('checkbox', { name: new RegExp(TRAVEL_SECRETS.privateMessage) });
    await expectUi(aside).toBeChecked();
    await aside.uncheck();
    await expectUi(dialog.getByText('5 of 6 messages will be shared.')).toBeVisible();
    await dialog.getByRole('switch', { name: 'Tool output' }).uncheck();
    await dialog.getByRole('switch', { name: 'Attachments' }).uncheck();
    await expectUi(dialog.getByText('5 of 6 messages will be shared.')).toBeVisible();
    await dialog.getByRole('combobox', { name: 'Who can open it' }).selectOption({ label: 'Anyone with the link' });
    await screenshot(alice, 'share-modal-review');
    await dialog.getByRole('button', { name: 'Copy link', exact: true }).click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    link = await readClipboard(alice);
    shareId = link.split('/s/')[1]!;
    expect(link).toMatch(new RegExp(`^${h.demo.url}/s/[A-Za-z0-9_-]{21,}$`));
    await dialog.getByRole('button', { name: 'Close' }).click();

    await bob.goto(link);
    await expectChatShown(bob);
    await expectUi(bob.getByText(KEPT_QUESTION)).toBeVisible();
    await expectUi(bob.getByText(KEPT_AROUND_TOOL)).toBeVisible();
    const shown = await everythingShown(bob);
    for (const secret of SECRETS) expect(shown).not.toContain(secret);

    // Not only hidden: no byte of it reached bob's browser (page, scripts, API answers).
    const bodies = await bobWire.bodies();
    expect(bodies.some((b) => b.url.endsWith(`/api/chatshare/shares/${shareId}/view`) && b.text.includes(KEPT_ANSWER))).toBe(true);
    for (const { url, text } of bodies) for (const secret of SECRETS) expect(text, `${url} carries "${secret}"`).not.toContain(secret);
  });

  it('B14: bob\'s views count up in Shared links and in the modal; alice\'s own reads do not count', async () => {
    await bob.reload();
    await expectChatShown(bob);
    // The owner opening her own link is not a view.
    await alice.goto(link);
    await expectChatShown(alice);
    await alice.goto(`${h.demo.url}/links`);
    await expectUi(row(alice, TRAVEL)).toBeVisible();
    await expectUi(row(alice, TRAVEL).getByRole('cell').filter({ hasText: /^2$/ })).toHaveCount(1);

    const visitor = await freshVisitor();
    await visitor.goto(link);
    await expectChatShown(visitor);
    await alice.reload();
    await expectUi(row(alice, TRAVEL).getByRole('cell').filter({ hasText: /^3$/ })).toHaveCount(1);

    const dialog = await openShareModal(alice, h.demo.url, TRAVEL);
    await expectUi(dialog.getByText(/Opened 3 times · last /)).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('B13: alice sets a password in Shared links; viewers get the form, a wrong password is refused, the right one opens it', async () => {
    await alice.goto(`${h.demo.url}/links`);
    await row(alice, TRAVEL).getByRole('button', { name: 'Set password' }).click();
    await alice.getByLabel('New password').fill(PASSWORD);
    await alice.getByRole('button', { name: 'Save password' }).click();
    await expectUi(alice.getByRole('status').filter({ hasText: `Password set: viewers must enter it to open "${TRAVEL}".` })).toBeVisible();
    await expectUi(row(alice, TRAVEL)).toContainText('Password protected');

    // The API answers a locked read with PASSWORD_REQUIRED and no content at all.
    const locked = await fetch(`${h.demo.url}/api/chatshare/s/${shareId}`);
    expect(locked.status).toBe(401);
    const lockedBody = await locked.text();
    expect(JSON.parse(lockedBody)).toMatchObject({ error: { code: 'PASSWORD_REQUIRED' } });
    expect(lockedBody).not.toContain(KEPT_ANSWER);

    bobWire.clear();
    await bob.reload();
    await expectPasswordForm(bob);
    await screenshot(bob, 'viewer-password');
    await unlock(bob, 'not-the-password');
    await expectUi(bob.getByText('That password is not right.')).toBeVisible();
    expect(await everythingShown(bob)).not.toContain(KEPT_ANSWER);
    await unlock(bob, PASSWORD);
    await expectChatShown(bob);
    // The password itself went out once (the unlock request); no answer ever echoes it.
    for (const { url, text } of await bobWire.bodies()) expect(text, url).not.toContain(PASSWORD);

    // A reload in the same tab session keeps the unlock; a new browser asks again, signed in or not.
    await bob.reload();
    await expectChatShown(bob);
    for (const visitor of [await freshVisitor('bob'), await freshVisitor()]) {
      await visitor.goto(link);
      await expectPasswordForm(visitor);
      await unlock(visitor, PASSWORD);
      await expectChatShown(visitor);
    }

    // The owner never needs the password.
    await alice.goto(link);
    await expectChatShown(alice);

    // "Clone chat" on a protected link carries bob's unlock, and the copy holds only what was shared.
    await bob.getByRole('button', { name: 'Clone chat' }).click();
    await bob.waitForURL(/\/c\/[0-9a-f-]{36}$/);
    await expectUi(bob.getByRole('heading', { name: TRAVEL })).toBeVisible();
    await expectUi(bob.getByText(KEPT_ANSWER)).toBeVisible();
    const copy = await bob.content();
    for (const secret of SECRETS) expect(copy).not.toContain(secret);
  });

  it('B13: alice removes the password; a new browser reads without one', async () => {
    await alice.goto(`${h.demo.url}/links`);
    await row(alice, TRAVEL).getByRole('button', { name: 'Remove password' }).click();
    await alice.getByRole('button', { name: 'Yes, remove it' }).click();
    await expectUi(alice.getByRole('status').filter({ hasText: `Password removed from "${TRAVEL}".` })).toBeVisible();
    await expectUi(row(alice, TRAVEL)).not.toContainText('Password protected');
    for (const visitor of [await freshVisitor('bob'), await freshVisitor()]) {
      await visitor.goto(link);
      await expectChatShown(visitor);
      await expect(visitor.getByText('This shared chat is protected by a password.').count()).resolves.toBe(0);
    }
  });

  it('B13: the modal sets a password with "Copy link"; wrong guesses are limited; the modal removes it', async () => {
    const dialog = await openShareModal(alice, h.demo.url, CAT);
    await dialog.getByRole('combobox', { name: 'Who can open it' }).selectOption({ label: 'Anyone with the link' });
    await dialog.getByLabel('Password (optional)').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Copy link', exact: true }).click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    const catLink = await readClipboard(alice);
    await expectUi(dialog.getByText('Protected by a password')).toBeVisible();
    await expectUi(dialog.getByLabel('New password')).toHaveValue('');
    const visitor = await freshVisitor();
    await visitor.goto(catLink);
    await expectUi(visitor.getByText('This shared chat is protected by a password.')).toBeVisible();
    expect(await everythingShown(visitor)).not.toContain('Pepper');
    await unlock(visitor, PASSWORD);
    await expectUi(visitor.getByRole('heading', { name: CAT })).toBeVisible();
    await expectUi(visitor.getByText('Pepper', { exact: false })).toBeVisible();

    // Guessing is limited per client (every browser here is 127.0.0.1): after 10 wrong passwords in 15 minutes even the
    // right one waits until the window has passed. A fresh window first, so bob's earlier wrong guess does not count.
    h.advanceClock(15 * 60_000 + 1_000);
    const guesser = await freshVisitor();
    await guesser.goto(catLink);
    const answers: number[] = [];
    for (let i = 0; i < 10; i++) {
      const [answer] = await Promise.all([guesser.waitForResponse((r) => r.url().endsWith('/unlock')), unlock(guesser, `guess-${i}`)]);
      answers.push(answer.status());
    }
    expect(answers).toEqual(Array(10).fill(403));
    await unlock(guesser, PASSWORD);
    await expectUi(guesser.getByText(/^Too many tries\. Wait \d+ seconds, then try again\.$/)).toBeVisible();
    expect(await everythingShown(guesser)).not.toContain('Pepper');
    h.advanceClock(15 * 60_000 + 1_000);
    await unlock(guesser, PASSWORD);
    await expectUi(guesser.getByRole('heading', { name: CAT })).toBeVisible();

    await dialog.getByRole('button', { name: 'Remove password' }).click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Password removed.' })).toBeVisible();
    const next = await freshVisitor();
    await next.goto(catLink);
    await expectUi(next.getByRole('heading', { name: CAT })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('B16: "Update and copy link" makes version 2; alice rolls back to version 1 and bob sees the old content', async () => {
    await alice.goto(h.demo.url);
    await alice.getByRole('link', { name: TRAVEL }).click();
    await alice.getByRole('textbox', { name: 'Message' }).fill(LATER);
    await alice.getByRole('button', { name: 'Send' }).click();
    await expectUi(alice.getByText(LATER, { exact: true })).toBeVisible();
    // "Send" reloaded the page: wait until its module has wired the ⋯ menu.
    await alice.waitForFunction(() => customElements.get('share-chat-modal') !== undefined);
    await alice.getByRole('button', { name: `Chat options: ${TRAVEL}` }).click();
    await alice.getByRole('menuitem', { name: 'Share' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Share chat' });
    await dialog.getByRole('button', { name: 'Update and copy link' }).click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    expect(await readClipboard(alice)).toBe(link);
    await dialog.getByRole('button', { name: 'Close' }).click();

    bobWire.clear();
    await bob.goto(link);
    await expectUi(bob.getByRole('heading', { name: TRAVEL })).toBeVisible();
    await scrollToEnd(bob);
    await expectUi(bob.getByText(LATER, { exact: true })).toBeVisible();
    // The update re-applied alice's choices: still nothing she left out.
    for (const { url, text } of await bobWire.bodies()) for (const secret of SECRETS) expect(text, url).not.toContain(secret);

    await alice.goto(`${h.demo.url}/links`);
    await row(alice, TRAVEL).getByRole('button', { name: 'Versions' }).click();
    const versions = alice.getByRole('group', { name: `Versions of "${TRAVEL}"` });
    await expectUi(versions.getByRole('listitem')).toHaveCount(2);
    await expectUi(versions.getByRole('listitem').nth(0)).toContainText('Version 2');
    await expectUi(versions.getByRole('listitem').nth(0)).toContainText('current');
    await expectUi(versions.getByRole('listitem').nth(1)).toContainText('Version 1');
    await versions.scrollIntoViewIfNeeded();
    await screenshot(alice, 'shared-links-versions');
    await versions.getByRole('button', { name: 'Roll back: Version 1' }).click();
    await alice.getByRole('button', { name: 'Yes, roll back' }).click();
    await expectUi(alice.getByRole('status').filter({ hasText: 'Rolled back to version 1: the link now shows it as version 3.' })).toBeVisible();

    await bob.reload();
    await expectChatShown(bob);
    await expect(bob.getByText(LATER, { exact: true }).count()).resolves.toBe(0);
  });

  /** Clicks a download button and returns the saved file's bytes and suggested name. */
  async function download(page: Page, scope: Locator, name: string): Promise<{ bytes: Buffer; fileName: string }> {
    const [file] = (await Promise.all([page.waitForEvent('download'), scope.getByRole('button', { name }).click()])) as [Download, unknown];
    return { bytes: await readFile((await file.path())!), fileName: file.suggestedFilename() };
  }

  /** Checks both downloads under `scope`: a PNG (signature) and an SVG file, each decoding to the link. */
  async function expectQrDownloads(page: Page, scope: Locator, decoder: Page): Promise<void> {
    const png = await download(page, scope, 'Download PNG');
    expect(png.fileName).toMatch(new RegExp(`^${TRAVEL}( QR)?\\.png$`));
    expect(png.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(await decodeQr(decoder, png.bytes, 'image/png')).toBe(link);
    const svg = await download(page, scope, 'Download SVG');
    expect(svg.fileName).toMatch(new RegExp(`^${TRAVEL}( QR)?\\.svg$`));
    expect(svg.bytes.toString('utf8')).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(await decodeQr(decoder, svg.bytes, 'image/svg+xml')).toBe(link);
  }

  it('B17: "Download PNG" and "Download SVG" save QR codes that decode to the link, from Shared links and the modal', async () => {
    const decoder = await (await h.newContext()).newPage();
    await alice.goto(`${h.demo.url}/links`);
    await row(alice, TRAVEL).getByRole('button', { name: 'QR code', exact: true }).click();
    await expectUi(alice.getByRole('img', { name: 'QR code for the link' })).toBeVisible();
    await alice.getByRole('button', { name: 'Download SVG' }).scrollIntoViewIfNeeded();
    await screenshot(alice, 'shared-links-qr');
    await expectQrDownloads(alice, alice.locator('shared-links-manager'), decoder);

    const dialog = await openShareModal(alice, h.demo.url, TRAVEL);
    await expectUi(dialog.getByRole('img', { name: 'QR code for the link' })).toBeVisible();
    await expectQrDownloads(alice, dialog, decoder);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('B15: switching "System prompt" on and updating shares it; bob finds it under "System prompt"', async () => {
    const dialog = await openShareModal(alice, h.demo.url, TRAVEL);
    await dialog.getByText('Review before publishing').click();
    // The stored choices come back with the link: tool output and attachments still off.
    await expectUi(dialog.getByRole('switch', { name: 'Tool output' })).not.toBeChecked();
    await expectUi(dialog.getByRole('switch', { name: 'Attachments' })).not.toBeChecked();
    await dialog.getByRole('switch', { name: 'System prompt' }).check();
    await dialog.getByRole('button', { name: 'Update and copy link' }).click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await bob.reload();
    await expectChatShown(bob);
    await bob.getByText('System prompt', { exact: true }).click();
    await expectUi(bob.getByText(TRAVEL_SECRETS.systemPrompt)).toBeVisible();
    const shown = await everythingShown(bob);
    for (const secret of [TRAVEL_SECRETS.toolResult, TRAVEL_SECRETS.fileName, TRAVEL_SECRETS.privateMessage]) expect(shown).not.toContain(secret);
  });

  it('T17: every page ran under the strict CSP with Trusted Types and no violation or page error', () => {
    expect(h.problems).toEqual([]);
  });
});
