import type { StorybookConfig } from '@storybook/html-vite';
import { mergeConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const config: StorybookConfig = {
  framework: { name: '@storybook/html-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  core: { disableTelemetry: true },
  // Stories import the packages by name; resolve them to the sources, as vitest does.
  viteFinal: async (viteConfig) =>
    mergeConfig(viteConfig, {
      resolve: {
        alias: {
          '@tensorlens/core': r('../packages/core/src/index.ts'),
          '@tensorlens/charts': r('../packages/charts/src/index.ts'),
          '@tensorlens/elements': r('../packages/elements/src/index.ts'),
        },
      },
    }),
};

export default config;
