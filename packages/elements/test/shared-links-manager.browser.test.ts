import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../src/shared-links-manager/shared-links-manager.js';
import type { SharedLinksManager } from '../src/shared-links-manager/shared-links-manager.component.js';
import type { ShareApi } from '@chatshare/core';
import { expectNoAxeViolations, linearChat, makeService, mount, record, stubClipboard, until } from './helpers.js';

let clip: ReturnType<typeof stubClipboard> | undefined;
afterEach(() => {
  clip?.restore();
  clip = undefined;
  document.body.replaceChildren();
});

async function manage(count: number, options: { pageSize?: number; lang?: 'en' | 'es'; wrap?: (api: ShareApi) => ShareApi } = {}) {
  const chats: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) chats[`c${i}`] = linearChat(2, { title: i % 2 === 0 ? `Recipe ${i}` : `Travel ${i}` });
  chats.bobs = { ownerId: 'bob', chat: linearChat(2, { title: 'Recipe of bob' }) };
  const env = makeService(chats);
  const shares = [];
  for (let i = 0; i < count; i++) shares.push(await env.alice.createShare({ chatId: `c${i}`, ...(i === 0 ? { expiresIn: 3_600_000 } : {}) }));
  await env.as({ id: 'bob' }).createShare({ chatId: 'bobs' });
  const el = document.createElement('shared-links-manager') as SharedLinksManager;
  el.api = options.wrap ? options.wrap(env.alice) : env.alice;
  el.linkBase = 'http://host.test/s/';
  if (options.pageSize) el.pageSize = options.pageSize;
  if (options.lang) el.lang = options.lang;
  await mount(el);
  const rows = () => [...el.shadowRoot!.querySelectorAll('tbody tr[part="row"]')];
  await until(() => rows().length > 0 || count === 0, 'rows');
  return { ...env, el, shares, rows };
}

