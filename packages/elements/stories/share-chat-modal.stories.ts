import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/share-chat-modal/share-chat-modal.js';
import type { ShareChatModal } from '../src/share-chat-modal/share-chat-modal.component.js';
import { demoService } from './demo-service.js';

type Loaded = { loaded: { el: ShareChatModal } };

async function modal(options: { community?: boolean; shared?: boolean; lang?: 'en' | 'es'; password?: string; views?: number } = {}) {
  const env = await demoService({ community: options.community ?? false });
  if (options.shared) {
    const share = await env.alice.createShare({
      chatId: 'photosynthesis',
      audience: { type: 'anyone' },
      expiresIn: 7 * 24 * 3_600_000,
      ...(options.password ? { password: options.password } : {}),
    });
    // Views: other people opening the link are what the count shows (the owner's own reads are not counted).
    const unlockToken = options.password ? (await env.bob.unlockShare(share.id, options.password)).token : null;
    for (let i = 0; i < (options.views ?? 0); i++) await env.bob.readShare(share.id, { unlockToken });
  }
  const el = document.createElement('share-chat-modal');
  Object.assign(el, { api: env.alice, chatId: 'photosynthesis', linkBase: 'https://chat.example/s/', communityUrl: 'https://hub.example/upload', lang: options.lang ?? 'en' });
  el.open = true;
  return { el };
}

/** Replaces the clipboard for a story (a demo of the platform answering yes or no). */
function clipboardAnswers(ok: boolean) {
  navigator.clipboard.writeText = ok ? async () => {} : async () => Promise.reject(new DOMException('Denied', 'NotAllowedError'));
}

/** Opens "Review before publishing" once the dialog has loaded. */
async function openReview(el: ShareChatModal) {
  for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="review"]'); i++) await new Promise((r) => setTimeout(r, 20));
  el.shadowRoot!.querySelector<HTMLElement>('[part~="review"] summary')!.click();
}

async function clickPrimary(el: ShareChatModal) {
  for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="primary-button"]'); i++) await new Promise((r) => setTimeout(r, 20));
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="primary-button"]')!.click();
}

const meta: Meta = {
  title: 'Elements/share-chat-modal',
  render: (_args, { loaded }) => (loaded as Loaded['loaded']).el,
};
export default meta;
type Story = StoryObj;

/** First state; community sharing is off for the instance, so there is no "Share to community". */
export const FirstStateCommunityDisabled: Story = { loaders: [() => modal()] };
/** First state with "Share to community" (community sharing on). */
export const FirstStateWithCommunity: Story = { loaders: [() => modal({ community: true })] };
/** Already shared: "shared before", the Link field, QR code, "Update and copy link", "Delete this link". */
export const AlreadyShared: Story = { loaders: [() => modal({ shared: true, community: true })] };
/** After "Copy link" succeeded: status "Link copied". */
export const LinkCopied: Story = {
  loaders: [() => modal()],
  play: async ({ loaded }) => {
    clipboardAnswers(true);
    await clickPrimary((loaded as Loaded['loaded']).el);
  },
};
/** The clipboard refused: the link is selected in its field with a message; never "Link copied". */
export const CopyFailed: Story = {
  loaders: [() => modal()],
  play: async ({ loaded }) => {
    clipboardAnswers(false);
    await clickPrimary((loaded as Loaded['loaded']).el);
  },
};
/** Spanish catalogue. */
export const Spanish: Story = { loaders: [() => modal({ lang: 'es', community: true })] };
/** Dark example theme: only `--chatshare-*` custom properties change. */
export const Dark: Story = { loaders: [() => modal({ shared: true })], parameters: { theme: 'dark' } };
/** "Review before publishing" open: the count, the content switches and an "Include" box per message. */
export const ReviewBeforePublishing: Story = {
  loaders: [() => modal()],
  play: async ({ loaded }) => openReview((loaded as Loaded['loaded']).el),
};
/** "Review before publishing" on an existing link: the review starts from the choices stored on it. */
export const ReviewExistingLink: Story = {
  loaders: [() => modal({ shared: true })],
  play: async ({ loaded }) => openReview((loaded as Loaded['loaded']).el),
};
/** Password and views: a password-protected link opened three times: "Protected by a password", "Remove password", the count. */
export const PasswordAndViews: Story = { loaders: [() => modal({ shared: true, password: 'demo password', views: 3 })] };
