import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../../src/shared-links-manager/shared-links-manager.js';
import type { SharedLinksManager } from '../../src/shared-links-manager/shared-links-manager.component.js';
import type { ShareApi } from '@chatshare/core';
import { formatDate } from '../../src/shared/i18n.js';
import { captureDownloads, expectNoAxeViolations, linearChat, makeService, mount, readQrImage, record, stubClipboard, until } from '../helpers.js';

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
    for (let i = 0; i < 10; i++) {
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
    await expect.element(toggle).toHaveAttribute('aria-expanded', 'true');
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

describe('B17 QR code downloads', () => {
  it('B17: "Download PNG" saves the row\'s QR code as a crisp PNG that decodes to the link', async () => {
    const { el, shares } = await manage(1);
    const downloads = captureDownloads(el.shadowRoot!);
    await userEvent.click(page.getByRole('button', { name: 'QR code' }));
    await userEvent.click(page.getByRole('button', { name: 'Download PNG' }));
    await until(() => downloads.length === 1, 'the PNG download', 20_000); // canvas.toBlob can take seconds on busy cores
    expect(downloads[0]!.name).toBe('Recipe 0 QR.png');
    expect(downloads[0]!.href).toMatch(/^blob:/);
    const blob = await downloads[0]!.blob;
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer()).slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const { text, width, pixels } = await readQrImage(blob);
    expect(text).toBe(`http://host.test/s/${shares[0]!.id}`);
    // 8 px per module, and only pure black or white pixels: no smoothing at module edges.
    expect(width % 8).toBe(0);
    expect(pixels.some((v, i) => i % 4 !== 3 && v !== 0 && v !== 255)).toBe(false);
  });

  it('B17: "Download SVG" saves a standalone SVG document that decodes to the link, under a sanitised name', async () => {
    const env = makeService({ c: linearChat(2, { title: 'Plan: "Q3/Q4" <draft>\\x' }) });
    const share = await env.alice.createShare({ chatId: 'c' });
    const el = document.createElement('shared-links-manager') as SharedLinksManager;
    el.api = env.alice;
    el.linkBase = 'https://host.test/s/';
    await mount(el);
    await until(() => el.shadowRoot!.querySelector('tr[part="row"]') !== null, 'the row');
    const downloads = captureDownloads(el.shadowRoot!);
    await userEvent.click(page.getByRole('button', { name: 'QR code' }));
    await userEvent.click(page.getByRole('button', { name: 'Download SVG' }));
    await until(() => downloads.length === 1, 'the SVG download', 20_000);
    expect(downloads[0]!.name).toBe('Plan Q3 Q4 draft x QR.svg');
    const blob = await downloads[0]!.blob;
    expect(blob.type).toBe('image/svg+xml');
    const doc = new DOMParser().parseFromString(await blob.text(), 'image/svg+xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(doc.documentElement.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(doc.documentElement.localName).toBe('svg');
    expect((await readQrImage(blob)).text).toBe(`https://host.test/s/${share.id}`);
    await expectNoAxeViolations(el);
  });
});

describe('B14 views in the manager', () => {
  it('B14: "Views" and "Last opened" per row; the owner\'s own reads do not count; "Never" until opened', async () => {
    const { el, shares, as, alice, rows } = await manage(2);
    const bob = as({ id: 'bob' });
    await bob.readShare(shares[0]!.id);
    await bob.readShare(shares[0]!.id);
    await alice.readShare(shares[0]!.id);
    await alice.readShare(shares[1]!.id);
    await el.refresh();
    await expect.element(page.getByRole('columnheader', { name: 'Views' })).toBeVisible();
    await expect.element(page.getByRole('columnheader', { name: 'Last opened' })).toBeVisible();
    const cell = (title: string, cls: string) => rows().find((r) => r.textContent!.includes(title))!.querySelector(`td.${cls}`)!.textContent!.trim();
    await until(() => cell('Recipe 0', 'views') === '2', 'the view count');
    const listed = (await alice.listShares()).items.find((s) => s.id === shares[0]!.id)!;
    expect(listed.lastViewedAt).not.toBeNull();
    expect(cell('Recipe 0', 'last-opened')).toBe(formatDate('en', listed.lastViewedAt!));
    expect(cell('Travel 1', 'views')).toBe('0');
    expect(cell('Travel 1', 'last-opened')).toBe('Never');
    await expectNoAxeViolations(el);
  });

  it('B14: `hide-views` hides both columns for hosts that turn counting off', async () => {
    const { el, rows } = await manage(1);
    el.setAttribute('hide-views', '');
    await el.updateComplete;
    expect(page.getByRole('columnheader', { name: 'Views' }).elements()).toHaveLength(0);
    expect(page.getByRole('columnheader', { name: 'Last opened' }).elements()).toHaveLength(0);
    expect(rows()[0]!.querySelectorAll('td')).toHaveLength(6);
    await userEvent.click(page.getByRole('button', { name: 'QR code' }));
    expect(el.shadowRoot!.querySelector('.qr-box')!.closest('td')!.colSpan).toBe(6);
  });
});

describe('B13 passwords in the manager', () => {
  it('B13: "Set password" (keyboard) protects the link, the badge says so, and "Remove password" (confirmed) lifts it', async () => {
    const { el, shares, as, rows } = await manage(1);
    const bob = as({ id: 'bob' });
    const id = shares[0]!.id;
    const updated = record<{ share: { hasPassword: boolean } }>(el, 'chatshare-share-updated');
    expect(el.shadowRoot!.querySelector('[part="password-badge"]')).toBeNull();
    (page.getByRole('button', { name: 'Set password' }).element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    const field = page.getByLabelText('New password');
    await until(() => el.shadowRoot!.activeElement === field.element(), 'focus in the password field');
    expect((field.element() as HTMLInputElement).type).toBe('password');
    await userEvent.keyboard('correct horse{Enter}');
    await expect.element(page.getByRole('status')).toHaveTextContent('Password set');
    await expect.element(page.getByText('Password protected')).toBeVisible();
    expect(page.getByLabelText('New password').elements()).toHaveLength(0);
    expect(updated.at(-1)!.detail.share.hasPassword).toBe(true);
    await expect(bob.readShare(id)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' });
    const { token } = await bob.unlockShare(id, 'correct horse');
    expect((await bob.readShare(id, { unlockToken: token })).id).toBe(id);
    await expectNoAxeViolations(el);

    // Removing asks first; "Cancel" keeps it. The owner is never asked for the old password.
    await userEvent.click(page.getByRole('button', { name: 'Remove password' }));
    await expect.element(page.getByText('Remove the password of "Recipe 0"?', { exact: false })).toBeVisible();
    await userEvent.click(page.getByRole('button', { name: 'Cancel' }));
    await expect(bob.readShare(id)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' });
    await userEvent.click(page.getByRole('button', { name: 'Remove password' }));
    await userEvent.click(page.getByRole('button', { name: 'Yes, remove it' }));
    await expect.element(page.getByRole('status')).toHaveTextContent('Password removed');
    await until(() => rows()[0]!.querySelector('[part="password-badge"]') === null, 'the badge gone');
    expect(page.getByRole('button', { name: 'Remove password' }).elements()).toHaveLength(0);
    expect((await bob.readShare(id)).id).toBe(id);
  });

  it('B13: an empty password is not sent; a password core refuses shows its error and keeps the form', async () => {
    const calls: unknown[] = [];
    const wrap = (api: ShareApi): ShareApi => ({ ...api, setShareOptions: (id, input) => (calls.push(input), api.setShareOptions(id, input)) });
    const { el, shares, alice } = await manage(1, { wrap });
    const errors = record<{ code: string; action: string }>(el, 'chatshare-error');
    await userEvent.click(page.getByRole('button', { name: 'Set password' }));
    await userEvent.click(page.getByRole('button', { name: 'Save password' }));
    await expect.element(page.getByRole('status')).toHaveTextContent('Enter a password.');
    expect(calls).toHaveLength(0);
    await userEvent.fill(page.getByLabelText('New password'), 'abc');
    await userEvent.click(page.getByRole('button', { name: 'Save password' }));
    await expect.element(page.getByRole('status')).toHaveTextContent('Something went wrong');
    expect(errors.map((e) => [e.detail.action, e.detail.code])).toEqual([['setPassword', 'INVALID_INPUT']]);
    expect(el.shadowRoot!.activeElement).toBe(page.getByLabelText('New password').element());
    expect((await alice.listShares()).items.find((s) => s.id === shares[0]!.id)!.hasPassword).toBe(false);
    await expectNoAxeViolations(el);
  });
});

describe('B13 passwords in the manager: double submit', () => {
  it('B13: a second "Save password" while one is saving sends nothing more', async () => {
    const calls: unknown[] = [];
    const wrap = (api: ShareApi): ShareApi => ({ ...api, setShareOptions: (id, input) => (calls.push(input), api.setShareOptions(id, input)) });
    const { el } = await manage(1, { wrap });
    await userEvent.click(page.getByRole('button', { name: 'Set password' }));
    await userEvent.fill(page.getByLabelText('New password'), 'correct horse');
    const form = el.shadowRoot!.querySelector<HTMLFormElement>('[part="password-form"]')!;
    form.requestSubmit();
    form.requestSubmit();
    await expect.element(page.getByRole('status')).toHaveTextContent('Password set');
    expect(calls).toEqual([{ password: 'correct horse' }]);
  });
});

/** A link updated once (version 1: 2 messages, version 2: 4), in a manager; `wrap` may observe the owner's calls. */
async function evolvingShare(wrap: (api: ShareApi) => ShareApi = (api) => api) {
  const chats: Record<string, unknown> = { c: linearChat(2, { title: 'Evolving' }) };
  const env = makeService(chats);
  const share = await env.alice.createShare({ chatId: 'c' });
  chats.c = linearChat(4, { title: 'Evolving' });
  await env.alice.updateShare(share.id);
  const el = document.createElement('shared-links-manager') as SharedLinksManager;
  el.api = wrap(env.alice);
  await mount(el);
  await until(() => el.shadowRoot!.querySelector('tr[part="row"]') !== null, 'the row');
  return { env, share, el };
}

describe('B16 versions in the manager', () => {
  it('B16: "Versions" lists the link\'s snapshots, current first; "Roll back" (confirmed) makes an old one current again', async () => {
    const { env, share, el } = await evolvingShare();
    const updated = record(el, 'chatshare-share-updated');
    const toggle = page.getByRole('button', { name: 'Versions' });
    await userEvent.click(toggle);
    await expect.element(toggle).toHaveAttribute('aria-expanded', 'true');
    const items = () => [...el.shadowRoot!.querySelectorAll('[part="version"]')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    await until(() => items().length === 2, 'two versions');
    expect(items()[0]).toMatch(/^Version 2 .* 4 messages System prompt left out current$/);
    expect(items()[1]).toMatch(/^Version 1 .* 2 messages System prompt left out Roll back$/);
    expect(page.getByRole('button', { name: 'Roll back: Version 2' }).elements()).toHaveLength(0);
    await expectNoAxeViolations(el);

    await userEvent.click(page.getByRole('button', { name: 'Roll back: Version 1' }));
    await expect.element(page.getByText('Roll "Evolving" back to version 1?', { exact: false })).toBeVisible();
    await userEvent.click(page.getByRole('button', { name: 'Cancel' }));
    expect((await env.as({ id: 'bob' }).readShare(share.id)).snapshot.version).toBe(2);

    await userEvent.click(page.getByRole('button', { name: 'Roll back: Version 1' }));
    await userEvent.click(page.getByRole('button', { name: 'Yes, roll back' }));
    await expect.element(page.getByRole('status')).toHaveTextContent('Rolled back to version 1: the link now shows it as version 3.');
    await until(() => items().length === 3, 'the refreshed list');
    expect(items()[0]).toMatch(/^Version 3 .* 2 messages System prompt left out current$/);
    expect(items().slice(1).map((t) => t.split(' ').slice(0, 2).join(' '))).toEqual(['Version 2', 'Version 1']);
    expect(updated).toHaveLength(1);
    const seen = await env.as({ id: 'bob' }).readShare(share.id);
    expect(seen.snapshot.version).toBe(3);
    expect(Object.keys(seen.snapshot.messages)).toHaveLength(2);
    expect(el.shadowRoot!.activeElement).toBe(toggle.element());
  });
});

describe('B15/B16 what each version leaves out', () => {
  /** A chat with a system prompt, shared with it (version 1), then updated leaving it and two messages out (version 2). */
  async function narrowedShare(lang: 'en' | 'es' = 'en') {
    const chats: Record<string, unknown> = { c: { ...linearChat(4, { title: 'Prompted' }), params: { system: 'Be brief and kind.' } } };
    const env = makeService(chats);
    const share = await env.alice.createShare({ chatId: 'c', leaveOut: { systemPrompt: false } });
    await env.alice.updateShare(share.id, { leaveOut: { systemPrompt: true, messageIds: ['msg-2', 'msg-3'] } });
    const el = document.createElement('shared-links-manager') as SharedLinksManager;
    el.api = env.alice;
    el.lang = lang;
    await mount(el);
    await until(() => el.shadowRoot!.querySelector('tr[part="row"]') !== null, 'the row');
    const summaries = () => [...el.shadowRoot!.querySelectorAll('[part="version-leave-out"]')].map((s) => s.textContent!.trim());
    return { env, share, el, summaries };
  }

  it('B15/B16: each version says what it left out; the roll-back confirmation names its choices; they come back with it', async () => {
    const { env, share, el, summaries } = await narrowedShare();
    const bob = env.as({ id: 'bob' });
    expect((await bob.readShare(share.id)).snapshot.systemPrompt).toBeUndefined();
    await userEvent.click(page.getByRole('button', { name: 'Versions' }));
    await until(() => summaries().length === 2, 'two versions');
    expect(summaries()).toEqual(['System prompt, 2 messages left out', 'Everything shared']);

    await userEvent.click(page.getByRole('button', { name: 'Roll back: Version 1' }));
    const confirm = el.shadowRoot!.querySelector('[part="confirm"]')!;
    expect(confirm.textContent!.replace(/\s+/g, ' ')).toContain(
      'Roll "Prompted" back to version 1? Viewers will see version 1 as it was shared then, with that version\'s choices: Everything shared.',
    );
    // The owner left the system prompt and two messages out since; the question says they would be shared again.
    expect(confirm.textContent!.replace(/\s+/g, ' ')).toContain('Version 1 does not leave out what the current version leaves out: system prompt, 2 messages.');
    await expectNoAxeViolations(el);

    await userEvent.click(page.getByRole('button', { name: 'Yes, roll back' }));
    await expect.element(page.getByRole('status')).toHaveTextContent('Rolled back to version 1: the link now shows it as version 3.');
    await until(() => summaries().length === 3, 'the refreshed list');
    expect(summaries()).toEqual(['Everything shared', 'System prompt, 2 messages left out', 'Everything shared']);
    const listed = (await env.alice.listShares({})).items.find((s) => s.id === share.id)!;
    expect(listed.leaveOut).toEqual({ messageIds: [], systemPrompt: false, toolOutput: false, attachments: false });
    expect((await bob.readShare(share.id)).snapshot.systemPrompt).toBe('Be brief and kind.');
  });

  it('B15/B16, T25: a history entry that lost its choices is refused by core: the manager says so and offers no roll back', async () => {
    const { env, share, el, summaries } = await narrowedShare();
    // A damaged history entry (its leave-out choices gone): core refuses it rather than republish it unknowingly.
    const row = (await env.store.getShare(share.id))!;
    const [entry] = await env.store.getHistory(share.id);
    const { leaveOut: _lost, ...meta } = JSON.parse(entry!.meta) as Record<string, unknown>;
    await env.store.replaceShare(row.share, row.share.version, { archive: { ...entry!, meta: JSON.stringify(meta) } });
    const errors = record<{ code: string }>(el, 'chatshare-error');
    await userEvent.click(page.getByRole('button', { name: 'Versions' }));
    await until(() => errors.length === 1, 'the refused versions');
    expect(errors.map((e) => e.detail.code)).toEqual(['STORAGE_ERROR']);
    expect(summaries()).toEqual([]);
    expect(page.getByRole('button', { name: 'Roll back: Version 1' }).elements()).toHaveLength(0);
    await expectNoAxeViolations(el);
  });

  it('B10: the versions\' choices and the roll-back question in Spanish', async () => {
    const { el, summaries } = await narrowedShare('es');
    await userEvent.click(page.getByRole('button', { name: 'Versiones' }));
    await until(() => summaries().length === 2, 'two versions');
    expect(summaries()).toEqual(['Se dejó fuera: instrucciones del sistema, 2 mensajes', 'Se compartió todo']);
    await userEvent.click(page.getByRole('button', { name: 'Restaurar: Versión 1' }));
    const text = el.shadowRoot!.querySelector('[part="confirm"]')!.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain('con lo que se eligió en ella: Se compartió todo.');
    expect(text).toContain('La versión 1 no deja fuera lo que deja fuera la versión actual: instrucciones del sistema, 2 mensajes.');
  });
});

describe('B16 versions in the manager: double confirm', () => {
  it('B16: a second click on "Yes, roll back" before the list redraws rolls back only once', async () => {
    const rollbacks: number[] = [];
    const { env, share } = await evolvingShare((api) => ({ ...api, rollbackShare: (id, n) => (rollbacks.push(n), api.rollbackShare(id, n)) }));
    await userEvent.click(page.getByRole('button', { name: 'Versions' }));
    await userEvent.click(page.getByRole('button', { name: 'Roll back: Version 1' }));
    const yes = page.getByRole('button', { name: 'Yes, roll back' }).element() as HTMLButtonElement;
    yes.click();
    yes.click();
    await expect.element(page.getByRole('status')).toHaveTextContent('Rolled back to version 1');
    expect(rollbacks).toEqual([1]);
    expect((await env.alice.listShareVersions(share.id)).map((v) => v.snapshotVersion)).toEqual([3, 2, 1]);
  });
});

describe('B10 Spanish for B13–B17 in the manager', () => {
  it('B10: the new controls and columns speak Spanish', async () => {
    await manage(1, { lang: 'es' });
    await expect.element(page.getByRole('columnheader', { name: 'Visitas' })).toBeVisible();
    await expect.element(page.getByRole('columnheader', { name: 'Última apertura' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Poner contraseña' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Versiones' })).toBeVisible();
    await userEvent.click(page.getByRole('button', { name: 'Código QR' }));
    await expect.element(page.getByRole('button', { name: 'Descargar PNG' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Descargar SVG' })).toBeVisible();
    await userEvent.click(page.getByRole('button', { name: 'Poner contraseña' }));
    await expect.element(page.getByLabelText('Contraseña nueva')).toBeVisible();
  });
});
