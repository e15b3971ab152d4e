import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { expectUi, openShareModal, readClipboard, screenshot, startHarness, type Harness } from './harness.js';

const BRANCHED = 'Naming the cat';

/** Admin settings (community sharing, read aloud) and the community hub round trip on a second origin. */
describe('admin settings and the community hub (S1, S3, S4, S5, S8)', () => {
  let h: Harness;
  let alice: Page;
  let bob: Page;
  let admin: Page;
  let anonymous: Page;
  const uploads: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    [alice, bob, admin] = await Promise.all([h.signedIn('alice'), h.signedIn('bob'), h.signedIn('admin')]);
    anonymous = await (await h.newContext()).newPage();
  });
  afterAll(async () => {
    await h?.close();
  });

  const setSetting = async (label: string, on: boolean) => {
    await admin.goto(`${h.demo.url}/admin`);
    await admin.getByRole('checkbox', { name: label }).setChecked(on);
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await expectUi(admin.getByRole('status')).toHaveText('Settings saved.');
    await expectUi(admin.getByRole('checkbox', { name: label })).toBeChecked({ checked: on });
  };

  it('S1: community sharing is off by default: nobody is offered "Share to community"', async () => {
    const dialog = await openShareModal(alice, h.demo.url, BRANCHED);
    await expectUi(dialog.getByRole('button', { name: 'Copy link', exact: true })).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Share to community' }).count()).resolves.toBe(0);
    const adminDialog = await openShareModal(admin, h.demo.url, BRANCHED);
    await expectUi(adminDialog.getByRole('button', { name: 'Copy link', exact: true })).toBeVisible();
    await expect(adminDialog.getByRole('button', { name: 'Share to community' }).count()).resolves.toBe(0);
  });

  it('S1: a non-admin cannot reach the settings page, and core refuses a change through the form and the API', async () => {
    await bob.goto(`${h.demo.url}/admin`);
    await expectUi(bob.getByRole('alert')).toHaveText('Only admins can change instance settings.');
    await expect(bob.getByRole('checkbox', { name: 'Enable community sharing' }).count()).resolves.toBe(0);
    await expect(bob.getByRole('link', { name: 'Settings' }).count()).resolves.toBe(0);

    const viaForm = await bob.request.post(`${h.demo.url}/admin`, { form: { communitySharing: 'on' }, headers: { origin: h.demo.url } });
    expect(viaForm.status()).toBe(403);
    expect(await viaForm.text()).toContain('FORBIDDEN');
    const viaApi = await bob.request.patch(`${h.demo.url}/api/chatshare/settings`, { data: { communitySharing: true } });
    expect(viaApi.status()).toBe(403);
    expect(((await viaApi.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const settings = (await (await bob.request.get(`${h.demo.url}/api/chatshare/settings`)).json()) as { communitySharing: boolean };
    expect(settings.communitySharing).toBe(false);
  });

  it('S1: the admin turns on "Enable community sharing" and the modal offers "Share to community"', async () => {
    await setSetting('Enable community sharing', true);
    await screenshot(admin, 'admin-settings');
    const dialog = await openShareModal(alice, h.demo.url, BRANCHED);
    await expectUi(dialog.getByRole('button', { name: 'Share to community' })).toBeVisible();
  });

  /** Picks a level in the modal, clicks "Share to community" and returns the hub's upload tab. */
  async function shareToCommunity(level: string): Promise<Page> {
    const dialog = await openShareModal(alice, h.demo.url, BRANCHED);
    await dialog.getByRole('combobox', { name: 'Community access' }).selectOption({ label: level });
    const [hubPage] = await Promise.all([
      alice.context().waitForEvent('page'),
      dialog.getByRole('button', { name: 'Share to community' }).click(),
    ]);
    await hubPage.waitForURL(`${h.demo.hubUrl}/upload`);
    await expectUi(hubPage.getByRole('heading', { name: BRANCHED })).toBeVisible();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Sent to the community page.' })).toBeVisible();
    return hubPage;
  }

  async function publish(hubPage: Page, level: string): Promise<string> {
    await expectUi(hubPage.getByRole('radio', { name: level, exact: true })).toBeChecked();
    await hubPage.getByRole('button', { name: 'Publish' }).click();
    await hubPage.waitForURL(/\/c\/[A-Za-z0-9_-]{21,}$/);
    await expectUi(hubPage.getByRole('heading', { name: BRANCHED })).toBeVisible();
    return hubPage.url();
  }

  it('S3: "Public with full history": the hub receives the chat by the handshake; anyone sees every version', async () => {
    const hubPage = await shareToCommunity('Public with full history');
    // Not signed in on the hub yet: it asks, on the same page, without losing the received chat.
    await expectUi(hubPage.getByRole('status')).toHaveText('Chat received. Choose who can see it.');
    await hubPage.getByRole('textbox', { name: 'Username' }).fill('alice');
    await hubPage.getByRole('button', { name: 'Sign in' }).click();
    await expectUi(hubPage.getByRole('button', { name: 'Publish' })).toBeVisible();
    await screenshot(hubPage, 'hub-upload');
    uploads.full = await publish(hubPage, 'Public with full history');
    expect(new URL(uploads.full).origin).toBe(h.demo.hubUrl);

    await anonymous.goto(uploads.full);
    await expectUi(anonymous.getByRole('heading', { name: BRANCHED })).toBeVisible();
    await expectUi(anonymous.getByRole('button', { name: 'Previous version' }).first()).toBeVisible();
    await expectUi(anonymous.getByText('Something with two syllables, please.')).toBeVisible();
    await anonymous.getByRole('button', { name: 'Previous version' }).last().click();
    await expectUi(anonymous.getByText('Something longer, please.')).toBeVisible();
    await screenshot(anonymous, 'hub-public-full-history');
    await hubPage.close();
  });

  it('S3: "Private": only the uploader sees it on the hub', async () => {
    const hubPage = await shareToCommunity('Private (only me)');
    await expectUi(hubPage.getByRole('status')).toHaveText('Chat received. Choose who can see it.');
    uploads.private = await publish(hubPage, 'Private');
    await hubPage.close();

    await anonymous.goto(uploads.private);
    await anonymous.waitForURL(/\/login\?redirect=/);
    expect(new URL(anonymous.url()).origin).toBe(h.demo.hubUrl);
    const bobOnHub = await bob.context().newPage();
    await bobOnHub.goto(`${h.demo.hubUrl}/login`);
    await bobOnHub.getByRole('textbox', { name: 'Username' }).fill('bob');
    await bobOnHub.getByRole('button', { name: 'Sign in' }).click();
    await bobOnHub.goto(uploads.private);
    await expectUi(bobOnHub.getByText('This link is no longer valid.')).toBeVisible();
    await bobOnHub.close();
  });

  it('S3: "Public": anyone sees the messages that were on screen, not the other versions', async () => {
    const hubPage = await shareToCommunity('Public');
    uploads.public = await publish(hubPage, 'Public');
    await hubPage.close();
    await anonymous.goto(uploads.public);
    await expectUi(anonymous.getByRole('heading', { name: BRANCHED })).toBeVisible();
    await expectUi(anonymous.getByText('Something with two syllables, please.')).toBeVisible();
    await expect(anonymous.getByRole('button', { name: 'Previous version' }).count()).resolves.toBe(0);
    await expect(anonymous.getByText('Something longer, please.').count()).resolves.toBe(0);
  });

  it('S4, S5: the uploader changes the access level at any time, and cannot delete', async () => {
    const mine = await alice.context().newPage();
    await mine.goto(`${h.demo.hubUrl}/mine`);
    await expectUi(mine.getByRole('combobox', { name: `Access level: ${BRANCHED}` })).toHaveCount(3);
    await expect(mine.getByRole('button', { name: /delete/i }).count()).resolves.toBe(0);
    await screenshot(mine, 'hub-my-uploads');

    const fullRow = mine.getByRole('listitem').filter({ has: mine.locator(`a[href="${new URL(uploads.full!).pathname}"]`) });
    await fullRow.getByRole('combobox').selectOption({ label: 'Private' });
    await fullRow.getByRole('button', { name: 'Change level' }).click();
    await expectUi(mine.getByRole('status')).toHaveText('Access level changed.');
    await anonymous.goto(uploads.full!);
    await anonymous.waitForURL(/\/login\?redirect=/);

    const row = mine.getByRole('listitem').filter({ has: mine.locator(`a[href="${new URL(uploads.full!).pathname}"]`) });
    await row.getByRole('combobox').selectOption({ label: 'Public' });
    await row.getByRole('button', { name: 'Change level' }).click();
    await expectUi(mine.getByRole('status')).toHaveText('Access level changed.');
    await anonymous.goto(uploads.full!);
    await expectUi(anonymous.getByRole('heading', { name: BRANCHED })).toBeVisible();
    await expect(anonymous.getByRole('button', { name: 'Previous version' }).count()).resolves.toBe(0);
    await mine.close();
  });

  it('S8: "Read aloud" is offered only while the admin has text-to-speech on', async () => {
    const dialog = await openShareModal(alice, h.demo.url, BRANCHED);
    const copy = dialog.getByRole('button', { name: /^(Copy link|Update and copy link)$/ });
    await copy.click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    const link = await readClipboard(alice);

    await bob.goto(link);
    await expectUi(bob.getByRole('heading', { name: BRANCHED })).toBeVisible();
    await expect(bob.getByRole('button', { name: 'Read aloud' }).count()).resolves.toBe(0);

    await setSetting('Enable text-to-speech', true);
    await bob.reload();
    await expectUi(bob.getByRole('button', { name: 'Read aloud' }).first()).toBeVisible();
    await screenshot(bob, 'viewer-read-aloud');

    await setSetting('Enable text-to-speech', false);
    await bob.reload();
    await expectUi(bob.getByRole('heading', { name: BRANCHED })).toBeVisible();
    await expect(bob.getByRole('button', { name: 'Read aloud' }).count()).resolves.toBe(0);
  });

  it('T17: the app and the hub ran under the strict CSP with no violation or page error', () => {
    expect(h.problems).toEqual([]);
  });
});
