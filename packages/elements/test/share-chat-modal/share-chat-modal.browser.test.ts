import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../../src/share-chat-modal/share-chat-modal.js';
import type { ShareChatModal } from '../../src/share-chat-modal/share-chat-modal.component.js';
import { chatWithBranches, expectNoAxeViolations, linearChat, makeService, mount, record, stubClipboard, tenMessages, until } from '../helpers.js';

let clip: ReturnType<typeof stubClipboard> | undefined;
afterEach(() => {
  clip?.restore();
  clip = undefined;
  document.body.replaceChildren();
});

async function openModal(options: { chats?: Record<string, unknown>; community?: boolean; allowPublic?: boolean; lang?: 'en' | 'es' } = {}) {
  const env = makeService(options.chats ?? { c1: linearChat(4, { title: 'Trip plan' }) });
  if (options.community || options.allowPublic === false) {
    await env.admin.updateSettings({ communitySharing: options.community ?? false, allowPublicLinks: options.allowPublic ?? true });
  }
  const opener = document.createElement('button');
  opener.textContent = 'Share';
  document.body.append(opener);
  const el = document.createElement('share-chat-modal') as ShareChatModal;
  el.api = env.alice;
  el.chatId = Object.keys(options.chats ?? { c1: 0 })[0]!;
  el.linkBase = 'http://host.test/s/';
  el.communityUrl = 'https://hub.example/upload';
  if (options.lang) el.lang = options.lang;
  await mount(el);
  opener.addEventListener('click', () => el.show());
  await userEvent.click(page.getByRole('button', { name: 'Share' }));
  await expect.element(page.getByRole('dialog', { name: options.lang === 'es' ? 'Compartir chat' : 'Share chat' })).toBeVisible();
  await until(() => !el.shadowRoot!.textContent!.includes('Loading'), 'load');
  return { ...env, el, opener };
}

describe('S2/S6 share modal, first state', () => {
  it('S2: opens as a dialog "Share chat" with the note and "Copy link"; no "Share to community" while S1 is off', async () => {
    await openModal();
    await expect.element(page.getByText("Messages you send after creating your link won't be shared.")).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
    expect(page.getByRole('button', { name: 'Share to community' }).elements()).toHaveLength(0);
    expect(page.getByRole('textbox', { name: 'Link' }).elements()).toHaveLength(0);
  });

  it('S1: "Share to community" appears when the instance allows it', async () => {
    await openModal({ community: true });
    await expect.element(page.getByRole('button', { name: 'Share to community' })).toBeVisible();
  });

  it('B2/B4: defaults are instance audience and branch scope; "anyone" is hidden when public links are off', async () => {
    await openModal({ allowPublic: false });
    await expect.element(page.getByRole('combobox', { name: 'Who can open it' })).toHaveValue('instance');
    await expect.element(page.getByRole('combobox', { name: 'What to share' })).toHaveValue('branch');
    await expect.element(page.getByRole('combobox', { name: 'Expires' })).toHaveValue('');
    const audiences = page.getByRole('combobox', { name: 'Who can open it' }).element().querySelectorAll('option');
    expect([...audiences].map((o) => o.value)).toEqual(['owner', 'people', 'instance']);
  });

  it('S6/R8: "Copy link" creates a share, copies its link, says "Link copied" and emits created + copied', async () => {
    const { el, alice } = await openModal();
    clip = stubClipboard('resolve');
    const created = record<{ url: string }>(el, 'chatshare-share-created');
    const copied = record<{ url: string }>(el, 'chatshare-link-copied');
    await userEvent.click(page.getByRole('button', { name: 'Copy link' }));
    await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    const share = await alice.findShareForChat('c1');
    expect(share).not.toBeNull();
    const url = `http://host.test/s/${share!.id}`;
    expect(clip.written).toEqual([url]);
    expect(created[0]!.detail.url).toBe(url);
    expect(copied[0]!.detail).toEqual({ url });
    expect(created[0]!.bubbles && created[0]!.composed).toBe(true);
    expect(share!.audience).toEqual({ type: 'instance' });
    expect(share!.scope).toBe('branch');
    await expect.element(page.getByRole('textbox', { name: 'Link' })).toHaveValue(url);
  });

  it('R8/T26: when the clipboard write fails the link is shown selected and "Link copied" never appears', async () => {
    const { el } = await openModal();
    clip = stubClipboard('reject');
    const errors = record<{ code: string }>(el, 'chatshare-error');
    const copied = record(el, 'chatshare-link-copied');
    await userEvent.click(page.getByRole('button', { name: 'Copy link' }));
    await expect.element(page.getByText("Couldn't copy the link.", { exact: false })).toBeVisible();
    const field = page.getByRole('textbox', { name: 'Link' }).element() as HTMLInputElement;
    expect(field.value).toMatch(/^http:\/\/host\.test\/s\/[A-Za-z0-9_-]{21,}$/);
    expect(field.selectionStart).toBe(0);
    expect(field.selectionEnd).toBe(field.value.length);
    expect(el.shadowRoot!.textContent).not.toContain('Link copied');
    expect(copied).toHaveLength(0);
    expect(errors.map((e) => e.detail.code)).toEqual(['CLIPBOARD_FAILED']);
  });

  it('B2/B3/B4: the chosen audience, scope and expiry reach the share', async () => {
    const { alice } = await openModal({ chats: { c2: chatWithBranches({ depth: 2, width: 2 }) } });
    clip = stubClipboard('resolve');
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Who can open it' }), 'anyone');
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'What to share' }), 'full-history');
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Expires' }), String(24 * 3_600_000));
    const before = Date.now();
    await userEvent.click(page.getByRole('button', { name: 'Copy link' }));
    await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    const share = (await alice.findShareForChat('c2'))!;
    expect(share.audience).toEqual({ type: 'anyone' });
    expect(share.scope).toBe('full-history');
    expect(share.messageCount).toBe(5);
    expect(share.expiresAt! - before).toBeGreaterThanOrEqual(24 * 3_600_000 - 1000);
  });

  it('B2: a "people" audience takes user ids', async () => {
    const { alice } = await openModal();
    clip = stubClipboard('resolve');
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Who can open it' }), 'people');
    await userEvent.fill(page.getByRole('textbox', { name: 'User ids (comma separated)' }), 'bob, carol');
    await userEvent.click(page.getByRole('button', { name: 'Copy link' }));
    await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    expect((await alice.findShareForChat('c1'))!.audience).toEqual({ type: 'people', userIds: ['bob', 'carol'], groupIds: [] });
  });

  it('the real Open WebUI export is accepted and shared as is', async () => {
    const { alice } = await openModal({ chats: { ow: tenMessages } });
    clip = stubClipboard('resolve');
    await userEvent.click(page.getByRole('button', { name: 'Copy link' }));
    await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    expect((await alice.findShareForChat('ow'))!.title).toBe('How Photosynthesis Works');
  });
});

