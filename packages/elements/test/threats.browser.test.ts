import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../src/shared-links-manager/shared-links-manager.js';
import '../src/share-chat-modal/share-chat-modal.js';
import type { SharedLinksManager } from '../src/shared-links-manager/shared-links-manager.component.js';
import type { ShareChatModal } from '../src/share-chat-modal/share-chat-modal.component.js';
import { linearChat, makeService, mount, record, until } from './helpers.js';

/**
 * THREATS.md at the elements, in Chromium: what the user is told when the store fails a revoke (T9) or the browser has
 * no clipboard to write to (T26). The service is the real one over a memory store; only the store's delete is made to
 * fail, by core's fault injector (`failingStore`), the way a full disk or a dropped database connection fails it.
 */

afterEach(() => {
  document.body.replaceChildren();
});

const statusOf = (el: HTMLElement) => el.shadowRoot!.querySelector('[part~="status"]')!.textContent!.trim();

async function manager(count: number, options: { failDelete?: number } = {}) {
  const chats: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) chats[`c${i}`] = linearChat(2, { title: `Recipe ${i}` });
  const env = makeService(chats, options);
  const shares = [];
  for (let i = 0; i < count; i++) shares.push(await env.alice.createShare({ chatId: `c${i}` }));
  const el = document.createElement('shared-links-manager') as SharedLinksManager;
  el.api = env.alice;
  el.linkBase = 'http://host.test/s/';
  await mount(el);
  const rows = () => [...el.shadowRoot!.querySelectorAll('tbody tr[part="row"]')];
  await until(() => rows().length === count, 'rows');
  return { ...env, el, shares, rows };
}

async function sharedModal(options: { failDelete?: number } = {}) {
  const env = makeService({ c1: linearChat(4, { title: 'Trip plan' }) }, options);
  const share = await env.alice.createShare({ chatId: 'c1' });
  const el = document.createElement('share-chat-modal') as ShareChatModal;
  Object.assign(el, { api: env.alice, chatId: 'c1', linkBase: 'http://host.test/s/' });
  await mount(el);
  el.show();
  await expect.element(page.getByRole('button', { name: 'Update and copy link' })).toBeVisible();
  return { ...env, el, share, url: `http://host.test/s/${share.id}` };
}

describe('T9: a revoke the store fails is never shown as done', () => {
  it('T9: <shared-links-manager> "Delete" keeps the row, says what went wrong, never "deleted", and the link still opens', async () => {
    const { el, rows, shares, as, deleteCalls } = await manager(2, { failDelete: 1 });
    const target = shares[1]!;
    const deleted = record(el, 'chatshare-share-deleted');
    const errors = record<{ action: string; code: string }>(el, 'chatshare-error');
    const row = rows().find((r) => r.textContent!.includes('Recipe 1'))!;
    (row.querySelector('button.danger') as HTMLButtonElement).click();
    await userEvent.click(page.getByRole('button', { name: 'Yes, delete' }));
    await until(() => statusOf(el).startsWith('Something went wrong'), 'the error');
    expect(deleteCalls()).toBe(1);
    // Give a late "success" path time to show itself before asserting it never did.
    await new Promise((r) => setTimeout(r, 100));
    expect(rows().map((r) => r.querySelector('td')!.textContent!.trim()).sort()).toEqual(['Recipe 0', 'Recipe 1']);
    expect(el.shadowRoot!.textContent).not.toMatch(/deleted/i);
    expect(deleted).toHaveLength(0);
    expect(errors.map((e) => [e.detail.action, e.detail.code])).toEqual([['revokeShare', 'STORAGE_ERROR']]);
    expect((await as({ id: 'bob' }).readShare(target.id)).id).toBe(target.id);
  });

  it('T9: <shared-links-manager> "Delete all" keeps every row and reports no count when the store fails', async () => {
    const { el, rows, shares, as, deleteCalls } = await manager(3, { failDelete: 1 });
    const all = record(el, 'chatshare-all-shares-deleted');
    await userEvent.click(page.getByRole('button', { name: 'Delete all' }));
    await userEvent.click(page.getByRole('button', { name: 'Yes, delete all' }));
    await until(() => statusOf(el).startsWith('Something went wrong'), 'the error');
    await new Promise((r) => setTimeout(r, 100));
    expect(deleteCalls()).toBe(1);
    expect(rows()).toHaveLength(3);
    expect(el.shadowRoot!.textContent).not.toMatch(/deleted|You have no shared links/i);
    expect(all).toHaveLength(0);
    for (const share of shares) expect((await as({ id: 'bob' }).readShare(share.id)).id).toBe(share.id);
  });

  it('T9: <share-chat-modal> "Delete this link" keeps the link and its field, says what went wrong, never "deleted"', async () => {
    const { el, share, url, alice, deleteCalls } = await sharedModal({ failDelete: 1 });
    const deleted = record(el, 'chatshare-share-deleted');
    const errors = record<{ action: string; code: string }>(el, 'chatshare-error');
    await userEvent.click(page.getByRole('button', { name: 'Delete this link' }));
    await until(() => statusOf(el).startsWith('Something went wrong'), 'the error');
    await new Promise((r) => setTimeout(r, 100));
    await expect.element(page.getByRole('textbox', { name: 'Link' })).toHaveValue(url);
    await expect.element(page.getByRole('button', { name: 'Update and copy link' })).toBeVisible();
    expect(page.getByRole('button', { name: 'Copy link', exact: true }).elements()).toHaveLength(0);
    expect(el.shadowRoot!.textContent).not.toMatch(/deleted/i);
    expect(deleted).toHaveLength(0);
    expect(deleteCalls()).toBe(1);
    expect(errors.map((e) => [e.detail.action, e.detail.code])).toEqual([['revokeShare', 'STORAGE_ERROR']]);
    expect((await alice.findShareForChat('c1'))!.id).toBe(share.id);
  });
});

