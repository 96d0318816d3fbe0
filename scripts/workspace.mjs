// The packages of the monorepo, read from packages/*/package.json, and their entry points.
// Every tool (rollup, vitest, Storybook, the benchmark) resolves @tensorlens/* through this one list.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** [{ dir: 'core', name: '@tensorlens/core', pkg, entries: { index: 'packages/core/src/index.ts', ... } }] */
export function workspacePackages() {
  return readdirSync(join(root, 'packages'))
    .filter((d) => existsSync(join(root, 'packages', d, 'package.json')) && existsSync(join(root, 'packages', d, 'src/index.ts')))
    .sort()
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
      const entries = {};
      // Each subpath export with a "types" condition is an entry: "." → src/index.ts, "./define" → src/define.ts.
      for (const [key, value] of Object.entries(pkg.exports ?? { '.': {} })) {
        if (typeof value !== 'object') continue;
        const name = key === '.' ? 'index' : key.slice(2);
        entries[name] = `packages/${dir}/src/${name}.ts`;
      }
      return { dir, name: pkg.name, pkg, entries };
    });
}

/** `{ '@tensorlens/core': '/abs/packages/core/src/index.ts', ... }` for bundler aliases. */
export function sourceAliases() {
  return Object.fromEntries(workspacePackages().map((p) => [p.name, join(root, 'packages', p.dir, 'src/index.ts')]));
}