describe('S9/S10 share modal, already shared', () => {
  async function openShared(community = false) {
    const env = makeService({ c1: linearChat(4, { title: 'Trip plan' }) });
    const share = await env.alice.createShare({ chatId: 'c1', audience: { type: 'owner' } });
    if (community) await env.admin.updateSettings({ communitySharing: true });
    const opener = document.createElement('button');
    opener.textContent = 'Share';
    document.body.append(opener);
    const el = document.createElement('share-chat-modal') as ShareChatModal;
    Object.assign(el, { api: env.alice, chatId: 'c1', linkBase: 'http://host.test/s/', communityUrl: 'https://hub.example/u' });
    await mount(el);
    el.show();
    await expect.element(page.getByRole('button', { name: 'Update and copy link' })).toBeVisible();
    return { ...env, el, share, url: `http://host.test/s/${share.id}` };
  }

  it('S9: shows "shared before", "Delete this link", "Update and copy link", the "Link" field and a QR code (B17)', async () => {
    const { url } = await openShared(true);
    const before = page.getByRole('link', { name: 'shared before' }).element() as HTMLAnchorElement;
    expect(before.href).toBe(url);
    expect(before.target).toBe('_blank');
    expect(before.rel).toBe('noopener noreferrer');
    await expect.element(page.getByRole('button', { name: 'Delete this link' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Share to community' })).toBeVisible();
    const field = page.getByRole('textbox', { name: 'Link' });
    await expect.element(field).toHaveValue(url);
    expect((field.element() as HTMLInputElement).readOnly).toBe(true);
    const qr = page.getByRole('img', { name: 'QR code for the link' }).element();
    expect(qr.tagName.toLowerCase()).toBe('svg');
    expect(qr.querySelector('path')!.getAttribute('d')!.length).toBeGreaterThan(100);
    // The existing share's options are shown, not the defaults.
    await expect.element(page.getByRole('combobox', { name: 'Who can open it' })).toHaveValue('owner');
  });

  it('S9/T10: "Update and copy link" re-snapshots under the same link, applies options and copies', async () => {
    const env = await openShared();
    clip = stubClipboard('resolve');
    const updated = record<{ share: { version: number; snapshotVersion: number } }>(env.el, 'chatshare-share-updated');
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Who can open it' }), 'instance');
    await userEvent.click(page.getByRole('button', { name: 'Update and copy link' }));
    await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    expect(clip.written).toEqual([env.url]);
    const after = (await env.alice.findShareForChat('c1'))!;
    expect(after.id).toBe(env.share.id);
    expect(after.snapshotVersion).toBe(2);
    expect(after.audience).toEqual({ type: 'instance' });
    expect(updated[0]!.detail.share.snapshotVersion).toBe(2);
  });

  it('S10: "Delete this link" revokes it at once and the modal returns to its first state', async () => {
    const env = await openShared();
    const deleted = record<{ shareId: string }>(env.el, 'chatshare-share-deleted');
    await userEvent.click(page.getByRole('button', { name: 'Delete this link' }));
    await expect.element(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
    expect(page.getByRole('textbox', { name: 'Link' }).elements()).toHaveLength(0);
    expect(deleted[0]!.detail).toEqual({ shareId: env.share.id });
    await expect(env.as({ id: 'bob' }).readShare(env.share.id)).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
    expect(await env.alice.findShareForChat('c1')).toBeNull();
  });
});

describe('R7 "Update and copy link" is one write', () => {
  /** An existing share of c1, opened in the modal with an API that records which methods it was called with. */
  async function openExisting(options: { audience: 'anyone' | 'owner'; publicLinks: boolean; failUpdate?: number }) {
    const env = makeService({ c1: linearChat(4, { title: 'Trip plan' }) }, { failUpdate: options.failUpdate ?? Infinity });
    const share = await env.alice.createShare({ chatId: 'c1', audience: { type: options.audience } });
    if (!options.publicLinks) await env.admin.updateSettings({ allowPublicLinks: false });
    const calls: Array<[string, unknown[]]> = [];
    const api = Object.fromEntries(
      Object.entries(env.alice).map(([name, fn]) => [name, (...args: unknown[]) => (calls.push([name, args]), (fn as (...a: unknown[]) => unknown)(...args))]),
    ) as unknown as typeof env.alice;
    const el = document.createElement('share-chat-modal') as ShareChatModal;
    Object.assign(el, { api, chatId: 'c1', linkBase: 'http://host.test/s/' });
    await mount(el);
    el.show();
    await expect.element(page.getByRole('button', { name: 'Update and copy link' })).toBeVisible();
    const writes = () => calls.filter(([name]) => name === 'updateShare' || name === 'setShareOptions');
    return { ...env, el, share, calls, writes, url: `http://host.test/s/${share.id}` };
  }

  it('R7: with public links off an existing "anyone" share shows as signed-in users, and "Update and copy link" succeeds in one updateShare', async () => {
    const env = await openExisting({ audience: 'anyone', publicLinks: false });
    const audience = page.getByRole('combobox', { name: 'Who can open it' });
    await expect.element(audience).toHaveValue('instance');
    const options = [...audience.element().querySelectorAll('option')];
    expect(options.map((o) => o.value)).toEqual(['owner', 'people', 'instance']);
    expect(options.find((o) => o.selected)!.textContent!.trim()).toBe('Signed-in users (public links are off)');
    clip = stubClipboard('resolve');
    const errors = record(env.el, 'chatshare-error');
    await userEvent.click(page.getByRole('button', { name: 'Update and copy link' }));
    await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    expect(errors).toHaveLength(0);
    expect(clip.written).toEqual([env.url]);
    // One call with the new snapshot; the owner's "anyone" stays stored (the admin's switch limits it), no second write.
    expect(env.writes()).toEqual([['updateShare', [env.share.id, {}]]]);
    const after = (await env.alice.findShareForChat('c1'))!;
    expect(after).toMatchObject({ id: env.share.id, audience: { type: 'anyone' }, snapshotVersion: 2, version: env.share.version + 1 });
    await expect.element(audience).toHaveValue('instance');
    expect([...audience.element().querySelectorAll('option')].find((o) => o.selected)!.textContent!.trim()).toBe('Signed-in users (public links are off)');
  });

  it('B2: choosing another audience for such a share does store it', async () => {
    const env = await openExisting({ audience: 'anyone', publicLinks: false });
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Who can open it' }), 'owner');
    clip = stubClipboard('resolve');
    await userEvent.click(page.getByRole('button', { name: 'Update and copy link' }));
    await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    expect(env.writes()).toEqual([['updateShare', [env.share.id, { audience: { type: 'owner' } }]]]);
    expect((await env.alice.findShareForChat('c1'))!.audience).toEqual({ type: 'owner' });
  });

  it('R7: a failed update shows the error, never "Link copied", copies nothing and leaves the share as it was', async () => {
    // The store's first update fails (core's fault injector): the modal's one write is refused, nothing changes.
    const env = await openExisting({ audience: 'anyone', publicLinks: false, failUpdate: 1 });
    clip = stubClipboard('resolve');
    const errors = record<{ action: string; code: string }>(env.el, 'chatshare-error');
    const copied = record(env.el, 'chatshare-link-copied');
    const updated = record(env.el, 'chatshare-share-updated');
    await userEvent.click(page.getByRole('button', { name: 'Update and copy link' }));
    const status = page.getByRole('status').filter({ hasText: 'Something went wrong' });
    await expect.element(status).toBeVisible();
    await new Promise((r) => setTimeout(r, 100));
    expect(env.el.shadowRoot!.querySelector('[part="status"]')!.textContent).toMatch(/^Something went wrong: /);
    expect(env.el.shadowRoot!.textContent).not.toContain('Link copied');
    expect(clip.written).toEqual([]);
    expect(copied).toHaveLength(0);
    expect(updated).toHaveLength(0);
    expect(errors.map((e) => [e.detail.action, e.detail.code])).toEqual([['updateShare', 'STORAGE_ERROR']]);
    expect(env.writes().map(([name]) => name)).toEqual(['updateShare']);
    expect(env.updateCalls()).toBe(1);
    const after = (await env.alice.findShareForChat('c1'))!;
    expect(after).toMatchObject({ audience: { type: 'anyone' }, snapshotVersion: 1, version: env.share.version });
  });

  it('R7: only what changed is sent: a scope change alone does not resend the unchanged audience or expiry', async () => {
    const env = await openExisting({ audience: 'owner', publicLinks: true });
    clip = stubClipboard('resolve');
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'What to share' }), 'full-history');
    await userEvent.click(page.getByRole('button', { name: 'Update and copy link' }));
    await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    expect(env.writes()).toEqual([['updateShare', [env.share.id, { scope: 'full-history' }]]]);
    expect(await env.alice.findShareForChat('c1')).toMatchObject({ audience: { type: 'owner' }, scope: 'full-history', snapshotVersion: 2 });
  });
});

describe('B11 share modal is a real dialog', () => {
  it('B11: focus moves in, Esc closes and focus returns to the opener', async () => {
    const { el, opener } = await openModal();
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).toBe(true);
    expect(el.shadowRoot!.activeElement).not.toBeNull();
    expect(dialog.contains(el.shadowRoot!.activeElement)).toBe(true);
    await userEvent.keyboard('{Escape}');
    await until(() => !el.open, 'close');
    expect(dialog.open).toBe(false);
    expect(el.hasAttribute('open')).toBe(false);
    expect(document.activeElement).toBe(opener);
  });

  it('B11: the "Close" button closes it and focus returns', async () => {
    const { el, opener } = await openModal();
    await userEvent.click(page.getByRole('button', { name: 'Close' }));
    await until(() => !el.open, 'close');
    expect(document.activeElement).toBe(opener);
  });

  it('B11: every control is reachable with Tab, and Enter on "Copy link" works', async () => {
    const { el } = await openModal({ community: true });
    clip = stubClipboard('resolve');
    const names: string[] = [];
    for (let i = 0; i < 10; i++) {
      const active = el.shadowRoot!.activeElement as HTMLElement | null;
      names.push(active instanceof HTMLSelectElement ? active.id : (active?.textContent?.trim() ?? ''));
      if (active?.textContent?.trim() === 'Copy link') break;
      await userEvent.keyboard('{Tab}');
    }
    expect(names).toContain('audience');
    expect(names).toContain('scope');
    expect(names).toContain('expiry');
    expect(names).toContain('level');
    expect(names.at(-1)).toBe('Copy link');
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  });

  it('B11: no axe violations in the first state and the shared state', async () => {
    const { el } = await openModal({ community: true });
    await expectNoAxeViolations(el);
    clip = stubClipboard('resolve');
    await userEvent.click(page.getByRole('button', { name: 'Copy link' }));
    await expect.element(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    await expectNoAxeViolations(el);
  });

  it('B10: Spanish catalogue', async () => {
    await openModal({ lang: 'es', community: true });
    await expect.element(page.getByText('Los mensajes que envíes después de crear el enlace no se compartirán.')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Copiar enlace' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Compartir con la comunidad' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Cerrar' })).toBeVisible();
  });
});

describe('errors are typed and visible', () => {
  it('a chat the actor does not own: chatshare-error with CHAT_NOT_FOUND, a visible message, no link', async () => {
    const { el } = await openModal({ chats: { theirs: { ownerId: 'bob', chat: linearChat(2) } } });
    const errors = record<{ code: string; action: string }>(el, 'chatshare-error');
    await userEvent.click(page.getByRole('button', { name: 'Copy link' }));
    await expect.element(page.getByText('Something went wrong', { exact: false })).toBeVisible();
    expect(errors.map((e) => [e.detail.action, e.detail.code])).toEqual([['createShare', 'CHAT_NOT_FOUND']]);
    expect(el.shadowRoot!.textContent).not.toContain('Link copied');
  });
});
