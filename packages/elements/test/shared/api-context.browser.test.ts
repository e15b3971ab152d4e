import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../../src/share-chat-modal/share-chat-modal.js';
import '../../src/shared-chat-viewer/shared-chat-viewer.js';
import '../../src/shared-links-manager/shared-links-manager.js';
import type { ShareChatModal } from '../../src/share-chat-modal/share-chat-modal.component.js';
import type { SharedChatViewer } from '../../src/shared-chat-viewer/shared-chat-viewer.component.js';
import type { SharedLinksManager } from '../../src/shared-links-manager/shared-links-manager.component.js';
import { provideShareApi } from '../../src/shared/api-context.js';
import { linearChat, makeService, mount, record, until } from '../helpers.js';

afterEach(() => document.body.replaceChildren());

const rows = (el: SharedLinksManager) => [...el.shadowRoot!.querySelectorAll('tbody tr[part="row"]')].map((r) => r.querySelector('td')!.textContent!.trim());

/** A host element that provides `api` to what it holds, as an app shell would. */
function shell(api: Parameters<typeof provideShareApi>[1]) {
  const root = document.createElement('div');
  document.body.append(root);
  return { root, provider: provideShareApi(root, api) };
}

describe('the share service, provided once', () => {
  it('the three elements use the service an ancestor provides when their own `api` is unset', async () => {
    const env = makeService({ c1: linearChat(2, { title: 'Trip plan' }) });
    const share = await env.alice.createShare({ chatId: 'c1', audience: { type: 'instance' } });
    const { root } = shell(env.alice);

    const manager = document.createElement('shared-links-manager') as SharedLinksManager;
    root.append(manager);
    await until(() => rows(manager).length === 1, 'the manager lists alice\'s link');
    expect(rows(manager)).toEqual(['Trip plan']);

    const viewer = document.createElement('shared-chat-viewer') as SharedChatViewer;
    viewer.shareId = share.id;
    root.append(viewer);
    await expect.element(page.getByRole('heading', { name: 'Trip plan' })).toBeVisible();

    const modal = document.createElement('share-chat-modal') as ShareChatModal;
    Object.assign(modal, { chatId: 'c1', linkBase: 'http://host.test/s/' });
    root.append(modal);
    modal.show();
    await expect.element(page.getByRole('button', { name: 'Update and copy link' })).toBeVisible();
  });

  it('an element\'s own `api` wins over the provided one', async () => {
    const env = makeService({ a: linearChat(2, { title: 'Alice chat' }), b: { ownerId: 'bob', chat: linearChat(2, { title: 'Bob chat' }) } });
    await env.alice.createShare({ chatId: 'a' });
    await env.bob.createShare({ chatId: 'b' });
    const { root } = shell(env.alice);
    const manager = document.createElement('shared-links-manager') as SharedLinksManager;
    manager.api = env.bob;
    root.append(manager);
    await until(() => rows(manager).length === 1, 'rows');
    expect(rows(manager)).toEqual(['Bob chat']);
  });

  it('a new provided service (the user signed in as someone else) reloads the elements with it', async () => {
    const env = makeService({ a: linearChat(2, { title: 'Alice chat' }), b: { ownerId: 'bob', chat: linearChat(2, { title: 'Bob chat' }) } });
    await env.alice.createShare({ chatId: 'a' });
    await env.bob.createShare({ chatId: 'b' });
    const { root, provider } = shell(env.alice);
    const manager = await mount(document.createElement('shared-links-manager') as SharedLinksManager);
    root.append(manager);
    await until(() => rows(manager).length === 1 && rows(manager)[0] === 'Alice chat', 'alice\'s rows');
    provider.setValue(env.bob);
    await until(() => rows(manager)[0] === 'Bob chat', 'bob\'s rows');
    expect(rows(manager)).toEqual(['Bob chat']);
  });

  it('without a provider and without `api`, a call fails visibly with a chatshare-error instead of waiting forever', async () => {
    const modal = document.createElement('share-chat-modal') as ShareChatModal;
    const errors = record<{ action: string; code: string }>(modal, 'chatshare-error');
    Object.assign(modal, { chatId: 'c1' });
    await mount(modal);
    modal.show();
    await expect.element(page.getByRole('status').filter({ hasText: 'Something went wrong' })).toBeVisible();
    expect(errors.map((e) => [e.detail.action, e.detail.code])).toEqual([['load', 'UNEXPECTED']]);
  });
});
