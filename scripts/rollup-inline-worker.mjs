// Rollup plugin: turns `new URL('./x.worker.ts', import.meta.url)` into a blob: URL of the worker
// bundled with esbuild, so the published ESM and the script-tag bundle carry their workers inside
// and need no bundler configuration from users (CSP: `worker-src blob:`). Vite (tests, Storybook)
// handles the original `new Worker(new URL(...), { type: 'module' })` pattern natively.
import { buildSync } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { sourceAliases } from './workspace.mjs';

const PATTERN = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.worker\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;

export function inlineWorkers() {
  const cache = new Map();
  return {
    name: 'tensorlens-inline-workers',
    transform(code, id) {
      if (!code.includes('.worker.ts')) return null;
      let n = 0;
      const decls = [];
      const out = code.replace(PATTERN, (_m, _q, rel) => {
        const file = resolve(dirname(id), rel);
        this.addWatchFile(file);
        let text = cache.get(file);
        if (text === undefined) {
          const r = buildSync({ entryPoints: [file], bundle: true, write: false, format: 'iife', minify: true, target: 'es2020', alias: sourceAliases(), logLevel: 'warning' });
          text = r.outputFiles[0].text;
          cache.set(file, text);
        }
        const v = `__tlWorker${n++}`;
        decls.push(`let ${v};`);
        return `(${v} ||= URL.createObjectURL(new Blob([${JSON.stringify(text)}], { type: 'text/javascript' })))`;
      });
      return n ? { code: decls.join('') + '\n' + out, map: null } : null;
    },
  };
}
