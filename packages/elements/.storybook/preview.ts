import type { Preview } from '@storybook/web-components-vite';
import './theme.css';

const preview: Preview = {
  parameters: { layout: 'padded' },
  globalTypes: {
    theme: { description: 'Light or dark example theme', toolbar: { title: 'Theme', items: ['light', 'dark'] } },
  },
  initialGlobals: { theme: 'light' },
  decorators: [
    (story, context) => {
      const theme = (context.parameters.theme as string | undefined) ?? (context.globals.theme as string);
      document.documentElement.dataset.theme = theme;
      return story();
    },
  ],
};
export default preview;
