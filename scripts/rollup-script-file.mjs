// The script-tag files of @tensorlens/elements (dist/tensorlens.min.js, dist/tensorlens-<component>.min.js) are
// one file that works both ways:
//   <script src="tensorlens-confusion-matrix.min.js"></script>            (a classic script)
//   import '@tensorlens/elements/tensorlens-confusion-matrix.min.js';     (an ES module)
// Each is an IIFE without a name whose entry is a small wrapper: it runs the bundle (which defines the
// elements) and merges the bundle's exports into `globalThis.tensorlens`, so several files on one page share
// one global. Nothing refers to a top-level `this` (undefined in a module), which rollup's `extend: true`
// output did (`this.tensorlens = this.tensorlens || {}`).
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PREFIX = '\0tensorlens-script-file:';

/** The rollup input of the script file whose bundle entry is `source` (a path). */
export const scriptFileInput = (source) => PREFIX + source;

/** Rollup plugin: resolves and loads the wrapper entries made by scriptFileInput(). */
export function scriptFileEntry() {
  return {
    name: 'tensorlens-script-file',
    resolveId: (id) => (id.startsWith(PREFIX) ? id : null),
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const source = id.slice(PREFIX.length);
      return [
        `import * as api from ${JSON.stringify(source)};`,
        'const g = globalThis;',
        'g.tensorlens = Object.assign(g.tensorlens || {}, api);',
      ].join('\n');
    },
  };
}

/**
 * Rollup plugin shared by every config of one build: after the last of `total` outputs is written, removes the
 * files that earlier builds left in the output folders and this one did not write: chunks with a content hash in
 * their name (`registry-CFE_o9HH.js`, `.js.map`, `.d.ts`) and source maps of the script files (no longer made).
 * Other files (ones written by other tools) are left alone.
 */
export function pruneStaleOutputs(total) {
  const written = new Map();
  let done = 0;
  const stale = /(-[A-Za-z0-9_-]{8}\.(js|js\.map|d\.ts)|\.min\.js\.map)$/;
  return {
    name: 'tensorlens-prune-stale-outputs',
    writeBundle(options, bundle) {
      const folder = options.dir ?? dirname(options.file);
      if (!written.has(folder)) written.set(folder, new Set());
      for (const f of Object.keys(bundle)) written.get(folder).add(f);
      if (++done < total) return;
      for (const [dir, files] of written) {
        for (const f of readdirSync(dir)) if (stale.test(f) && !files.has(f)) rmSync(join(dir, f));
      }
    },
  };
}
