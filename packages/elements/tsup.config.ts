import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'share-chat-modal/share-chat-modal': 'src/share-chat-modal/share-chat-modal.ts',
    'shared-chat-viewer/shared-chat-viewer': 'src/shared-chat-viewer/shared-chat-viewer.ts',
    'shared-links-manager/shared-links-manager': 'src/shared-links-manager/shared-links-manager.ts',
    'community/index': 'src/community/index.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  splitting: true,
  // Every dependency stays external: hosts dedupe lit, and bundle budgets are measured with deps resolved by the bundler.
  external: [/^lit/, /^@lit/, /^@lit-labs\//, 'marked', 'dompurify', 'uqr', /^@chatshare\/core/],
});
