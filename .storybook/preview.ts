import type { Decorator, Preview } from '@storybook/html-vite';
import { injectTheme } from '@tensorlens/core';

type ThemeName = 'light' | 'dark';

const PAGE: Record<ThemeName, { bg: string; fg: string }> = {
  light: { bg: '#ffffff', fg: '#1f2328' },
  dark: { bg: '#0d1117', fg: '#e6edf3' },
};

/**
 * Applies the toolbar's theme: core's theme stylesheet (once), `data-tl-theme` on the root
 * element (which every tensorlens component follows), and a matching page background.
 * A story can force a theme with `parameters.tlTheme`.
 */
const withTheme: Decorator = (storyFn, context) => {
  const doc = context.canvasElement?.ownerDocument ?? document;
  injectTheme(doc);
  const theme: ThemeName = (context.parameters.tlTheme as ThemeName | undefined) ?? (context.globals.theme === 'dark' ? 'dark' : 'light');
  doc.documentElement.setAttribute('data-tl-theme', theme);
  doc.body.style.background = PAGE[theme].bg;
  doc.body.style.color = PAGE[theme].fg;
  return storyFn();
};

const preview: Preview = {
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'tensorlens theme (sets data-tl-theme on the page)',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'none' },
    docs: { codePanel: true },
  },
  tags: ['autodocs'],
};

export default preview;
