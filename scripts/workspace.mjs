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
      // Each subpath export with a "types" condition is an entry: "." → src/index.ts, "./define" → src/define.ts,
      // "./attribution" → src/attribution.ts or, where that is a folder, src/attribution/index.ts.
      for (const [key, value] of Object.entries(pkg.exports ?? { '.': {} })) {
        if (typeof value !== 'object') continue;
        const name = key === '.' ? 'index' : key.slice(2);
        const file = `packages/${dir}/src/${name}.ts`;
        entries[name] = existsSync(join(root, file)) ? file : `packages/${dir}/src/${name}/index.ts`;
      }
      return { dir, name: pkg.name, pkg, entries };
    });
}

/**
 * `{ '@tensorlens/explain/attribution': '/abs/packages/explain/src/attribution/index.ts',
 *    '@tensorlens/core': '/abs/packages/core/src/index.ts', ... }` for bundler aliases: every entry of every
 * package, longest specifier first, because Vite and @rollup/plugin-alias also match a key as a prefix
 * (`@tensorlens/explain` would otherwise turn `@tensorlens/explain/attribution` into `…/src/index.ts/attribution`).
 */
export function sourceAliases() {
  const pairs = workspacePackages().flatMap((p) =>
    Object.entries(p.entries).map(([entry, file]) => [entry === 'index' ? p.name : `${p.name}/${entry}`, join(root, file)]),
  );
  return Object.fromEntries(pairs.sort((a, b) => b[0].length - a[0].length));
}
