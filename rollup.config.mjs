// Builds every package: ESM + bundled .d.ts, and the script-tag IIFE of @tensorlens/elements.
import { readFileSync, existsSync } from 'node:fs';
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const packages = ['core', 'charts', 'elements'];
const entries = { core: ['index'], charts: ['index'], elements: ['index', 'define'] };

const pkgJson = (name) => JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8'));
const externalFor = (name) => {
  const p = pkgJson(name);
  const deps = Object.keys({ ...p.dependencies, ...p.peerDependencies });
  return (id) => deps.some((d) => id === d || id.startsWith(d + '/'));
};
// Inside the monorepo, packages import each other by name; map those to sources only for the IIFE.
const workspaceSources = {
  name: 'workspace-sources',
  resolveId(id) {
    const m = /^@tensorlens\/(\w+)$/.exec(id);
    if (m && existsSync(`packages/${m[1]}/src/index.ts`)) return `${process.cwd()}/packages/${m[1]}/src/index.ts`;
    return null;
  },
};

const configs = [];
for (const name of packages) {
  const input = Object.fromEntries(entries[name].map((e) => [e, `packages/${name}/src/${e}.ts`]));
  configs.push({
    input,
    external: externalFor(name),
    plugins: [esbuild({ target: 'es2020', tsconfig: 'tsconfig.json' })],
    output: { dir: `packages/${name}/dist`, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: true },
  });
  configs.push({
    input,
    external: externalFor(name),
    plugins: [dts({ tsconfig: 'tsconfig.json', compilerOptions: { paths: {}, baseUrl: '.' } })],
    output: { dir: `packages/${name}/dist`, format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: '[name]-[hash].d.ts' },
  });
}

// One minified file that defines every custom element, for <script src="tensorlens.min.js">.
configs.push({
  input: 'packages/elements/src/bundle.ts',
  plugins: [workspaceSources, nodeResolve({ browser: true }), esbuild({ target: 'es2020', tsconfig: 'tsconfig.json' }), terser({ format: { comments: false } })],
  output: { file: 'packages/elements/dist/tensorlens.min.js', format: 'iife', name: 'tensorlens', sourcemap: true },
});

export default configs;
