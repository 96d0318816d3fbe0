// Turns `new URL('./x.worker.ts', import.meta.url)` into a blob: URL of the worker bundled with
// esbuild, so the published ESM, the script-tag bundle and the benchmark pages carry their
// workers inside and need no bundler configuration from users (CSP: `worker-src blob:`).
// Vite (tests, Storybook) handles the original `new Worker(new URL(...), { type: 'module' })`.
import { buildSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sourceAliases } from './workspace.mjs';
import { packageDirOf } from './rollup-licenses.mjs';

const PATTERN = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.worker\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;
const cache = new Map();

/**
 * Rewrites the worker URLs in `code` (from file `id`); returns null when there are none. `onPackages` gets the
 * node_modules package folders whose code each worker includes (for the licence notices).
 * The worker text is ASCII (esbuild's default charset escapes the rest), so the string literal is too.
 */
export function inlineWorkerUrls(code, id, onWorkerFile = () => {}, onPackages = () => {}) {
  if (!code.includes('.worker.ts')) return null;
  let n = 0;
  const decls = [];
  const out = code.replace(PATTERN, (_m, _q, rel) => {
    const file = resolve(dirname(id), rel);
    onWorkerFile(file);
    let worker = cache.get(file);
    if (worker === undefined) {
      const r = buildSync({ entryPoints: [file], bundle: true, write: false, format: 'iife', minify: true, target: 'es2020', alias: sourceAliases(), logLevel: 'warning', metafile: true });
      const inputs = Object.values(r.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([f]) => f));
      const packages = [...new Set(inputs.map((f) => packageDirOf(resolve(f))).filter(Boolean))];
      worker = { text: r.outputFiles[0].text, packages };
      cache.set(file, worker);
    }
    onPackages(worker.packages);
    const v = `__tlWorker${n++}`;
    decls.push(`let ${v};`);
    return `(${v} ||= URL.createObjectURL(new Blob([${JSON.stringify(worker.text)}], { type: 'text/javascript' })))`;
  });
  // The declarations go on the first line, so every line keeps its number (the chunk's source map stays right).
  return n ? decls.join('') + out : null;
}

/** Rollup plugin. */
export function inlineWorkers() {
  return {
    name: 'tensorlens-inline-workers',
    transform(code, id) {
      const packages = new Set();
      const out = inlineWorkerUrls(code, id, (f) => this.addWatchFile(f), (dirs) => dirs.forEach((d) => packages.add(d)));
      return out === null ? null : { code: out, map: null, meta: { tensorlensWorkerPackages: [...packages] } };
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
