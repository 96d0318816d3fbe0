// Builds every package: ESM + bundled .d.ts, and the script-tag IIFE of @tensorlens/elements.
// Packages and their entries come from packages/*/package.json ("exports"): scripts/workspace.mjs.
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import commonjs from '@rollup/plugin-commonjs';
import { workspacePackages, sourceAliases } from './scripts/workspace.mjs';
import { inlineWorkers } from './scripts/rollup-inline-worker.mjs';
import { thirdPartyNotices } from './scripts/rollup-licenses.mjs';
import { scriptFileEntry, scriptFileInput, pruneStaleOutputs } from './scripts/rollup-script-file.mjs';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const packages = workspacePackages();
// Who we are, for the licence banners: "Copyright 2026 The tensorlens authors" from LICENSE.
const copyright = readFileSync('LICENSE', 'utf8').match(/^\s*(Copyright \d{4}.*)$/m)[1].trim();
const product = (pkg, folder) => ({ name: pkg.name, version: pkg.version, license: pkg.license, copyright, folder });
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
    // Third-party packages stay external; only an inlined worker may carry some (umap-js in explain's projection
    // worker), and its chunk then gets a licence banner and dist/THIRD_PARTY_NOTICES.txt.
    plugins: [inlineWorkers(), esbuild({ target: 'es2020', tsconfig: 'tsconfig.json' }), thirdPartyNotices({ product: product(pkg, 'dist') })],
    // @tensorlens/elements/react, /vue and /svelte are type-only entries (JSX and template typings): their
    // JavaScript is empty on purpose.
    onwarn: (warning, warn) => (warning.code === 'EMPTY_BUNDLE' ? undefined : warn(warning)),
    // Maps carry their sources (sourcesContent), which is why src/ is not published.
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
// the global `tensorlens` (scripts/rollup-script-file.mjs), so several of them can share a page, and each
// works as a classic script and as an ES module. ASCII only (terser escapes the rest), so a page in any charset
// reads them right; a `/*!` banner names the bundled third-party packages and their licences (full texts in
// dist/THIRD_PARTY_NOTICES.txt). No source maps: like d3's and Observable Plot's minified bundles, these are for
// pages; the ESM build of the same package is the one to debug, with maps and their sources.
// Sources of our packages are side-effect free (as their package.json says) except the element
// definitions; without this, modules reached through the source aliases would keep their imports
// (umap-js through @tensorlens/explain's projections, regl through @tensorlens/gl) even when nothing of theirs is used.
const iifeTreeshake = { moduleSideEffects: (id) => !/\/packages\/[^/]+\/src\//.test(id) || /\/elements\/src\/(define|bundle|bundles\/[^/]+)\.ts$/.test(id) };
const elementsPkg = packages.find((p) => p.dir === 'elements').pkg;
const iife = (input, file) => ({
  input: scriptFileInput(resolve(input)),
  treeshake: iifeTreeshake,
  plugins: [
    scriptFileEntry(),
    workspaceSources,
    inlineWorkers(),
    nodeResolve({ browser: true }),
    commonjs(),
    esbuild({ target: 'es2020', tsconfig: 'tsconfig.json' }),
    thirdPartyNotices({ product: product(elementsPkg, 'dist') }),
    terser({ format: { comments: /^!/, ascii_only: true } }),
  ],
  output: { file: `packages/elements/dist/${file}`, format: 'iife', sourcemap: false },
});
configs.push(iife('packages/elements/src/bundle.ts', 'tensorlens.min.js'));
for (const f of readdirSync('packages/elements/src/bundles')) {
  if (f.endsWith('.ts') && f !== 'define-one.ts') configs.push(iife(`packages/elements/src/bundles/${f}`, `tensorlens-${f.slice(0, -3)}.min.js`));
}

// Hashed chunks of earlier builds (and the script files' old maps) are removed once every output is written.
const prune = pruneStaleOutputs(configs.length);
for (const c of configs) c.plugins.push(prune);

export default configs;
