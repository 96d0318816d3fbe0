// Turns `new URL('./x.worker.ts', import.meta.url)` into a blob: URL of the worker bundled with
// esbuild, so the published ESM, the script-tag bundle and the benchmark pages carry their
// workers inside and need no bundler configuration from users (CSP: `worker-src blob:`).
// Vite (tests, Storybook) handles the original `new Worker(new URL(...), { type: 'module' })`.
import { buildSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sourceAliases } from './workspace.mjs';

const PATTERN = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.worker\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;
const cache = new Map();

/** Rewrites the worker URLs in `code` (from file `id`); returns null when there are none. */
export function inlineWorkerUrls(code, id, onWorkerFile = () => {}) {
  if (!code.includes('.worker.ts')) return null;
  let n = 0;
  const decls = [];
  const out = code.replace(PATTERN, (_m, _q, rel) => {
    const file = resolve(dirname(id), rel);
    onWorkerFile(file);
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
  return n ? decls.join('') + '\n' + out : null;
}

/** Rollup plugin. */
export function inlineWorkers() {
  return {
    name: 'tensorlens-inline-workers',
    transform(code, id) {
      const out = inlineWorkerUrls(code, id, (f) => this.addWatchFile(f));
      return out === null ? null : { code: out, map: null };
    },
  };
}

/** esbuild plugin (the benchmark pages). */
export function inlineWorkersEsbuild() {
  return {
    name: 'tensorlens-inline-workers',
    setup(build) {
      build.onLoad({ filter: /packages\/.*\.ts$/ }, (args) => {
        const code = readFileSync(args.path, 'utf8');
        const out = inlineWorkerUrls(code, args.path);
        return out === null ? undefined : { contents: out, loader: 'ts' };
      });
    },
  };
}
