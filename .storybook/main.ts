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
  // Files the projector stories fetch by URL, in dev, in the stories tests and in a static build (`storybook build`):
  // TensorBoard's projector files (a config whose paths are relative to it, so they must stay side by side), and the
  // Fashion-MNIST cache of scripts/fashion-mnist.mjs when it exists.
  staticDirs: [
    { from: '../packages/views/test/fixtures/projector', to: '/projector-fixture' },
    ...(existsSync(new URL('../node_modules/.cache/tensorlens', import.meta.url))
      ? [{ from: '../node_modules/.cache/tensorlens', to: '/node_modules/.cache/tensorlens' }]
      : []),
  ],
  // Stories import the packages by name; resolve them to the sources, as vitest does.
  viteFinal: async (viteConfig) =>
    mergeConfig(viteConfig, {
      resolve: {
        alias: sourceAliases() as Record<string, string>,
      },
    }),
};

export default config;
