import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/shared-chat-viewer/shared-chat-viewer.js';
import type { SharedChatViewer } from '../src/shared-chat-viewer/shared-chat-viewer.component.js';
import { createShareService, MemoryShareStore } from '@chatshare/core';
import { xssChat } from '../test/fixtures/xss-payloads.js';
import { demoService } from './demo-service.js';

type Loaded = { el: SharedChatViewer };

async function viewer(chatId: string, options: { scope?: 'branch' | 'full-history'; audience?: 'instance' | 'anyone'; as?: 'bob' | 'anonymous'; revoke?: boolean; update?: boolean; tts?: boolean; lang?: 'en' | 'es' } = {}): Promise<Loaded> {
  const env = await demoService({ tts: options.tts ?? false });
  const share = await env.alice.createShare({ chatId, scope: options.scope ?? 'branch', audience: { type: options.audience ?? 'instance' } });
  if (options.update) await env.alice.updateShare(share.id);
  if (options.revoke) await env.alice.revokeShare(share.id);
  const el = document.createElement('shared-chat-viewer');
  el.addEventListener('login-required', (e) => e.preventDefault()); // stay on the story instead of navigating
  Object.assign(el, { api: options.as === 'anonymous' ? env.anonymous : env.bob, shareId: share.id, loginUrl: '/login', lang: options.lang ?? 'en' });
  return { el };
}

const meta: Meta = {
  title: 'Elements/shared-chat-viewer',
  render: (_args, { loaded }) => (loaded as Loaded).el,
};
export default meta;
type Story = StoryObj;

/** A real Open WebUI export, read by a signed-in viewer: clone, downloads, updated date. */
export const OpenWebUIExport: Story = { loaders: [() => viewer('photosynthesis', { update: true })] };
/** Full history: "Previous version" / "Next version" with "3 / 3" at every branch point. */
export const WithBranches: Story = { loaders: [() => viewer('branches', { scope: 'full-history' })] };
/** 10,000 messages in a virtualised list. */
export const LongChat: Story = { loaders: [() => viewer('long')] };
/** Text-to-speech on: "Read aloud" per message. */
export const ReadAloud: Story = { loaders: [() => viewer('recipes', { tts: true })] };
/** Not signed in, instance audience: login-required (cancelled here) and a notice. */
export const LoginRequired: Story = { loaders: [() => viewer('recipes', { as: 'anonymous' })] };
/** Revoked link. */
export const Revoked: Story = { loaders: [() => viewer('recipes', { revoke: true })] };
/** Script, event-handler, URL and mutation-XSS payloads, rendered inert. */
export const XssPayloadsInert: Story = {
  loaders: [
    async (): Promise<Loaded> => {
      const service = createShareService({ store: new MemoryShareStore(), chats: { getChat: async () => ({ ownerId: 'alice', chat: xssChat('https://images.example/pixel.png') }) } });
      const share = await service.forActor({ id: 'alice' }).createShare({ chatId: 'x', audience: { type: 'anyone' } });
      const el = document.createElement('shared-chat-viewer');
      Object.assign(el, { api: service.forActor(null), shareId: share.id });
      return { el };
    },
  ],
};
/** Spanish catalogue and dates. */
export const Spanish: Story = { loaders: [() => viewer('branches', { scope: 'full-history', lang: 'es' })] };
/** Dark example theme. */
export const Dark: Story = { loaders: [() => viewer('photosynthesis')], parameters: { theme: 'dark' } };

/** A password-protected link: "Password" and "Unlock" (the password is "open sesame"). */
export const PasswordRequired: Story = {
  loaders: [
    async () => {
      const env = await demoService();
      sessionStorage.clear(); // a token from an earlier visit would skip the form
      const share = await env.alice.createShare({ chatId: 'recipes', audience: { type: 'anyone' }, password: 'open sesame' });
      const el = document.createElement('shared-chat-viewer');
      Object.assign(el, { api: env.bob, shareId: share.id });
      return { el };
    },
  ],
};
/** The owner shared the chat's system prompt: a collapsed "System prompt" section above the messages. */
export const SystemPrompt: Story = {
  loaders: [
    async () => {
      const env = await demoService();
      env.chats.prompted = { ...(env.chats.recipes as object), title: 'With a system prompt', params: { system: 'You are a **friendly** cook. Keep answers short.' } };
      const share = await env.alice.createShare({ chatId: 'prompted', audience: { type: 'anyone' }, leaveOut: { systemPrompt: false } });
      const el = document.createElement('shared-chat-viewer');
      Object.assign(el, { api: env.bob, shareId: share.id });
      return { el };
    },
  ],
};