describe('B1 shared links manager', () => {
  it('B1: heading "Shared links" and one row per own share with title, created, updated, audience and expiry', async () => {
    const { rows, shares } = await manage(3);
    await expect.element(page.getByRole('heading', { name: 'Shared links' })).toBeVisible();
    expect(rows()).toHaveLength(3);
    const cells = (r: Element) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim());
    const texts = rows().map(cells);
    expect(texts.map((t) => t[0]).sort()).toEqual(['Recipe 0', 'Recipe 2', 'Travel 1']);
    const first = texts.find((t) => t[0] === 'Recipe 0')!;
    expect(first[3]).toBe('Signed-in users of this instance');
    expect(first[4]).not.toBe('Never');
    expect(texts.find((t) => t[0] === 'Travel 1')![4]).toBe('Never');
    const link = page.getByRole('link', { name: 'Recipe 0' }).element() as HTMLAnchorElement;
    expect(link.href).toBe(`http://host.test/s/${shares[0]!.id}`);
    expect(link.target).toBe('_blank');
    expect(link.rel).toBe('noopener noreferrer');
    // Only the actor's own shares (bob's is not listed).
    expect(rows().some((r) => r.textContent!.includes('Recipe of bob'))).toBe(false);
  });

  it('B1: paginated with "Load more"', async () => {
    const { rows } = await manage(5, { pageSize: 2 });
    expect(rows()).toHaveLength(2);
    await userEvent.click(page.getByRole('button', { name: 'Load more' }));
    await until(() => rows().length === 4, 'second page');
    await userEvent.click(page.getByRole('button', { name: 'Load more' }));
    await until(() => rows().length === 5, 'third page');
    expect(page.getByRole('button', { name: 'Load more' }).elements()).toHaveLength(0);
    expect(new Set(rows().map((r) => r.textContent)).size).toBe(5);
  });

  it('B1: the "Search" field filters by title', async () => {
    const { rows } = await manage(4);
    await userEvent.fill(page.getByRole('searchbox', { name: 'Search' }), 'travel');
    await until(() => rows().length === 2, 'search results');
    expect(rows().every((r) => r.textContent!.includes('Travel'))).toBe(true);
  });

  it('B1/R8: "Copy link" copies the row\'s link and says "Link copied"; a failed write never says so', async () => {
    const { el, shares } = await manage(1);
    clip = stubClipboard('resolve');
    const copied = record<{ url: string }>(el, 'chatshare-link-copied');
    await userEvent.click(page.getByRole('button', { name: 'Copy link' }));
    await expect.element(page.getByRole('status')).toHaveTextContent('Link copied');
    expect(clip.written).toEqual([`http://host.test/s/${shares[0]!.id}`]);
    expect(copied).toHaveLength(1);
    clip.restore();
    clip = stubClipboard('reject');
    await userEvent.click(page.getByRole('button', { name: 'Copy link' }));
    await expect.element(page.getByRole('textbox', { name: 'Link' })).toHaveValue(`http://host.test/s/${shares[0]!.id}`);
    expect(page.getByRole('status').element().textContent).not.toContain('Link copied');
  });

  it('R8: when the clipboard refuses, the link waits selected and focused in a read-only "Link" field, never "Link copied"', async () => {
    const { el, shares } = await manage(2);
    const url = `http://host.test/s/${shares[1]!.id}`;
    clip = stubClipboard('reject');
    const errors = record<{ code: string }>(el, 'chatshare-error');
    const copied = record(el, 'chatshare-link-copied');
    const row = [...el.shadowRoot!.querySelectorAll('tbody tr[part="row"]')].find((r) => r.textContent!.includes('Travel 1'))!;
    await userEvent.click(row.querySelector('td.actions button')!);
    const field = page.getByRole('textbox', { name: 'Link' });
    await expect.element(field).toHaveValue(url);
    const input = field.element() as HTMLInputElement;
    expect(input.readOnly).toBe(true);
    expect(el.shadowRoot!.activeElement).toBe(input);
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, url.length]);
    await expect.element(page.getByRole('status')).toHaveTextContent("Couldn't copy the link. It is selected in the Link field: copy it yourself.");
    expect(el.shadowRoot!.textContent).not.toContain('Link copied');
    expect(copied).toHaveLength(0);
    expect(errors.map((e) => e.detail.code)).toEqual(['CLIPBOARD_FAILED']);
    await expectNoAxeViolations(el);
    // A copy that works afterwards says so and puts the field away.
    clip.restore();
    clip = stubClipboard('resolve');
    await userEvent.click(row.querySelector('td.actions button')!);
    await expect.element(page.getByRole('status')).toHaveTextContent('Link copied');
    expect(page.getByRole('textbox', { name: 'Link' }).elements()).toHaveLength(0);
    expect(clip.written).toEqual([url]);
  });

  it('B1: "Load more" pages on with the query that produced the list, never with a search still being typed', async () => {
    const calls: Array<{ query?: string | undefined; cursor?: string | null | undefined }> = [];
    const wrap = (api: ShareApi): ShareApi => ({ ...api, listShares: (input) => (calls.push({ ...input }), api.listShares(input)) });
    const { el, rows, alice } = await manage(6, { pageSize: 2, wrap });
    const titles = () => rows().map((r) => r.querySelector('td')!.textContent!.trim());
    const all = (await alice.listShares({ limit: 100 })).items.map((s) => s.title);
    const travel = (await alice.listShares({ limit: 100, query: 'travel' })).items.map((s) => s.title);
    expect(travel).toHaveLength(3);
    const errors = record(el, 'chatshare-error');
    const seen: string[][] = [];
    const observer = new MutationObserver(() => seen.push(titles()));
    observer.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
    // A new search is typed and "Load more" pressed before the search's debounce fires.
    const search = page.getByRole('searchbox', { name: 'Search' }).element() as HTMLInputElement;
    search.value = 'travel';
    search.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    (page.getByRole('button', { name: 'Load more' }).element() as HTMLButtonElement).click();
    await until(() => calls.length === 3 && titles().join() === travel.slice(0, 2).join(), 'the search results');
    await userEvent.click(page.getByRole('button', { name: 'Load more' }));
    await until(() => rows().length === 3, 'the next page of the search');
    observer.disconnect();
    seen.push(titles());
    expect(titles()).toEqual(travel);
    // Every list ever on screen is the start of one query's results, never rows of two queries mixed.
    const prefixOf = (list: string[], of: string[]) => list.every((t, i) => of[i] === t);
    expect(seen.filter((list) => !prefixOf(list, all) && !prefixOf(list, travel))).toEqual([]);
    expect(errors).toHaveLength(0);
    // And every page asked for pairs a cursor with the query that produced it.
    expect(calls.map((c) => [c.query ?? '', c.cursor ? 'cursor' : 'first'])).toEqual([
      ['', 'first'],
      ['', 'cursor'],
      ['travel', 'first'],
      ['travel', 'cursor'],
    ]);
  });

  it('B1/S10: "Delete" asks for confirmation; cancel keeps it, confirm revokes it at once', async () => {
    const { el, shares, rows, as } = await manage(2);
    const deleted = record<{ shareId: string }>(el, 'chatshare-share-deleted');
    const target = shares[1]!;
    const row = () => rows().find((r) => r.textContent!.includes('Travel 1'))!;
    (row().querySelector('button.danger') as HTMLButtonElement).click();
    await expect.element(page.getByText('Delete "Travel 1"?', { exact: false })).toBeVisible();
    await userEvent.click(page.getByRole('button', { name: 'Cancel' }));
    expect(rows()).toHaveLength(2);
    expect(deleted).toHaveLength(0);
    (row().querySelector('button.danger') as HTMLButtonElement).click();
    await userEvent.click(page.getByRole('button', { name: 'Yes, delete' }));
    await until(() => rows().length === 1, 'row removed');
    expect(deleted[0]!.detail).toEqual({ shareId: target.id });
    await expect(as({ id: 'bob' }).readShare(target.id)).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
  });

  it('B1: "Delete all" with confirmation revokes every own share and nobody else\'s', async () => {
    const { el, rows, alice, as } = await manage(3);
    const all = record<{ count: number }>(el, 'chatshare-all-shares-deleted');
    await userEvent.click(page.getByRole('button', { name: 'Delete all' }));
    await userEvent.click(page.getByRole('button', { name: 'Yes, delete all' }));
    await until(() => rows().length === 0, 'all removed');
    expect(all[0]!.detail).toEqual({ count: 3 });
    await expect.element(page.getByText('You have no shared links.')).toBeVisible();
    expect((await alice.listShares()).items).toHaveLength(0);
    expect((await as({ id: 'bob' }).listShares()).items).toHaveLength(1);
  });

  it('keyboard: Tab reaches search, the row actions and the confirmation; Enter confirms', async () => {
    const { el, rows } = await manage(1);
    (page.getByRole('searchbox', { name: 'Search' }).element() as HTMLElement).focus();
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      await userEvent.keyboard('{Tab}');
      const active = el.shadowRoot!.activeElement as HTMLElement | null;
      seen.push(active?.textContent?.trim() ?? '');
      if (active?.textContent?.trim() === 'Delete') break;
    }
    expect(seen).toContain('Copy link');
    expect(seen.at(-1)).toBe('Delete');
    await userEvent.keyboard('{Enter}');
    await until(() => (el.shadowRoot!.activeElement as HTMLElement | null)?.textContent?.trim() === 'Yes, delete', 'focus on confirm');
    await userEvent.keyboard('{Enter}');
    await until(() => rows().length === 0, 'deleted by keyboard');
  });

  it('B17: "QR code" shows the row link as a QR code and hides it again', async () => {
    const { el } = await manage(1);
    const toggle = page.getByRole('button', { name: 'QR code' });
    await userEvent.click(toggle);
    const qr = page.getByRole('img', { name: 'QR code for the link' }).element();
    expect(qr.querySelector('path')!.getAttribute('d')!.length).toBeGreaterThan(100);
    expect(toggle.element().getAttribute('aria-expanded')).toBe('true');
    await expectNoAxeViolations(el);
    await userEvent.click(toggle);
    expect(page.getByRole('img', { name: 'QR code for the link' }).elements()).toHaveLength(0);
  });

  it('B11: no axe violations (list and confirmation)', async () => {
    const { el } = await manage(2);
    await expectNoAxeViolations(el);
    await userEvent.click(page.getByRole('button', { name: 'Delete all' }));
    await expectNoAxeViolations(el);
  });

  it('B10: Spanish catalogue', async () => {
    await manage(1, { lang: 'es' });
    await expect.element(page.getByRole('heading', { name: 'Enlaces compartidos' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Eliminar todos' })).toBeVisible();
    await expect.element(page.getByRole('searchbox', { name: 'Buscar' })).toBeVisible();
  });

  it('a signed-out actor gets a visible AUTH_REQUIRED error, not an endless "Loading…"', async () => {
    const env = makeService({});
    const el = document.createElement('shared-links-manager') as SharedLinksManager;
    const errors = record<{ code: string }>(el, 'chatshare-error');
    el.api = env.as(null);
    await mount(el);
    await expect.element(page.getByRole('status')).toHaveTextContent('Something went wrong');
    expect(el.shadowRoot!.textContent).not.toContain('Loading');
    expect(errors[0]!.detail.code).toBe('AUTH_REQUIRED');
  });
});
