import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/shared-links-manager/shared-links-manager.js';
import type { SharedLinksManager } from '../src/shared-links-manager/shared-links-manager.component.js';
import { demoService } from './demo-service.js';

type Loaded = { el: SharedLinksManager };

async function manager(options: { empty?: boolean; lang?: 'en' | 'es' } = {}): Promise<Loaded> {
  const env = await demoService();
  if (!options.empty) {
    await env.alice.createShare({ chatId: 'photosynthesis', audience: { type: 'anyone' }, expiresIn: 7 * 24 * 3_600_000 });
    await env.alice.createShare({ chatId: 'branches', scope: 'full-history', audience: { type: 'owner' } });
    await env.alice.createShare({ chatId: 'recipes' });
  }
  const el = document.createElement('shared-links-manager');
  Object.assign(el, { api: env.alice, linkBase: 'https://chat.example/s/', pageSize: 2, lang: options.lang ?? 'en' });
  return { el };
}

async function click(el: SharedLinksManager, selector: string) {
  for (let i = 0; i < 100 && !el.shadowRoot?.querySelector(selector); i++) await new Promise((r) => setTimeout(r, 20));
  el.shadowRoot!.querySelector<HTMLButtonElement>(selector)!.click();
}

const meta: Meta = {
  title: 'Elements/shared-links-manager',
  render: (_args, { loaded }) => (loaded as Loaded).el,
};
export default meta;
type Story = StoryObj;

/** My links, first page of 2 with "Load more". */
export const Default: Story = { loaders: [() => manager()] };
/** No links yet. */
export const Empty: Story = { loaders: [() => manager({ empty: true })] };
/** "Delete" asks first. */
export const ConfirmDelete: Story = {
  loaders: [() => manager()],
  play: async ({ loaded }) => click((loaded as Loaded).el, 'tbody button.danger'),
};
/** "Delete all" asks first. */
export const ConfirmDeleteAll: Story = {
  loaders: [() => manager()],
  play: async ({ loaded }) => click((loaded as Loaded).el, '[part="delete-all-button"]'),
};
/**
 * Password, views, versions and QR code: a password-protected link opened twice by bob, updated once (two versions, expanded with
 * "Roll back"), with its QR code and the PNG/SVG downloads shown.
 */
export const PasswordViewsVersionsQr: Story = {
  loaders: [
    async () => {
      const env = await demoService();
      const share = await env.alice.createShare({ chatId: 'recipes', audience: { type: 'anyone' }, password: 'open sesame' });
      env.chats.recipes = { ...(env.chats.recipes as object), title: 'Weeknight recipes (revised)' };
      await env.alice.updateShare(share.id);
      const { token } = await env.bob.unlockShare(share.id, 'open sesame');
      await env.bob.readShare(share.id, { unlockToken: token });
      await env.bob.readShare(share.id, { unlockToken: token });
      const el = document.createElement('shared-links-manager');
      Object.assign(el, { api: env.alice, linkBase: 'https://chat.example/s/' });
      return { el };
    },
  ],
  play: async ({ loaded }) => {
    const { el } = loaded as Loaded;
    await click(el, 'tbody button.versions-toggle');
    await click(el, 'tbody button[aria-expanded="false"]');
  },
};
/** A host with view counting off (`hide-views`). */
export const HideViews: Story = {
  loaders: [
    async () => {
      const loaded = await manager();
      loaded.el.hideViews = true;
      return loaded;
    },
  ],
};
/** Spanish catalogue. */
export const Spanish: Story = { loaders: [() => manager({ lang: 'es' })] };
/** Dark example theme. */
export const Dark: Story = { loaders: [() => manager()], parameters: { theme: 'dark' } };