describe('T26: no clipboard, no "Copied"', () => {
  /** A page without the async clipboard (plain http, an embedding frame without the permission): the platform boundary. */
  function withoutClipboard() {
    const own = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    return () => {
      if (own) Object.defineProperty(navigator, 'clipboard', own);
      else delete (navigator as { clipboard?: unknown }).clipboard;
    };
  }

  it('T26: <shared-links-manager> on a page with no clipboard shows the link selected in the "Link" field and never says "Link copied"', async () => {
    const { el, shares } = await manager(1);
    const restore = withoutClipboard();
    try {
      const copied = record(el, 'chatshare-link-copied');
      const errors = record<{ code: string }>(el, 'chatshare-error');
      await userEvent.click(page.getByRole('button', { name: 'Copy link' }));
      const field = page.getByRole('textbox', { name: 'Link' });
      await expect.element(field).toHaveValue(`http://host.test/s/${shares[0]!.id}`);
      const input = field.element() as HTMLInputElement;
      expect([input.readOnly, input.selectionStart, input.selectionEnd]).toEqual([true, 0, input.value.length]);
      expect(el.shadowRoot!.textContent).not.toContain('Link copied');
      expect(copied).toHaveLength(0);
      expect(errors.map((e) => e.detail.code)).toEqual(['CLIPBOARD_FAILED']);
    } finally {
      restore();
    }
  });

  it('T26: <share-chat-modal> "Update and copy link" on a page with no clipboard keeps the link selected in its field and never says "Link copied"', async () => {
    const { el, url } = await sharedModal();
    const restore = withoutClipboard();
    try {
      const copied = record(el, 'chatshare-link-copied');
      const updated = record(el, 'chatshare-share-updated');
      await userEvent.click(page.getByRole('button', { name: 'Update and copy link' }));
      await expect.element(page.getByText("Couldn't copy the link.", { exact: false })).toBeVisible();
      expect(updated).toHaveLength(1);
      const input = page.getByRole('textbox', { name: 'Link' }).element() as HTMLInputElement;
      expect(input.value).toBe(url);
      expect([input.selectionStart, input.selectionEnd]).toEqual([0, url.length]);
      expect(el.shadowRoot!.textContent).not.toContain('Link copied');
      expect(copied).toHaveLength(0);
    } finally {
      restore();
    }
  });
});
