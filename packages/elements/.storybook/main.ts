import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    // Stories run from source, like the tests (`dev-source` export condition).
    config.resolve ??= {};
    config.resolve.conditions = ['dev-source', 'module', 'browser', 'development|production'];
    return config;
  },
};
export default config;
