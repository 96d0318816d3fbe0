import type { StorybookConfig } from '@storybook/html-vite';
import { mergeConfig } from 'vite';
import { existsSync } from 'node:fs';
// @ts-expect-error plain ESM helper without types
import { sourceAliases } from '../scripts/workspace.mjs';

const config: StorybookConfig = {
  framework: { name: '@storybook/html-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  core: { disableTelemetry: true },
  // The Fashion-MNIST cache (scripts/fashion-mnist.mjs) that the 60k projector stories fetch: the dev server serves it
  // from the repository root already; a static build (`storybook build`) copies it when it exists.
  staticDirs: existsSync(new URL('../node_modules/.cache/tensorlens', import.meta.url))
    ? [{ from: '../node_modules/.cache/tensorlens', to: '/node_modules/.cache/tensorlens' }]
    : [],
  // Stories import the packages by name; resolve them to the sources, as vitest does.
  viteFinal: async (viteConfig) =>
    mergeConfig(viteConfig, {
      resolve: {
        alias: sourceAliases() as Record<string, string>,
      },
    }),
};

export default config;
