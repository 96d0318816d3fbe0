// @vitest-environment node
// One element from the main entry: `import { TlConfusionMatrix } from '@tensorlens/elements'` must leave every other
// element (and what only they use: regl through @tensorlens/gl, umap-js through @tensorlens/explain) out of an
// app's bundle. Bundled here with rollup and the same esbuild transform (target es2020) as the published build,
// because that lowering is what once turned each class's static fields into calls a bundler must keep.
import { describe, expect, it } from 'vitest';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const INDEX = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const OTHER_ELEMENTS = ['TlSaliency', 'TlParallelCoordinates', 'TlPointCloud', 'TlEmbeddingProjector', 'TlActivationAtlas'];

/** The app's bundle (other packages external): its code and the packages it imports. */
async function bundleApp(code: string): Promise<{ code: string; imports: string[] }> {
  const entry = '\0app.js';
  const bundle = await rollup({
    input: entry,
    external: (id) => id.startsWith('@tensorlens/'),
    // Every @tensorlens package says "sideEffects": false, so an app's bundler drops one that nothing is used from.
    treeshake: { moduleSideEffects: (_id, external) => !external },
    plugins: [
      { name: 'app', resolveId: (id) => (id === entry ? id : id === '@app/elements' ? INDEX : null), load: (id) => (id === entry ? code : null) },
      esbuild({ target: 'es2020', tsconfig: `${root}/tsconfig.json` }),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return { code: output[0].code, imports: [...output[0].imports].sort() };
}

describe('importing one element from @tensorlens/elements', () => {
  it('bundles that element alone, with only the packages it draws with', async () => {
    const app = await bundleApp(`import { TlConfusionMatrix } from '@app/elements';\nTlConfusionMatrix.define();\n`);
    expect(app.imports).toEqual(['@tensorlens/charts', '@tensorlens/core']);
    expect(app.code).toContain('tl-confusion-matrix');
    for (const name of OTHER_ELEMENTS) expect(app.code, name).not.toContain(`class ${name}`);
  }, 30_000);

  it('bundles every element when the app registers them all', async () => {
    const app = await bundleApp(`import { defineElements } from '@app/elements';\ndefineElements();\n`);
    expect(app.imports).toEqual(['@tensorlens/charts', '@tensorlens/core', '@tensorlens/explain', '@tensorlens/gl', '@tensorlens/views']);
    for (const name of OTHER_ELEMENTS) expect(app.code, name).toContain(`class ${name}`);
  }, 30_000);
});
