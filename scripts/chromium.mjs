// Finds the Chromium used by tests, Storybook tests and benchmarks.
// Order: $CHROMIUM_PATH, /usr/bin/chromium (Debian), other common paths, then Playwright's own.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function findChromium() {
  const env = process.env.CHROMIUM_PATH;
  if (env) {
    if (!existsSync(env)) throw new Error(`CHROMIUM_PATH is set to ${env}, but no file is there.`);
    return env;
  }
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']) {
    if (existsSync(p)) return p;
  }
  try {
    const require = createRequire(import.meta.url);
    const pw = require('playwright-core');
    const p = pw.chromium.executablePath();
    if (p && existsSync(p)) return p;
  } catch {
    /* fall through */
  }
  throw new Error(
    'No Chromium found. Set CHROMIUM_PATH to a Chromium/Chrome binary, install Debian\'s package ' +
      '(apt-get install -y chromium, which gives /usr/bin/chromium), or run `npx playwright install chromium`.',
  );
}
