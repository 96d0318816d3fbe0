import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ESM helper without types
import { findChromium, CHROMIUM_ARGS } from './scripts/chromium.mjs';
// @ts-expect-error plain ESM helper without types
import { sourceAliases } from './scripts/workspace.mjs';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// @tensorlens/<name> → packages/<name>/src/index.ts, for every package.
const alias: Record<string, string> = sourceAliases();

// Pre-bundle the dependencies that are first imported inside workers or lazily, so Vite does not
// discover them mid-run and reload the page under a running test.
const optimizeDeps = { include: ['regl', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', 'apache-arrow'] };

const needsBrowser = !process.argv.includes('unit');
const browser = (name: string) => ({
  enabled: true,
  headless: true,
  provider: playwright({
    launchOptions: needsBrowser ? { executablePath: findChromium(), args: CHROMIUM_ARGS } : {},
  }),
  instances: [{ browser: 'chromium' as const, name }],
  viewport: { width: 1000, height: 800 },
  screenshotFailures: false,
});

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          environment: 'jsdom',
          globals: true,
          include: ['packages/*/test/**/*.test.ts', 'test/unit/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          // The unit project runs beside two browser projects on a 2-core CI machine: a test that takes 2 s alone
          // can take three times that there. Speed is measured by `npm run bench`, not by test timeouts.
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        optimizeDeps,
        test: {
          name: 'browser',
          globals: true,
          include: ['packages/*/test/**/*.browser.test.ts', 'test/e2e/**/*.browser.test.ts', 'test/contract/**/*.browser.test.ts', 'test/docs/**/*.browser.test.ts'],
          // Extracts the code blocks of README.md and docs/*.md into test/docs/.tmp/ for test/docs/doc-examples.browser.test.ts.
          globalSetup: [r('./scripts/doc-examples.mjs'), r('./scripts/fashion-mnist.mjs')], // + the Fashion-MNIST cache (node_modules/.cache/tensorlens)
          browser: browser('chromium'),
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        optimizeDeps,
        plugins: [storybookTest({ configDir: r('./.storybook') })],
        test: {
          name: 'stories',
          browser: browser('chromium-stories'),
          setupFiles: [r('./.storybook/vitest.setup.ts')],
          globalSetup: [r('./scripts/fashion-mnist.mjs')], // the Fashion-MNIST cache the 60k stories fetch
          testTimeout: 60_000,
        },
      },
    ],
  },
});
