import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright';
import { expectUi, openShareModal, readClipboard, screenshot, startHarness, type Harness } from './harness.js';

const GOLDWATER = '🧠 Goldwater Rule Ethics';
const CAT = 'Naming the cat';
const PHOTO = 'How Photosynthesis Works';
const HOUR = 3_600_000;

/** Who may open a link, expiry and the "Shared links" page. */
describe('audience, expiry and the links manager (B1, B2, B3, B10)', () => {
  let h: Harness;
  let alice: Page;
  let bob: Page;
  let admin: Page;
  let anonymous: Page;

  beforeAll(async () => {
    h = await startHarness();
    [alice, bob, admin] = await Promise.all([h.signedIn('alice'), h.signedIn('bob'), h.signedIn('admin')]);
    anonymous = await (await h.newContext()).newPage();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Shares a chat from the modal with the given options; returns the copied link. */
  async function share(title: string, options: { audience?: string; expiry?: string } = {}): Promise<string> {
    const dialog = await openShareModal(alice, h.demo.url, title);
    await expectUi(dialog.getByRole('button', { name: 'Copy link', exact: true })).toBeVisible();
    if (options.audience) await dialog.getByRole('combobox', { name: 'Who can open it' }).selectOption({ label: options.audience });
    if (options.expiry) await dialog.getByRole('combobox', { name: 'Expires' }).selectOption({ label: options.expiry });
    await dialog.getByRole('button', { name: 'Copy link', exact: true }).click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    const link = await readClipboard(alice);
    await dialog.getByRole('button', { name: 'Close' }).click();
    return link;
  }

  async function expectGone(page: Page, link: string) {
    await page.goto(link);
    await expectUi(page.getByText('This link is no longer valid.')).toBeVisible();
  }

  let publicLink = '';

  it('B2: an "Anyone with the link" share opens signed out', async () => {
    publicLink = await share(GOLDWATER, { audience: 'Anyone with the link' });
    await anonymous.goto(publicLink);
    await expectUi(anonymous.getByRole('heading', { name: GOLDWATER })).toBeVisible();
    expect(anonymous.url()).toBe(publicLink);
    // Signed out: no "Clone chat", but the downloads are there.
    await expectUi(anonymous.getByRole('button', { name: 'Download Markdown' })).toBeVisible();
    await expect(anonymous.getByRole('button', { name: 'Clone chat' }).count()).resolves.toBe(0);
    await screenshot(anonymous, 'viewer-public-signed-out');
  });

  it('B2: while the admin forbids public links, an "anyone" link needs sign-in', async () => {
    const toggle = async (on: boolean) => {
      await admin.goto(`${h.demo.url}/admin`);
      await admin.getByRole('checkbox', { name: 'Allow public links' }).setChecked(on);
      await admin.getByRole('button', { name: 'Save settings' }).click();
      await expectUi(admin.getByRole('status')).toHaveText('Settings saved.');
    };
    await toggle(false);
    await anonymous.goto(publicLink);
    await anonymous.waitForURL(/\/login\?redirect=/);
    await toggle(true);
    await anonymous.goto(publicLink);
    await expectUi(anonymous.getByRole('heading', { name: GOLDWATER })).toBeVisible();
  });

  it('B2: the owner narrows the audience to "Only me": bob and visitors lose it, alice keeps it', async () => {
    const dialog = await openShareModal(alice, h.demo.url, GOLDWATER);
    await dialog.getByRole('combobox', { name: 'Who can open it' }).selectOption({ label: 'Only me' });
    await dialog.getByRole('button', { name: 'Update and copy link' }).click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    expect(await readClipboard(alice)).toBe(publicLink);
    await dialog.getByRole('button', { name: 'Close' }).click();

    await expectGone(bob, publicLink);
    await anonymous.goto(publicLink);
    await expect(anonymous.getByText('Goldwater', { exact: false }).count()).resolves.toBe(0);
    await alice.goto(publicLink);
    await expectUi(alice.getByRole('heading', { name: GOLDWATER })).toBeVisible();
  });

  it('B3: a link that expires in 1 hour reads as gone once the hour has passed', async () => {
    const link = await share(CAT, { expiry: 'In 1 hour' });
    await bob.goto(link);
    await expectUi(bob.getByRole('heading', { name: CAT })).toBeVisible();
    h.advanceClock(HOUR + 60_000);
    await expectGone(bob, link);
    await expectGone(alice, link);
  });

  const row = (page: Page, title: string): Locator => page.getByRole('row').filter({ hasText: title });

  it('B1: "Shared links" lists my links with search, copy and delete', async () => {
    const photoLink = await share(PHOTO);
    await alice.goto(`${h.demo.url}/links`);
    await expectUi(alice.getByRole('heading', { name: 'Shared links' })).toBeVisible();
    await expectUi(row(alice, PHOTO)).toBeVisible();
    await expectUi(row(alice, GOLDWATER)).toContainText('Only me');
    await expectUi(row(alice, CAT)).toBeVisible();
    await screenshot(alice, 'shared-links');
    // bob's list is his own: empty.
    await bob.goto(`${h.demo.url}/links`);
    await expectUi(bob.getByText('You have no shared links.')).toBeVisible();

    await alice.getByRole('searchbox', { name: 'Search' }).fill('Photo');
    await expectUi(alice.getByRole('row').filter({ hasText: GOLDWATER })).toHaveCount(0);
    await expectUi(row(alice, PHOTO)).toBeVisible();
    await alice.getByRole('searchbox', { name: 'Search' }).fill('');
    await expectUi(row(alice, GOLDWATER)).toBeVisible();

    await alice.evaluate(() => navigator.clipboard.writeText(''));
    await row(alice, PHOTO).getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => readClipboard(alice)).toBe(photoLink);

    await row(alice, PHOTO).getByRole('button', { name: 'Delete', exact: true }).click();
    await alice.getByRole('button', { name: 'Yes, delete', exact: true }).click();
    await expectUi(row(alice, PHOTO)).toHaveCount(0);
    await expectGone(bob, photoLink);
  });

  it('B1: "Delete all" revokes every one of my links at once', async () => {
    const link = await share(PHOTO);
    await bob.goto(link);
    await expectUi(bob.getByRole('heading', { name: PHOTO })).toBeVisible();
    await alice.goto(`${h.demo.url}/links`);
    await expectUi(row(alice, PHOTO)).toBeVisible();
    await alice.getByRole('button', { name: 'Delete all' }).click();
    await alice.getByRole('button', { name: 'Yes, delete all' }).click();
    await expectUi(alice.getByText('You have no shared links.')).toBeVisible();
    await expectGone(bob, link);
    await expectGone(alice, publicLink);
  });

  it('B10: the host switches the elements to Spanish and back', async () => {
    await alice.goto(h.demo.url);
    await alice.getByRole('link', { name: 'Español' }).click();
    // The switch reloads the page: wait until its module has wired the ⋯ menus.
    await alice.waitForURL(`${h.demo.url}/`);
    await alice.waitForFunction(() => customElements.get('share-chat-modal') !== undefined);
    await alice.getByRole('button', { name: `Chat options: ${CAT}` }).click();
    await alice.getByRole('menuitem', { name: 'Share' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Compartir chat' });
    await expectUi(dialog.getByRole('button', { name: 'Copiar enlace' })).toBeVisible();
    await screenshot(alice, 'share-modal-es');
    await alice.goto(`${h.demo.url}/s/${'x'.repeat(21)}`);
    await expectUi(alice.getByText('Este enlace ya no es válido.')).toBeVisible();
    await alice.getByRole('link', { name: 'English' }).click();
    await expectUi(alice.getByText('This link is no longer valid.')).toBeVisible();
  });

  it('T17: no CSP violation or page error on any page', () => {
    expect(h.problems).toEqual([]);
  });
});
