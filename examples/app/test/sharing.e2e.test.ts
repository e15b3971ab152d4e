import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { expectUi, openShareModal, readClipboard, screenshot, scrollToEnd, startHarness, type Harness } from './harness.js';

// One server, one browser; alice and bob each have their own context, as two people on two machines.
const CHAT = 'How Photosynthesis Works';
const FIRST_QUESTION = 'Can you explain how photosynthesis works in simple terms?';
const LATER = 'A question sent after the link was made';

describe('sharing a chat end to end (S2, S6–S11, B6, B7)', () => {
  let h: Harness;
  let alice: Page;
  let bob: Page;
  let link = '';

  beforeAll(async () => {
    h = await startHarness();
    [alice, bob] = await Promise.all([h.signedIn('alice'), h.signedIn('bob')]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('S2, S6: the ⋯ menu opens "Share chat"; "Copy link" copies a link that the field shows', async () => {
    await screenshot(alice, 'chat-list');
    const dialog = await openShareModal(alice, h.demo.url, CHAT);
    await expectUi(dialog.getByText("Messages you send after creating your link won't be shared.")).toBeVisible();
    await dialog.getByRole('button', { name: 'Copy link', exact: true }).click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    link = await readClipboard(alice);
    expect(link).toMatch(new RegExp(`^${h.demo.url}/s/[A-Za-z0-9_-]{21,}$`));
    await expectUi(dialog.getByRole('textbox', { name: 'Link' })).toHaveValue(link);
    await screenshot(alice, 'share-modal');
  });

  it('S8: bob opens the link and sees the snapshot read-only', async () => {
    await bob.goto(link);
    await expectUi(bob.getByRole('heading', { name: CHAT })).toBeVisible();
    await expectUi(bob.getByText(FIRST_QUESTION)).toBeVisible();
    // Read-only: the viewer offers no composer, no regenerate, no share controls.
    await expect(bob.getByRole('textbox', { name: 'Message' }).count()).resolves.toBe(0);
    await expect(bob.getByRole('button', { name: 'Regenerate' }).count()).resolves.toBe(0);
    await expect(bob.getByRole('button', { name: 'Delete this link' }).count()).resolves.toBe(0);
    await screenshot(bob, 'shared-chat-viewer');
  });

  it('S6: a message alice sends after sharing is not in the snapshot bob sees', async () => {
    await alice.goto(h.demo.url);
    await alice.getByRole('link', { name: CHAT }).click();
    await alice.getByRole('textbox', { name: 'Message' }).fill(LATER);
    await alice.getByRole('button', { name: 'Send' }).click();
    await expectUi(alice.getByText(LATER, { exact: true })).toBeVisible();
    await alice.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await screenshot(alice, 'chat');
    await bob.reload();
    await expectUi(bob.getByRole('heading', { name: CHAT })).toBeVisible();
    await expectUi(bob.getByText(FIRST_QUESTION)).toBeVisible();
    await scrollToEnd(bob);
    await expectUi(bob.getByText('What about forests?', { exact: true })).toBeVisible();
    await expect(bob.getByText(LATER).count()).resolves.toBe(0);
  });

  it('S9: the modal shows "shared before"; "Update and copy link" puts the new messages under the same URL', async () => {
    await alice.getByRole('button', { name: `Chat options: ${CHAT}` }).click();
    await alice.getByRole('menuitem', { name: 'Share' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Share chat' });
    await expectUi(dialog.getByRole('link', { name: 'shared before' })).toHaveAttribute('href', link);
    await expectUi(dialog.getByRole('textbox', { name: 'Link' })).toHaveValue(link);
    await expectUi(dialog.getByRole('button', { name: 'Delete this link' })).toBeVisible();
    await screenshot(alice, 'share-modal-shared-before');
    await alice.evaluate(() => navigator.clipboard.writeText('something else'));
    await dialog.getByRole('button', { name: 'Update and copy link' }).click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    expect(await readClipboard(alice)).toBe(link);
    await dialog.getByRole('button', { name: 'Close' }).click();

    await bob.reload();
    await expectUi(bob.getByRole('heading', { name: CHAT })).toBeVisible();
    await scrollToEnd(bob);
    await expectUi(bob.getByText(LATER, { exact: true })).toBeVisible();
    expect(bob.url()).toBe(link);
  });

  it('S7: a signed-out visitor is sent to sign in and lands back on the shared chat', async () => {
    const context = await h.newContext();
    const visitor = await context.newPage();
    await visitor.goto(link);
    await visitor.waitForURL(/\/login\?redirect=/);
    expect(new URL(new URL(visitor.url()).searchParams.get('redirect') ?? '', h.demo.url).href).toBe(link);
    // No content before sign-in: the anonymous answer carries no message content, only "sign in".
    const anonymous = await fetch(`${h.demo.url}/api/chatshare/s/${link.split('/s/')[1]}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('photosynthesis');
    await screenshot(visitor, 'sign-in');
    await visitor.getByRole('textbox', { name: 'Username' }).fill('bob');
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    await visitor.waitForURL(link);
    await expectUi(visitor.getByRole('heading', { name: CHAT })).toBeVisible();
  });

  it('B7: the snapshot downloads as Markdown and as JSON', async () => {
    const [markdown] = await Promise.all([bob.waitForEvent('download'), bob.getByRole('button', { name: 'Download Markdown' }).click()]);
    const md = await readFile((await markdown.path())!, 'utf8');
    expect(md).toContain(`# ${CHAT}`);
    expect(md).toContain(LATER);
    const [jsonDownload] = await Promise.all([bob.waitForEvent('download'), bob.getByRole('button', { name: 'Download JSON' }).click()]);
    const snapshot = JSON.parse(await readFile((await jsonDownload.path())!, 'utf8')) as { title: string; messages: Record<string, { content: string }> };
    expect(snapshot.title).toBe(CHAT);
    expect(Object.values(snapshot.messages).some((m) => m.content === LATER)).toBe(true);
  });

  it('B6: bob clones the shared chat into a chat of his own', async () => {
    await bob.getByRole('button', { name: 'Clone chat' }).click();
    await bob.waitForURL(/\/c\/[0-9a-f-]{36}$/);
    await expectUi(bob.getByRole('heading', { name: CHAT })).toBeVisible();
    await expectUi(bob.getByText(LATER, { exact: true })).toBeVisible();
    await bob.goto(h.demo.url);
    // His own seeded copy of the fixture and the clone.
    await expectUi(bob.getByRole('link', { name: CHAT })).toHaveCount(2);
  });

  it('S10: "Delete this link" kills it at once and the modal returns to its first state; a new share gets a new id', async () => {
    const dialog = await openShareModal(alice, h.demo.url, CHAT);
    await dialog.getByRole('button', { name: 'Delete this link' }).click();
    await expectUi(dialog.getByRole('button', { name: 'Copy link', exact: true })).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Delete this link' }).count()).resolves.toBe(0);
    await expect(dialog.getByRole('link', { name: 'shared before' }).count()).resolves.toBe(0);

    await bob.goto(link);
    await expectUi(bob.getByText('This link is no longer valid.')).toBeVisible();
    await expect(bob.getByText(FIRST_QUESTION).count()).resolves.toBe(0);
    await screenshot(bob, 'link-no-longer-valid');

    await dialog.getByRole('button', { name: 'Copy link', exact: true }).click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    const again = await readClipboard(alice);
    expect(again).not.toBe(link);
    link = again;
    await bob.goto(link);
    await expectUi(bob.getByRole('heading', { name: CHAT })).toBeVisible();
  });

  it('S11: deleting the chat deletes its links', async () => {
    await alice.goto(h.demo.url);
    await alice.getByRole('button', { name: `Chat options: ${CHAT}` }).click();
    await alice.getByRole('menuitem', { name: 'Delete chat' }).click();
    await expectUi(alice.getByRole('status').filter({ hasText: '1 shared link(s) revoked' })).toBeVisible();
    await expect(alice.getByRole('link', { name: CHAT }).count()).resolves.toBe(0);
    await bob.goto(link);
    await expectUi(bob.getByText('This link is no longer valid.')).toBeVisible();
  });

  it('S7: "Sign out" ends the session: the chats and instance links ask for sign-in again', async () => {
    const dialog = await openShareModal(alice, h.demo.url, 'Naming the cat');
    await dialog.getByRole('button', { name: 'Copy link', exact: true }).click();
    await expectUi(dialog.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    const catLink = await readClipboard(alice);
    await bob.goto(catLink);
    await expectUi(bob.getByRole('heading', { name: 'Naming the cat' })).toBeVisible();
    await bob.getByRole('button', { name: 'Sign out' }).click();
    await bob.waitForURL(`${h.demo.url}/login`);
    await bob.goto(h.demo.url);
    await bob.waitForURL(/\/login\?redirect=%2F$/);
    await bob.goto(catLink);
    await bob.waitForURL(/\/login\?redirect=/);
  });

  it('T17: every page ran under the strict CSP with Trusted Types and no violation or page error', async () => {
    const response = await fetch(`${h.demo.url}/login`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(h.problems).toEqual([]);
  });
});
