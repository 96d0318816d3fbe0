import type { StorybookConfig } from '@storybook/html-vite';
import { mergeConfig } from 'vite';
// @ts-expect-error plain ESM helper without types
import { sourceAliases } from '../scripts/workspace.mjs';

const config: StorybookConfig = {
  framework: { name: '@storybook/html-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  core: { disableTelemetry: true },
  // Stories import the packages by name; resolve them to the sources, as vitest does.
  viteFinal: async (viteConfig) =>
    mergeConfig(viteConfig, {
      resolve: {
        alias: sourceAliases() as Record<string, string>,
      },
    }),
};

export default config;
