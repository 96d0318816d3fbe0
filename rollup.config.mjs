// Builds every package: ESM + bundled .d.ts, and the script-tag IIFE of @tensorlens/elements.
// Packages and their entries come from packages/*/package.json ("exports"): scripts/workspace.mjs.
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import commonjs from '@rollup/plugin-commonjs';
import { workspacePackages, sourceAliases } from './scripts/workspace.mjs';
import { inlineWorkers } from './scripts/rollup-inline-worker.mjs';
import { readdirSync } from 'node:fs';

const packages = workspacePackages();
const externalFor = (pkg) => {
  const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
  return (id) => deps.some((d) => id === d || id.startsWith(d + '/'));
};
// The IIFE bundles sibling packages from their sources.
const aliases = sourceAliases();
const workspaceSources = { name: 'workspace-sources', resolveId: (id) => aliases[id] ?? null };

const configs = [];
for (const { dir, pkg, entries } of packages) {
  configs.push({
    input: entries,
    external: externalFor(pkg),
    plugins: [inlineWorkers(), esbuild({ target: 'es2020', tsconfig: 'tsconfig.json' })],
    output: { dir: `packages/${dir}/dist`, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: true },
  });
  configs.push({
    input: entries,
    external: externalFor(pkg),
    plugins: [dts({ tsconfig: 'tsconfig.json', compilerOptions: { paths: {}, baseUrl: '.' } })],
    output: { dir: `packages/${dir}/dist`, format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: '[name]-[hash].d.ts' },
  });
}

// One minified file that defines every custom element, for <script src="tensorlens.min.js">, and one file per
// component (tensorlens-<component>.min.js) for a page that embeds just that one. Each merges its API into
// the global `tensorlens` (output.extend), so several of them can share a page.
// Sources of our packages are side-effect free (as their package.json says) except the element
// definitions; without this, modules reached through the source aliases would keep their imports
// (umap-js through @tensorlens/explain's projections, regl through @tensorlens/gl) even when nothing of theirs is used.
const iifeTreeshake = { moduleSideEffects: (id) => !/\/packages\/[^/]+\/src\//.test(id) || /\/elements\/src\/(define|bundle|bundles\/[^/]+)\.ts$/.test(id) };
const iife = (input, file) => ({
  input,
  treeshake: iifeTreeshake,
  plugins: [workspaceSources, inlineWorkers(), nodeResolve({ browser: true }), commonjs(), esbuild({ target: 'es2020', tsconfig: 'tsconfig.json' }), terser({ format: { comments: false } })],
  output: { file: `packages/elements/dist/${file}`, format: 'iife', name: 'tensorlens', extend: true, sourcemap: true },
});
configs.push(iife('packages/elements/src/bundle.ts', 'tensorlens.min.js'));
for (const f of readdirSync('packages/elements/src/bundles')) {
  if (f.endsWith('.ts') && f !== 'define-one.ts') configs.push(iife(`packages/elements/src/bundles/${f}`, `tensorlens-${f.slice(0, -3)}.min.js`));
}

export default configs;
